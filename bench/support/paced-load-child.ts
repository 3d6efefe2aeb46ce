/**
 * An open-loop load generator in its own process: pod creates are sent on a fixed schedule
 * (`rate` per second, over at most `connections` keep-alive connections) whether or not earlier
 * ones were answered, and each latency runs from when its request was due, not from when a free
 * connection let it go. So a server that falls behind shows it in the latencies instead of slowing
 * the load down (autocannon's rate limit sends each second's quota as a burst and times requests
 * from when they are sent). Reads a PacedLoadSpec as JSON from argv[2]; prints `progress N` lines
 * on stderr and one JSON LoadFigures line on stdout.
 */
import { Agent, request } from 'node:http';
import type { LoadFigures, PacedLoadSpec } from './load.ts';
import { podBody } from './pod-body.ts';

const spec = JSON.parse(process.argv[2]!) as PacedLoadSpec;
const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
const target = new URL(spec.url);
const latencies = new Float64Array(spec.amount);
const statusCodes: Record<string, number> = {};
let sent = 0;
let completed = 0;
let ok = 0;
let errors = 0;
let lastResponseAt = 0;

const send = (k: number, dueAt: number): void => {
  const body = podBody(`${spec.itemPrefix}-${k}`);
  let finished = false;
  const finish = (status: number | undefined): void => {
    if (finished) return;
    finished = true;
    const now = performance.now();
    latencies[completed++] = now - dueAt;
    lastResponseAt = now;
    if (status === undefined) errors++;
    else {
      statusCodes[status] = (statusCodes[status] ?? 0) + 1;
      if (status >= 200 && status < 300) ok++;
    }
    if (completed === spec.amount) report();
  };
  const outgoing = request(
    {
      agent,
      hostname: target.hostname,
      port: target.port,
      method: 'POST',
      path: spec.bases[k % spec.bases.length],
      headers: { accept: 'application/json', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...spec.headers },
    },
    (response) => {
      response.resume();
      response.on('end', () => finish(response.statusCode));
      response.on('error', () => finish(undefined));
    },
  );
  outgoing.on('error', () => finish(undefined));
  outgoing.end(body);
};

const startedAt = performance.now();
const intervalMs = 1000 / spec.rate;
// Every millisecond, whatever fell due since the last tick goes out, each timed from its own due time.
const pacer = setInterval(() => {
  const due = Math.min(spec.amount, Math.floor((performance.now() - startedAt) / intervalMs) + 1);
  for (; sent < due; sent++) send(sent, startedAt + sent * intervalMs);
  if (sent === spec.amount) clearInterval(pacer);
}, 1);
const ticker = setInterval(() => process.stderr.write(`progress ${completed}\n`), 250);

const percentile = (sorted: Float64Array, p: number): number => Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;

function report(): void {
  clearInterval(ticker);
  const sorted = latencies.slice(0, completed).sort();
  const seconds = (lastResponseAt - startedAt) / 1000;
  const figures: LoadFigures = {
    requests: completed,
    ok,
    non2xx: completed - ok - errors,
    errors,
    timeouts: 0,
    seconds,
    requestsPerSec: Math.round((10 * completed) / seconds) / 10,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: percentile(sorted, 100),
    statusCodes,
  };
  console.log(JSON.stringify(figures));
  agent.destroy();
}

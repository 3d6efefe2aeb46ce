/**
 * The watch latency client, in its own process: opens one watch, then creates pods open-loop at
 * a fixed rate and times each from the moment its POST is sent to the moment the watch shows it
 * Running (against the echo server: shows it at all). Reads a WatchSpec as JSON from argv[2];
 * prints `progress N` lines on stderr and one JSON WatchFigures line on stdout.
 */
import { Agent, request } from 'node:http';
import type { WatchFigures, WatchSpec } from './watch-load.ts';

const spec = JSON.parse(process.argv[2]!) as WatchSpec;
const agent = new Agent({ keepAlive: true, maxSockets: 512 });
const sentAt = new Map<string, number>();
const latencies: number[] = [];
const createLatencies: number[] = [];
let createErrors = 0;
let watchErrors = 0;
let watchEnded = false;
let lastError = '';

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

const headers = { accept: 'application/json', ...spec.headers };

const podBody = (name: string): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'app', image: 'registry.local/app:1.0', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
  });

let allSeen: () => void = () => undefined;
const seenAll = new Promise<void>((resolve) => (allSeen = resolve));

const observe = (line: string): void => {
  if (line.trim() === '') return;
  const event = JSON.parse(line) as { type: string; object?: { metadata?: { name?: string; namespace?: string }; status?: { phase?: string } } };
  if (event.type === 'ERROR') {
    watchErrors++;
    lastError = `watch ERROR: ${JSON.stringify(event.object).slice(0, 300)}`;
  }
  if (event.type !== 'ADDED' && event.type !== 'MODIFIED') return;
  const name = event.object?.metadata?.name;
  if (!name) return;
  if (spec.mode === 'pacific' && event.object?.status?.phase !== 'Running') return;
  const sent = sentAt.get(name);
  if (sent === undefined) return;
  sentAt.delete(name);
  if (name.startsWith(`${spec.itemPrefix}-`)) latencies.push(performance.now() - sent);
  if (latencies.length === spec.count) allSeen();
};

const openWatch = (): Promise<() => void> =>
  new Promise((resolve, reject) => {
    const watch = request(`${spec.url}${spec.watchPath}`, { headers, agent: false }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`watch answered ${response.statusCode}`));
      let buffered = '';
      response.setEncoding('utf8');
      response.on('end', () => (watchEnded = true));
      response.on('data', (chunk: string) => {
        buffered += chunk;
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          observe(buffered.slice(0, newline));
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
        }
      });
      resolve(() => watch.destroy());
    });
    watch.on('error', reject);
    watch.end();
  });

/** Pods below `spec.warmup` are named `warm-N` and not counted: they bring the server's code up to speed. */
const create = (i: number): void => {
  const measured = i >= spec.warmup;
  const name = measured ? `${spec.itemPrefix}-${i - spec.warmup}` : `warm-${i}`;
  const started = performance.now();
  sentAt.set(name, started);
  send(name, spec.postBases[i % spec.postBases.length]!, started, measured, true);
};

const send = (name: string, path: string, started: number, measured: boolean, mayRetry: boolean): void => {
  const body = podBody(name);
  const post = request(`${spec.url}${path}`, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
    response.resume();
    response.on('end', () => {
      if (response.statusCode === 201) {
        if (measured) createLatencies.push(performance.now() - started);
      } else {
        createErrors++;
        lastError = `HTTP ${response.statusCode}`;
        sentAt.delete(name);
      }
    });
  });
  post.on('error', (error) => {
    // The server closed an idle keep-alive connection just as it was reused: send again, as clients do.
    if (mayRetry && post.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET') return send(name, path, started, measured, false);
    createErrors++;
    lastError = error.message;
    sentAt.delete(name);
  });
  post.end(body);
};

const closeWatch = await openWatch();
// Give the server a moment to register the watch before the first create.
await new Promise((resolve) => setTimeout(resolve, 200));
const ticker = setInterval(() => process.stderr.write(`progress ${latencies.length}\n`), 250);
const total = spec.warmup + spec.count;
const start = performance.now();
let measuredFrom = start;
let sent = 0;
await new Promise<void>((resolve) => {
  const pace = (): void => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * spec.rate) + 1);
    while (sent < due) {
      if (sent === spec.warmup) measuredFrom = performance.now();
      create(sent++);
    }
    if (sent >= total) return resolve();
    setTimeout(pace, 2);
  };
  pace();
});
const sendSeconds = (performance.now() - measuredFrom) / 1000;
const timeout = new Promise<void>((resolve) => setTimeout(resolve, spec.settleTimeoutMs).unref());
await Promise.race([seenAll, timeout]);
clearInterval(ticker);
const figures: WatchFigures = {
  sent: spec.count,
  observed: latencies.length,
  createErrors,
  watchErrors,
  watchEnded,
  lastError,
  achievedRate: spec.count / sendSeconds,
  p50Ms: percentile(latencies, 50),
  p99Ms: percentile(latencies, 99),
  maxMs: latencies.length > 0 ? Math.max(...latencies) : Number.NaN,
  createP50Ms: percentile(createLatencies, 50),
  createP99Ms: percentile(createLatencies, 99),
};
closeWatch();
agent.destroy();
console.log(JSON.stringify(figures));
process.exit(0);

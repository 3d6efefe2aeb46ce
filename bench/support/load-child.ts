/**
 * An autocannon run in its own process, so the load generator does not share an event loop (or,
 * as far as two cores allow, a core) with the server it measures. Reads a LoadSpec as JSON from
 * argv[2]; prints `progress N` lines on stderr while running and one JSON LoadFigures line on stdout.
 */
import autocannon from 'autocannon';
import type { LoadFigures, LoadSpec } from './load.ts';
import { podBody } from './pod-body.ts';

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
let counter = 0;

const startedAt = performance.now();
let lastResponseAt = startedAt;
const instance = autocannon(
  {
    url: spec.url,
    connections: Math.min(spec.connections, spec.amount),
    amount: spec.amount,
    timeout: 30,
    headers: { accept: 'application/json', 'content-type': 'application/json', ...spec.headers },
    requests: [
      {
        method: spec.method,
        setupRequest: (request) => {
          const k = counter++;
          const j = spec.items ? k % spec.items : k;
          const base = spec.bases[j % spec.bases.length]!;
          const name = `${spec.itemPrefix ?? 'pod'}-${j}`;
          if (spec.method === 'POST') return { ...request, path: base, body: podBody(name) };
          return { ...request, path: spec.itemPrefix ? `${base}/${name}` : base };
        },
      },
    ],
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    const completed = result['2xx'] + result.non2xx;
    // autocannon's own duration ends on its next one-second tick: time the requests themselves.
    const seconds = (lastResponseAt - startedAt) / 1000;
    const figures: LoadFigures = {
      requests: completed,
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      seconds,
      requestsPerSec: Math.round((10 * completed) / seconds) / 10,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
      statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0])),
    };
    console.log(JSON.stringify(figures));
  },
);

let done = 0;
instance.on('response', () => {
  done++;
  lastResponseAt = performance.now();
});
const ticker = setInterval(() => process.stderr.write(`progress ${done}\n`), 250);
instance.on('done', () => clearInterval(ticker));

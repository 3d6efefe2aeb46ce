/**
 * Watch latency: a client (its own process) watches all pods, then creates pods over HTTP at a
 * fixed rate (500/s, open loop) on a SQLite-backed Pacific with 100 simulated hosts, boot 0, and
 * times each pod from its POST to the watch event showing it Running. The ceiling in the same run:
 * the same client against a plain express server that writes every POST to an open watch stream.
 * Usage: node --import ./src/typescript/register.mjs bench/watch.bench.ts [--quick] [--rate N] [--pods N] [--out FILE]
 */
import { benchActor } from './support/app.ts';
import { isMain, isQuick, numberFlag, printMachine, printTable, round, saveResults, verdict, watchLoopDelay, withTempDir } from './support/common.ts';
import { startEchoServer } from './support/echo-server.ts';
import { startBenchHttp } from './support/http-app.ts';
import { profiled } from './support/profiler.ts';
import { runWatchLoad, type WatchFigures } from './support/watch-load.ts';

export const TARGET_P50_MS = 20;
export const TARGET_P99_MS = 100;
const NAMESPACES = 10;

export const runWatchBench = async (): Promise<Record<string, unknown>> => {
  const quick = isQuick();
  const rate = numberFlag('--rate', 500);
  const pods = numberFlag('--pods', quick ? 200 : 10_000);
  printMachine();
  const warmup = quick ? 0 : rate * 2;
  console.log(`${pods} pods created at ${rate}/s (open loop) after ${warmup} at that rate to warm up, one watch on all pods; SQLite store, 100 simulated hosts, boot 0\n`);
  return withTempDir(async (dir) => {
    const pacific = await startBenchHttp(dir, { hosts: 100, hostCpu: '64', hostMemory: '512Gi', bootMs: 0 });
    const echo = await startEchoServer();
    try {
      const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `watch-${i}`);
      for (const namespace of namespaces) await pacific.services.namespaces.create({ name: namespace }, benchActor);
      const base = { rate, count: pods, warmup, itemPrefix: 'w', settleTimeoutMs: 60_000 };
      const ceiling = await runWatchLoad('watch (echo server)', {
        ...base,
        url: echo.url,
        headers: {},
        mode: 'echo',
        watchPath: '/watch',
        postBases: namespaces.map((namespace) => `/echo/api/v1/namespaces/${namespace}/pods`),
      });
      const loop = watchLoopDelay();
      const measured = await profiled('watch', () =>
        runWatchLoad('watch: create -> Running', {
          ...base,
          ...pacific.load,
          mode: 'pacific',
          watchPath: '/api/v1/pods?watch=true',
          postBases: namespaces.map((namespace) => `/api/v1/namespaces/${namespace}/pods`),
        }),
      );
      const loopDelay = loop.stop();
      await pacific.placement.idle();
      for (const [name, figures] of [['Pacific', measured], ['echo server', ceiling]] as const) {
        if (figures.watchErrors > 0 || figures.watchEnded) console.log(`warning: ${name}: the watch ended early or reported ${figures.watchErrors} errors (${figures.lastError})`);
        if (figures.createErrors > 0) console.log(`warning: ${name}: ${figures.createErrors} creates failed (last: ${figures.lastError})`);
        if (figures.observed < figures.sent - figures.createErrors) console.log(`warning: ${name}: only ${figures.observed} of ${figures.sent - figures.createErrors} pods seen on the watch`);
      }
      const met = measured.p50Ms <= TARGET_P50_MS && measured.p99Ms <= TARGET_P99_MS && measured.observed === measured.sent;
      const row = (name: string, figures: WatchFigures, target: string): (string | number)[] => [
        name,
        round(figures.achievedRate, 0),
        `${figures.observed}/${figures.sent}`,
        round(figures.p50Ms, 1),
        round(figures.p99Ms, 1),
        round(figures.maxMs, 1),
        round(figures.createP99Ms, 1),
        target,
      ];
      printTable(
        ['POST -> seen on the watch', 'creates/s', 'seen', 'p50 ms', 'p99 ms', 'max ms', 'POST p99 ms', 'target'],
        [
          row('Pacific: pod Running', measured, `${verdict(met)} (p50 <= ${TARGET_P50_MS}, p99 <= ${TARGET_P99_MS})`),
          row('echo server: body echoed', ceiling, 'ceiling'),
        ],
      );
      console.log(`\nratio to the ceiling: p50 x${round(measured.p50Ms / ceiling.p50Ms, 1)}, p99 x${round(measured.p99Ms / ceiling.p99Ms, 1)}`);
      console.log(`server event-loop delay during the run: p50 ${loopDelay.p50Ms} ms, p99 ${loopDelay.p99Ms} ms, max ${loopDelay.maxMs} ms`);
      const figures = {
        sizes: { rate, pods, warmup, namespaces: NAMESPACES, hosts: 100, store: 'sqlite', bootMs: 0 },
        target: { p50Ms: TARGET_P50_MS, p99Ms: TARGET_P99_MS },
        pacific: { ...roundAll(measured), met },
        echo: roundAll(ceiling),
        p50OverCeiling: round(measured.p50Ms / ceiling.p50Ms, 2),
        p99OverCeiling: round(measured.p99Ms / ceiling.p99Ms, 2),
        serverLoopDelay: loopDelay,
      };
      saveResults('watch', figures);
      return figures;
    } finally {
      await echo.close();
      await pacific.stop();
    }
  });
};

const roundAll = (figures: WatchFigures): WatchFigures =>
  Object.fromEntries(Object.entries(figures).map(([key, value]) => [key, typeof value === 'number' ? round(value, 2) : value])) as unknown as WatchFigures;

if (isMain(import.meta.url)) await runWatchBench();

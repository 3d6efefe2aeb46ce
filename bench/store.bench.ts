/**
 * Durable append throughput of SqliteEventStore beside a raw better-sqlite3 ceiling (same pragmas,
 * schema and payloads, same rows per transaction) and beside etcd (Debian's etcd-server started on
 * loopback, puts of the same payloads), all in the same run. Replay is bench/replay.bench.ts.
 * Usage: node --import ./src/typescript/register.mjs bench/store.bench.ts [--quick] [--events N] [--repeat R] [--out FILE]
 */
import { join } from 'node:path';
import { SqliteEventStore } from '../src/adapters/eventstore/sqlite-event-store.ts';
import { isMain, median, printMachine, printTable, progress, round, saveResults, timed, verdict, withTempDir } from './support/common.ts';
import { ETCD_INSTALL_HINT, findEtcd, putConcurrently, startEtcd } from './support/etcd.ts';
import { appendConcurrently, eventPool, openRaw, parseArgs, rawInsert, type BenchArgs } from './support/store-bench.ts';

export const TARGET_RATIO = 0.7;

export interface AppendScenario {
  /** Key under store.appends in results.json. */
  key: string;
  name: string;
  /** Appends in flight at once. */
  inFlight: number;
  /** Events per append. */
  perAppend: number;
  /** Rows per raw transaction: what the store's group commit ends up writing per transaction. */
  rawPerTransaction: number;
  /** Distinct streams written by the raw ceiling. */
  rawStreams: number;
}

export const APPEND_SCENARIOS: AppendScenario[] = [
  { key: 'singleEventConcurrent', name: 'single-event appends, 200 in flight', inFlight: 200, perAppend: 1, rawPerTransaction: 200, rawStreams: 200 },
  { key: 'batched100', name: 'batched appends, 100 events each', inFlight: 1, perAppend: 100, rawPerTransaction: 100, rawStreams: 1 },
];

export interface AppendFigures {
  storeEventsPerSec: number;
  rawEventsPerSec: number;
  /** Median of the per-run store/raw ratios (runs alternate raw, store). */
  ratio: number;
  eventsPerCommit: number;
  /** Absent when etcd is not installed. */
  etcdEventsPerSec?: number;
  storeOverEtcd?: number;
  met: boolean;
}

/**
 * Raw, store and etcd runs alternate so that drifting fsync latency hits them alike; medians are
 * reported. etcd writes the same events with the same concurrency: single puts, or one txn of
 * puts per batch.
 */
export const measureAppends = async (args: BenchArgs, scenario: AppendScenario, etcdBinary: string | undefined): Promise<AppendFigures> => {
  const pool = eventPool();
  const raw: number[] = [];
  const store: number[] = [];
  const etcd: number[] = [];
  const ratios: number[] = [];
  let eventsPerCommit = 0;
  const bar = progress(scenario.name, args.repeat);
  for (let run = 0; run < args.repeat; run++) {
    raw.push(
      await withTempDir(async (dir) => {
        const db = openRaw(join(dir, 'raw.db'));
        try {
          return args.events / (await timed(() => rawInsert(db, pool, args.events, scenario.rawPerTransaction, scenario.rawStreams)));
        } finally {
          db.close();
        }
      }),
    );
    store.push(
      await withTempDir(async (dir) => {
        const subject = SqliteEventStore.open(join(dir, 'store.db'));
        try {
          const seconds = await timed(() => appendConcurrently(subject, pool, args.events, scenario.inFlight, scenario.perAppend));
          eventsPerCommit = subject.stats.events / subject.stats.commits;
          return args.events / seconds;
        } finally {
          await subject.close();
        }
      }),
    );
    ratios.push(store.at(-1)! / raw.at(-1)!);
    if (etcdBinary) {
      etcd.push(
        await withTempDir(async (dir) => {
          const running = await startEtcd(etcdBinary, join(dir, 'etcd'));
          try {
            return args.events / (await timed(() => putConcurrently(running.client, pool, args.events, scenario.inFlight, scenario.perAppend)));
          } finally {
            await running.stop();
          }
        }),
      );
    }
    bar.increment();
  }
  bar.stop();
  const ratio = round(median(ratios), 3);
  const figures: AppendFigures = {
    storeEventsPerSec: Math.round(median(store)),
    rawEventsPerSec: Math.round(median(raw)),
    ratio,
    eventsPerCommit: Math.round(eventsPerCommit),
    met: ratio >= TARGET_RATIO,
  };
  if (etcd.length > 0) {
    figures.etcdEventsPerSec = Math.round(median(etcd));
    figures.storeOverEtcd = round(figures.storeEventsPerSec / figures.etcdEventsPerSec, 2);
    figures.met = figures.met && figures.storeOverEtcd > 1;
  }
  return figures;
};

export const runStoreBench = async (): Promise<Record<string, unknown>> => {
  const args = parseArgs();
  printMachine();
  const etcdBinary = findEtcd();
  console.log(`events per measurement: ${args.events}, median of ${args.repeat} alternating runs, synchronous=FULL (fsync per commit)`);
  if (!etcdBinary) {
    const note = `etcd not found: the etcd column is skipped (install it with: ${ETCD_INSTALL_HINT})`;
    console.log(args.quick ? note : `\n*** ${note} ***`);
  }
  console.log('');
  const appends: Record<string, AppendScenario & AppendFigures> = {};
  const rows: (string | number)[][] = [];
  for (const scenario of APPEND_SCENARIOS) {
    const figures = await measureAppends(args, scenario, etcdBinary);
    appends[scenario.key] = { ...scenario, ...figures };
    rows.push([
      scenario.name,
      figures.storeEventsPerSec,
      figures.rawEventsPerSec,
      figures.ratio,
      figures.etcdEventsPerSec ?? '-',
      figures.storeOverEtcd ?? '-',
      figures.eventsPerCommit,
      `${verdict(figures.met)}${etcdBinary ? '' : ' (no etcd)'}`,
    ]);
  }
  printTable(['durable appends', 'store ev/s', 'raw ev/s', 'store/raw', 'etcd ev/s', 'store/etcd', 'ev/commit', `>= ${TARGET_RATIO} raw, > etcd`], rows);
  const figures = { events: args.events, repeat: args.repeat, etcd: etcdBinary ? 'etcd-server (Debian), loopback, default durability' : null, appends, replay: undefined };
  saveResults('store', figures);
  return figures;
};

if (isMain(import.meta.url)) await runStoreBench();

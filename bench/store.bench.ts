/**
 * Durable append throughput of SqliteEventStore beside a raw better-sqlite3 ceiling (same pragmas,
 * schema and payloads, same rows per transaction), in the same run.
 * Then replay of a realistic log into the inventory beside raw read + JSON.parse, with peak RSS.
 * Usage: node --import tsx bench/store.bench.ts [--quick] [--events N] [--repeat R] [--replay-events N]
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SqliteEventStore } from '../src/adapters/eventstore/sqlite-event-store.ts';
import {
  appendConcurrently,
  eventPool,
  machineInfo,
  median,
  mergeResults,
  openRaw,
  parseArgs,
  printTable,
  rawInsert,
  timed,
  withTempDir,
  type BenchArgs,
} from './support/store-bench.ts';
import { writeReplayLog } from './support/replay-log.ts';

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
}

/** Raw and store runs alternate so that drifting fsync latency hits both alike; medians are reported. */
export const measureAppends = async (args: BenchArgs, scenario: AppendScenario): Promise<AppendFigures> => {
  const pool = eventPool();
  const raw: number[] = [];
  const store: number[] = [];
  const ratios: number[] = [];
  let eventsPerCommit = 0;
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
  }
  return {
    storeEventsPerSec: Math.round(median(store)),
    rawEventsPerSec: Math.round(median(raw)),
    ratio: Number(median(ratios).toFixed(3)),
    eventsPerCommit: Math.round(eventsPerCommit),
  };
};

/**
 * Replay of a realistic log (1M events by default, --replay-events N) into the inventory, beside
 * the raw ceiling of reading the same rows and JSON.parse-ing them; each in its own process so the
 * peak RSS reported is that of the replay alone.
 */
export const measureReplay = async (args: BenchArgs): Promise<Record<string, unknown>> => {
  const i = process.argv.indexOf('--replay-events');
  const target = i >= 0 ? Number(process.argv[i + 1]) : args.quick ? 20_000 : 1_000_000;
  return withTempDir(async (dir) => {
    const path = join(dir, 'replay.db');
    const db = openRaw(path);
    const events = writeReplayLog(db, target);
    db.close();
    const run = (mode: 'raw' | 'replay'): ChildFigures => {
      // The same V8 flag the server runs with (see bin/pacific.js).
      const output = execFileSync(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', fileURLToPath(new URL('./support/replay-child.ts', import.meta.url)), mode, path], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      return JSON.parse(output.trim().split('\n').at(-1)!) as ChildFigures;
    };
    const raw = run('raw');
    const replay = run('replay');
    const figures = {
      events,
      replayEventsPerSec: Math.round(replay.events / replay.seconds),
      rawEventsPerSec: Math.round(raw.events / raw.seconds),
      ratio: Number((raw.seconds / replay.seconds).toFixed(2)),
      replayPeakRssMiB: Math.round(replay.peakRssBytes / 2 ** 20),
      rawPeakRssMiB: Math.round(raw.peakRssBytes / 2 ** 20),
    };
    printTable(
      ['replay', 'events', 'ev/s', 'raw ev/s', 'replay/raw', 'peak RSS MiB', 'raw RSS MiB'],
      [['log -> inventory', events, figures.replayEventsPerSec, figures.rawEventsPerSec, figures.ratio, figures.replayPeakRssMiB, figures.rawPeakRssMiB]],
    );
    return { replay: figures };
  });
};

interface ChildFigures {
  events: number;
  seconds: number;
  peakRssBytes: number;
}

const main = async (): Promise<void> => {
  const args = parseArgs();
  const machine = machineInfo();
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, ${machine.platform}`);
  console.log(`events per measurement: ${args.events}, median of ${args.repeat} alternating raw/store runs, synchronous=FULL (fsync per commit)\n`);

  const appends: Record<string, AppendScenario & AppendFigures> = {};
  const rows: (string | number)[][] = [];
  for (const scenario of APPEND_SCENARIOS) {
    const figures = await measureAppends(args, scenario);
    appends[scenario.key] = { ...scenario, ...figures };
    rows.push([scenario.name, figures.storeEventsPerSec, figures.rawEventsPerSec, figures.ratio, figures.eventsPerCommit]);
  }
  printTable(['durable appends', 'store ev/s', 'raw ev/s', 'store/raw', 'ev/commit'], rows);

  const replay = await measureReplay(args);
  if (!args.quick || process.argv.includes('--save')) {
    mergeResults('store', { machine, events: args.events, repeat: args.repeat, measuredAt: new Date().toISOString(), appends, ...(replay ?? {}) });
    console.log('\nwritten to bench/results.json under "store"');
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

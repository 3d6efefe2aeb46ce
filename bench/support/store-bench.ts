/**
 * Helpers shared by the store benchmarks: payloads, temp dirs, a raw better-sqlite3 ceiling with the
 * store's own pragmas and schema, timing, the machine line and bench/results.json merging.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewEvent } from '../../src/application/ports/event-store.port.ts';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite-event-store.ts';
import { applyPragmas, createSchema, INSERT_EVENT_SQL } from '../../src/adapters/eventstore/sqlite-schema.ts';

export interface BenchArgs {
  quick: boolean;
  /** Events written per measurement. */
  events: number;
  /** Runs per measurement; medians are reported. */
  repeat: number;
}

export const parseArgs = (argv: string[] = process.argv.slice(2), defaults = { events: 100_000, quickEvents: 4_000, repeat: 5 }): BenchArgs => {
  const quick = argv.includes('--quick');
  const valueOf = (flag: string): number | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const value = Number(argv[i + 1]);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive integer`);
    return value;
  };
  return {
    quick,
    events: valueOf('--events') ?? (quick ? defaults.quickEvents : defaults.events),
    repeat: valueOf('--repeat') ?? (quick ? 1 : defaults.repeat),
  };
};

export const machineInfo = (): { cpu: string; cores: number; node: string; platform: string } => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
});

/** A fixed pool of realistic events (~0.5 KB of JSON each), reused cyclically so generation is not timed. */
export const eventPool = (size = 1024): NewEvent[] =>
  Array.from({ length: size }, (_, i) => ({
    type: 'PodVMCreated',
    data: {
      namespace: `team-${i % 17}`,
      name: `web-${i}`,
      uid: randomUUID(),
      image: 'registry.local/web:1.4.2',
      resources: { cpuMillis: 500 + (i % 8) * 250, memoryBytes: 536_870_912 * (1 + (i % 4)) },
      labels: { app: 'web', tier: i % 2 === 0 ? 'frontend' : 'backend' },
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
    },
    metadata: { eventId: randomUUID(), time: '2026-11-25T10:00:00.000Z', actor: 'bench', correlationId: randomUUID(), causationId: null },
  }));

/** Runs `body` with a fresh temp dir, removed afterwards whatever happens. */
export const withTempDir = async <T>(body: (dir: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'pacific-bench-'));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** A bare connection with exactly the store's pragmas and schema: the raw ceiling. */
export const openRaw = (path: string): Database.Database => {
  const db = new Database(path);
  applyPragmas(db);
  createSchema(db);
  return db;
};

/**
 * The ceiling: `total` events inserted in transactions of `perTransaction` rows, one stream per slot
 * of `streams`, encoding JSON in the loop as the store does, with no revision checks or promises.
 */
export const rawInsert = (db: Database.Database, pool: NewEvent[], total: number, perTransaction: number, streams: number): void => {
  const insert = db.prepare(INSERT_EVENT_SQL);
  const names = Array.from({ length: streams }, (_, i) => `bench-${i}`);
  const revisions = new Int32Array(streams);
  let position = 0;
  const batch = db.transaction((count: number) => {
    for (let k = 0; k < count; k++) {
      const event = pool[position % pool.length]!;
      const stream = position % streams;
      position++;
      insert.run(position, names[stream]!, revisions[stream]!++, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
    }
  });
  for (let done = 0; done < total; done += perTransaction) batch.immediate(Math.min(perTransaction, total - done));
};

/** `inFlight` concurrent writers, each appending `perAppend` events at a time to its own stream with exact revisions. */
export const appendConcurrently = async (store: SqliteEventStore, pool: NewEvent[], total: number, inFlight: number, perAppend = 1): Promise<void> => {
  let issued = 0;
  const writer = async (w: number): Promise<void> => {
    let revision = -1;
    while (issued < total) {
      const count = Math.min(perAppend, total - issued);
      issued += count;
      const events = Array.from({ length: count }, (_, k) => pool[(issued - count + k) % pool.length]!);
      const result = await store.appendToStream(`bench-${w}`, events, revision < 0 ? 'no_stream' : revision);
      revision = result.nextExpectedRevision;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, w) => writer(w)));
};

/** Seconds `body` took. */
export const timed = async (body: () => unknown): Promise<number> => {
  const start = process.hrtime.bigint();
  await body();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const RESULTS_FILE = new URL('../results.json', import.meta.url);

/** Merges `figures` into bench/results.json under `key`, keeping the other keys and the key's other fields. */
export const mergeResults = (key: string, figures: Record<string, unknown>): void => {
  const all = existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>) : {};
  const previous = typeof all[key] === 'object' && all[key] !== null ? (all[key] as Record<string, unknown>) : {};
  all[key] = { ...previous, ...figures };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`);
};

export const printTable = (header: string[], rows: (string | number)[][]): void => {
  const cells = [header, ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)))];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  for (const [i, row] of cells.entries()) {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
};

const formatNumber = (value: number): string => (value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2));

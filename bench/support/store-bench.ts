/**
 * Helpers of the store benchmarks: payloads, a raw better-sqlite3 ceiling with the store's own
 * pragmas and schema, and concurrent appenders.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { NewEvent } from '../../src/application/ports/event-store.port.ts';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite-event-store.ts';
import { applyPragmas, createSchema, INSERT_EVENT_SQL } from '../../src/adapters/eventstore/sqlite-schema.ts';
import { isQuick, numberFlag } from './common.ts';

export { machineInfo, median, mergeResults, printTable, timed, withTempDir } from './common.ts';

export interface BenchArgs {
  quick: boolean;
  /** Events written per measurement. */
  events: number;
  /** Runs per measurement; medians are reported. */
  repeat: number;
}

export const parseArgs = (argv: string[] = process.argv.slice(2), defaults = { events: 100_000, quickEvents: 4_000, repeat: 5 }): BenchArgs => {
  const quick = isQuick(argv);
  return {
    quick,
    events: numberFlag('--events', quick ? defaults.quickEvents : defaults.events, argv),
    repeat: numberFlag('--repeat', quick ? 1 : defaults.repeat, argv),
  };
};

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

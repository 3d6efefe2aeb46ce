import Database from 'better-sqlite3';
import type {
  AppendResult,
  EventMetadata,
  EventHandler,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
} from '../../application/ports/event-store.port.ts';
import { checkExpectedRevision } from '../../application/ports/expected-revision.ts';
import { LiveSubscriptions } from './live-subscriptions.ts';
import { RevisionCache } from './sqlite-revision-cache.ts';
import { applyPragmas, createSchema, INSERT_EVENT_SQL, type SqlitePragmaOptions } from './sqlite-schema.ts';

export interface SqliteEventStoreOptions extends SqlitePragmaOptions {
  /** At most this many appends per transaction; a full queue is flushed without waiting for the next turn (default 1000). */
  maxBatchAppends?: number;
  /** Streams whose current revision is remembered between batches (default 100 000). */
  revisionCacheSize?: number;
  /** Receives what a subscription handler threw; by default it is rethrown as an uncaught exception. */
  onSubscriberError?: (error: unknown) => void;
}

export interface SqliteEventStoreStats {
  /** Transactions committed: one per group-committed batch. */
  commits: number;
  /** Appends acknowledged (conflicts excluded). */
  appends: number;
  /** Events written. */
  events: number;
}

interface PendingAppend {
  streamName: string;
  expected: ExpectedRevision;
  /** type, data JSON, metadata JSON of each event, flattened: encoded once, when the append is issued. */
  encoded: string[];
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = AppendResult | Error;
type Row = [position: number, streamName: string, revision: number, type: string, data: string, metadata: string];

/**
 * The durable default store: one SQLite file, one `events` table. Appends issued in the same turn of
 * the event loop are group-committed in one transaction (one fsync per batch); each is checked
 * against its expected revision on its own, so a conflict fails only that append.
 */
export class SqliteEventStore implements EventStore {
  private readonly live = new LiveSubscriptions();
  private readonly counters: SqliteEventStoreStats = { commits: 0, appends: 0, events: 0 };
  private readonly revisions: RevisionCache;
  private readonly maxBatch: number;
  private readonly onSubscriberError: (error: unknown) => void;
  private queue: PendingAppend[] = [];
  private immediate: NodeJS.Immediate | undefined;
  private microtaskQueued = false;
  private subscribers = 0;
  private closed = false;
  /** Head position as of our last commit; undefined when another writer may have moved it. */
  private head: number | undefined;
  private seenDataVersion = -1;
  private readonly writtenInBatch = new Map<string, number>();

  private readonly insert: Database.Statement<Row>;
  private readonly streamRevision: Database.Statement<[string], number>;
  private readonly maxPosition: Database.Statement<[], number>;
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly selectStream: Database.Statement<[string, number], unknown[]>;
  private readonly selectAll: Database.Statement<[number, number], unknown[]>;
  private readonly writeBatch: Database.Transaction<(batch: PendingAppend[], outcomes: Outcome[]) => number>;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions,
  ) {
    this.maxBatch = Math.max(1, options.maxBatchAppends ?? 1000);
    this.revisions = new RevisionCache(options.revisionCacheSize ?? 100_000);
    this.onSubscriberError =
      options.onSubscriberError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
    this.insert = db.prepare(INSERT_EVENT_SQL);
    this.streamRevision = db.prepare<[string], number>('SELECT revision FROM events WHERE stream_name = ? ORDER BY revision DESC LIMIT 1').pluck();
    this.maxPosition = db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck();
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.selectStream = db
      .prepare<[string, number], unknown[]>('SELECT position, stream_name, revision, type, data, metadata FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision')
      .raw();
    this.selectAll = db
      .prepare<[number, number], unknown[]>('SELECT position, stream_name, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?')
      .raw();
    this.writeBatch = db.transaction((batch: PendingAppend[], outcomes: Outcome[]) => this.writeInTransaction(batch, outcomes));
  }

  /** Opens (creating if needed) the store in a file, or in memory with ':memory:'. One writer per file is fastest; more are safe. */
  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const db = new Database(path);
    try {
      applyPragmas(db, options);
      createSchema(db);
      return new SqliteEventStore(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get stats(): Readonly<SqliteEventStoreStats> {
    return { ...this.counters };
  }

  appendToStream(streamName: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('SqliteEventStore is closed'));
    let encoded: string[];
    try {
      encoded = encode(events);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamName, expected: expectedRevision, encoded, resolve, reject });
      this.scheduleFlush();
    });
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.selectStream.all(streamName, options.fromRevision ?? 0).map(decode);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    // LIMIT -1 is SQLite for "no limit".
    return this.selectAll.all(options.after ?? 0, options.maxCount ?? -1).map(decode);
  }

  async headPosition(): Promise<number> {
    return this.maxPosition.get()!;
  }

  subscribeToAll(after: number, handler: EventHandler): Subscription {
    const guarded: EventHandler = (event) => {
      try {
        handler(event);
      } catch (error) {
        this.onSubscriberError(error);
      }
    };
    const subscription = this.live.subscribe(after, guarded, (options) => this.readAll(options));
    this.subscribers++;
    let open = true;
    return {
      close: async () => {
        if (open) {
          open = false;
          this.subscribers--;
        }
        await subscription.close();
      },
    };
  }

  /** Commits every append already issued, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.live.clear();
    this.db.close();
  }

  private scheduleFlush(): void {
    if (this.queue.length >= this.maxBatch) {
      // A microtask, not a synchronous flush: subscribers must never be called back from inside appendToStream.
      if (!this.microtaskQueued) {
        this.microtaskQueued = true;
        queueMicrotask(this.flush);
      }
    } else {
      this.immediate ??= setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.microtaskQueued = false;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    while (this.queue.length > 0) {
      const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
      this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
      this.commit(batch);
    }
  };

  private commit(batch: PendingAppend[]): void {
    const outcomes: Outcome[] = new Array<Outcome>(batch.length);
    try {
      this.head = this.writeBatch.immediate(batch, outcomes);
    } catch (error) {
      // Rolled back: nothing of this batch exists, and what we remembered may be wrong.
      this.forgetCachedState();
      for (const append of batch) append.reject(error);
      return;
    }
    this.counters.commits++;
    for (let i = 0; i < batch.length; i++) {
      const append = batch[i]!;
      const outcome = outcomes[i]!;
      if (outcome instanceof Error) {
        append.reject(outcome);
        continue;
      }
      this.counters.appends++;
      this.counters.events += append.encoded.length / 3;
      if (append.encoded.length > 0) this.revisions.set(append.streamName, outcome.nextExpectedRevision);
      append.resolve(outcome);
    }
    if (this.subscribers > 0) this.live.publish(recordedEvents(batch, outcomes));
  }

  /** Runs inside BEGIN IMMEDIATE; returns the new head position. */
  private writeInTransaction(batch: PendingAppend[], outcomes: Outcome[]): number {
    const version = this.dataVersion.get()!;
    if (version !== this.seenDataVersion) {
      // Another connection committed since our last batch: cached revisions and head may be stale.
      this.forgetCachedState();
      this.seenDataVersion = version;
    }
    let position = (this.head ??= this.maxPosition.get()!);
    // Revisions written earlier in this batch: later appends to the same stream must see them.
    const written = this.writtenInBatch;
    written.clear();
    for (let i = 0; i < batch.length; i++) {
      const { streamName, expected, encoded } = batch[i]!;
      const current = written.get(streamName) ?? this.currentRevision(streamName);
      try {
        checkExpectedRevision(streamName, expected, current);
      } catch (conflict) {
        outcomes[i] = conflict as Error;
        continue;
      }
      let revision = current === 'no_stream' ? -1 : current;
      for (let j = 0; j < encoded.length; j += 3) {
        this.insert.run(++position, streamName, ++revision, encoded[j]!, encoded[j + 1]!, encoded[j + 2]!);
      }
      if (encoded.length > 0) written.set(streamName, revision);
      outcomes[i] = { nextExpectedRevision: revision, position, ...(encoded.length > 0 ? { firstPosition: position - encoded.length / 3 + 1 } : {}) };
    }
    return position;
  }

  private currentRevision(streamName: string): number | 'no_stream' {
    const cached = this.revisions.get(streamName);
    if (cached !== undefined) return cached;
    const stored = this.streamRevision.get(streamName);
    if (stored === undefined) return 'no_stream';
    this.revisions.set(streamName, stored);
    return stored;
  }

  private forgetCachedState(): void {
    this.revisions.clear();
    this.head = undefined;
  }
}

const encode = (events: NewEvent[]): string[] => {
  const encoded = new Array<string>(events.length * 3);
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    encoded[i * 3] = event.type;
    encoded[i * 3 + 1] = JSON.stringify(event.data) ?? 'null';
    encoded[i * 3 + 2] = JSON.stringify(event.metadata) ?? 'null';
  }
  return encoded;
};

/**
 * A stored event whose metadata is parsed on first read: folds (replay, projections) never look
 * at it, and parsing it is over a third of the cost of reading the log.
 */
class StoredEvent implements RecordedEvent {
  #metadataJson: string;
  #metadata: EventMetadata | undefined;

  constructor(
    readonly position: number,
    readonly streamName: string,
    readonly revision: number,
    readonly type: string,
    readonly data: unknown,
    metadataJson: string,
  ) {
    this.#metadataJson = metadataJson;
  }

  get metadata(): EventMetadata {
    return (this.#metadata ??= JSON.parse(this.#metadataJson) as EventMetadata);
  }

  toJSON(): RecordedEvent {
    const { streamName, revision, position, type, data, metadata } = this;
    return { streamName, revision, position, type, data, metadata };
  }
}

const decode = (row: unknown[]): RecordedEvent => {
  const [position, streamName, revision, type, data, metadata] = row as Row;
  return new StoredEvent(position, streamName, revision, type, JSON.parse(data), metadata);
};

/** The committed events of a batch, in position order, each with its own parsed copy of data. */
const recordedEvents = (batch: PendingAppend[], outcomes: Outcome[]): RecordedEvent[] => {
  const recorded: RecordedEvent[] = [];
  for (const [i, { streamName, encoded }] of batch.entries()) {
    const outcome = outcomes[i]!;
    if (outcome instanceof Error || encoded.length === 0) continue;
    const count = encoded.length / 3;
    for (let k = 0; k < count; k++) {
      recorded.push(
        decode([
          outcome.position - count + 1 + k,
          streamName,
          outcome.nextExpectedRevision - count + 1 + k,
          encoded[k * 3]!,
          encoded[k * 3 + 1]!,
          encoded[k * 3 + 2]!,
        ]),
      );
    }
  }
  return recorded;
};

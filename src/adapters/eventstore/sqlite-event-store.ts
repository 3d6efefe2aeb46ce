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
import { StreamRevisionConflict } from '../../application/ports/event-store.port.ts';
import { Worker } from 'node:worker_threads';
import { LiveSubscriptions } from './live-subscriptions.ts';
import { isRevisionMismatch, SqliteBatchWriter, type AppendRequest, type WriteOutcome } from './sqlite-batch-writer.ts';
import { applyPragmas, createSchema, type SqlitePragmaOptions } from './sqlite-schema.ts';
import type { WriterReply, WriterRequest, WriterThreadOptions } from './sqlite-writer-protocol.ts';

export interface SqliteEventStoreOptions extends SqlitePragmaOptions {
  /** At most this many appends per transaction (default 1000). */
  maxBatchAppends?: number;
  /** Streams whose current revision is remembered between batches (default 100 000). */
  revisionCacheSize?: number;
  /** Receives what a subscription handler threw; by default it is rethrown as an uncaught exception. */
  onSubscriberError?: (error: unknown) => void;
  /**
   * Where commits run: 'thread' (default for files) commits batches on a writer thread of its own,
   * so the fsyncs of a busy store do not block this thread (a lone append meeting an idle writer is
   * still committed here); 'inline' commits on this thread (always so for ':memory:').
   */
  writer?: 'thread' | 'inline';
}

export interface SqliteEventStoreStats {
  /** Transactions committed: one per group-committed batch. */
  commits: number;
  /** Appends acknowledged (conflicts excluded). */
  appends: number;
  /** Events written. */
  events: number;
  /** Of the commits, those made on the writer thread. */
  threadCommits: number;
}

interface PendingAppend extends AppendRequest {
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Row = [position: number, streamName: string, revision: number, type: string, data: string, metadata: string];

const MAX_BATCHES_IN_FLIGHT = 2;
const LONE_APPEND_REVISION_CACHE = 1024;
const SPLIT_BATCHES_FROM = 64;
const WRITER_THREAD_ENTRY = new URL('./sqlite-writer-thread.mjs', import.meta.url);

/**
 * The durable default store: one SQLite file, one `events` table. Appends issued while a commit is
 * under way (or within one turn of the event loop) are group-committed in one transaction (one
 * fsync per batch); each is checked against its expected revision on its own, so a conflict fails
 * only that append. Batches are committed on a writer thread (a lone append while that thread is
 * idle, on this one); reads run on this thread's own connection (WAL lets them proceed while the
 * writer commits), and an append is acknowledged only once its transaction is durable.
 */
export class SqliteEventStore implements EventStore {
  private readonly live = new LiveSubscriptions();
  private readonly counters: SqliteEventStoreStats = { commits: 0, appends: 0, events: 0, threadCommits: 0 };
  private readonly maxBatch: number;
  private readonly onSubscriberError: (error: unknown) => void;
  private queue: PendingAppend[] = [];
  private immediate: NodeJS.Immediate | undefined;
  private microtaskQueued = false;
  private subscribers = 0;
  private closed = false;
  /**
   * Batches sent to the writer thread, oldest first; it commits them in order, one transaction
   * each. Two at most: the thread starts the next commit as soon as one ends, and what arrives
   * meanwhile still gathers into large batches.
   */
  private readonly inFlight: PendingAppend[][] = [];
  private writerFailure: Error | undefined;
  private readonly idleWaiters: (() => void)[] = [];
  private writerClosed: (() => void) | undefined;
  private thread: Worker | undefined;
  #loneAppendWriter: SqliteBatchWriter | undefined;

  private readonly selectStream: Database.Statement<[string, number], unknown[]>;
  private readonly selectAll: Database.Statement<[number, number], unknown[]>;
  private readonly maxPosition: Database.Statement<[], number>;

  private constructor(
    private readonly db: Database.Database,
    private readonly inlineWriter: SqliteBatchWriter | undefined,
    private readonly writerThreadOptions: WriterThreadOptions | undefined,
    options: SqliteEventStoreOptions,
  ) {
    this.maxBatch = Math.max(1, options.maxBatchAppends ?? 1000);
    this.onSubscriberError =
      options.onSubscriberError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
    this.maxPosition = db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck();
    this.selectStream = db
      .prepare<[string, number], unknown[]>('SELECT position, stream_name, revision, type, data, metadata FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision')
      .raw();
    this.selectAll = db
      .prepare<[number, number], unknown[]>('SELECT position, stream_name, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?')
      .raw();
  }

  /**
   * A lone append meeting an idle writer thread is committed here, on the reading connection: the
   * hand-off to the thread and back costs about as much as the commit itself, and with nothing
   * else queued there is no serving work for the fsync to hold up. Under load, appends gather into
   * batches of many and go to the thread.
   */
  private get loneAppendWriter(): SqliteBatchWriter {
    return (this.#loneAppendWriter ??= new SqliteBatchWriter(this.db, LONE_APPEND_REVISION_CACHE));
  }

  /** Started on the first append: a store that is only read (audit, replay) never starts one. */
  private get writerThread(): Worker {
    if (this.thread) return this.thread;
    const thread = new Worker(WRITER_THREAD_ENTRY, { workerData: this.writerThreadOptions });
    thread.on('message', (reply: WriterReply) => this.onWriterReply(reply));
    thread.on('error', (error) => this.onWriterGone(error));
    thread.on('exit', (code) => this.onWriterGone(new Error(`SQLite writer thread exited (code ${code})`)));
    this.thread = thread;
    return thread;
  }

  /** Opens (creating if needed) the store in a file, or in memory with ':memory:'. One writer per file is fastest; more are safe. */
  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const inMemory = path === ':memory:' || path === '';
    const db = new Database(path);
    try {
      applyPragmas(db, options);
      createSchema(db);
      const revisionCacheSize = options.revisionCacheSize ?? 100_000;
      if (inMemory || options.writer === 'inline') return new SqliteEventStore(db, new SqliteBatchWriter(db, revisionCacheSize), undefined, options);
      const { cacheSizeKiB, mmapSizeBytes } = options;
      return new SqliteEventStore(db, undefined, { path, pragmas: { cacheSizeKiB, mmapSizeBytes }, revisionCacheSize }, options);
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
    if (this.writerFailure) return Promise.reject(this.writerFailure);
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
    this.closed = true;
    this.flush();
    await this.idle();
    if (this.thread && !this.writerFailure) {
      const closed = new Promise<void>((resolve) => (this.writerClosed = resolve));
      this.thread.ref();
      this.thread.postMessage({ type: 'close' } satisfies WriterRequest);
      await closed;
    }
    this.live.clear();
    this.db.close();
  }

  private idle(): Promise<void> {
    if (this.inFlight.length === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private scheduleFlush(): void {
    if (this.inFlight.length >= MAX_BATCHES_IN_FLIGHT) return; // the next reply flushes what gathered meanwhile
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
    while (this.queue.length > 0 && this.inFlight.length < MAX_BATCHES_IN_FLIGHT) {
      const size = Math.min(this.maxBatch, this.nextBatchSize());
      const batch = this.queue.length <= size ? this.queue : this.queue.slice(0, size);
      this.queue = this.queue.length <= size ? [] : this.queue.slice(size);
      if (this.inlineWriter) this.commitInline(batch, this.inlineWriter);
      else if (batch.length === 1 && this.inFlight.length === 0 && !this.writerFailure) this.commitInline(batch, this.loneAppendWriter);
      else this.send(batch);
    }
    if (this.inFlight.length === 0 && this.queue.length === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  };

  /**
   * Everything queued, except that a large queue meeting an idle writer thread is split over the
   * free slots: the thread commits one part while the callers of the other are answered and write
   * again, instead of everyone waiting for one commit in lock-step.
   */
  private nextBatchSize(): number {
    if (this.inlineWriter || this.queue.length < SPLIT_BATCHES_FROM) return this.queue.length;
    return Math.ceil(this.queue.length / (MAX_BATCHES_IN_FLIGHT - this.inFlight.length));
  }

  private commitInline(batch: PendingAppend[], writer: SqliteBatchWriter): void {
    let outcomes: WriteOutcome[];
    try {
      outcomes = writer.write(batch);
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    }
    this.complete(batch, outcomes);
  }

  private send(batch: PendingAppend[]): void {
    if (this.writerFailure) {
      for (const append of batch) append.reject(this.writerFailure);
      return;
    }
    this.inFlight.push(batch);
    // Held referenced while a commit is under way: the process must not exit before its reply.
    this.writerThread.ref();
    const requests: AppendRequest[] = batch.map(({ streamName, expected, encoded }) => ({ streamName, expected, encoded }));
    this.writerThread.postMessage({ type: 'write', batch: requests } satisfies WriterRequest);
  }

  private onWriterReply(reply: WriterReply): void {
    if (reply.type === 'closed') {
      this.writerClosed?.();
      return;
    }
    const batch = this.inFlight.shift();
    if (!batch) return;
    if (this.inFlight.length === 0) this.writerThread.unref();
    if (reply.type === 'written') {
      this.counters.threadCommits++;
      this.complete(batch, reply.outcomes);
    }
    else {
      const error = Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {});
      for (const append of batch) append.reject(error);
    }
    this.flush();
  }

  private onWriterGone(error: Error): void {
    if (this.writerClosed) {
      this.writerClosed();
      return;
    }
    this.writerFailure ??= error;
    const lost = [...this.inFlight.splice(0).flat(), ...this.queue.splice(0)];
    for (const append of lost) append.reject(this.writerFailure);
    this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private complete(batch: PendingAppend[], outcomes: WriteOutcome[]): void {
    this.counters.commits++;
    for (let i = 0; i < batch.length; i++) {
      const append = batch[i]!;
      const outcome = outcomes[i]!;
      if (isRevisionMismatch(outcome)) {
        append.reject(new StreamRevisionConflict(append.streamName, outcome.conflict.expected, outcome.conflict.actual));
        continue;
      }
      this.counters.appends++;
      this.counters.events += append.encoded.length / 3;
      append.resolve(outcome);
    }
    if (this.subscribers > 0) this.live.publish(recordedEvents(batch, outcomes));
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
const recordedEvents = (batch: PendingAppend[], outcomes: WriteOutcome[]): RecordedEvent[] => {
  const recorded: RecordedEvent[] = [];
  for (const [i, { streamName, encoded }] of batch.entries()) {
    const outcome = outcomes[i]!;
    if (isRevisionMismatch(outcome) || encoded.length === 0) continue;
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

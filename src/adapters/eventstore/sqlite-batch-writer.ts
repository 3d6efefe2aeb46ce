import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { AppendResult, ExpectedRevision } from '../../application/ports/event-store.port.ts';
import { checkExpectedRevision } from '../../application/ports/expected-revision.ts';
import { RevisionCache } from './sqlite-revision-cache.ts';
import { INSERT_EVENT_SQL } from './sqlite-schema.ts';

/** One append as the writer sees it: plain data, so it can cross to a writer thread. */
export interface AppendRequest {
  streamName: string;
  expected: ExpectedRevision;
  /** type, data JSON, metadata JSON of each event, flattened. */
  encoded: string[];
}

export interface RevisionMismatch {
  conflict: { expected: ExpectedRevision; actual: number | 'no_stream' };
}

export type WriteOutcome = AppendResult | RevisionMismatch;

export const isRevisionMismatch = (outcome: WriteOutcome): outcome is RevisionMismatch => 'conflict' in outcome;

type Row = [position: number, streamName: string, revision: number, type: string, data: string, metadata: string];

/**
 * Writes batches of appends to the events table, one transaction per batch, each append checked
 * against its expected revision on its own (a conflict fails only that append). Runs wherever the
 * writing connection lives: in the store's own thread or in its writer thread.
 */
export class SqliteBatchWriter {
  private readonly revisions: RevisionCache;
  /** Head position as of our last commit; undefined when another writer may have moved it. */
  private head: number | undefined;
  private seenDataVersion = -1;
  private readonly writtenInBatch = new Map<string, number>();
  private readonly insert: Statement<Row>;
  private readonly streamRevision: Statement<[string], number>;
  private readonly maxPosition: Statement<[], number>;
  private readonly dataVersion: Statement<[], number>;
  private readonly transaction: Transaction<(batch: AppendRequest[]) => WriteOutcome[]>;

  constructor(db: Database, revisionCacheSize: number) {
    this.revisions = new RevisionCache(revisionCacheSize);
    this.insert = db.prepare<Row>(INSERT_EVENT_SQL);
    this.streamRevision = db.prepare<[string], number>('SELECT revision FROM events WHERE stream_name = ? ORDER BY revision DESC LIMIT 1').pluck();
    this.maxPosition = db.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck();
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.transaction = db.transaction((batch: AppendRequest[]) => this.writeInTransaction(batch));
  }

  /** Commits the batch (BEGIN IMMEDIATE ... COMMIT); throws, having written nothing, when the transaction fails. */
  write(batch: AppendRequest[]): WriteOutcome[] {
    try {
      return this.transaction.immediate(batch);
    } catch (error) {
      // Rolled back: nothing of this batch exists, and what we remembered may be wrong.
      this.revisions.clear();
      this.head = undefined;
      throw error;
    }
  }

  private writeInTransaction(batch: AppendRequest[]): WriteOutcome[] {
    const version = this.dataVersion.get()!;
    if (version !== this.seenDataVersion) {
      // Another connection committed since our last batch: cached revisions and head may be stale.
      this.revisions.clear();
      this.head = undefined;
      this.seenDataVersion = version;
    }
    let position = (this.head ??= this.maxPosition.get()!);
    // Revisions written earlier in this batch: later appends to the same stream must see them.
    const written = this.writtenInBatch;
    written.clear();
    const outcomes = new Array<WriteOutcome>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const { streamName, expected, encoded } = batch[i]!;
      const current = written.get(streamName) ?? this.currentRevision(streamName);
      try {
        checkExpectedRevision(streamName, expected, current);
      } catch {
        outcomes[i] = { conflict: { expected, actual: current } };
        continue;
      }
      let revision = current === 'no_stream' ? -1 : current;
      for (let j = 0; j < encoded.length; j += 3) {
        this.insert.run(++position, streamName, ++revision, encoded[j]!, encoded[j + 1]!, encoded[j + 2]!);
      }
      if (encoded.length > 0) written.set(streamName, revision);
      outcomes[i] = { nextExpectedRevision: revision, position, ...(encoded.length > 0 ? { firstPosition: position - encoded.length / 3 + 1 } : {}) };
    }
    this.head = position;
    // Only now, inside the transaction that will commit them, do the new revisions become what we remember.
    for (const [streamName, revision] of written) this.revisions.set(streamName, revision);
    return outcomes;
  }

  private currentRevision(streamName: string): number | 'no_stream' {
    const cached = this.revisions.get(streamName);
    if (cached !== undefined) return cached;
    const stored = this.streamRevision.get(streamName);
    if (stored === undefined) return 'no_stream';
    this.revisions.set(streamName, stored);
    return stored;
  }
}

import type { AppendRequest, WriteOutcome } from './sqlite-batch-writer.ts';
import type { SqlitePragmaOptions } from './sqlite-schema.ts';

export interface WriterThreadOptions {
  path: string;
  pragmas: SqlitePragmaOptions;
  revisionCacheSize: number;
}

export type WriterRequest = { type: 'write'; batch: AppendRequest[] } | { type: 'close' };

export type WriterReply =
  | { type: 'written'; outcomes: WriteOutcome[] }
  /** The whole batch was rolled back. */
  | { type: 'failed'; message: string; code?: string }
  | { type: 'closed' };

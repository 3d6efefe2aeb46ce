/**
 * The writer thread of a SqliteEventStore: owns the writing connection, so the commits and their
 * fsyncs never hold up the thread that serves requests. One message in, one transaction, one reply.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteBatchWriter } from './sqlite-batch-writer.ts';
import { applyPragmas } from './sqlite-schema.ts';
import type { WriterReply, WriterRequest, WriterThreadOptions } from './sqlite-writer-protocol.ts';

const options = workerData as WriterThreadOptions;
const port = parentPort!;
const db = new Database(options.path);
applyPragmas(db, options.pragmas);
const writer = new SqliteBatchWriter(db, options.revisionCacheSize);

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    db.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { type: 'written', outcomes: writer.write(request.batch) };
  } catch (error) {
    const { message, code } = error as { message?: string; code?: string };
    reply = { type: 'failed', message: message ?? String(error), ...(code ? { code } : {}) };
  }
  port.postMessage(reply);
});

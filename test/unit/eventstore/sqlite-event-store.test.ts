import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StreamRevisionConflict, type EventStore, type RecordedEvent } from '../../../src/application/ports/event-store.port.ts';
import { SqliteEventStore } from '../../../src/adapters/eventstore/sqlite-event-store.ts';
import { eventStoreContract, newEvent } from './event-store.contract.ts';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '../../..');
const dirs: string[] = [];
const newFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pacific-sqlite-'));
  dirs.push(dir);
  return join(dir, 'events.db');
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const paths = new WeakMap<EventStore, string>();
eventStoreContract('sqlite', {
  open: async () => {
    const path = newFile();
    const store = SqliteEventStore.open(path);
    paths.set(store, path);
    return store;
  },
  reopen: async (store) => {
    const path = paths.get(store)!;
    await store.close();
    const again = SqliteEventStore.open(path);
    paths.set(again, path);
    return again;
  },
});

eventStoreContract('sqlite, commits on the calling thread', { open: async () => SqliteEventStore.open(newFile(), { writer: 'inline' }) });

eventStoreContract('sqlite :memory:', { open: async () => SqliteEventStore.open(':memory:') });

describe('SqliteEventStore', () => {
  const opened: SqliteEventStore[] = [];
  const open = (path = newFile()): SqliteEventStore => {
    const store = SqliteEventStore.open(path);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('group-commits concurrent appends: 500 appends, far fewer transactions', async () => {
    const store = open();
    const before = store.stats.commits;
    await Promise.all(Array.from({ length: 500 }, (_, i) => store.appendToStream(`vm-${i}`, [newEvent('A', { i })], 'no_stream')));
    const commits = store.stats.commits - before;
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(50);
    expect(store.stats.appends).toBe(500);
    expect(await store.headPosition()).toBe(500);
  });

  it('acknowledges an append only once it is committed: another connection reads it at once', async () => {
    const path = newFile();
    const store = open(path);
    const other = new Database(path, { readonly: true });
    try {
      const count = other.prepare<[string], number>('SELECT count(*) FROM events WHERE stream_name = ?').pluck();
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const result = await store.appendToStream(`ack-${i}`, [newEvent('A', { i }), newEvent('B', { i })], 'no_stream');
          expect(count.get(`ack-${i}`)).toBe(2);
          expect(result.nextExpectedRevision).toBe(1);
        }),
      );
    } finally {
      other.close();
    }
  });

  it('caps a batch at maxBatchAppends appends per transaction', async () => {
    const store = SqliteEventStore.open(newFile(), { maxBatchAppends: 100 });
    opened.push(store);
    await Promise.all(Array.from({ length: 450 }, (_, i) => store.appendToStream(`vm-${i}`, [newEvent('A', { i })], 'any')));
    expect(store.stats.commits).toBe(5);
  });

  it('fails only the conflicting append of a batch; its batch-mates are written', async () => {
    const store = open();
    await store.appendToStream('vm-a', [newEvent('A0', {})], 'no_stream');
    const before = store.stats.commits;
    const results = await Promise.allSettled([
      store.appendToStream('vm-b', [newEvent('B0', {})], 'no_stream'),
      store.appendToStream('vm-a', [newEvent('stale', {}), newEvent('stale2', {})], 'no_stream'),
      store.appendToStream('vm-a', [newEvent('A1', {})], 0),
      store.appendToStream('vm-c', [newEvent('C0', {})], 'stream_exists'),
      store.appendToStream('vm-d', [newEvent('D0', {})], 'any'),
    ]);
    expect(store.stats.commits - before).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StreamRevisionConflict);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ actual: 0 });
    expect((await store.readStream('vm-a')).map((e) => [e.type, e.revision])).toEqual([
      ['A0', 0],
      ['A1', 1],
    ]);
    expect(await store.readStream('vm-c')).toEqual([]);
    const log = await store.readAll();
    expect(log.map((e) => e.position)).toEqual([1, 2, 3, 4]);
  });

  it('checks later appends of a batch against earlier appends of the same batch', async () => {
    const store = open();
    const results = await Promise.allSettled([
      store.appendToStream('vm-x', [newEvent('X0', {}), newEvent('X1', {})], 'no_stream'),
      store.appendToStream('vm-x', [newEvent('X2', {})], 1),
      store.appendToStream('vm-x', [newEvent('late', {})], 1),
      store.appendToStream('vm-x', [newEvent('X3', {})], 'stream_exists'),
      store.appendToStream('vm-x', [], 3),
    ]);
    expect(store.stats.commits).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ expected: 1, actual: 2 });
    expect((results[4] as PromiseFulfilledResult<unknown>).value).toEqual({ nextExpectedRevision: 3, position: 4 });
    expect((await store.readStream('vm-x')).map((e) => e.type)).toEqual(['X0', 'X1', 'X2', 'X3']);
  });

  it('rejects an append whose data cannot be encoded, without touching the others', async () => {
    const store = open();
    const results = await Promise.allSettled([
      store.appendToStream('vm-1', [newEvent('A', { big: 1n })], 'no_stream'),
      store.appendToStream('vm-2', [newEvent('A', { ok: true })], 'no_stream'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await store.readStream('vm-1')).toEqual([]);
  });

  it('stays correct with a second writer on the same file (cached revisions are dropped)', async () => {
    const path = newFile();
    const one = open(path);
    const two = open(path);
    await one.appendToStream('vm-s', [newEvent('A', {})], 'no_stream');
    await two.appendToStream('vm-s', [newEvent('B', {})], 0);
    await expect(one.appendToStream('vm-s', [newEvent('stale', {})], 0)).rejects.toMatchObject({ actual: 1 });
    const result = await one.appendToStream('vm-s', [newEvent('C', {})], 1);
    expect(result).toEqual({ nextExpectedRevision: 2, position: 3, firstPosition: 3 });
    await two.appendToStream('vm-other', [newEvent('D', {})], 'no_stream');
    expect((await one.appendToStream('vm-s', [newEvent('E', {})], 2)).position).toBe(5);
    expect((await two.readAll()).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('commits a lone append on the calling thread while the writer thread is idle, and batches on the thread', async () => {
    const store = open();
    for (let i = 0; i < 20; i++) await store.appendToStream('vm-lone', [newEvent(`L${i}`, { i })], i - 1 < 0 ? 'no_stream' : i - 1);
    expect(store.stats).toMatchObject({ commits: 20, threadCommits: 0 });

    await Promise.all(Array.from({ length: 300 }, (_, i) => store.appendToStream(`vm-burst-${i}`, [newEvent('B', { i })], 'no_stream')));
    expect(store.stats.threadCommits).toBeGreaterThan(0);
    expect(store.stats.appends).toBe(320);
  });

  it('keeps revisions exact when lone appends and thread batches take turns on the same streams', async () => {
    const store = open();
    let revision = -1;
    for (let round = 0; round < 5; round++) {
      // A lone append (this thread's connection) ...
      revision = (await store.appendToStream('vm-turns', [newEvent(`lone-${round}`, {})], revision < 0 ? 'no_stream' : revision)).nextExpectedRevision;
      // ... then a burst whose appends all target the same revision: one wins (on the writer thread), the rest conflict.
      const burst = await Promise.allSettled(
        Array.from({ length: 80 }, (_, i) => store.appendToStream(i === 0 ? 'vm-turns' : `vm-filler-${round}-${i}`, [newEvent(`burst-${round}`, {})], i === 0 ? revision : 'any')),
      );
      expect(burst.every((r) => r.status === 'fulfilled')).toBe(true);
      revision++;
      // A stale lone append is refused even though the thread's commit went through another connection.
      await expect(store.appendToStream('vm-turns', [newEvent('stale', {})], revision - 1)).rejects.toMatchObject({ actual: revision });
    }
    expect(store.stats.threadCommits).toBeGreaterThan(0);
    const stream = await store.readStream('vm-turns');
    expect(stream.map((e) => e.revision)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(stream.map((e) => e.type)).toEqual(Array.from({ length: 5 }, (_, round) => [`lone-${round}`, `burst-${round}`]).flat());
    const positions = (await store.readAll()).map((e) => e.position);
    expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1));
  });

  it('flushes queued appends on close and refuses appends after it', async () => {
    const path = newFile();
    const store = SqliteEventStore.open(path);
    const pending = store.appendToStream('vm-q', [newEvent('A', {})], 'no_stream');
    await store.close();
    await expect(pending).resolves.toEqual({ nextExpectedRevision: 0, position: 1, firstPosition: 1 });
    await expect(store.appendToStream('vm-q', [newEvent('B', {})], 0)).rejects.toThrow(/closed/);
    const again = open(path);
    expect((await again.readStream('vm-q')).map((e) => e.type)).toEqual(['A']);
  });

  it('publishes a batch to subscribers in position order; a throwing handler does not starve the others', async () => {
    const errors: unknown[] = [];
    const store = SqliteEventStore.open(newFile(), { onSubscriberError: (error) => errors.push(error) });
    opened.push(store);
    const seen: RecordedEvent[] = [];
    const bad = store.subscribeToAll(0, () => {
      throw new Error('handler bug');
    });
    const good = store.subscribeToAll(0, (event) => seen.push(event));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.appendToStream(`vm-${i % 7}`, [newEvent('A', { i })], 'any')));
    expect(seen.map((e) => e.position)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(seen[5]!.data).toEqual({ i: 5 });
    expect(errors).toHaveLength(100);
    await bad.close();
    await good.close();
  });

  it('keeps every acknowledged append when the writing process is SIGKILLed mid-way', async () => {
    const path = newFile();
    const fixture = join(here, 'fixtures', 'append-until-killed.ts');
    const child = spawn(process.execPath, ['--import', new URL('../../../src/typescript/register.mjs', import.meta.url).href, fixture, path], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolveExit) => child.on('exit', (_code, signal) => resolveExit(signal)));
    await new Promise<void>((resolveAcks, rejectAcks) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.split('\n').length > 300) {
          child.kill('SIGKILL');
          resolveAcks();
        }
      });
      child.on('exit', () => rejectAcks(new Error(`child exited before 300 acks: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    // A torn last line was never fully acknowledged: only complete lines count.
    const acks = stdout
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line) as { stream: string; revision: number; position: number; count: number });
    expect(acks.length).toBeGreaterThanOrEqual(300);

    const store = open(path);
    const log: RecordedEvent[] = [];
    for (let page = await store.readAll({ maxCount: 1000 }); page.length > 0; page = await store.readAll({ after: log.at(-1)!.position, maxCount: 1000 })) {
      log.push(...page);
    }
    const byPosition = new Map(log.map((e) => [e.position, e]));
    for (const ack of acks) {
      for (let k = 0; k < ack.count; k++) {
        const event = byPosition.get(ack.position - k);
        expect(event, `acknowledged position ${ack.position - k}`).toBeDefined();
        expect([event!.streamName, event!.revision]).toEqual([ack.stream, ack.revision - k]);
      }
    }
    const revisions = new Map<string, number>();
    let last = 0;
    for (const event of log) {
      expect(event.position).toBeGreaterThan(last);
      last = event.position;
      const expected = (revisions.get(event.streamName) ?? -1) + 1;
      expect(event.revision).toBe(expected);
      revisions.set(event.streamName, expected);
    }
    expect(await store.headPosition()).toBe(last);
  });
});

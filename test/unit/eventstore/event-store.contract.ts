import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamRevisionConflict, type EventStore, type NewEvent, type RecordedEvent } from '../../../src/application/ports/event-store.port.ts';

export interface EventStoreUnderTest {
  open: () => Promise<EventStore>;
  /** Closes the store and opens it again on the same storage (durable stores only). */
  reopen?: (store: EventStore) => Promise<EventStore>;
}

export const newEvent = (type: string, data: unknown, actor = 'tester'): NewEvent => ({
  type,
  data,
  metadata: { eventId: randomUUID(), time: '2026-11-25T10:00:00.000Z', actor, correlationId: 'corr-1', causationId: null },
});

const waitFor = async (predicate: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** One behaviour for every store: in-memory, SQLite and EventStoreDB run this same suite. */
export const eventStoreContract = (name: string, subject: EventStoreUnderTest): void => {
  describe(`EventStore contract: ${name}`, () => {
    const opened: EventStore[] = [];
    const open = async (): Promise<EventStore> => {
      const store = await subject.open();
      opened.push(store);
      return store;
    };
    // Unique stream names keep the suite valid against a shared server.
    const stream = (category = 'podVm'): string => `${category}-${randomUUID()}`;

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('appends to a new stream and reads the events back with their metadata', async () => {
      const store = await open();
      const name = stream();
      const result = await store.appendToStream(name, [newEvent('PodVMCreated', { a: 1, nested: { list: [1, 'two'] }, text: 'żółw ✓' }), newEvent('PodVMScheduled', { host: 'h1' })], 'no_stream');
      expect(result.nextExpectedRevision).toBe(1);
      const events = await store.readStream(name);
      expect(events.map((e) => [e.type, e.revision, e.streamName])).toEqual([
        ['PodVMCreated', 0, name],
        ['PodVMScheduled', 1, name],
      ]);
      expect(events[0]!.data).toEqual({ a: 1, nested: { list: [1, 'two'] }, text: 'żółw ✓' });
      expect(events[0]!.metadata).toMatchObject({ actor: 'tester', correlationId: 'corr-1', causationId: null, time: '2026-11-25T10:00:00.000Z' });
      expect(events[0]!.metadata.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(events[1]!.position).toBeGreaterThan(events[0]!.position);
      expect(result.position).toBe(events[1]!.position);
      // A store that reports where its events start must report it right: writers skip reading them back.
      if (result.firstPosition !== undefined) expect(result.firstPosition).toBe(events[0]!.position);
    });

    it('reads a stream that does not exist as empty', async () => {
      const store = await open();
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('reads a stream from a revision', async () => {
      const store = await open();
      const name = stream();
      await store.appendToStream(name, [newEvent('A', {}), newEvent('B', {}), newEvent('C', {})], 'no_stream');
      expect((await store.readStream(name, { fromRevision: 1 })).map((e) => e.type)).toEqual(['B', 'C']);
    });

    it('appends with the revision that was read and refuses a stale one without writing anything', async () => {
      const store = await open();
      const name = stream();
      await store.appendToStream(name, [newEvent('A', {})], 'no_stream');
      await store.appendToStream(name, [newEvent('B', {})], 0);
      const stale = store.appendToStream(name, [newEvent('C', {}), newEvent('D', {})], 0);
      await expect(stale).rejects.toBeInstanceOf(StreamRevisionConflict);
      await expect(stale).rejects.toMatchObject({ streamName: name, expected: 0, actual: 1 });
      expect((await store.readStream(name)).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('honours no_stream, stream_exists and any', async () => {
      const store = await open();
      const name = stream();
      await expect(store.appendToStream(name, [newEvent('A', {})], 'stream_exists')).rejects.toBeInstanceOf(StreamRevisionConflict);
      await expect(store.appendToStream(name, [newEvent('A', {})], 3)).rejects.toBeInstanceOf(StreamRevisionConflict);
      await store.appendToStream(name, [newEvent('A', {})], 'no_stream');
      await expect(store.appendToStream(name, [newEvent('B', {})], 'no_stream')).rejects.toMatchObject({ actual: 0 });
      await store.appendToStream(name, [newEvent('B', {})], 'stream_exists');
      await store.appendToStream(name, [newEvent('C', {})], 'any');
      await store.appendToStream(stream(), [newEvent('X', {})], 'any');
      expect((await store.readStream(name)).map((e) => e.revision)).toEqual([0, 1, 2]);
    });

    it('lets exactly one of two concurrent writers with the same revision win', async () => {
      const store = await open();
      const name = stream();
      await store.appendToStream(name, [newEvent('A', {})], 'no_stream');
      const results = await Promise.allSettled([
        store.appendToStream(name, [newEvent('B1', {})], 0),
        store.appendToStream(name, [newEvent('B2', {})], 0),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(StreamRevisionConflict);
      expect(await store.readStream(name)).toHaveLength(2);
    });

    it('keeps many concurrent appends to different streams, each at a distinct global position', async () => {
      const store = await open();
      const names = Array.from({ length: 200 }, () => stream());
      const results = await Promise.all(names.map((name, i) => store.appendToStream(name, [newEvent('A', { i }), newEvent('B', { i })], 'no_stream')));
      expect(new Set(results.map((r) => r.position)).size).toBe(200);
      for (const [i, name] of names.entries()) {
        const events = await store.readStream(name);
        expect(events.map((e) => [e.type, (e.data as { i: number }).i])).toEqual([
          ['A', i],
          ['B', i],
        ]);
        expect(events[1]!.position).toBeGreaterThan(events[0]!.position);
      }
    });

    it('reads the global log in position order, in pages', async () => {
      const store = await open();
      const start = await store.headPosition();
      const name = stream();
      await store.appendToStream(name, [newEvent('A', {}), newEvent('B', {}), newEvent('C', {})], 'no_stream');
      const head = await store.headPosition();
      expect(head).toBeGreaterThan(start);
      const ours: RecordedEvent[] = [];
      let after = start;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 2 });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(2);
        for (const event of page) {
          expect(event.position).toBeGreaterThan(after);
          after = event.position;
          if (event.streamName === name) ours.push(event);
        }
      }
      expect(ours.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      expect(after).toBe(head);
    });

    it('subscribes: catches up from a position, then delivers live events in order without gaps or duplicates', async () => {
      const store = await open();
      const start = await store.headPosition();
      const name = stream();
      await store.appendToStream(name, [newEvent('E0', {}), newEvent('E1', {})], 'no_stream');
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll(start, (event) => {
        if (event.streamName === name) seen.push(event);
      });
      let revision = 1;
      for (let i = 2; i < 40; i++) {
        await store.appendToStream(name, [newEvent(`E${i}`, {})], revision);
        revision++;
      }
      await waitFor(() => seen.length >= 40);
      await subscription.close();
      expect(seen.map((e) => e.type)).toEqual(Array.from({ length: 40 }, (_, i) => `E${i}`));
      const positions = seen.map((e) => e.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      await store.appendToStream(name, [newEvent('after-close', {})], 'any');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toHaveLength(40);
    });

    it('subscribes from the head and sees only what comes after', async () => {
      const store = await open();
      const name = stream();
      await store.appendToStream(name, [newEvent('old', {})], 'no_stream');
      const seen: string[] = [];
      const subscription = store.subscribeToAll(await store.headPosition(), (event) => {
        if (event.streamName === name) seen.push(event.type);
      });
      await store.appendToStream(name, [newEvent('new', {})], 0);
      await waitFor(() => seen.length >= 1);
      await subscription.close();
      expect(seen).toEqual(['new']);
    });

    if (subject.reopen) {
      const reopen = subject.reopen;
      it('keeps acknowledged events across a close and reopen', async () => {
        const store = await open();
        const name = stream();
        await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendToStream(`${name}${i}`, [newEvent('A', { i })], 'no_stream')));
        const head = await store.headPosition();
        opened.splice(opened.indexOf(store), 1);
        const again = await reopen(store);
        opened.push(again);
        expect(await again.headPosition()).toBe(head);
        expect((await again.readStream(`${name}7`)).map((e) => e.data)).toEqual([{ i: 7 }]);
        await again.appendToStream(`${name}7`, [newEvent('B', {})], 0);
        expect(await again.headPosition()).toBeGreaterThan(head);
      });
    }
  });
};

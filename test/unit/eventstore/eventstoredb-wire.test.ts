import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from '../../../src/adapters/eventstore/eventstoredb-event-store.ts';
import { StreamRevisionConflict, type RecordedEvent } from '../../../src/application/ports/event-store.port.ts';
import { eventStoreContract, newEvent } from './event-store.contract.ts';
import { FakeEsdbServer, type ReceivedAppend } from './support/fake-esdb-server.ts';

const modes = [
  { rpc: 'BatchAppend', batchAppend: true, revisionField: 'stream_position' },
  { rpc: 'Append', batchAppend: false, revisionField: 'revision' },
] as const;

for (const mode of modes) {
  describe(`EventStoreDB adapter against an in-process gRPC server (appends via ${mode.rpc})`, () => {
    let server: FakeEsdbServer;
    const stores: EventStoreDbEventStore[] = [];
    const open = (options?: EventStoreDbEventStoreOptions): EventStoreDbEventStore => {
      const store = new EventStoreDbEventStore(server.connectionString, options);
      stores.push(store);
      return store;
    };
    const stream = (): string => `podVm-${randomUUID()}`;
    const lastAppend = (streamName: string): ReceivedAppend => {
      const append = server.appends.at(-1)!;
      expect(append.streamName).toBe(streamName);
      return append;
    };

    beforeAll(async () => {
      server = await FakeEsdbServer.start({ batchAppend: mode.batchAppend });
    });
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
    });
    afterAll(() => server.stop());

    eventStoreContract(`eventstoredb (wire, in-process gRPC server, ${mode.rpc})`, {
      open: async () => new EventStoreDbEventStore(server.connectionString),
    });

    it('sends the stream, each kind of expected revision, and the event as JSON with our metadata', async () => {
      const store = open();
      const name = stream();
      const first = newEvent('PodVMCreated', { name: 'vm-1', cpu: { millis: 1500 }, tags: ['a', 'ż'] });
      first.metadata.causationId = randomUUID();
      await store.appendToStream(name, [first], 'no_stream');
      const sent = lastAppend(name);
      expect(sent.rpc).toBe(mode.rpc);
      expect(sent.expected).toEqual({ field: 'no_stream' });
      const [wire] = sent.events;
      expect(wire!.id).toBe(first.metadata.eventId);
      expect(wire!.type).toBe('PodVMCreated');
      expect(wire!.contentType).toBe('application/json');
      expect(Buffer.from(wire!.data).equals(Buffer.from(JSON.stringify(first.data), 'utf8'))).toBe(true);
      expect(JSON.parse(Buffer.from(wire!.customMetadata).toString('utf8'))).toEqual({
        ...first.metadata,
        $correlationId: first.metadata.correlationId,
        $causationId: first.metadata.causationId,
      });

      await store.appendToStream(name, [newEvent('B', {})], 0);
      expect(lastAppend(name).expected).toEqual({ field: mode.revisionField, value: 0n });
      await store.appendToStream(name, [newEvent('C', {})], 'stream_exists');
      expect(lastAppend(name).expected).toEqual({ field: 'stream_exists' });
      await store.appendToStream(name, [newEvent('D', {}), newEvent('E', {})], 'any');
      expect(lastAppend(name).expected).toEqual({ field: 'any' });
      expect(lastAppend(name).events.map((event) => event.type)).toEqual(['D', 'E']);
    });

    it('leaves $causationId out when there is no cause, and reads the metadata back as it was', async () => {
      const store = open();
      const name = stream();
      const event = newEvent('A', { n: 1 }, 'alice');
      await store.appendToStream(name, [event], 'no_stream');
      expect(JSON.parse(Buffer.from(lastAppend(name).events[0]!.customMetadata).toString('utf8'))).not.toHaveProperty('$causationId');
      const [read] = await store.readStream(name);
      expect(read!.metadata).toEqual(event.metadata);
    });

    it('turns the server’s WrongExpectedVersion into StreamRevisionConflict with the actual revision', async () => {
      const store = open();
      const name = stream();
      await store.appendToStream(name, [newEvent('A', {}), newEvent('B', {})], 'no_stream');
      const before = server.log.all.length;
      await expect(store.appendToStream(name, [newEvent('C', {})], 0)).rejects.toEqual(new StreamRevisionConflict(name, 0, 1));
      await expect(store.appendToStream(name, [newEvent('C', {})], 'no_stream')).rejects.toMatchObject({ expected: 'no_stream', actual: 1 });
      const missing = stream();
      await expect(store.appendToStream(missing, [newEvent('C', {})], 4)).rejects.toMatchObject({ streamName: missing, expected: 4, actual: 'no_stream' });
      await expect(store.appendToStream(missing, [newEvent('C', {})], 'stream_exists')).rejects.toMatchObject({ actual: 'no_stream' });
      expect(lastAppend(missing).expected).toEqual({ field: 'stream_exists' });
      expect(server.log.all.length).toBe(before);
    });

    it('raises the conflict too from a client told not to throw on append failures', async () => {
      const client = EventStoreDBClient.connectionString(`${server.connectionString}&throwOnAppendFailure=false`);
      const store = new EventStoreDbEventStore(client);
      const name = stream();
      await store.appendToStream(name, [newEvent('A', {}), newEvent('B', {})], 'no_stream');
      await expect(store.appendToStream(name, [newEvent('C', {})], 0)).rejects.toEqual(new StreamRevisionConflict(name, 0, 1));
      await expect(store.appendToStream(stream(), [newEvent('C', {})], 0)).rejects.toMatchObject({ actual: 'no_stream' });
      await store.close();
      await client.dispose();
    });

    it('checks an empty append without sending it', async () => {
      const store = open();
      const name = stream();
      expect(await store.appendToStream(name, [], 'no_stream')).toEqual({ nextExpectedRevision: -1, position: await store.headPosition() });
      await store.appendToStream(name, [newEvent('A', {})], 'no_stream');
      const sent = server.appends.length;
      expect((await store.appendToStream(name, [], 0)).nextExpectedRevision).toBe(0);
      await expect(store.appendToStream(name, [], 'no_stream')).rejects.toMatchObject({ actual: 0 });
      expect(server.appends.length).toBe(sent);
    });

    it('reports the server’s $all positions, which have gaps, for stream and $all reads alike', async () => {
      const store = open();
      const name = stream();
      const result = await store.appendToStream(name, [newEvent('A', {}), newEvent('B', {})], 'no_stream');
      const stored = server.log.stream(name)!.map((event) => Number(event.position));
      expect(stored[1]! - stored[0]!).toBeGreaterThan(1);
      expect((await store.readStream(name)).map((event) => event.position)).toEqual(stored);
      expect((await store.readAll({ after: stored[0]! - 1 })).filter((event) => event.streamName === name).map((event) => event.position)).toEqual(stored);
      expect(result.position).toBe(stored[1]);
    });

    it('skips system events in readAll, headPosition and subscriptions, without ending a page early', async () => {
      const store = open();
      const name = stream();
      const start = await store.headPosition();
      await store.appendToStream(name, [newEvent('A', {})], 'no_stream');
      const afterA = await store.headPosition();
      for (let i = 0; i < 5; i++) server.appendSystemEvent(`$$${name}`, '$metadata');
      server.appendSystemEvent('$projections-$all', 'ProjectionUpdated');
      await store.appendToStream(name, [newEvent('B', {})], 0);
      const head = await store.headPosition();
      server.appendSystemEvent(`$ce-podVm`, '$>');
      expect(await store.headPosition()).toBe(head);

      expect(await store.readAll({ after: afterA, maxCount: 1 })).toMatchObject([{ type: 'B', position: head }]);
      const all = await store.readAll({ after: start });
      expect(all.map((event) => event.type)).toEqual(['A', 'B']);

      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll(start, (event) => seen.push(event));
      await store.appendToStream(name, [newEvent('C', {})], 1);
      await vi.waitFor(() => expect(seen.map((event) => event.type)).toEqual(['A', 'B', 'C']));
      await subscription.close();
      const request = server.reads.filter((read) => read.getOptions()?.hasSubscription()).at(-1)!.getOptions()!;
      expect(request.getFilter()?.getEventType()?.getRegex()).toBe('^[^$].*');
      expect(request.getAll()?.getPosition()?.getCommitPosition()).toBe(String(start));
    });

    it('resumes a subscription the server drops, from the last event delivered', async () => {
      const onSubscriptionError = vi.fn();
      const store = open({ onSubscriptionError });
      const name = stream();
      const seen: string[] = [];
      const subscription = store.subscribeToAll(await store.headPosition(), (event) => {
        if (event.streamName === name) seen.push(event.type);
      });
      await store.appendToStream(name, [newEvent('E1', {})], 'no_stream');
      await vi.waitFor(() => expect(seen).toEqual(['E1']));
      server.dropSubscriptions();
      await store.appendToStream(name, [newEvent('E2', {}), newEvent('E3', {})], 0);
      await vi.waitFor(() => expect(seen).toEqual(['E1', 'E2', 'E3']));
      await subscription.close();
      expect(onSubscriptionError).toHaveBeenCalledWith(expect.anything(), true);
    });

    it('stops a subscription whose handler throws, and says so', async () => {
      const onSubscriptionError = vi.fn();
      const store = open({ onSubscriptionError });
      const name = stream();
      const seen: string[] = [];
      const subscription = store.subscribeToAll(await store.headPosition(), (event) => {
        seen.push(event.type);
        throw new Error('boom');
      });
      await store.appendToStream(name, [newEvent('E1', {}), newEvent('E2', {})], 'no_stream');
      await vi.waitFor(() => expect(onSubscriptionError).toHaveBeenCalledWith(new Error('boom'), false));
      await subscription.close();
      expect(seen).toEqual(['E1']);
    });
  });
}

describe('EventStoreDB adapter: client ownership and old servers', () => {
  let server: FakeEsdbServer;
  beforeAll(async () => {
    server = await FakeEsdbServer.start({ legacyStreamReadPositions: true });
  });
  afterAll(() => server.stop());

  it('leaves a client it was given open when it closes', async () => {
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const name = `podVm-${randomUUID()}`;
    const first = new EventStoreDbEventStore(client);
    await first.appendToStream(name, [newEvent('A', {})], 'no_stream');
    await first.close();
    const second = new EventStoreDbEventStore(client);
    await second.appendToStream(name, [newEvent('B', {})], 0);
    expect((await second.readAll({ after: 0 })).map((event) => event.type)).toEqual(['A', 'B']);
    await second.close();
    await client.dispose();
  });

  it('refuses, with a clear error, stream reads from a server too old to report their $all positions', async () => {
    const store = new EventStoreDbEventStore(server.connectionString);
    const name = `podVm-${randomUUID()}`;
    await store.appendToStream(name, [newEvent('A', {})], 'no_stream');
    await expect(store.readStream(name)).rejects.toThrow(/22\.6 or later/);
    await store.close();
  });
});

import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../src/adapters/eventstore/in-memory-event-store.ts';
import { allAggregates, podVmAggregate } from '../../../src/application/aggregates.ts';
import { CommandHandler } from '../../../src/application/commands/command-handler.ts';
import { Inventory } from '../../../src/application/inventory/inventory.ts';
import type { EventStore, ReadStreamOptions } from '../../../src/application/ports/event-store.port.ts';
import { DomainError } from '../../../src/domain/shared/errors.ts';

const now = '2026-01-01T00:00:00.000Z';
const pod = { namespace: 'shop', name: 'web' };
const create = { type: 'CreatePodVM' as const, data: { ...pod, uid: 'uid-1', containers: [{ name: 'web', image: 'nginx', requests: { cpuMillis: 100, memoryBytes: 2 ** 20 } }] }, metadata: { now } };
const relabel = (version: string) => ({ type: 'UpdatePodVMMetadata' as const, data: { ...pod, labels: { version }, annotations: {} }, metadata: { now } });
const remove = { type: 'DeletePodVM' as const, data: pod, metadata: { now } };

/** Counts stream reads, so a test can tell a remembered state from a fresh read. */
const countingReads = (store: EventStore): { store: EventStore; reads: () => number } => {
  let reads = 0;
  const counted = Object.create(store) as EventStore;
  counted.readStream = (name: string, options?: ReadStreamOptions) => {
    reads++;
    return store.readStream(name, options);
  };
  return { store: counted, reads: () => reads };
};

const types = async (store: EventStore): Promise<string[]> => (await store.readStream('podVm-shop/web')).map((event) => event.type);

describe('CommandHandler with remembered states', () => {
  it('decides on a state it folded before without reading the stream again', async () => {
    const store = new InMemoryEventStore();
    const counted = countingReads(store);
    const handler = new CommandHandler(counted.store);
    await handler.handle(podVmAggregate, 'shop/web', create, { actor: 'alice' });
    const readsAfterCreate = counted.reads();
    await handler.handle(podVmAggregate, 'shop/web', relabel('a'), { actor: 'alice' });
    await handler.handle(podVmAggregate, 'shop/web', relabel('b'), { actor: 'alice' });
    expect(counted.reads()).toBe(readsAfterCreate);
    expect(await types(store)).toEqual(['PodVMCreated', 'PodVMMetadataChanged', 'PodVMMetadataChanged']);
  });

  it('when another writer moved the stream on, decides again on a fresh read instead of failing with Conflict', async () => {
    const store = new InMemoryEventStore();
    const first = new CommandHandler(store);
    const second = new CommandHandler(store);
    await first.handle(podVmAggregate, 'shop/web', create, { actor: 'alice' });
    await second.handle(podVmAggregate, 'shop/web', relabel('a'), { actor: 'bob' });
    // first still remembers revision 0; its relabel is not commuting, and no revision was given.
    const result = await first.handle(podVmAggregate, 'shop/web', relabel('b'), { actor: 'alice' });
    expect(result.revision).toBe(2);
    expect(await types(store)).toEqual(['PodVMCreated', 'PodVMMetadataChanged', 'PodVMMetadataChanged']);
  });

  it('does not refuse a command on a remembered state alone', async () => {
    const store = new InMemoryEventStore();
    const first = new CommandHandler(store);
    const second = new CommandHandler(store);
    await first.handle(podVmAggregate, 'shop/web', create, { actor: 'alice' });
    await first.handle(podVmAggregate, 'shop/web', remove, { actor: 'alice' });
    // Another process creates the pod again; first remembers it as deleted.
    await second.handle(podVmAggregate, 'shop/web', { ...create, data: { ...create.data, uid: 'uid-2' } }, { actor: 'bob' });
    await first.handle(podVmAggregate, 'shop/web', relabel('c'), { actor: 'alice' });
    expect(await types(store)).toEqual(['PodVMCreated', 'PodVMDeleted', 'PodVMCreated', 'PodVMMetadataChanged']);
  });

  it('still fails with Conflict when the caller named a revision the stream has moved past', async () => {
    const store = new InMemoryEventStore();
    const first = new CommandHandler(store);
    const second = new CommandHandler(store);
    await first.handle(podVmAggregate, 'shop/web', create, { actor: 'alice' });
    await second.handle(podVmAggregate, 'shop/web', relabel('a'), { actor: 'bob' });
    const stale = first.handle(podVmAggregate, 'shop/web', relabel('b'), { actor: 'alice', expectedRevision: 0 });
    await expect(stale).rejects.toSatisfy((error) => error instanceof DomainError && error.reason === 'Conflict');
    expect(await types(store)).toEqual(['PodVMCreated', 'PodVMMetadataChanged']);
  });

  it('lets a reader told of new events by a subscription load them, before their writer has remembered them', async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store);
    expect((await handler.load(podVmAggregate, 'shop/web')).state.status).toBe('Absent');
    const seen: Promise<string>[] = [];
    const subscription = store.subscribeToAll(0, () => seen.push(handler.load(podVmAggregate, 'shop/web').then(({ state }) => state.status)));
    await handler.handle(podVmAggregate, 'shop/web', create, { actor: 'alice' });
    expect(await Promise.all(seen)).toEqual(['Pending']);
    await subscription.close();
  });

  it('presumes a stream it has never seen is new, and reads it when that proves wrong', async () => {
    const store = new InMemoryEventStore();
    const counted = countingReads(store);
    const writer = new CommandHandler(store);
    await writer.handle(podVmAggregate, 'shop/web', create, { actor: 'alice' });
    const fresh = new CommandHandler(counted.store);
    await fresh.handle(podVmAggregate, 'other/new', { ...create, data: { ...create.data, namespace: 'other', name: 'new' } }, { actor: 'alice' });
    expect(counted.reads()).toBe(0);
    // Refused on the presumed-empty stream (NotFound), then decided on what is stored.
    await fresh.handle(podVmAggregate, 'shop/web', relabel('x'), { actor: 'alice' });
    // Accepted on a presumed-empty stream, then the append's 'no_stream' check sends it to a read.
    const duplicate = new CommandHandler(store).handle(podVmAggregate, 'shop/web', create, { actor: 'bob' });
    await expect(duplicate).rejects.toSatisfy((error) => error instanceof DomainError && error.reason === 'AlreadyExists');
    expect(await types(store)).toEqual(['PodVMCreated', 'PodVMMetadataChanged']);
  });
});

describe('CommandHandler reading the projection', () => {
  it("decides on the projection's state when it is further than the handler's own, with no read and no retry", async () => {
    const store = new InMemoryEventStore();
    const inventory = new Inventory(allAggregates);
    const subscription = store.subscribeToAll(0, (event) => inventory.applyEvent(event));
    const counted = countingReads(store);
    const first = new CommandHandler(counted.store, { projected: inventory });
    const second = new CommandHandler(store);
    await first.handle(podVmAggregate, 'shop/web', create, { actor: 'alice' });
    // Another writer moves the stream on; the projection sees it, the first handler did not write it.
    await second.handle(podVmAggregate, 'shop/web', relabel('a'), { actor: 'bob' });
    const result = await first.handle(podVmAggregate, 'shop/web', relabel('b'), { actor: 'alice' });
    expect(result.revision).toBe(2);
    expect(counted.reads()).toBe(0);
    expect(await types(store)).toEqual(['PodVMCreated', 'PodVMMetadataChanged', 'PodVMMetadataChanged']);
    await subscription.close();
  });

  it('decides on its own state while the projection lags behind its appends', async () => {
    const store = new InMemoryEventStore();
    const counted = countingReads(store);
    let lagging: { state: unknown; revision: number } | undefined;
    const handler = new CommandHandler(counted.store, { projected: { stream: () => lagging } });
    const created = await handler.handle(podVmAggregate, 'shop/web', create, { actor: 'alice' });
    // The projection stays at the create while the handler writes on.
    lagging = { state: created.state, revision: created.revision };
    await handler.handle(podVmAggregate, 'shop/web', relabel('a'), { actor: 'alice' });
    const result = await handler.handle(podVmAggregate, 'shop/web', relabel('b'), { actor: 'alice' });
    expect(result.revision).toBe(2);
    expect(result.state).toMatchObject({ labels: { version: 'b' } });
    expect(counted.reads()).toBe(0);
  });
});

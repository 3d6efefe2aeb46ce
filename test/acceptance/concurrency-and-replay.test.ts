import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite-event-store.ts';
import type { EventStore } from '../../src/application/ports/event-store.port.ts';
import { allAggregates, fieldManagersAggregate, hostAggregate, namespaceAggregate, podVmAggregate } from '../../src/application/aggregates.ts';
import { objectHistory } from '../../src/application/audit/object-history.ts';
import { CommandHandler } from '../../src/application/commands/command-handler.ts';
import { replayInventory } from '../../src/application/inventory/replay.ts';
import type { NamespaceLive } from '../../src/domain/namespace/index.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
import { admin, developer, startPacific, webContainer, type PacificUnderTest } from './support/pacific-under-test.ts';

const tempDirs: string[] = [];
const stores: [string, () => EventStore | undefined][] = [
  ['in-memory', () => undefined],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'pacific-acceptance-'));
      tempDirs.push(dir);
      return SqliteEventStore.open(join(dir, 'events.db'));
    },
  ],
];

describe.each(stores)('Concurrency, replay and audit on the %s store', (_name, openStore) => {
  let p: PacificUnderTest;
  beforeEach(async () => {
    p = await startPacific({}, openStore());
    await p.namespaces.create({ name: 'shop' }, admin);
  });
  afterEach(async () => {
    await p.stop();
    tempDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('admits exactly as many of 50 concurrent creates as the quota allows', async () => {
    await p.namespaces.setQuota('shop', { pods: 10 }, admin);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => p.workloads.createPodVM({ namespace: 'shop', name: `web-${i}`, containers: [webContainer()] }, developer)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.every((r) => r.reason instanceof DomainError && r.reason.reason === 'Forbidden')).toBe(true);
    expect(p.pacific.inventory.count('PodVM', 'shop')).toBe(10);
    expect((p.pacific.inventory.get('Namespace', null, 'shop')!.state as NamespaceLive).used.pods).toBe(10);
  });

  it('lets one of two writers holding the same revision win; the other gets Conflict', async () => {
    await p.workloads.createPodVM({ namespace: 'shop', name: 'web-1', containers: [webContainer()] }, developer);
    // Two handlers over one store stand for two API servers.
    const first = new CommandHandler(p.store);
    const second = new CommandHandler(p.store);
    const { revision } = await first.load(podVmAggregate, 'shop/web-1');
    const relabel = (handler: CommandHandler, value: string) =>
      handler.handle(
        podVmAggregate,
        'shop/web-1',
        { type: 'UpdatePodVMMetadata', data: { namespace: 'shop', name: 'web-1', labels: { version: value }, annotations: {} }, metadata: { now: p.clock.now() } },
        { actor: 'alice', expectedRevision: revision },
      );
    const results = await Promise.allSettled([relabel(first, 'a'), relabel(second, 'b')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(rejected.reason).toBeInstanceOf(DomainError);
    expect((rejected.reason as DomainError).reason).toBe('Conflict');
    expect((await p.store.readStream('podVm-shop/web-1')).map((e) => e.type)).toEqual(['PodVMCreated', 'PodVMMetadataChanged']);
  });

  it('decides commuting commands again on fresh state when another writer got there first', async () => {
    const handlers = [new CommandHandler(p.store), new CommandHandler(p.store), new CommandHandler(p.store)];
    const reserve = (handler: CommandHandler, i: number) =>
      handler.handle(
        namespaceAggregate,
        'shop',
        { type: 'ReserveNamespaceQuota', data: { name: 'shop', objectRef: `podVm-shop/p${i}`, amounts: { pods: 1 } }, metadata: { now: p.clock.now() } },
        { actor: 'alice' },
      );
    await Promise.all(handlers.map((handler, i) => reserve(handler, i)));
    const { state } = await new CommandHandler(p.store).load(namespaceAggregate, 'shop');
    expect((state as NamespaceLive).used.pods).toBe(3);
  });

  it('rebuilds from the log exactly the inventory the live projection holds', async () => {
    await p.namespaces.setQuota('shop', { pods: 20, 'requests.cpu': 8000 }, admin);
    for (let i = 0; i < 6; i++) {
      await p.workloads.createPodVM({ namespace: 'shop', name: `web-${i}`, containers: [webContainer()] }, developer);
      await p.workloads.schedulePodVM('shop', `web-${i}`, `esx-0${(i % 3) + 1}`, admin);
      await p.workloads.startPodVM('shop', `web-${i}`, admin);
      p.clock.advance(1000);
    }
    await p.workloads.deletePodVM('shop', 'web-2', developer);
    await p.pacific.execute(hostAggregate, 'esx-03', { type: 'CordonHost', data: { name: 'esx-03' } }, admin);
    const rebuilt = await replayInventory(p.store, allAggregates);
    expect(rebuilt.checkpoint).toBe(p.pacific.inventory.checkpoint);
    expect(rebuilt.digest()).toBe(p.pacific.inventory.digest());
    expect(rebuilt.count('PodVM', 'shop')).toBe(5);
  });

  it('rebuilds the same inventory after deletes held by finalizers, restarts in place and field managers', async () => {
    await p.workloads.createPodVM({ namespace: 'shop', name: 'held', containers: [webContainer()], finalizers: ['backup.example.com/x'] }, developer);
    await p.workloads.schedulePodVM('shop', 'held', 'esx-01', admin);
    await p.workloads.startPodVM('shop', 'held', admin);
    await p.workloads.restartPodVMInPlace('shop', 'held', 'lost on host esx-01', admin);
    await p.workloads.deletePodVM('shop', 'held', developer);
    expect(p.pacific.inventory.count('PodVM', 'shop')).toBe(1);
    const entries = [{ manager: 'alice', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }];
    await p.pacific.execute(fieldManagersAggregate, 'shop/pods:held', { type: 'RecordFieldManagers', data: { objectUid: 'u-held', entries } }, admin);
    let rebuilt = await replayInventory(p.store, allAggregates);
    expect(rebuilt.digest()).toBe(p.pacific.inventory.digest());
    expect(rebuilt.get('PodVM', 'shop', 'held')?.state).toMatchObject({ restartCount: 1, deletionTimestamp: expect.any(String) });

    await p.workloads.updatePodVMMetadata({ namespace: 'shop', name: 'held', labels: {}, annotations: {}, finalizers: [] }, developer);
    rebuilt = await replayInventory(p.store, allAggregates);
    expect(rebuilt.digest()).toBe(p.pacific.inventory.digest());
    expect(rebuilt.count('PodVM', 'shop')).toBe(0);
  });

  it('shows the inventory as it was at an instant', async () => {
    await p.workloads.createPodVM({ namespace: 'shop', name: 'early', containers: [webContainer()] }, developer);
    const between = p.clock.now();
    p.clock.advance(60_000);
    await p.workloads.createPodVM({ namespace: 'shop', name: 'late', containers: [webContainer()] }, developer);
    const then = await replayInventory(p.store, allAggregates, { asOf: between });
    expect(then.list('PodVM', 'shop').map((pod) => pod.name)).toEqual(['early']);
    const now = await replayInventory(p.store, allAggregates);
    expect(now.list('PodVM', 'shop').map((pod) => pod.name)).toEqual(['early', 'late']);
  });

  it("reads an object's whole history with time, actor and a summary", async () => {
    await p.workloads.createPodVM({ namespace: 'shop', name: 'web-1', containers: [webContainer()] }, developer);
    await p.workloads.schedulePodVM('shop', 'web-1', 'esx-01', admin);
    const history = await objectHistory(p.store, 'podVm-shop/web-1');
    expect(history.map((line) => [line.event, line.actor])).toEqual([
      ['PodVMCreated', 'alice'],
      ['PodVMScheduled', 'admin'],
    ]);
    expect(history[1]!.summary).toBe('host=esx-01');
  });
});

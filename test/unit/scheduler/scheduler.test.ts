import { describe, expect, it } from 'vitest';
import { Scheduler, schedulerFor } from '../../../src/application/scheduler/scheduler.ts';
import { podRequest } from './fixtures.ts';
import { inventoryFeed } from './inventory-events.ts';

const names = (scheduler: Scheduler) => [...scheduler.hostsInOrder()].map((host) => host.name);

describe('Scheduler index', () => {
  it('builds from the inventory it is given and keeps hosts ordered by load as allocations come and go', () => {
    const feed = inventoryFeed();
    feed.host('esx-01');
    feed.host('esx-02');
    feed.pod('shop', 'a', { app: 'web' }, 4000);
    feed.schedule('shop', 'a', 'esx-01', 4000);
    const scheduler = new Scheduler(feed.inventory);
    expect(names(scheduler)).toEqual(['esx-02', 'esx-01']);
    expect(scheduler.countMatching('esx-01', 'shop', { app: 'web' })).toBe(1);

    feed.host('esx-03');
    feed.pod('shop', 'b', { app: 'web' }, 8000);
    feed.schedule('shop', 'b', 'esx-02', 8000);
    expect(names(scheduler)).toEqual(['esx-03', 'esx-01', 'esx-02']);
    expect(scheduler.host('esx-02')).toMatchObject({ allocated: { cpuMillis: 8000 }, podVMs: 1 });

    feed.hostEvent('esx-02', 'HostResourcesReleased', { objectRef: 'podVm-shop/b' });
    feed.podEvent('shop', 'b', 'PodVMDeleted', { host: 'esx-02', deletedAt: '2026-11-25T09:01:00.000Z' });
    expect(names(scheduler)).toEqual(['esx-02', 'esx-03', 'esx-01']);
    expect(scheduler.countMatching('esx-02', 'shop', {})).toBe(0);
    scheduler.close();
  });

  it('follows cordon, failure, labels and pods that move', () => {
    const feed = inventoryFeed();
    feed.host('esx-01');
    feed.host('esx-02');
    const scheduler = new Scheduler(feed.inventory);
    feed.hostEvent('esx-01', 'HostCordoned');
    feed.hostEvent('esx-02', 'HostMetadataChanged', { labels: { disk: 'ssd' }, annotations: {} });
    expect(scheduler.host('esx-01')?.cordoned).toBe(true);
    expect(scheduler.choose(podRequest({ nodeSelector: { disk: 'ssd' } }))).toEqual({ host: 'esx-02' });
    feed.hostEvent('esx-02', 'HostFailed', { reason: 'gone', at: '2026-11-25T09:01:00.000Z' });
    expect(scheduler.choose(podRequest())).toEqual({ host: null, reason: '0/2 nodes are available: 1 node(s) were not ready, 1 node(s) were unschedulable.' });

    feed.hostEvent('esx-01', 'HostUncordoned');
    feed.pod('shop', 'a', { app: 'web' });
    feed.schedule('shop', 'a', 'esx-02');
    expect(scheduler.countMatching('esx-02', 'shop', { app: 'web' })).toBe(1);
    feed.hostEvent('esx-01', 'HostResourcesAllocated', { objectRef: 'podVm-shop/a', workload: 'PodVM', resources: { cpuMillis: 1000, memoryBytes: 0 } });
    feed.podEvent('shop', 'a', 'PodVMRestartedElsewhere', { fromHost: 'esx-02', toHost: 'esx-01', reason: 'HostFailed', restartCount: 1 });
    expect(scheduler.countMatching('esx-02', 'shop', { app: 'web' })).toBe(0);
    expect(scheduler.countMatching('esx-01', 'shop', { app: 'web' })).toBe(1);
    feed.podEvent('shop', 'a', 'PodVMMetadataChanged', { labels: { app: 'api' }, annotations: {} });
    expect(scheduler.countMatching('esx-01', 'shop', { app: 'web' })).toBe(0);
    expect(scheduler.countMatching('esx-01', 'shop', { app: 'api' })).toBe(1);
    scheduler.close();
  });

  it('counts an assumed decision until the host allocation shows it, so concurrent decisions spread and never overcommit', () => {
    const feed = inventoryFeed();
    feed.host('esx-01', 4000);
    feed.host('esx-02', 4000);
    const scheduler = new Scheduler(feed.inventory);
    const request = (name: string) => podRequest({ objectRef: `podVm-shop/${name}`, resources: { cpuMillis: 3000, memoryBytes: 0 }, antiAffinity: [] });
    const first = scheduler.choose(request('a'));
    scheduler.assume(request('a'), first.host!);
    const second = scheduler.choose(request('b'));
    scheduler.assume(request('b'), second.host!);
    expect([first.host, second.host]).toEqual(['esx-01', 'esx-02']);
    expect(scheduler.choose(request('c'))).toEqual({ host: null, reason: '0/2 nodes are available: 2 Insufficient cpu.' });

    // The inventory shows a's allocation: counted once, not twice.
    feed.pod('shop', 'a', { app: 'web' }, 3000);
    feed.schedule('shop', 'a', 'esx-01', 3000);
    expect(scheduler.host('esx-01')?.allocated.cpuMillis).toBe(3000);
    scheduler.forget('podVm-shop/a');
    expect(scheduler.host('esx-01')?.allocated.cpuMillis).toBe(3000);
    expect(scheduler.countMatching('esx-01', 'shop', { app: 'web' })).toBe(1);

    // b is abandoned: its room comes back.
    scheduler.forget('podVm-shop/b');
    expect(scheduler.host('esx-02')?.allocated.cpuMillis).toBe(0);
    expect(scheduler.countMatching('esx-02', 'shop', {})).toBe(0);
    scheduler.close();
  });

  it('keeps assumed workloads in the (anti-)affinity counts', () => {
    const feed = inventoryFeed();
    for (const name of ['esx-01', 'esx-02', 'esx-03']) feed.host(name);
    const scheduler = new Scheduler(feed.inventory);
    const replica = (name: string) => podRequest({ objectRef: `podVm-shop/${name}`, antiAffinity: [{ labelSelector: { app: 'web' }, required: true }] });
    const chosen = ['r1', 'r2', 'r3'].map((name) => {
      const decision = scheduler.choose(replica(name));
      scheduler.assume(replica(name), decision.host!);
      return decision.host;
    });
    expect(chosen.sort()).toEqual(['esx-01', 'esx-02', 'esx-03']);
    expect(scheduler.choose(replica('r4')).host).toBeNull();
    scheduler.close();
  });

  it('is shared per inventory', () => {
    const feed = inventoryFeed();
    const scheduler = schedulerFor(feed.inventory);
    expect(schedulerFor(feed.inventory)).toBe(scheduler);
    scheduler.close();
    expect(schedulerFor(feed.inventory)).not.toBe(scheduler);
  });
});

import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../src/application/scheduler/scheduler.ts';
import { haOrder, simulateHostFailure, whatIfHostFails, type DisplacedWorkload } from '../../../src/application/scheduler/what-if.ts';
import { countingIn, hostView, noMatches, podRequest } from './fixtures.ts';
import { inventoryFeed } from './inventory-events.ts';

const pod = (name: string, cpuMillis: number, extra: Partial<DisplacedWorkload['request']> = {}): DisplacedWorkload => ({
  kind: 'Pod',
  namespace: 'shop',
  name,
  request: podRequest({ objectRef: `podVm-shop/${name}`, resources: { cpuMillis, memoryBytes: 0 }, ...extra }),
});
const vm = (name: string, cpuMillis: number): DisplacedWorkload => ({
  kind: 'VirtualMachine',
  namespace: 'shop',
  name,
  request: podRequest({ workload: 'VirtualMachine', objectRef: `virtualMachine-shop/${name}`, resources: { cpuMillis, memoryBytes: 0 } }),
});
const busy = (name: string, cpuMillis: number) => hostView(name, { allocated: { cpuMillis, memoryBytes: 0 } });

describe('what-if: a host fails', () => {
  it('restarts VMs first, then pod VMs, larger first', () => {
    expect([pod('p-small', 100), vm('v-small', 100), pod('p-big', 900), vm('v-big', 900)].sort(haOrder).map((w) => w.name)).toEqual([
      'v-big',
      'v-small',
      'p-big',
      'p-small',
    ]);
  });

  it("puts a namespace's HA restart priority before all else", () => {
    const ordered = [{ ...vm('v-low', 900), priority: 'Low' as const }, { ...pod('p-high', 100), priority: 'High' as const }, vm('v-medium', 100)].sort(haOrder);
    expect(ordered.map((w) => w.name)).toEqual(['p-high', 'v-medium', 'v-low']);
  });

  it('places what fits on a copy of the other hosts and reports the rest with the reason', () => {
    const hosts = [busy('esx-01', 10_000), busy('esx-02', 12_000), busy('esx-03', 12_000)];
    const answer = simulateHostFailure(hosts, noMatches, 'esx-01', [pod('web', 3000), vm('db', 4000), pod('cache', 2000)]);
    expect(answer).toEqual({
      host: 'esx-01',
      workloads: 3,
      placed: [
        { kind: 'VirtualMachine', namespace: 'shop', name: 'db', toHost: 'esx-02' },
        { kind: 'Pod', namespace: 'shop', name: 'web', toHost: 'esx-03' },
      ],
      unplaceable: [{ kind: 'Pod', namespace: 'shop', name: 'cache', reason: '0/3 nodes are available: 1 node(s) were not ready, 2 Insufficient cpu.' }],
    });
    // The live views are left as they were.
    expect(hosts.map((host) => host.allocated.cpuMillis)).toEqual([10_000, 12_000, 12_000]);
  });

  it('counts simulated placements for anti-affinity', () => {
    const spread = { antiAffinity: [{ labelSelector: { app: 'web' }, required: true }] };
    const answer = simulateHostFailure(
      [hostView('esx-01'), hostView('esx-02'), hostView('esx-03')],
      countingIn([['esx-03', 'shop', { app: 'web' }]]),
      'esx-01',
      [pod('web-1', 100, spread), pod('web-2', 100, spread)],
    );
    expect(answer.placed).toEqual([{ kind: 'Pod', namespace: 'shop', name: 'web-1', toHost: 'esx-02' }]);
    expect(answer.unplaceable[0]?.reason).toBe("0/3 nodes are available: 1 node(s) were not ready, 2 node(s) didn't match pod anti-affinity rules.");
  });

  it('reads the displaced workloads from the host allocations in the inventory', () => {
    const feed = inventoryFeed();
    feed.host('esx-01');
    feed.host('esx-02', 2000);
    feed.pod('shop', 'a', { app: 'web' }, 1500);
    feed.schedule('shop', 'a', 'esx-01', 1500);
    feed.pod('shop', 'b', { app: 'web' }, 1000);
    feed.schedule('shop', 'b', 'esx-01', 1000);
    const scheduler = new Scheduler(feed.inventory);
    expect(whatIfHostFails(scheduler, feed.inventory, 'esx-01')).toEqual({
      host: 'esx-01',
      workloads: 2,
      placed: [{ kind: 'Pod', namespace: 'shop', name: 'a', toHost: 'esx-02' }],
      unplaceable: [{ kind: 'Pod', namespace: 'shop', name: 'b', reason: '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were not ready.' }],
    });
    expect(whatIfHostFails(scheduler, feed.inventory, 'nope')).toBeUndefined();
    scheduler.close();
  });
});

import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/shared/errors.ts';
import { placeWithRetry } from '../../../src/application/controllers/ha-placement.ts';
import { runLimited, runsOf } from '../../../src/application/controllers/ha-pool.ts';
import { compareWorkItems, workloadKeyOf, type HostWorkItem } from '../../../src/application/controllers/ha-priority.ts';
import type { HostChooser, PlacementRequest } from '../../../src/application/scheduler/scheduler.port.ts';

const item = (workload: HostWorkItem['workload'], priority: HostWorkItem['priority'], namespace: string, name: string): HostWorkItem => ({
  objectRef: `${workload === 'PodVM' ? 'podVm' : 'virtualMachine'}-${namespace}/${name}`,
  workload,
  namespace,
  name,
  priority,
});

const request: PlacementRequest = { workload: 'PodVM', objectRef: 'podVm-shop/web', namespace: 'shop', resources: { cpuMillis: 100, memoryBytes: 1 }, labels: {}, nodeSelector: {}, excludeHosts: ['esx-01'] };

/** Chooses the first listed host not excluded. */
const listChooser = (hosts: string[], seen: PlacementRequest[] = []): HostChooser => ({
  choose: (r) => {
    seen.push(r);
    const host = hosts.find((h) => !r.excludeHosts?.includes(h));
    return host ? { host } : { host: null, reason: '0/3 nodes are available' };
  },
});

describe('HA restart order', () => {
  it('puts High namespaces first, then VMs before pod VMs, then namespace and name', () => {
    const items = [
      item('PodVM', 'Low', 'a', 'p1'),
      item('PodVM', 'High', 'b', 'p2'),
      item('VirtualMachine', 'Medium', 'c', 'vm1'),
      item('PodVM', 'Medium', 'a', 'p0'),
      item('VirtualMachine', 'High', 'z', 'vm0'),
      item('VirtualMachine', 'Low', 'a', 'vm2'),
    ];
    expect(items.sort(compareWorkItems).map((i) => `${i.priority}/${i.workload}/${i.name}`)).toEqual([
      'High/VirtualMachine/vm0',
      'High/PodVM/p2',
      'Medium/VirtualMachine/vm1',
      'Medium/PodVM/p0',
      'Low/VirtualMachine/vm2',
      'Low/PodVM/p1',
    ]);
  });

  it('reads namespace and name from an objectRef', () => {
    expect(workloadKeyOf('podVm-shop/web-1')).toEqual({ namespace: 'shop', name: 'web-1' });
    expect(workloadKeyOf('virtualMachine-db/my.vm')).toEqual({ namespace: 'db', name: 'my.vm' });
  });

  it('splits a sorted list into runs and runs work with a bound, collecting failures', async () => {
    expect(runsOf([1, 1, 2, 3, 3], String)).toEqual([[1, 1], [2], [3, 3]]);
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    const failures = await runLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      if (n === 4) throw new Error('four');
      done.push(n);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 5, 6, 7]);
    expect(failures.map((f) => (f as Error).message)).toEqual(['four']);
    expect(await runLimited([], 3, async () => undefined)).toEqual([]);
  });
});

describe('placeWithRetry', () => {
  it('acts on the chosen host, leaving out the hosts the workload leaves', async () => {
    const seen: PlacementRequest[] = [];
    const acted: string[] = [];
    expect(await placeWithRetry(listChooser(['esx-01', 'esx-02'], seen), request, async (host) => void acted.push(host))).toEqual({ host: 'esx-02' });
    expect(acted).toEqual(['esx-02']);
    expect(seen[0]!.excludeHosts).toEqual(['esx-01']);
  });

  it('asks again without a host that refused, and gives up with the last refusal', async () => {
    const refuse = (host: string) => async (chosen: string) => {
      if (chosen === host || host === '*') throw new DomainError('Forbidden', `host ${chosen} is full`);
    };
    expect(await placeWithRetry(listChooser(['esx-02', 'esx-03']), request, refuse('esx-02'))).toEqual({ host: 'esx-03' });
    expect(await placeWithRetry(listChooser(['esx-02', 'esx-03']), request, refuse('*'))).toEqual({ host: null, reason: '0/3 nodes are available (host esx-03 is full)' });
    expect(await placeWithRetry(listChooser([]), request, refuse('*'))).toEqual({ host: null, reason: '0/3 nodes are available' });
  });

  it('rethrows what is not a host refusal', async () => {
    await expect(placeWithRetry(listChooser(['esx-02']), request, async () => { throw new DomainError('Forbidden', 'exceeded quota: q'); })).rejects.toThrow(/exceeded quota/);
    await expect(placeWithRetry(listChooser(['esx-02']), request, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
  });

  it('lets an assuming chooser count the decision while it is committed', async () => {
    const log: string[] = [];
    const chooser = { ...listChooser(['esx-02']), assume: (r: PlacementRequest, host: string) => void log.push(`assume ${r.objectRef} ${host}`), forget: (ref: string) => void log.push(`forget ${ref}`) };
    await placeWithRetry(chooser, request, async (host) => void log.push(`act ${host}`));
    expect(log).toEqual(['assume podVm-shop/web esx-02', 'act esx-02', 'forget podVm-shop/web']);
  });
});

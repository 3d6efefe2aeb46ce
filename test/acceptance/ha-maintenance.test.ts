import { afterEach, describe, expect, it } from 'vitest';
import { evictPodVM } from '../../src/application/controllers/host-drain.ts';
import { apiServices } from '../../src/cli/serve.ts';
import { allRunning, expectCreated, namespace, pod, podsPath, setCordoned, vm, vmClass, vmsPath } from './support/ha-fixtures.ts';
import { startHaPacific, type HaPacific } from './support/ha-pacific.ts';

const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '10', 'requests.cpu': '20' } } };

describe('Maintenance: cordon migrates VMs off, eviction restarts pods elsewhere', () => {
  let p: HaPacific;
  afterEach(async () => p?.stop());

  /** Two VMs and two pods on esx-01, nothing elsewhere. */
  const loadEsx01 = async () => {
    p = await startHaPacific({ simHosts: 3, simHostCpu: '16', simHostMemory: '64Gi', simBootMs: 10 });
    await expectCreated(p, '/api/v1/namespaces', namespace('shop'));
    await expectCreated(p, '/api/v1/namespaces/shop/resourcequotas', quota);
    await expectCreated(p, '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachineclasses', vmClass(2));
    for (const node of ['esx-02', 'esx-03']) await setCordoned(p, node, true);
    for (const name of ['db-0', 'db-1']) await expectCreated(p, vmsPath('shop'), vm(name));
    for (const name of ['web-0', 'web-1']) await expectCreated(p, podsPath('shop'), pod(name));
    await p.eventually(vmsPath('shop'), (list) => list.items.length === 2 && list.items.every((i: any) => i.status.powerState === 'PoweredOn' && i.status.nodeName === 'esx-01'));
    await p.eventually(podsPath('shop'), (list) => allRunning(list, 2));
    for (const node of ['esx-02', 'esx-03']) await setCordoned(p, node, false);
  };

  it('live-migrates the VMs of a cordoned host to others, powered on throughout; pods stay; new work goes elsewhere', async () => {
    await loadEsx01();
    await setCordoned(p, 'esx-01', true);
    const moved = await p.eventually(vmsPath('shop'), (list) => list.items.every((i: any) => i.status.nodeName !== 'esx-01'), 5_000);
    await p.ha.idle();
    for (const item of moved.items) {
      expect(item.status.powerState).toBe('PoweredOn');
      expect(await p.fleet.runningOn(item.status.nodeName)).toContain(`virtualMachine-shop/${item.metadata.name}`);
      const types = await p.eventTypes(`virtualMachine-shop/${item.metadata.name}`);
      expect(types.slice(-1)).toEqual(['VirtualMachineMigrated']);
      expect(types).not.toContain('VirtualMachinePoweredOff');
    }
    expect((await p.fleet.runningOn('esx-01')).sort()).toEqual(['podVm-shop/web-0', 'podVm-shop/web-1']);
    const node = (await p.request('GET', '/api/v1/nodes/esx-01')).body;
    expect(node.spec.unschedulable).toBe(true);
    expect(node.status.allocated).toMatchObject({ podVMs: 2, virtualMachines: 0 });
    await expectCreated(p, podsPath('shop'), pod('web-2'));
    const fresh = await p.eventually(`${podsPath('shop')}/web-2`, (body) => body.status?.phase === 'Running');
    expect(fresh.spec.nodeName).not.toBe('esx-01');
  });

  it('evicts a pod VM as a new incarnation on another host, its quota counted once', async () => {
    await loadEsx01();
    await setCordoned(p, 'esx-01', true);
    const before = (await p.request('GET', `${podsPath('shop')}/web-0`)).body;
    const usedBefore = (await p.request('GET', '/api/v1/namespaces/shop/resourcequotas/q')).body.status.used;
    const services = { ...apiServices(p.application.container), hypervisor: p.fleet };

    const recreated = await evictPodVM(services, 'shop', 'web-0', { actor: 'admin' });
    expect(recreated?.uid).not.toBe(before.metadata.uid);
    const after = await p.eventually(`${podsPath('shop')}/web-0`, (body) => body.status?.phase === 'Running', 5_000);
    expect(after.metadata.uid).toBe(recreated!.uid);
    expect(after.spec.nodeName).not.toBe('esx-01');
    expect(after.spec.containers).toEqual(before.spec.containers);
    expect(await p.eventTypes('podVm-shop/web-0')).toEqual([
      'PodVMCreated', 'PodVMScheduled', 'PodVMStarted', 'PodVMEvicted', 'PodVMDeleted', 'PodVMCreated', 'PodVMScheduled', 'PodVMStarted',
    ]);
    expect(await p.fleet.runningOn('esx-01')).toEqual(['podVm-shop/web-1']);
    expect((await p.request('GET', '/api/v1/nodes/esx-01')).body.status.allocated.podVMs).toBe(1);
    expect((await p.request('GET', '/api/v1/namespaces/shop/resourcequotas/q')).body.status.used).toEqual(usedBefore);
    const namespaceEvents = await p.eventTypes('namespace-shop');
    expect(namespaceEvents.filter((type) => type === 'NamespaceQuotaReleased')).toHaveLength(0);
  });
});

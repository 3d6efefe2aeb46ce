import { afterEach, describe, expect, it } from 'vitest';
import { haPendingAnnotation } from '../../src/application/controllers/ha.controller.ts';
import { expectCreated, namespace, readyOf, setCordoned, vm, vmClass, vmsPath } from './support/ha-fixtures.ts';
import { startHaPacific, type HaPacific } from './support/ha-pacific.ts';

const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'count/virtualmachines.vmoperator.vmware.com': '10', 'requests.cpu': '40' } } };

const vmsOn = (list: any, predicate: (item: any) => boolean): boolean => list.items?.length > 0 && list.items.every(predicate);

describe('HA: a failed host\'s VMs restart elsewhere', () => {
  let p: HaPacific;
  afterEach(async () => p?.stop());

  const setUp = async (options: Record<string, string | number>, cpus: number) => {
    p = await startHaPacific(options);
    await expectCreated(p, '/api/v1/namespaces', namespace('shop'));
    await expectCreated(p, '/api/v1/namespaces/shop/resourcequotas', quota);
    await expectCreated(p, '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachineclasses', vmClass(cpus));
  };

  /** Two 3-CPU VMs on two 4-CPU hosts: they cannot share one, so each host carries one. */
  const twoFullHosts = async (): Promise<{ bigHost: string; otherHost: string }> => {
    await expectCreated(p, vmsPath('shop'), vm('big'));
    const big = await p.eventually(`${vmsPath('shop')}/big`, (body) => body.status?.powerState === 'PoweredOn');
    await expectCreated(p, vmsPath('shop'), vm('other'));
    const other = await p.eventually(`${vmsPath('shop')}/other`, (body) => body.status?.powerState === 'PoweredOn');
    expect(other.status.nodeName).not.toBe(big.status.nodeName);
    return { bigHost: big.status.nodeName, otherHost: other.status.nodeName };
  };

  // Cordoning would migrate VMs already placed: only used before any VM runs elsewhere.
  const createVmOn = async (name: string, host: string, hosts: string[]) => {
    for (const other of hosts.filter((h) => h !== host)) await setCordoned(p, other, true);
    await expectCreated(p, vmsPath('shop'), vm(name));
    await p.eventually(`${vmsPath('shop')}/${name}`, (body) => body.status?.powerState === 'PoweredOn' && body.status.nodeName === host);
    for (const other of hosts.filter((h) => h !== host)) await setCordoned(p, other, false);
  };

  it('powers the VMs of a failed host on again on healthy hosts, keeping their address and quota', async () => {
    await setUp({ simHosts: 3, simHostCpu: '16', simHostMemory: '64Gi', simBootMs: 10 }, 2);
    for (const name of ['db-0', 'db-1', 'db-2']) await createVmOn(name, 'esx-01', ['esx-01', 'esx-02', 'esx-03']);
    const before = (await p.request('GET', vmsPath('shop'))).body;
    const usedBefore = (await p.request('GET', '/api/v1/namespaces/shop/resourcequotas/q')).body.status.used;

    await p.sim('fail', 'esx-01');
    await p.eventually('/api/v1/nodes/esx-01', (node) => readyOf(node) === 'False', 5_000);
    const after = await p.eventually(vmsPath('shop'), (list) => vmsOn(list, (item) => item.status.nodeName !== 'esx-01' && item.status.powerState === 'PoweredOn'), 5_000);
    await p.ha.idle();
    for (const item of after.items) {
      const name = item.metadata.name;
      expect(await p.fleet.runningOn(item.status.nodeName)).toContain(`virtualMachine-shop/${name}`);
      expect(item.status.network.primaryIP4).toBe(before.items.find((b: any) => b.metadata.name === name).status.network.primaryIP4);
      const restarted = (await p.store.readStream(`virtualMachine-shop/${name}`)).find((event) => event.type === 'VirtualMachineRestartedElsewhere')!;
      expect(restarted.data).toMatchObject({ fromHost: 'esx-01', toHost: item.status.nodeName, reason: expect.stringContaining('host esx-01 failed') });
    }
    expect((await p.request('GET', '/api/v1/namespaces/shop/resourcequotas/q')).body.status.used).toEqual(usedBefore);
    expect((await p.request('GET', '/api/v1/nodes/esx-01')).body.status.allocated.virtualMachines).toBe(0);
  });

  it('keeps a VM that finds no room waiting with the reason, and restarts it once room is freed', async () => {
    await setUp({ simHosts: 2, simHostCpu: '4', simHostMemory: '64Gi', simBootMs: 0 }, 3);
    const { bigHost, otherHost } = await twoFullHosts();

    await p.sim('fail', bigHost);
    const waiting = await p.eventually(`${vmsPath('shop')}/big`, (body) => body.metadata.annotations?.[haPendingAnnotation] !== undefined, 5_000);
    expect(waiting.metadata.annotations[haPendingAnnotation]).toMatch(new RegExp(`^host ${bigHost} failed: heartbeat lost.*no host to restart on: .*cpu`));
    const placementOf = (vm: any) => vm.status.conditions.find((c: { type: string }) => c.type === 'PlacementReady');
    expect(placementOf(waiting)).toMatchObject({ status: 'False', reason: 'HostFailed', message: waiting.metadata.annotations[haPendingAnnotation] });
    expect((await p.request('GET', `/api/v1/nodes/${bigHost}`)).body.status.allocated.virtualMachines).toBe(0);

    expect((await p.request('DELETE', `${vmsPath('shop')}/other`)).status).toBe(200);
    const restarted = await p.eventually(`${vmsPath('shop')}/big`, (body) => body.status.nodeName === otherHost && body.metadata.annotations?.[haPendingAnnotation] === undefined, 5_000);
    expect(restarted.status.powerState).toBe('PoweredOn');
    expect(placementOf(restarted).status).toBe('True');
    await p.ha.idle();
    expect(await p.fleet.runningOn(otherHost)).toContain('virtualMachine-shop/big');
    expect(await p.eventTypes('virtualMachine-shop/big')).toEqual(
      expect.arrayContaining(['VirtualMachineMetadataChanged', 'VirtualMachineRestartedElsewhere']),
    );
  });

  it('restarts a waiting VM on its own host when that host recovers', async () => {
    await setUp({ simHosts: 2, simHostCpu: '4', simHostMemory: '64Gi', simBootMs: 0 }, 3);
    const { bigHost } = await twoFullHosts();
    await p.sim('fail', bigHost);
    await p.eventually(`${vmsPath('shop')}/big`, (body) => body.metadata.annotations?.[haPendingAnnotation] !== undefined, 5_000);

    await p.sim('recover', bigHost);
    const back = await p.eventually(`${vmsPath('shop')}/big`, (body) => body.metadata.annotations?.[haPendingAnnotation] === undefined, 5_000);
    expect(back.status).toMatchObject({ nodeName: bigHost, powerState: 'PoweredOn' });
    await p.ha.idle();
    expect(await p.fleet.runningOn(bigHost)).toEqual(['virtualMachine-shop/big']);
    expect((await p.request('GET', `/api/v1/nodes/${bigHost}`)).body.status.allocated.virtualMachines).toBe(1);
  });
});

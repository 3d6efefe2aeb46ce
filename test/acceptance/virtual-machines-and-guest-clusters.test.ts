import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allAggregates, guestClusterAggregate } from '../../src/application/aggregates.ts';
import { replayInventory } from '../../src/application/inventory/replay.ts';
import type { WithoutMetadata } from '../../src/application/services/pacific.ts';
import type { GuestClusterCommand, GuestClusterLive } from '../../src/domain/guestcluster/index.ts';
import type { HostReady } from '../../src/domain/host/index.ts';
import type { NamespaceLive } from '../../src/domain/namespace/index.ts';
import type { VirtualMachineLive } from '../../src/domain/virtualmachine/index.ts';
import { admin, developer, startPacific, type PacificUnderTest } from './support/pacific-under-test.ts';
import { refusal } from './support/refusal.ts';

const GiB = 2 ** 30;
const small = { cpuMillis: 2000, memoryBytes: 4 * GiB };
const medium = { cpuMillis: 4000, memoryBytes: 8 * GiB };
const dbSpec = {
  namespace: 'shop',
  name: 'db',
  className: 'best-effort-small',
  imageName: 'ubuntu-22.04',
  storageClass: 'gold',
  powerState: 'PoweredOn' as const,
  resources: small,
  volumes: [{ name: 'data', claimName: 'db-data' }],
};


describe('Virtual machines and guest clusters through the application layer', () => {
  let p: PacificUnderTest;
  const host = (name: string) => p.pacific.inventory.get('Host', null, name)!.state as HostReady;
  const shop = () => p.pacific.inventory.get('Namespace', null, 'shop')!.state as NamespaceLive;
  const vm = (name: string) => p.pacific.inventory.get('VirtualMachine', 'shop', name)?.state as VirtualMachineLive | undefined;

  beforeEach(async () => {
    p = await startPacific();
    await p.namespaces.create({ name: 'shop' }, admin);
    await p.namespaces.setQuota('shop', { virtualmachines: 2, 'requests.cpu': 5000 }, admin);
  });
  afterEach(async () => p.stop());

  it('places a VM, powers it on with an address, snapshots, resizes within quota and migrates it', async () => {
    await p.vms.create(dbSpec, developer);
    await p.vms.place('shop', 'db', 'esx-01', admin);
    const on = await p.vms.powerOn('shop', 'db', admin);
    expect(on).toMatchObject({ powerState: 'PoweredOn', host: 'esx-01' });
    expect(on.ip).toBeTruthy();
    await p.vms.takeSnapshot('shop', 'db', 'before-upgrade', developer);

    const resized = await p.vms.resize('shop', 'db', 'guaranteed-medium', medium, developer);
    expect(resized.resources).toEqual(medium);
    expect(shop().used['requests.cpu']).toBe(4000);
    expect(host('esx-01').allocated.cpuMillis).toBe(4000);

    const tooBig = await refusal(p.vms.resize('shop', 'db', 'huge', { cpuMillis: 6000, memoryBytes: 8 * GiB }, developer));
    expect(tooBig.reason).toBe('Forbidden');
    expect(vm('db')!.resources).toEqual(medium);
    expect(shop().used['requests.cpu']).toBe(4000);

    const reverted = await p.vms.revertSnapshot('shop', 'db', 'before-upgrade', developer);
    expect(reverted.currentSnapshot).toBe('before-upgrade');

    const moved = await p.vms.migrate('shop', 'db', 'esx-02', admin);
    expect(moved).toMatchObject({ host: 'esx-02', powerState: 'PoweredOn', ip: on.ip });
    expect(host('esx-01').virtualMachineCount).toBe(0);
    expect(host('esx-02').virtualMachineCount).toBe(1);
    expect(shop().used.virtualmachines).toBe(1);
  });

  it('refuses a VM over the namespace quota and leaves nothing behind', async () => {
    await p.vms.create(dbSpec, developer);
    await p.vms.create({ ...dbSpec, name: 'db2' }, developer);
    const error = await refusal(p.vms.create({ ...dbSpec, name: 'db3' }, developer));
    expect(error.message).toMatch(/exceeded quota/);
    expect(await p.eventTypes('virtualMachine-shop/db3')).toEqual([]);
  });

  it('deleting a namespace deletes its VMs and frees their hosts', async () => {
    await p.vms.create(dbSpec, developer);
    await p.vms.place('shop', 'db', 'esx-03', admin);
    await p.vms.powerOn('shop', 'db', admin);
    await p.namespaces.delete('shop', admin);
    expect(vm('db')).toBeUndefined();
    expect(host('esx-03').virtualMachineCount).toBe(0);
    expect(await p.eventTypes('virtualMachine-shop/db')).toEqual([
      'VirtualMachineCreated',
      'VirtualMachinePlaced',
      'VirtualMachinePoweredOn',
      'VirtualMachineDeletionRequested',
      'VirtualMachineDeleted',
    ]);
  });

  it('runs a guest cluster once every node is ready, and upgrades only to the next minor', async () => {
    const run = (command: WithoutMetadata<GuestClusterCommand>) => p.pacific.execute(guestClusterAggregate, 'shop/dev', command, developer);
    await run({
      type: 'CreateGuestCluster',
      data: {
        namespace: 'shop',
        name: 'dev',
        uid: 'tkc-1',
        version: 'v1.29.4---vmware.3-fips.1-tkg.1',
        controlPlane: { replicas: 1, vmClass: 'best-effort-small', storageClass: 'gold' },
        nodePools: [{ name: 'workers', replicas: 1, vmClass: 'best-effort-small', storageClass: 'gold' }],
      },
    });
    for (const [nodeName, role, pool] of [
      ['dev-cp-1', 'ControlPlane', null],
      ['dev-workers-1', 'Worker', 'workers'],
    ] as const) {
      await run({ type: 'RequestGuestClusterNode', data: { namespace: 'shop', name: 'dev', nodeName, role, pool, version: 'v1.29.4---vmware.3-fips.1-tkg.1' } });
      await run({ type: 'MarkGuestClusterNodeReady', data: { namespace: 'shop', name: 'dev', nodeName } });
    }
    const cluster = p.pacific.inventory.get('GuestCluster', 'shop', 'dev')!.state as GuestClusterLive;
    expect(cluster.status).toBe('Running');

    const skip = await refusal(run({ type: 'StartGuestClusterUpgrade', data: { namespace: 'shop', name: 'dev', version: 'v1.31.1---vmware.1-tkg.1' } }));
    expect(skip.reason).toBe('Invalid');
    await run({ type: 'StartGuestClusterUpgrade', data: { namespace: 'shop', name: 'dev', version: 'v1.30.1---vmware.1-tkg.1' } });
    expect((p.pacific.inventory.get('GuestCluster', 'shop', 'dev')!.state as GuestClusterLive).status).toBe('Updating');

    const rebuilt = await replayInventory(p.store, allAggregates);
    expect(rebuilt.digest()).toBe(p.pacific.inventory.digest());
  });
});

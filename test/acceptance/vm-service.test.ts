import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const vmPath = (name = '') => `/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines${name ? `/${name}` : ''}`;
const merge = { 'content-type': 'application/merge-patch+json' };
const vm = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'vmoperator.vmware.com/v1alpha3',
  kind: 'VirtualMachine',
  metadata: { name },
  spec: { className: 'best-effort-small', imageName: 'ubuntu-22.04', storageClass: 'gold', powerState: 'PoweredOn', ...spec },
});
const condition = (object: { status: { conditions: { type: string; status: string; reason?: string; message?: string }[] } }, type: string) =>
  object.status.conditions.find((c) => c.type === type)!;

describe('VM Service over the API: volumes, resize, snapshots', () => {
  let p: HttpPacific;
  beforeEach(async () => {
    p = await startHttpPacific();
    await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    await p.request('POST', '/apis/storage.k8s.io/v1/storageclasses', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gold' }, provisioner: 'csi.vsphere.vmware.com' });
  });
  afterEach(async () => p.stop());

  it('runs a VM with a claim from the seeded catalog: PoweredOn with an address and ready conditions', async () => {
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'db-data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gold', resources: { requests: { storage: '20Gi' } } } };
    expect((await p.request('POST', '/api/v1/namespaces/shop/persistentvolumeclaims', claim)).status).toBe(201);
    expect((await p.request('POST', vmPath(), vm('db', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'db-data' } }] }))).status).toBe(201);
    const on = await p.eventually(vmPath('db'), (body) => body.status?.powerState === 'PoweredOn');
    expect(on.status.network.primaryIP4).toMatch(/^10\./);
    for (const type of ['VirtualMachineClassReady', 'VirtualMachineImageReady', 'VirtualMachineStorageReady', 'PlacementReady', 'VirtualMachineCreated']) expect(condition(on, type).status).toBe('True');
    expect(on.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'db-data' } }]);
  });

  it('reports a missing claim and an unknown image as conditions with reasons', async () => {
    const created = await p.request('POST', vmPath(), vm('lost', { imageName: 'no-such-image', volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'nowhere' } }] }));
    expect(created.status).toBe(201);
    expect(condition(created.body, 'VirtualMachineStorageReady')).toMatchObject({ status: 'False', reason: 'NotFound', message: expect.stringContaining('"nowhere"') });
    expect(condition(created.body, 'VirtualMachineImageReady')).toMatchObject({ status: 'False', reason: 'NotFound' });
  });

  it('resizes by changing className, re-checking the namespace quota', async () => {
    await p.request('POST', '/api/v1/namespaces/shop/resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'memory' }, spec: { hard: { 'requests.memory': '20Gi' } } });
    await p.request('POST', vmPath(), vm('db', { className: 'guaranteed-small' }));
    await p.eventually(vmPath('db'), (body) => body.status?.powerState === 'PoweredOn');
    const grown = await p.request('PATCH', vmPath('db'), { spec: { className: 'guaranteed-large' } }, merge);
    expect(grown.status).toBe(200);
    expect(grown.body.spec.className).toBe('guaranteed-large');
    const tooBig = await p.request('PATCH', vmPath('db'), { spec: { className: 'guaranteed-xlarge' } }, merge);
    expect(tooBig.status).toBe(403);
    expect(tooBig.body.message).toMatch(/exceeded quota/);
    expect((await p.request('GET', vmPath('db'))).body.spec.className).toBe('guaranteed-large');
    expect(await p.eventTypes('virtualMachine-shop/db')).toContain('VirtualMachineResized');
  });

  it('takes a snapshot when spec.currentSnapshotName names a new one, and reverts when it names an existing one', async () => {
    await p.request('POST', vmPath(), vm('db'));
    await p.eventually(vmPath('db'), (body) => body.status?.powerState === 'PoweredOn');
    expect((await p.request('PATCH', vmPath('db'), { spec: { currentSnapshotName: 'before-upgrade' } }, merge)).status).toBe(200);
    await p.request('PATCH', vmPath('db'), { spec: { currentSnapshotName: 'after-upgrade', className: 'best-effort-medium' } }, merge);
    const reverted = await p.request('PATCH', vmPath('db'), { spec: { currentSnapshotName: 'before-upgrade' } }, merge);
    expect(reverted.body.spec).toMatchObject({ currentSnapshotName: 'before-upgrade', className: 'best-effort-small' });
    const types = await p.eventTypes('virtualMachine-shop/db');
    expect(types.filter((type) => type.startsWith('VirtualMachineSnapshot'))).toEqual(['VirtualMachineSnapshotTaken', 'VirtualMachineSnapshotTaken', 'VirtualMachineSnapshotReverted']);
  });

  it('powers off honouring spec.powerOffMode, and suspends', async () => {
    await p.request('POST', vmPath(), vm('db', { powerOffMode: 'Hard' }));
    await p.eventually(vmPath('db'), (body) => body.status?.powerState === 'PoweredOn');
    await p.request('PATCH', vmPath('db'), { spec: { powerState: 'PoweredOff' } }, merge);
    await p.eventually(vmPath('db'), (body) => body.status?.powerState === 'PoweredOff');
    const off = (await p.store.readStream('virtualMachine-shop/db')).find((event) => event.type === 'VirtualMachinePoweredOff')!;
    expect((off.data as { mode: string }).mode).toBe('Hard');
    await p.request('PATCH', vmPath('db'), { spec: { powerState: 'PoweredOn' } }, merge);
    await p.eventually(vmPath('db'), (body) => body.status?.powerState === 'PoweredOn');
    await p.request('PATCH', vmPath('db'), { spec: { powerState: 'Suspended' } }, merge);
    await p.eventually(vmPath('db'), (body) => body.status?.powerState === 'Suspended');
    expect(await p.eventTypes('virtualMachine-shop/db')).toContain('VirtualMachineSuspended');
  });
});

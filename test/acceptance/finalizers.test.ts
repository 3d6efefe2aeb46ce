import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const pods = '/api/v1/namespaces/shop/pods';
const finalizer = 'backup.example.com/snapshot';
const pod = (name: string, finalizers?: string[]) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(finalizers ? { finalizers } : {}) },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '500m', memory: '256Mi' } } }] },
});
const merge = { 'content-type': 'application/merge-patch+json' };

const vms = '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines';
const vm = (name: string, finalizers: string[]) => ({
  apiVersion: 'vmoperator.vmware.com/v1alpha3',
  kind: 'VirtualMachine',
  metadata: { name, finalizers },
  spec: { className: 'best-effort-small', imageName: 'ubuntu-22.04', storageClass: 'gold', powerState: 'PoweredOn' },
});

describe('finalizers on pods and VMs', () => {
  let p: HttpPacific;
  beforeEach(async () => {
    p = await startHttpPacific();
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).status).toBe(201);
  });
  afterEach(async () => p.stop());

  const until = async (condition: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 60 && !(await condition()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await condition()).toBe(true);
  };

  const hostEvents = async (host: string, objectRef: string): Promise<string[]> =>
    (await p.store.readStream(`host-${host}`)).filter((event) => (event.data as { objectRef?: string }).objectRef === objectRef).map((event) => event.type);

  it('a delete held by a finalizer leaves the pod Terminating and holding its host; removing the finalizer completes it', async () => {
    expect((await p.request('POST', pods, pod('held', [finalizer]))).status).toBe(201);
    const running = await p.eventually(`${pods}/held`, (body) => body.status?.phase === 'Running');
    expect(running.metadata.finalizers).toEqual([finalizer]);
    const host = running.spec.nodeName as string;

    const deleted = await p.request('DELETE', `${pods}/held`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.metadata).toMatchObject({ name: 'held', finalizers: [finalizer], deletionGracePeriodSeconds: 0 });
    expect(deleted.body.metadata.deletionTimestamp).toEqual(expect.any(String));
    const terminating = await p.request('GET', `${pods}/held`);
    expect(terminating.status).toBe(200);
    expect(terminating.body.metadata.deletionTimestamp).toBe(deleted.body.metadata.deletionTimestamp);
    expect(await hostEvents(host, 'podVm-shop/held')).toEqual(['HostResourcesAllocated']);

    const added = await p.request('PATCH', `${pods}/held`, { metadata: { finalizers: [finalizer, 'other.example.com/x'] } }, merge);
    expect(added.status).toBe(422);
    expect(added.body.message).toContain('no new finalizers can be added if the object is being deleted');

    const released = await p.request('PATCH', `${pods}/held`, { metadata: { finalizers: null } }, merge);
    expect(released.status).toBe(200);
    expect((await p.request('GET', `${pods}/held`)).status).toBe(404);
    expect(await p.eventTypes('podVm-shop/held')).toEqual(['PodVMCreated', 'PodVMScheduled', 'PodVMStarted', 'PodVMDeletionRequested', 'PodVMMetadataChanged', 'PodVMDeleted']);
    expect(await hostEvents(host, 'podVm-shop/held')).toEqual(['HostResourcesAllocated', 'HostResourcesReleased']);
    const namespaceEvents = (await p.store.readStream('namespace-shop')).filter((event) => (event.data as { objectRef?: string }).objectRef === 'podVm-shop/held').map((event) => event.type);
    expect(namespaceEvents).toEqual(['NamespaceQuotaReserved', 'NamespaceIpAllocated', 'NamespaceIpReleased', 'NamespaceQuotaReleased']);
    // The name is free again.
    expect((await p.request('POST', pods, pod('held'))).status).toBe(201);
  });

  it('keeps finalizers through label edits and a replace; a pod without any is deleted at once', async () => {
    expect((await p.request('POST', pods, pod('kept', [finalizer]))).status).toBe(201);
    const labelled = await p.request('PATCH', `${pods}/kept`, { metadata: { labels: { tier: 'web' } } }, merge);
    expect(labelled.body.metadata).toMatchObject({ labels: { tier: 'web' }, finalizers: [finalizer] });
    const { metadata, spec } = labelled.body;
    const replaced = await p.request('PUT', `${pods}/kept`, { apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, finalizers: [] }, spec });
    expect(replaced.status).toBe(200);
    expect(replaced.body.metadata.finalizers).toBeUndefined();
    expect((await p.request('DELETE', `${pods}/kept`)).status).toBe(200);
    expect((await p.request('GET', `${pods}/kept`)).status).toBe(404);
  });

  it('a namespace stays Terminating while a finalizer holds one of its pods, and goes once it is removed', async () => {
    expect((await p.request('POST', pods, pod('last', [finalizer]))).status).toBe(201);
    expect((await p.request('POST', pods, pod('plain'))).status).toBe(201);
    expect((await p.request('DELETE', '/api/v1/namespaces/shop')).status).toBe(200);
    await until(async () => (await p.request('GET', `${pods}/plain`)).status === 404);
    const held = await p.request('GET', `${pods}/last`);
    expect(held.status).toBe(200);
    expect(held.body.metadata.deletionTimestamp).toEqual(expect.any(String));
    expect((await p.request('GET', '/api/v1/namespaces/shop')).body.status.phase).toBe('Terminating');

    expect((await p.request('PATCH', `${pods}/last`, { metadata: { finalizers: [] } }, merge)).status).toBe(200);
    await until(async () => (await p.request('GET', '/api/v1/namespaces/shop')).status === 404);
    expect((await p.eventTypes('namespace-shop')).at(-1)).toBe('NamespaceDeleted');
  });

  it('a VM held by a finalizer stays marked for deletion, powered on, until the finalizer goes', async () => {
    expect((await p.request('POST', vms, vm('db', [finalizer]))).status).toBe(201);
    const on = await p.eventually(`${vms}/db`, (body) => body.status?.powerState === 'PoweredOn');
    expect(on.metadata.finalizers).toEqual([finalizer]);

    const deleted = await p.request('DELETE', `${vms}/db`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.metadata.deletionTimestamp).toEqual(expect.any(String));
    const held = await p.request('GET', `${vms}/db`);
    expect(held.status).toBe(200);
    expect(held.body.metadata.finalizers).toEqual([finalizer]);
    expect(await hostEvents(on.status.nodeName, 'virtualMachine-shop/db')).toEqual(['HostResourcesAllocated']);

    expect((await p.request('PATCH', `${vms}/db`, { metadata: { finalizers: [] } }, merge)).status).toBe(200);
    expect((await p.request('GET', `${vms}/db`)).status).toBe(404);
    expect((await p.eventTypes('virtualMachine-shop/db')).slice(-3)).toEqual(['VirtualMachineDeletionRequested', 'VirtualMachineMetadataChanged', 'VirtualMachineDeleted']);
    expect(await hostEvents(on.status.nodeName, 'virtualMachine-shop/db')).toEqual(['HostResourcesAllocated', 'HostResourcesReleased']);
  });
});

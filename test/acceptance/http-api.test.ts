import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';
import { openWatch } from './support/watch-client.ts';

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const pod = (name: string, labels: Record<string, string> = { app: 'web' }, cpu = '500m') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu, memory: '256Mi' } } }] },
});
const vmClass = { apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachineClass', metadata: { name: 'best-effort-small' }, spec: { hardware: { cpus: 2, memory: '4Gi' } } };
const vm = (name: string, apiVersion = 'vmoperator.vmware.com/v1alpha3') => ({
  apiVersion,
  kind: 'VirtualMachine',
  metadata: { name, labels: { tier: 'db' } },
  spec: { className: 'best-effort-small', imageName: 'ubuntu-22.04', storageClass: 'gold', powerState: 'PoweredOn', bootstrap: { cloudInit: { rawCloudConfig: 'I2Nsb3VkLWNvbmZpZw==' } } },
});

describe('Kubernetes API over HTTP (in-memory store, simulated fleet)', () => {
  let p: HttpPacific;
  beforeEach(async () => {
    p = await startHttpPacific();
    expect((await p.request('POST', '/api/v1/namespaces', namespace('shop'))).status).toBe(201);
  });
  afterEach(async () => p.stop());

  it('serves discovery and version', async () => {
    const core = await p.request('GET', '/api/v1');
    expect(core.body.resources.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['pods', 'nodes', 'namespaces', 'pods/status']));
    const groups = await p.request('GET', '/apis');
    const vmoperator = groups.body.groups.find((g: { name: string }) => g.name === 'vmoperator.vmware.com');
    expect(vmoperator.preferredVersion.version).toBe('v1alpha3');
    expect((await p.request('GET', '/version')).body.major).toBe('1');
  });

  it('creates a pod with full metadata, records its events, and runs it on a host', async () => {
    const created = await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'));
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'web-1', namespace: 'shop', labels: { app: 'web' } });
    expect(created.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(created.body.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(created.body.spec.containers[0].ports).toEqual([{ containerPort: 80 }]);
    const running = await p.eventually('/api/v1/namespaces/shop/pods/web-1', (body) => body.status?.phase === 'Running');
    expect(running.status.podIP).toMatch(/^10\./);
    expect(running.spec.nodeName).toMatch(/^esx-0\d$/);
    expect(await p.eventTypes('podVm-shop/web-1')).toEqual(['PodVMCreated', 'PodVMScheduled', 'PodVMStarted']);
  });

  it('answers errors as Kubernetes Status objects', async () => {
    const missing = await p.request('GET', '/api/v1/namespaces/shop/pods/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });

    await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'));
    const duplicate = await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.reason).toBe('AlreadyExists');

    const invalid = await p.request('POST', '/api/v1/namespaces/shop/pods', { ...pod('bad'), spec: { containers: [{ name: 'web', image: '' }] } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.reason).toBe('Invalid');
    expect(invalid.body.details.causes.map((c: { field: string }) => c.field)).toContain('spec.containers[0].image');

    const malformed = await p.request('POST', '/api/v1/namespaces/shop/pods', '{"kind": "Pod", ', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.kind).toBe('Status');

    const noNamespace = await p.request('POST', '/api/v1/namespaces/ghost/pods', pod('x'));
    expect(noNamespace.status).toBe(404);
    expect(await p.eventTypes('podVm-shop/bad')).toEqual([]);
  });

  it('validates metadata and specs at the edge, with one cause per field and nothing stored', async () => {
    const badLabel = await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1', { app: 'not ok!' }));
    expect(badLabel.status).toBe(422);
    expect(badLabel.body.details.causes.map((c: { field: string }) => c.field)).toEqual(['metadata.labels']);
    const vmWithoutStorage = await p.request('POST', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines', { ...vm('db'), spec: { className: 'x', imageName: 'y', storageClass: '', powerState: 'Sideways' } });
    expect(vmWithoutStorage.status).toBe(422);
    expect(vmWithoutStorage.body.details.causes.map((c: { field: string }) => c.field).sort()).toEqual(['spec.powerState', 'spec.storageClass']);
    const tkc = {
      apiVersion: 'run.tanzu.vmware.com/v1alpha3',
      kind: 'TanzuKubernetesCluster',
      metadata: { name: 'dev' },
      spec: { topology: { controlPlane: { replicas: 2, vmClass: 'small', storageClass: 'gold', tkr: { reference: { name: 'v1.29.4---vmware.3-fips.1-tkg.1' } } }, nodePools: [{ name: 'Workers', replicas: 3, vmClass: 'small', storageClass: 'gold' }] } },
    };
    const badCluster = await p.request('POST', '/apis/run.tanzu.vmware.com/v1alpha3/namespaces/shop/tanzukubernetesclusters', tkc);
    expect(badCluster.status).toBe(422);
    expect(badCluster.body.details.causes.map((c: { field: string }) => c.field).sort()).toEqual(['spec.topology.controlPlane.replicas', 'spec.topology.nodePools[0].name']);
    expect(await p.eventTypes('podVm-shop/web-1')).toEqual([]);
    expect(await p.eventTypes('guestCluster-shop/dev')).toEqual([]);
  });

  it('refuses a pod over the namespace quota with 403 and Kubernetes wording', async () => {
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'limits' }, spec: { hard: { pods: '1', 'requests.cpu': '4' } } };
    expect((await p.request('POST', '/api/v1/namespaces/shop/resourcequotas', quota)).status).toBe(201);
    expect((await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'))).status).toBe(201);
    const refused = await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-2'));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/exceeded quota/);
    const status = await p.request('GET', '/api/v1/namespaces/shop/resourcequotas/limits');
    expect(status.body.status).toEqual({ hard: { pods: '1', 'requests.cpu': '4' }, used: { pods: '1', 'requests.cpu': '500m' } });
  });

  it('refuses a write based on a stale resourceVersion with 409', async () => {
    const created = await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'));
    const stale = created.body;
    await p.eventually('/api/v1/namespaces/shop/pods/web-1', (body) => body.metadata.resourceVersion !== stale.metadata.resourceVersion);
    const update = await p.request('PUT', '/api/v1/namespaces/shop/pods/web-1', { ...stale, metadata: { ...stale.metadata, labels: { app: 'other' } } });
    expect(update.status).toBe(409);
    expect(update.body.reason).toBe('Conflict');
    const fresh = (await p.request('GET', '/api/v1/namespaces/shop/pods/web-1')).body;
    const ok = await p.request('PUT', '/api/v1/namespaces/shop/pods/web-1', { ...fresh, metadata: { ...fresh.metadata, labels: { app: 'other' } } });
    expect(ok.status).toBe(200);
    expect(ok.body.metadata.labels).toEqual({ app: 'other' });
  });

  it('lists with label and field selectors and pages with limit/continue', async () => {
    for (const [name, app] of [['a', 'web'], ['b', 'web'], ['c', 'db']] as const) await p.request('POST', '/api/v1/namespaces/shop/pods', pod(name, { app }));
    const web = await p.request('GET', '/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb');
    expect(web.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a', 'b']);
    const notWeb = await p.request('GET', '/api/v1/namespaces/shop/pods?labelSelector=app!%3Dweb');
    expect(notWeb.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['c']);
    const byName = await p.request('GET', '/api/v1/pods?fieldSelector=metadata.name%3Db');
    expect(byName.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['b']);
    const first = await p.request('GET', '/api/v1/namespaces/shop/pods?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.metadata.remainingItemCount).toBe(1);
    const second = await p.request('GET', `/api/v1/namespaces/shop/pods?limit=2&continue=${first.body.metadata.continue}`);
    expect(second.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['c']);
    expect(second.body.metadata.continue).toBeUndefined();
  });

  it('runs a VirtualMachine from PoweredOff to PoweredOn and back through a merge patch, keeping fields as given', async () => {
    await p.request('POST', '/apis/storage.k8s.io/v1/storageclasses', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gold' }, provisioner: 'csi.vsphere.vmware.com' });
    await p.request('POST', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachineclasses', vmClass);
    const created = await p.request('POST', '/apis/vmoperator.vmware.com/v1alpha6/namespaces/shop/virtualmachines', vm('db', 'vmoperator.vmware.com/v1alpha6'));
    expect(created.status).toBe(201);
    expect(created.body.apiVersion).toBe('vmoperator.vmware.com/v1alpha6');
    const on = await p.eventually('/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines/db', (body) => body.status?.powerState === 'PoweredOn');
    expect(on.status.network.primaryIP4).toMatch(/^10\./);
    expect(on.spec.bootstrap).toEqual({ cloudInit: { rawCloudConfig: 'I2Nsb3VkLWNvbmZpZw==' } });
    expect(on.status.conditions.find((c: { type: string }) => c.type === 'VirtualMachineClassReady').status).toBe('True');
    const patched = await p.request('PATCH', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines/db', { spec: { powerState: 'PoweredOff' } }, { 'content-type': 'application/merge-patch+json' });
    expect(patched.status).toBe(200);
    expect(patched.body.spec.powerState).toBe('PoweredOff');
    await p.eventually('/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines/db', (body) => body.status?.powerState === 'PoweredOff');
    expect(await p.eventTypes('virtualMachine-shop/db')).toEqual([
      'VirtualMachineCreated',
      'VirtualMachinePlaced',
      'VirtualMachinePoweredOn',
      'VirtualMachineDesiredPowerStateChanged',
      'VirtualMachinePoweredOff',
    ]);
  });

  it('reports an unknown VM class as a condition with a reason, never a crash', async () => {
    const created = await p.request('POST', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines', { ...vm('lost'), spec: { ...vm('lost').spec, className: 'no-such-class' } });
    expect(created.status).toBe(201);
    const condition = created.body.status.conditions.find((c: { type: string }) => c.type === 'VirtualMachineClassReady');
    expect(condition).toMatchObject({ status: 'False', reason: 'NotFound' });
    expect(created.body.status.powerState).toBe('PoweredOff');
  });

  it('answers kubectl-style Table requests with the kind’s columns', async () => {
    await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'));
    const table = await p.request('GET', '/api/v1/namespaces/shop/pods', undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    expect(table.body.kind).toBe('Table');
    expect(table.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node']));
    expect(table.body.rows[0].cells[0]).toBe('web-1');
  });

  it('streams watch events: ADDED, then MODIFIED as the pod runs, and resumes from a resourceVersion', async () => {
    const list = await p.request('GET', '/api/v1/namespaces/shop/pods');
    const watch = await openWatch<{ type: string; object: { status?: { phase?: string } } }>(p.url, `/api/v1/namespaces/shop/pods?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'));
    await watch.until((e) => e.type === 'MODIFIED' && e.object.status?.phase === 'Running');
    await watch.stop();
    expect(watch.events[0]!.type).toBe('ADDED');
    const tooOld = await fetch(`${p.url}/api/v1/namespaces/shop/pods?watch=true&resourceVersion=1`);
    const text = await tooOld.text();
    expect(JSON.parse(text.trim().split('\n')[0]!)).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });

  it('deletes a pod: 200 with the object, then 404, and everything it held is released', async () => {
    await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'));
    await p.eventually('/api/v1/namespaces/shop/pods/web-1', (body) => body.status?.phase === 'Running');
    const deleted = await p.request('DELETE', '/api/v1/namespaces/shop/pods/web-1', { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    expect(deleted.status).toBe(200);
    expect(deleted.body.metadata.name).toBe('web-1');
    expect((await p.request('GET', '/api/v1/namespaces/shop/pods/web-1')).status).toBe(404);
    expect((await p.eventTypes('podVm-shop/web-1')).at(-1)).toBe('PodVMDeleted');
    const nodes = await p.request('GET', '/api/v1/nodes');
    expect(nodes.body.items.every((n: { status: { allocated: { podVMs: number } } }) => n.status.allocated.podVMs === 0)).toBe(true);
  });

  it('refuses a body over the limit with 413', async () => {
    const huge = JSON.stringify({ ...pod('big'), metadata: { name: 'big', annotations: { blob: 'x'.repeat(4 * 1024 * 1024) } } });
    const response = await p.request('POST', '/api/v1/namespaces/shop/pods', huge, { 'content-type': 'application/json' });
    expect(response.status).toBe(413);
    expect(response.body.reason).toBe('RequestEntityTooLarge');
  });

  it('serves core/v1 Events derived from an object’s history', async () => {
    await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'));
    await p.eventually('/api/v1/namespaces/shop/pods/web-1', (body) => body.status?.phase === 'Running');
    const events = await p.request('GET', '/api/v1/namespaces/shop/events?fieldSelector=involvedObject.name%3Dweb-1,involvedObject.namespace%3Dshop');
    expect(events.body.items.map((e: { reason: string }) => e.reason)).toEqual(['Created', 'Scheduled', 'Started']);
    expect(events.body.items[0].involvedObject).toMatchObject({ kind: 'Pod', name: 'web-1', namespace: 'shop' });
  });
});

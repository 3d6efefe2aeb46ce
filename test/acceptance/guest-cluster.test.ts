import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGuestClusterController, type RunningGuestClusterController } from '../../src/application/controllers/guest-cluster.controller.ts';
import type { RecordedEvent } from '../../src/application/ports/event-store.port.ts';
import { seedCatalog, startClassSeeder, type RunningSeeder } from '../../src/application/seed/index.ts';
import { apiServices } from '../../src/cli/serve.ts';
import type { NamespaceLive } from '../../src/domain/namespace/index.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const v129 = 'v1.29.4---vmware.3-fips.1-tkg.1';
const v130 = 'v1.30.1---vmware.1-fips-tkg.5';
const v131 = 'v1.31.1---vmware.2-fips-tkg.2';
const tkcs = '/apis/run.tanzu.vmware.com/v1alpha3/namespaces/shop/tanzukubernetesclusters';
const vmsPath = '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines';
const mergePatch = { 'content-type': 'application/merge-patch+json' };

const pool = (name: string, replicas: number) => ({ name, replicas, vmClass: 'best-effort-small', storageClass: 'gold' });
const tkc = (name: string, controlPlane: number, pools: { name: string; replicas: number }[], version = v129) => ({
  apiVersion: 'run.tanzu.vmware.com/v1alpha3',
  kind: 'TanzuKubernetesCluster',
  metadata: { name },
  spec: {
    topology: {
      controlPlane: { replicas: controlPlane, vmClass: 'guaranteed-small', storageClass: 'gold', tkr: { reference: { name: version } } },
      nodePools: pools.map((p) => pool(p.name, p.replicas)),
    },
  },
});

interface VmObject {
  metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, any>;
  status: { powerState: string; nodeName?: string; network?: { primaryIP4?: string } };
}

/** Everything in the global log, oldest first. */
const allEvents = async (p: HttpPacific): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await p.store.readAll({ after: events.at(-1)?.position ?? 0, maxCount: 1000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
};

describe('TanzuKubernetesClusters built from VMs (Cluster API semantics)', () => {
  let p: HttpPacific;
  let seeder: RunningSeeder;
  let controller: RunningGuestClusterController;

  const clusterVms = async (cluster: string, extra = ''): Promise<VmObject[]> =>
    (await p.request('GET', `${vmsPath}?labelSelector=${encodeURIComponent(`run.tanzu.vmware.com/cluster=${cluster}${extra}`)}`)).body.items;
  const settled = (cluster: string, vmCount: number, check: (body: any) => boolean = () => true) =>
    p.eventually(
      `${tkcs}/${cluster}`,
      (body) => body.status?.phase === 'running' && check(body),
      15_000,
    ).then(async (body) => {
      const vms = await clusterVms(cluster);
      expect(vms).toHaveLength(vmCount);
      expect(vms.every((vm) => vm.status.powerState === 'PoweredOn')).toBe(true);
      return body;
    });

  beforeEach(async () => {
    p = await startHttpPacific({ simHosts: 4, simHostCpu: '32', simHostMemory: '128Gi', simBootMs: 20 });
    const services = apiServices(p.application.container);
    await seedCatalog(services);
    seeder = startClassSeeder(services);
    controller = startGuestClusterController(services);
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).status).toBe(201);
    const gold = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gold' }, provisioner: 'csi.vsphere.vmware.com' };
    expect((await p.request('POST', '/apis/storage.k8s.io/v1/storageclasses', gold)).status).toBe(201);
    await seeder.idle();
  });
  afterEach(async () => {
    await controller.stop();
    await seeder.stop();
    await p.stop();
  });

  it('builds 3 control-plane nodes and 2 pools of 3 as 9 running VMs, the control plane spread over hosts', async () => {
    const created = await p.request('POST', tkcs, tkc('dev', 3, [{ name: 'workers', replicas: 3 }, { name: 'gpu', replicas: 3 }]));
    expect(created.status).toBe(201);
    const cluster = await settled('dev', 9);

    const controlPlane = await clusterVms('dev', ',run.tanzu.vmware.com/role=controlplane');
    expect(controlPlane.map((vm) => vm.metadata.name)).toEqual(controlPlane.map(() => expect.stringMatching(/^dev-control-plane-[a-z0-9]{5}$/)));
    expect(new Set(controlPlane.map((vm) => vm.status.nodeName)).size).toBe(3);
    expect(controlPlane[0]!.spec.className).toBe('guaranteed-small');
    expect(controlPlane[0]!.spec.imageName).toBe('photon-5');
    expect(controlPlane[0]!.spec.affinity.vmAntiAffinity.preferredDuringSchedulingPreferredDuringExecution[0]).toEqual({
      labelSelector: { matchLabels: { 'run.tanzu.vmware.com/cluster': 'dev', 'run.tanzu.vmware.com/role': 'controlplane' } },
      topologyKey: 'kubernetes.io/hostname',
    });
    const gpu = await clusterVms('dev', ',run.tanzu.vmware.com/pool=gpu');
    expect(gpu.map((vm) => vm.metadata.name)).toEqual(gpu.map(() => expect.stringMatching(/^dev-gpu-[a-z0-9]{5}$/)));
    expect(gpu.every((vm) => vm.metadata.labels['run.tanzu.vmware.com/role'] === 'worker')).toBe(true);

    expect(cluster.status).toMatchObject({ phase: 'running', version: 'v1.29.4+vmware.3-fips.1', totalWorkerReplicas: 6 });
    expect(cluster.status.conditions.filter((c: { status: string }) => c.status !== 'True')).toEqual([]);
    const firstControlPlane = (await allEvents(p)).find((e) => e.type === 'GuestClusterNodeRequested')!.data as { nodeName: string };
    const first = controlPlane.find((vm) => vm.metadata.name === firstControlPlane.nodeName)!;
    expect(cluster.status.apiEndpoints).toEqual([{ host: first.status.network!.primaryIP4, port: 6443 }]);

    // Workers join a complete control plane.
    const events = await allEvents(p);
    const requested = events.filter((e) => e.type === 'GuestClusterNodeRequested').map((e) => e.data as { role: string });
    expect(requested.map((n) => n.role)).toEqual([...Array(3).fill('ControlPlane'), ...Array(6).fill('Worker')]);
    const lastControlPlaneReady = events.findLastIndex((e) => e.type === 'GuestClusterNodeReady' && (e.data as { nodeName: string }).nodeName.includes('control-plane'));
    const firstWorkerRequested = events.findIndex((e) => e.type === 'GuestClusterNodeRequested' && (e.data as { role: string }).role === 'Worker');
    expect(lastControlPlaneReady).toBeLessThan(firstWorkerRequested);
  });

  it('scales a pool 3 -> 5 -> 2, removing the newest nodes first', async () => {
    await p.request('POST', tkcs, tkc('dev', 1, [{ name: 'workers', replicas: 3 }]));
    await settled('dev', 4);
    const scale = async (replicas: number) => {
      const patched = await p.request('PATCH', `${tkcs}/dev`, { spec: { topology: { nodePools: [pool('workers', replicas)] } } }, mergePatch);
      expect(patched.status).toBe(200);
    };

    await scale(5);
    await settled('dev', 6, (body) => body.status.totalWorkerReplicas === 5);
    await scale(2);
    const cluster = await settled('dev', 3, (body) => body.status.totalWorkerReplicas === 2);
    expect(cluster.spec.topology.nodePools[0].replicas).toBe(2);

    const requested = (await allEvents(p))
      .filter((e) => e.type === 'GuestClusterNodeRequested' && (e.data as { pool: string | null }).pool === 'workers')
      .map((e) => (e.data as { nodeName: string }).nodeName);
    expect(requested).toHaveLength(5);
    const left = (await clusterVms('dev', ',run.tanzu.vmware.com/pool=workers')).map((vm) => vm.metadata.name).sort();
    expect(left).toEqual(requested.slice(0, 2).sort());
    for (const removed of requested.slice(2)) {
      expect(await p.eventTypes(`virtualMachine-shop/${removed}`)).toEqual(expect.arrayContaining(['VirtualMachineCreated', 'VirtualMachineDeleted']));
    }
  });

  it('upgrades to the next minor one node at a time, control plane first, each new node ready before the old one goes', async () => {
    await p.request('POST', tkcs, tkc('dev', 3, [{ name: 'workers', replicas: 2 }]));
    await settled('dev', 5);
    const before = (await clusterVms('dev')).map((vm) => vm.metadata.name);

    const patched = await p.request('PATCH', `${tkcs}/dev`, { spec: { topology: { controlPlane: { tkr: { reference: { name: v130 } } } } } }, mergePatch);
    expect(patched.status).toBe(200);
    const upgraded = await settled('dev', 5, (body) => body.status.version === 'v1.30.1+vmware.1-fips');
    expect(upgraded.spec.topology.controlPlane.tkr.reference.name).toBe(v130);
    const after = await clusterVms('dev');
    expect(after.every((vm) => vm.metadata.annotations?.['run.tanzu.vmware.com/tkr'] === v130)).toBe(true);
    expect(after.filter((vm) => before.includes(vm.metadata.name))).toEqual([]);

    const events = await allEvents(p);
    const at = (type: string, stream: string) => events.findIndex((e) => e.type === type && e.streamName === stream);
    const replaced = events.filter((e) => e.type === 'GuestClusterNodeReplaced').map((e) => e.data as { oldNode: string; newNode: string; role: string });
    expect(replaced.map((r) => r.role)).toEqual(['ControlPlane', 'ControlPlane', 'ControlPlane', 'Worker', 'Worker']);
    expect(replaced.map((r) => r.oldNode).sort()).toEqual([...before].sort());
    replaced.forEach((step, index) => {
      const created = at('VirtualMachineCreated', `virtualMachine-shop/${step.newNode}`);
      const poweredOn = at('VirtualMachinePoweredOn', `virtualMachine-shop/${step.newNode}`);
      const oldDeleted = at('VirtualMachineDeleted', `virtualMachine-shop/${step.oldNode}`);
      expect(created).toBeLessThan(poweredOn);
      expect(poweredOn).toBeLessThan(oldDeleted);
      // Surge 1: the next new node is built only once the previous old node is gone.
      const next = replaced[index + 1];
      if (next) expect(oldDeleted).toBeLessThan(at('VirtualMachineCreated', `virtualMachine-shop/${next.newNode}`));
    });
    expect(events.map((e) => e.type)).toContain('GuestClusterUpgradeCompleted');
  });

  it('refuses to skip a minor version or go back, with 422 and nothing changed', async () => {
    await p.request('POST', tkcs, tkc('dev', 1, [{ name: 'workers', replicas: 1 }]));
    await settled('dev', 2);
    const jump = await p.request('PATCH', `${tkcs}/dev`, { spec: { topology: { controlPlane: { tkr: { reference: { name: v131 } } }, nodePools: [pool('workers', 4)] } } }, mergePatch);
    expect(jump.status).toBe(422);
    expect(jump.body).toMatchObject({ kind: 'Status', reason: 'Invalid' });
    expect(jump.body.message).toMatch(/cannot skip minor versions: from v1\.29\.4 the next upgrade must be to v1\.30\.x, not v1\.31\.1/);
    const down = await p.request('PATCH', `${tkcs}/dev`, { spec: { topology: { controlPlane: { tkr: { reference: { name: 'v1.28.8---vmware.1-fips.1-tkg.2' } } } } } }, mergePatch);
    expect(down.status).toBe(422);
    expect(down.body.message).toMatch(/cannot downgrade/);
    const cluster = (await p.request('GET', `${tkcs}/dev`)).body;
    expect(cluster.spec.topology.controlPlane.tkr.reference.name).toBe(v129);
    expect(cluster.spec.topology.nodePools[0].replicas).toBe(1);
    expect(await p.eventTypes('guestCluster-shop/dev')).not.toContain('GuestClusterUpgradeStarted');
  });

  it('keeps label and annotation edits made after creation, and none from a refused change', async () => {
    await p.request('POST', tkcs, tkc('dev', 1, [{ name: 'workers', replicas: 1 }]));
    await settled('dev', 2);
    const labelled = await p.request('PATCH', `${tkcs}/dev`, { metadata: { labels: { team: 'payments' }, annotations: { owner: 'alice' } } }, mergePatch);
    expect(labelled.status).toBe(200);
    expect(labelled.body.metadata).toMatchObject({ labels: { team: 'payments' }, annotations: { owner: 'alice' } });
    const selected = (await p.request('GET', `${tkcs}?labelSelector=team%3Dpayments`)).body.items;
    expect(selected.map((cluster: { metadata: { name: string } }) => cluster.metadata.name)).toEqual(['dev']);
    const refused = await p.request('PATCH', `${tkcs}/dev`, { metadata: { labels: { team: 'search' } }, spec: { topology: { controlPlane: { tkr: { reference: { name: v131 } } } } } }, mergePatch);
    expect(refused.status).toBe(422);
    expect((await p.request('GET', `${tkcs}/dev`)).body.metadata.labels).toEqual({ team: 'payments' });
    expect((await p.eventTypes('guestCluster-shop/dev')).filter((type) => type === 'GuestClusterMetadataChanged')).toHaveLength(1);
  });

  it('goes away with its namespace', async () => {
    await p.request('POST', tkcs, tkc('dev', 1, [{ name: 'workers', replicas: 2 }]));
    await settled('dev', 3);
    expect((await p.request('DELETE', '/api/v1/namespaces/shop')).status).toBe(200);
    await p.eventually('/api/v1/namespaces/shop', (body) => body.code === 404, 15_000);
    const inventory = apiServices(p.application.container).pacific.inventory;
    await expect.poll(() => inventory.get('GuestCluster', 'shop', 'dev'), { timeout: 15_000 }).toBeUndefined();
    expect(inventory.count('VirtualMachine', 'shop')).toBe(0);
    expect((await p.eventTypes('guestCluster-shop/dev')).at(-1)).toBe('GuestClusterDeleted');
  });

  it('deletes every VM, then the cluster, while the API shows it deleting', async () => {
    await p.request('POST', tkcs, tkc('dev', 3, [{ name: 'workers', replicas: 2 }]));
    await settled('dev', 5);
    const deleted = await p.request('DELETE', `${tkcs}/dev`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.metadata.deletionTimestamp).toBeTruthy();
    await p.eventually(`${tkcs}/dev`, (body) => body.code === 404, 15_000);
    expect(await clusterVms('dev')).toEqual([]);
    const inventory = apiServices(p.application.container).pacific.inventory;
    expect(inventory.count('VirtualMachine', 'shop')).toBe(0);
    expect((inventory.get('Namespace', null, 'shop')!.state as NamespaceLive).used.virtualmachines ?? 0).toBe(0);
    const types = await p.eventTypes('guestCluster-shop/dev');
    expect(types.at(-1)).toBe('GuestClusterDeleted');
    expect(types.filter((t) => t === 'GuestClusterNodeRemoved')).toHaveLength(5);
    expect(types.indexOf('GuestClusterDeletionStarted')).toBeLessThan(types.indexOf('GuestClusterNodeRemoved'));
  });
});

import { describe, expect, it } from 'vitest';
import { nodeImage, nodeResources, nodeVmInput, nodeVmName } from '../../../src/application/controllers/guest-cluster-node-vm.ts';
import { allAggregates } from '../../../src/application/aggregates.ts';
import { Inventory } from '../../../src/application/inventory/inventory.ts';
import { classSpec, releaseSpec, seededClasses, seededReleases } from '../../../src/application/seed/index.ts';
import { guestClusterDecider, type GuestClusterLive } from '../../../src/domain/guestcluster/index.ts';
import { fold } from '../../../src/domain/shared/decider.ts';

const GiB = 2 ** 30;
const v129 = seededReleases[1]!.name;
const meta = { eventId: 'e', time: '2026-11-25T09:00:00.000Z', actor: 'test', correlationId: 'c', causationId: null };

const inventoryWith = (items: { category: string; kind: string; namespace: string | null; name: string; spec: Record<string, unknown> }[]): Inventory => {
  const inventory = new Inventory(allAggregates);
  items.forEach((item, index) =>
    inventory.applyEvent({
      streamName: `${item.category}-${item.namespace === null ? '' : `${item.namespace}/`}${item.name}`,
      revision: 0,
      position: index + 1,
      type: `${item.kind}Created`,
      data: { namespace: item.namespace, name: item.name, uid: `u-${index}`, labels: {}, annotations: {}, finalizers: [], spec: item.spec, status: {}, createdAt: meta.time },
      metadata: meta,
    }),
  );
  return inventory;
};

const cluster = (annotations: Record<string, string> = {}): GuestClusterLive =>
  fold(guestClusterDecider, [
    {
      type: 'GuestClusterCreated',
      data: {
        namespace: 'shop',
        name: 'dev',
        uid: 'u-dev',
        labels: {},
        annotations,
        givenSpec: {},
        version: v129,
        controlPlane: { replicas: 3, vmClass: 'guaranteed-small', storageClass: 'gold' },
        nodePools: [{ name: 'workers', replicas: 2, vmClass: 'best-effort-large', storageClass: 'silver' }],
        createdAt: meta.time,
      },
    },
  ]) as GuestClusterLive;

const classItem = (name: string) => ({ category: 'virtualMachineClass', kind: 'VirtualMachineClass', namespace: 'shop', name, spec: classSpec(seededClasses.find((c) => c.name === name)!) });
const releaseItem = { category: 'tanzuKubernetesRelease', kind: 'TanzuKubernetesRelease', namespace: null, name: v129, spec: releaseSpec(seededReleases[1]!) };

describe('guest cluster node VMs', () => {
  it('names nodes as Cluster API does', () => {
    expect(nodeVmName('dev', 'ControlPlane', null, 'x7k2q')).toBe('dev-control-plane-x7k2q');
    expect(nodeVmName('dev', 'Worker', 'gpu', 'x7k2q')).toBe('dev-gpu-x7k2q');
  });

  it('resolves class resources like the VM path: requests when reserved, hardware otherwise', () => {
    const inventory = inventoryWith([classItem('guaranteed-small'), classItem('best-effort-large')]);
    expect(nodeResources(inventory, 'shop', 'guaranteed-small')).toEqual({ cpuMillis: 2000, memoryBytes: 4 * GiB });
    expect(nodeResources(inventory, 'shop', 'best-effort-large')).toEqual({ cpuMillis: 4000, memoryBytes: 16 * GiB });
    expect(nodeResources(inventory, 'other', 'best-effort-large')).toBeUndefined();
  });

  it("boots the release's default image, the OS the cluster asks for, or photon-5 for an unknown release", () => {
    const inventory = inventoryWith([releaseItem]);
    expect(nodeImage(inventory, cluster(), v129)).toBe('photon-5');
    expect(nodeImage(inventory, cluster({ 'run.tanzu.vmware.com/resolve-os-image': 'os-name=ubuntu' }), v129)).toBe('ubuntu-22.04');
    expect(nodeImage(inventory, cluster(), 'v1.27.1---vmware.1-tkg.1')).toBe('photon-5');
  });

  it('labels node VMs with cluster, role and pool, and asks control-plane VMs to keep apart', () => {
    const resources = { cpuMillis: 2000, memoryBytes: 4 * GiB };
    const controlPlane = nodeVmInput(cluster(), { nodeName: 'dev-control-plane-aaaaa', role: 'ControlPlane', pool: null, version: v129 }, 'photon-5', resources);
    expect(controlPlane).toMatchObject({
      namespace: 'shop',
      name: 'dev-control-plane-aaaaa',
      labels: { 'run.tanzu.vmware.com/cluster': 'dev', 'run.tanzu.vmware.com/role': 'controlplane' },
      annotations: { 'run.tanzu.vmware.com/cluster-uid': 'u-dev', 'run.tanzu.vmware.com/tkr': v129 },
      className: 'guaranteed-small',
      imageName: 'photon-5',
      storageClass: 'gold',
      powerState: 'PoweredOn',
      resources,
    });
    expect(controlPlane.givenSpec).toEqual({
      affinity: {
        vmAntiAffinity: {
          preferredDuringSchedulingPreferredDuringExecution: [
            { labelSelector: { matchLabels: { 'run.tanzu.vmware.com/cluster': 'dev', 'run.tanzu.vmware.com/role': 'controlplane' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    });
    const worker = nodeVmInput(cluster(), { nodeName: 'dev-workers-bbbbb', role: 'Worker', pool: 'workers', version: v129 }, 'photon-5', resources, 'dev-workers-aaaaa');
    expect(worker).toMatchObject({
      labels: { 'run.tanzu.vmware.com/cluster': 'dev', 'run.tanzu.vmware.com/role': 'worker', 'run.tanzu.vmware.com/pool': 'workers' },
      annotations: { 'run.tanzu.vmware.com/replaces': 'dev-workers-aaaaa' },
      className: 'best-effort-large',
      storageClass: 'silver',
      givenSpec: {},
    });
  });
});

import type { CatalogItemLive } from '../../domain/catalog/index.ts';
import type { GuestClusterLive, GuestClusterNodeRole } from '../../domain/guestcluster/index.ts';
import { cpuToMillis, quantityToBytes, type Resources } from '../../domain/shared/resources.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { CreateVirtualMachineInput } from '../services/virtual-machine.service.ts';
import type { NodeVm, PlannedNode } from './guest-cluster-plan.ts';

export const clusterLabel = 'run.tanzu.vmware.com/cluster';
export const roleLabel = 'run.tanzu.vmware.com/role';
export const poolLabel = 'run.tanzu.vmware.com/pool';
/** The cluster incarnation (uid) a VM was built for: only those are the cluster's to delete. */
export const ownerAnnotation = 'run.tanzu.vmware.com/cluster-uid';
export const releaseAnnotation = 'run.tanzu.vmware.com/tkr';
export const replacesAnnotation = 'run.tanzu.vmware.com/replaces';
/** TKG's way to pick the node OS among a release's images, e.g. "os-name=ubuntu". */
export const resolveOsImageAnnotation = 'run.tanzu.vmware.com/resolve-os-image';

export const defaultNodeImage = 'photon-5';

export const roleLabelValue = (role: GuestClusterNodeRole): string => (role === 'ControlPlane' ? 'controlplane' : 'worker');

export const nodeVmName = (cluster: string, role: GuestClusterNodeRole, pool: string | null, suffix: string): string =>
  role === 'ControlPlane' ? `${cluster}-control-plane-${suffix}` : `${cluster}-${pool}-${suffix}`;

/** VMs built for this incarnation of the cluster, in name order. */
export const ownedVms = (inventory: Inventory, cluster: GuestClusterLive): { vm: VirtualMachineLive; node: NodeVm }[] =>
  inventory
    .list('VirtualMachine', cluster.namespace)
    .map((object) => object.state as VirtualMachineLive)
    .filter((vm) => vm.labels[clusterLabel] === cluster.name && vm.annotations[ownerAnnotation] === cluster.uid)
    .map((vm) => ({
      vm,
      node: {
        name: vm.name,
        poweredOn: vm.powerState === 'PoweredOn',
        deleting: vm.deletionTimestamp !== null,
        version: vm.annotations[releaseAnnotation] ?? null,
        replaces: vm.annotations[replacesAnnotation] ?? null,
      },
    }));

/** A class's reservation, as the VM path resolves it: policies.resources.requests when given, else its hardware. */
export const nodeResources = (inventory: Inventory, namespace: string, className: string): Resources | undefined => {
  const found = inventory.get('VirtualMachineClass', namespace, className);
  if (!found) return undefined;
  const spec = (found.state as CatalogItemLive).spec as {
    hardware?: { cpus?: number; memory?: string | number };
    policies?: { resources?: { requests?: { cpu?: string | number; memory?: string | number } } };
  };
  const requests = spec.policies?.resources?.requests;
  try {
    return {
      cpuMillis: requests?.cpu !== undefined ? cpuToMillis(requests.cpu) : (spec.hardware?.cpus ?? 0) * 1000,
      memoryBytes: quantityToBytes(requests?.memory ?? spec.hardware?.memory ?? 0),
    };
  } catch {
    return undefined;
  }
};

const wantedOs = (annotation: string | undefined): string | undefined =>
  annotation
    ?.split(',')
    .map((pair) => pair.split('='))
    .find(([key]) => key?.trim() === 'os-name')?.[1]
    ?.trim();

/**
 * The image a node of `version` boots: one of the release's osImages (the first, or the first of
 * the OS the cluster asks for), or the default image when the release is unknown.
 */
export const nodeImage = (inventory: Inventory, cluster: GuestClusterLive, version: string): string => {
  const release = inventory.get('TanzuKubernetesRelease', null, version)?.state as CatalogItemLive | undefined;
  const listed = Array.isArray(release?.spec.osImages) ? (release.spec.osImages as { name?: unknown }[]) : [];
  const images = listed.map((image) => image?.name).filter((name): name is string => typeof name === 'string' && name.length > 0);
  const os = wantedOs(cluster.annotations[resolveOsImageAnnotation]);
  return (os !== undefined ? images.find((name) => name.startsWith(os)) : undefined) ?? images[0] ?? defaultNodeImage;
};

/** vm-operator's VM anti-affinity: keep the cluster's control-plane VMs on different hosts when possible. */
export const controlPlaneAntiAffinity = (cluster: string): Record<string, unknown> => ({
  vmAntiAffinity: {
    preferredDuringSchedulingPreferredDuringExecution: [
      { labelSelector: { matchLabels: { [clusterLabel]: cluster, [roleLabel]: 'controlplane' } }, topologyKey: 'kubernetes.io/hostname' },
    ],
  },
});

/** The VirtualMachine of one node, through the same path (quota, placement) as any VM. */
export const nodeVmInput = (cluster: GuestClusterLive, node: PlannedNode, image: string, resources: Resources, replaces?: string): CreateVirtualMachineInput => {
  const controlPlane = node.role === 'ControlPlane';
  const group = controlPlane ? cluster.spec.controlPlane : cluster.spec.nodePools.find((pool) => pool.name === node.pool)!;
  return {
    namespace: cluster.namespace,
    name: node.nodeName,
    labels: { [clusterLabel]: cluster.name, [roleLabel]: roleLabelValue(node.role), ...(node.pool !== null ? { [poolLabel]: node.pool } : {}) },
    annotations: { [ownerAnnotation]: cluster.uid, [releaseAnnotation]: node.version, ...(replaces !== undefined ? { [replacesAnnotation]: replaces } : {}) },
    className: group.vmClass,
    imageName: image,
    storageClass: group.storageClass,
    volumes: [],
    powerState: 'PoweredOn',
    resources,
    givenSpec: controlPlane ? { affinity: controlPlaneAntiAffinity(cluster.name) } : {},
  };
};

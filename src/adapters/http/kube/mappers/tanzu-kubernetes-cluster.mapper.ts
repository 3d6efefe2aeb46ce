import { guestClusterAggregate } from '../../../../application/aggregates.ts';
import type { WithoutMetadata } from '../../../../application/services/pacific.ts';
import { namespacedId } from '../../../../application/streams.ts';
import type { Inventory, InventoryObject } from '../../../../application/inventory/inventory.ts';
import type { CatalogItemLive } from '../../../../domain/catalog/index.ts';
import type { GuestClusterCommand, GuestClusterLive, GuestClusterNodePoolSpec } from '../../../../domain/guestcluster/index.ts';
import type { VirtualMachineLive } from '../../../../domain/virtualmachine/index.ts';
import { invalid } from '../../../../domain/shared/errors.ts';
import type { KubeObject } from '../kube-object.ts';
import type { ApiServices, KindMapper } from './kind-mapper.ts';
import { objectMeta, specOf, stringMap } from './meta.ts';

interface ClusterIntent {
  version: string;
  controlPlane: { replicas: number; vmClass: string; storageClass: string };
  nodePools: GuestClusterNodePoolSpec[];
  givenSpec: Record<string, unknown>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const intentOf = (body: KubeObject): ClusterIntent => {
  const spec = specOf(body);
  const topology = (spec.topology ?? {}) as Record<string, unknown>;
  const controlPlane = (topology.controlPlane ?? {}) as Record<string, unknown>;
  const version = text((controlPlane.tkr as { reference?: { name?: unknown } } | undefined)?.reference?.name) || text((spec.distribution as { version?: unknown } | undefined)?.version);
  if (!version) {
    throw invalid('spec.topology.controlPlane.tkr.reference.name: Required value: the Tanzu Kubernetes release to run', [
      { field: 'spec.topology.controlPlane.tkr.reference.name', message: 'Required value' },
    ]);
  }
  const pools = Array.isArray(topology.nodePools) ? topology.nodePools : [];
  return {
    version,
    controlPlane: { replicas: typeof controlPlane.replicas === 'number' ? controlPlane.replicas : 1, vmClass: text(controlPlane.vmClass), storageClass: text(controlPlane.storageClass) },
    nodePools: pools.map((raw: unknown) => {
      const pool = (raw ?? {}) as Record<string, unknown>;
      return { name: text(pool.name), replicas: typeof pool.replicas === 'number' ? pool.replicas : 1, vmClass: text(pool.vmClass), storageClass: text(pool.storageClass) };
    }),
    givenSpec: spec,
  };
};

const phaseNames: Record<string, string> = { Creating: 'creating', Running: 'running', Updating: 'updating', Deleting: 'deleting', Failed: 'failed' };

const condition = (type: string, ok: boolean, since: string, reason: string, message: string) => ({
  type,
  status: ok ? 'True' : 'False',
  lastTransitionTime: since,
  ...(ok ? {} : { reason, message }),
});

const releaseOf = (inventory: Inventory, name: string): CatalogItemLive | undefined =>
  inventory.get('TanzuKubernetesRelease', null, name)?.state as CatalogItemLive | undefined;

/** How one group of nodes (the control plane, a pool) stands, for its condition. */
const groupReadiness = (inventory: Inventory, cluster: GuestClusterLive, pool: string | null, replicas: number, vmClass: string) => {
  const members = Object.values(cluster.nodes).filter((node) => (pool === null ? node.role === 'ControlPlane' : node.role === 'Worker' && node.pool === pool));
  const ready = members.filter((node) => node.ready).length;
  const classFound = inventory.get('VirtualMachineClass', cluster.namespace, vmClass) !== undefined;
  return { ok: ready === replicas && members.length === replicas, ready, classFound };
};

const clusterStatus = (inventory: Inventory, cluster: GuestClusterLive): Record<string, unknown> => {
  const since = cluster.createdAt;
  const phase = phaseNames[cluster.status] ?? cluster.status.toLowerCase();
  const running = cluster.upgrade?.fromVersion ?? cluster.spec.version;
  const release = releaseOf(inventory, cluster.spec.version);
  const cp = cluster.spec.controlPlane;
  const controlPlane = groupReadiness(inventory, cluster, null, cp.replicas, cp.vmClass);
  const pools = cluster.spec.nodePools.map((pool) => ({ name: pool.name, ...groupReadiness(inventory, cluster, pool.name, pool.replicas, pool.vmClass) }));
  const poolsBehind = pools.filter((pool) => !pool.ok);
  const missingClass = poolsBehind.find((pool) => !pool.classFound);
  const firstControlPlane = Object.entries(cluster.nodes)
    .filter(([, node]) => node.role === 'ControlPlane')
    .map(([name]) => inventory.get('VirtualMachine', cluster.namespace, name)?.state as VirtualMachineLive | undefined)
    .find((vm) => vm?.powerState === 'PoweredOn' && vm.ip);
  const ready = cluster.status === 'Running';
  return {
    phase,
    version: ((releaseOf(inventory, running)?.spec.kubernetes as { version?: unknown } | undefined)?.version as string | undefined) ?? running.split('---')[0],
    ...(firstControlPlane ? { apiEndpoints: [{ host: firstControlPlane.ip, port: 6443 }] } : {}),
    totalWorkerReplicas: Object.values(cluster.nodes).filter((node) => node.role === 'Worker').length,
    conditions: [
      condition('Ready', ready, since, cluster.status === 'Deleting' ? 'Deleting' : 'NotReady', `cluster is ${phase}`),
      condition(
        'ControlPlaneReady',
        controlPlane.ok,
        since,
        controlPlane.classFound ? 'WaitingForControlPlane' : 'VirtualMachineClassNotFound',
        controlPlane.classFound ? `${controlPlane.ready} of ${cp.replicas} control-plane nodes ready` : `VirtualMachineClass "${cp.vmClass}" not found in namespace ${cluster.namespace}`,
      ),
      condition(
        'NodePoolsReady',
        poolsBehind.length === 0,
        since,
        missingClass ? 'VirtualMachineClassNotFound' : 'WaitingForNodePools',
        missingClass
          ? `VirtualMachineClass of node pool "${missingClass.name}" not found in namespace ${cluster.namespace}`
          : poolsBehind.map((pool) => `${pool.name}: ${pool.ready} of ${cluster.spec.nodePools.find((p) => p.name === pool.name)!.replicas} ready`).join(', '),
      ),
      condition('TanzuKubernetesReleaseCompatible', release !== undefined, since, 'TKRNotFound', `TanzuKubernetesRelease "${cluster.spec.version}" not found`),
      ...(cluster.upgrade ? [condition('UpgradeCompleted', false, since, 'Upgrading', `upgrading from ${cluster.upgrade.fromVersion} to ${cluster.upgrade.toVersion}`)] : []),
    ],
    ...(cluster.failureReason ? { failureReason: cluster.failureReason } : {}),
  };
};

const render = (inventory: Inventory) => (object: InventoryObject, state: unknown): KubeObject => {
  const cluster = state as GuestClusterLive;
  const topology = (cluster.givenSpec.topology ?? {}) as Record<string, unknown>;
  const givenControlPlane = (topology.controlPlane ?? {}) as Record<string, unknown>;
  return {
    apiVersion: 'run.tanzu.vmware.com/v1alpha3',
    kind: 'TanzuKubernetesCluster',
    metadata: objectMeta(object, cluster),
    spec: {
      ...cluster.givenSpec,
      topology: {
        ...topology,
        controlPlane: { ...givenControlPlane, ...cluster.spec.controlPlane, tkr: { reference: { name: cluster.spec.version } } },
        nodePools: cluster.spec.nodePools.map((pool) => ({
          ...(((topology.nodePools as Record<string, unknown>[] | undefined) ?? []).find((given) => given.name === pool.name) ?? {}),
          ...pool,
        })),
      },
    },
    status: clusterStatus(inventory, cluster),
  };
};

/** TanzuKubernetesClusters: guest Kubernetes clusters whose nodes are VMs on the Supervisor. */
export const tanzuKubernetesClusterMapper = ({ pacific }: ApiServices): KindMapper => ({
  apiKind: 'TanzuKubernetesCluster',
  aggregateKind: 'GuestCluster',
  render: render(pacific.inventory),
  rendersFromInventory: true,
  create: async (body, namespace, context) => {
    const intent = intentOf(body);
    const name = body.metadata.name!;
    await pacific.execute(
      guestClusterAggregate,
      namespacedId(namespace!, name),
      {
        type: 'CreateGuestCluster',
        data: {
          namespace: namespace!,
          name,
          uid: pacific.newUid(),
          labels: stringMap(body.metadata.labels, 'metadata.labels'),
          annotations: stringMap(body.metadata.annotations, 'metadata.annotations'),
          givenSpec: intent.givenSpec,
          version: intent.version,
          controlPlane: intent.controlPlane,
          nodePools: intent.nodePools,
        },
      },
      context,
    );
  },
  update: async (current, body, context) => {
    const cluster = current.state as GuestClusterLive;
    const intent = intentOf(body);
    const ref = { namespace: cluster.namespace, name: cluster.name };
    const run = (command: WithoutMetadata<GuestClusterCommand>) => pacific.execute(guestClusterAggregate, namespacedId(cluster.namespace, cluster.name), command, context);
    // A refused upgrade (a skipped minor, a downgrade) must leave the rest of the change unapplied.
    if (intent.version !== cluster.spec.version) await run({ type: 'StartGuestClusterUpgrade', data: { ...ref, version: intent.version } });
    const labels = stringMap(body.metadata.labels, 'metadata.labels');
    const annotations = stringMap(body.metadata.annotations, 'metadata.annotations');
    await run({ type: 'UpdateGuestClusterMetadata', data: { ...ref, labels, annotations } });
    for (const pool of intent.nodePools) {
      const existing = cluster.spec.nodePools.find((candidate) => candidate.name === pool.name);
      if (!existing) await run({ type: 'AddGuestClusterNodePool', data: { ...ref, pool } });
      else if (existing.replicas !== pool.replicas) await run({ type: 'ScaleGuestClusterNodePool', data: { ...ref, pool: pool.name, replicas: pool.replicas } });
    }
    for (const pool of cluster.spec.nodePools.filter((candidate) => !intent.nodePools.some((wanted) => wanted.name === candidate.name))) {
      await run({ type: 'RemoveGuestClusterNodePool', data: { ...ref, pool: pool.name } });
    }
  },
  /** Marks the cluster for deletion; the guest-cluster controller deletes its VMs, then the cluster (kubectl waits). */
  delete: async (current, context) => {
    const ref = { namespace: current.namespace!, name: current.name };
    if ((current.state as GuestClusterLive).deletionTimestamp) return;
    await pacific.execute(guestClusterAggregate, namespacedId(ref.namespace, ref.name), { type: 'RequestGuestClusterDeletion', data: ref }, context);
  },
});

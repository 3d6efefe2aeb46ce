import { guestClusterAggregate } from '../../../../application/aggregates.ts';
import type { WithoutMetadata } from '../../../../application/services/pacific.ts';
import { namespacedId } from '../../../../application/streams.ts';
import type { GuestClusterCommand, GuestClusterLive, GuestClusterNodePoolSpec } from '../../../../domain/guestcluster/index.ts';
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

const render = (object: Parameters<KindMapper['render']>[0], state: unknown): KubeObject => {
  const cluster = state as GuestClusterLive;
  const ready = cluster.status === 'Running';
  const workers = cluster.spec.nodePools.reduce((sum, pool) => sum + pool.replicas, 0);
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
    status: {
      phase: phaseNames[cluster.status] ?? cluster.status.toLowerCase(),
      version: (cluster.upgrade?.fromVersion ?? cluster.spec.version).split('---')[0],
      totalWorkerReplicas: workers,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: cluster.createdAt, ...(ready ? {} : { reason: 'NotReady', message: `cluster is ${phaseNames[cluster.status] ?? cluster.status}` }) }],
      ...(cluster.failureReason ? { failureReason: cluster.failureReason } : {}),
    },
  };
};

/** TanzuKubernetesClusters: guest Kubernetes clusters whose nodes are VMs on the Supervisor. */
export const tanzuKubernetesClusterMapper = ({ pacific }: ApiServices): KindMapper => ({
  apiKind: 'TanzuKubernetesCluster',
  aggregateKind: 'GuestCluster',
  render,
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
    for (const pool of intent.nodePools) {
      const existing = cluster.spec.nodePools.find((candidate) => candidate.name === pool.name);
      if (!existing) await run({ type: 'AddGuestClusterNodePool', data: { ...ref, pool } });
      else if (existing.replicas !== pool.replicas) await run({ type: 'ScaleGuestClusterNodePool', data: { ...ref, pool: pool.name, replicas: pool.replicas } });
    }
    for (const pool of cluster.spec.nodePools.filter((candidate) => !intent.nodePools.some((wanted) => wanted.name === candidate.name))) {
      await run({ type: 'RemoveGuestClusterNodePool', data: { ...ref, pool: pool.name } });
    }
    if (intent.version !== cluster.spec.version) await run({ type: 'StartGuestClusterUpgrade', data: { ...ref, version: intent.version } });
  },
  delete: async (current, context) => {
    const ref = { namespace: current.namespace!, name: current.name };
    const id = namespacedId(ref.namespace, ref.name);
    const cluster = current.state as GuestClusterLive;
    if (!cluster.deletionTimestamp) await pacific.execute(guestClusterAggregate, id, { type: 'RequestGuestClusterDeletion', data: ref }, context);
    for (const nodeName of Object.keys(cluster.nodes)) await pacific.execute(guestClusterAggregate, id, { type: 'RemoveGuestClusterNode', data: { ...ref, nodeName } }, context);
    await pacific.execute(guestClusterAggregate, id, { type: 'DeleteGuestCluster', data: ref }, context);
  },
});

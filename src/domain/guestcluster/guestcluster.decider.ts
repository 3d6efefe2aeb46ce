import { assertNever, type Decider } from '../shared/decider.ts';
import { alreadyExists, conflict, invalid, notFound } from '../shared/errors.ts';
import { assertDnsSubdomain } from '../shared/names.ts';
import type { GuestClusterCommand } from './commands.ts';
import {
  guestClusterNodeRoles,
  type GuestClusterControlPlaneSpec,
  type GuestClusterEvent,
  type GuestClusterNodePoolSpec,
  type GuestClusterNodeRole,
} from './events.ts';
import { assertRequired, assertValidCreate, nodePoolCauses, replicasCause, throwIfAny } from './guestcluster.validation.ts';
import { parseReleaseVersion, upgradeRefusal } from './release-version.ts';
import { sameRecord } from '../shared/records.ts';

export interface GuestClusterNode {
  role: GuestClusterNodeRole;
  /** null for control-plane nodes. */
  pool: string | null;
  version: string;
  ready: boolean;
}

export interface GuestClusterSpec {
  version: string;
  controlPlane: GuestClusterControlPlaneSpec;
  nodePools: GuestClusterNodePoolSpec[];
}

/** TanzuKubernetesCluster status.phase, derived from the facts below on every event. */
export type GuestClusterPhase = 'Creating' | 'Running' | 'Updating' | 'Deleting' | 'Failed';

export interface GuestClusterAbsent {
  status: 'Absent';
}

export interface GuestClusterLive {
  status: GuestClusterPhase;
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  givenSpec: Record<string, unknown>;
  createdAt: string;
  /** spec.version is the target: during an upgrade it already names the new release. */
  spec: GuestClusterSpec;
  nodes: Record<string, GuestClusterNode>;
  upgrade: { fromVersion: string; toVersion: string } | null;
  /** Once Running, a cluster that is short of ready nodes is Updating, not Creating. */
  provisioned: boolean;
  failureReason: string | null;
  deletionTimestamp: string | null;
}

export interface GuestClusterGone {
  status: 'Deleted';
  namespace: string;
  name: string;
  uid: string;
  deletedAt: string;
}

export type GuestClusterState = GuestClusterAbsent | GuestClusterLive | GuestClusterGone;

export const guestClusterInitialState = (): GuestClusterState => ({ status: 'Absent' });

const isLive = (state: GuestClusterState): state is GuestClusterLive => state.status !== 'Absent' && state.status !== 'Deleted';

/** Every desired node exists and is ready, and no node is left over. */
const isSettled = ({ spec, nodes }: GuestClusterLive): boolean => {
  const wanted = new Map<string | null, number>([[null, spec.controlPlane.replicas], ...spec.nodePools.map((pool) => [pool.name, pool.replicas] as const)]);
  for (const node of Object.values(nodes)) {
    const group = node.role === 'ControlPlane' ? null : node.pool;
    const left = wanted.get(group) ?? 0;
    if (!node.ready || left === 0) return false;
    wanted.set(group, left - 1);
  }
  return [...wanted.values()].every((left) => left === 0);
};

const withPhase = (cluster: GuestClusterLive): GuestClusterLive => {
  const status: GuestClusterPhase =
    cluster.deletionTimestamp !== null ? 'Deleting'
    : cluster.failureReason !== null ? 'Failed'
    : cluster.upgrade !== null ? 'Updating'
    : isSettled(cluster) ? 'Running'
    : cluster.provisioned ? 'Updating'
    : 'Creating';
  return { ...cluster, status, provisioned: cluster.provisioned || status === 'Running' };
};

const withoutKey = <V>(record: Record<string, V>, key: string): Record<string, V> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

const apply = (state: GuestClusterLive, event: GuestClusterEvent): GuestClusterLive | GuestClusterGone => {
  switch (event.type) {
    case 'GuestClusterCreated':
      return state;
    case 'GuestClusterNodeRequested': {
      const { nodeName, role, pool, version } = event.data;
      return { ...state, nodes: { ...state.nodes, [nodeName]: { role, pool, version, ready: false } } };
    }
    case 'GuestClusterNodeReady': {
      const node = state.nodes[event.data.nodeName];
      return node ? { ...state, nodes: { ...state.nodes, [event.data.nodeName]: { ...node, ready: true } } } : state;
    }
    case 'GuestClusterNodeRemoved':
      return { ...state, nodes: withoutKey(state.nodes, event.data.nodeName) };
    case 'GuestClusterNodePoolScaled': {
      const { pool, toReplicas } = event.data;
      const nodePools = state.spec.nodePools.map((p) => (p.name === pool ? { ...p, replicas: toReplicas } : p));
      return { ...state, spec: { ...state.spec, nodePools } };
    }
    case 'GuestClusterNodePoolAdded':
      return { ...state, spec: { ...state.spec, nodePools: [...state.spec.nodePools, event.data.pool] } };
    case 'GuestClusterNodePoolRemoved':
      return { ...state, spec: { ...state.spec, nodePools: state.spec.nodePools.filter((p) => p.name !== event.data.pool) } };
    case 'GuestClusterUpgradeStarted': {
      const { fromVersion, toVersion } = event.data;
      return { ...state, spec: { ...state.spec, version: toVersion }, upgrade: { fromVersion, toVersion } };
    }
    case 'GuestClusterNodeReplaced': {
      const { oldNode, newNode, role, pool, version } = event.data;
      return { ...state, nodes: { ...withoutKey(state.nodes, oldNode), [newNode]: { role, pool, version, ready: false } } };
    }
    case 'GuestClusterUpgradeCompleted':
      return { ...state, upgrade: null };
    case 'GuestClusterDeletionStarted':
      return { ...state, deletionTimestamp: event.data.deletionTimestamp };
    case 'GuestClusterFailed':
      return { ...state, failureReason: event.data.reason };
    case 'GuestClusterMetadataChanged':
      return { ...state, labels: event.data.labels, annotations: event.data.annotations };
    case 'GuestClusterDeleted':
      return { status: 'Deleted', namespace: state.namespace, name: state.name, uid: state.uid, deletedAt: event.data.deletedAt };
    default:
      return assertNever(event);
  }
};

export const guestClusterEvolve = (state: GuestClusterState, event: GuestClusterEvent): GuestClusterState => {
  if (event.type === 'GuestClusterCreated') {
    const { createdAt, version, controlPlane, nodePools, ...identity } = event.data;
    return withPhase({
      ...identity,
      status: 'Creating',
      createdAt,
      spec: { version, controlPlane, nodePools },
      nodes: {},
      upgrade: null,
      provisioned: false,
      failureReason: null,
      deletionTimestamp: null,
    });
  }
  if (!isLive(state)) return state;
  const next = apply(state, event);
  return next.status === 'Deleted' ? next : withPhase(next);
};

const requireLive = (state: GuestClusterState, name: string): GuestClusterLive => {
  if (isLive(state)) return state;
  throw notFound(`tanzukubernetesclusters "${name}"`);
};

const requireNotDeleting = (state: GuestClusterState, name: string): GuestClusterLive => {
  const live = requireLive(state, name);
  if (live.deletionTimestamp !== null) throw conflict(`tanzukubernetescluster ${live.namespace}/${name} is being deleted`);
  return live;
};

const findPool = (live: GuestClusterLive, pool: string): { spec: GuestClusterNodePoolSpec; index: number } => {
  const index = live.spec.nodePools.findIndex((p) => p.name === pool);
  const spec = live.spec.nodePools[index];
  if (!spec) throw notFound(`node pool "${pool}" of tanzukubernetescluster ${live.namespace}/${live.name}`);
  return { spec, index };
};

const countNodes = (live: GuestClusterLive, role: GuestClusterNodeRole, pool: string | null): number =>
  Object.values(live.nodes).filter((node) => node.role === role && (role === 'ControlPlane' || node.pool === pool)).length;

export const guestClusterDecide = (command: GuestClusterCommand, state: GuestClusterState): GuestClusterEvent[] => {
  const { namespace, name } = command.data;
  const ref = { namespace, name };
  const cluster = `tanzukubernetescluster ${namespace}/${name}`;
  switch (command.type) {
    case 'CreateGuestCluster': {
      if (isLive(state)) throw alreadyExists(`tanzukubernetesclusters "${name}"`);
      assertValidCreate(command);
      const { uid, labels, annotations, givenSpec, version, controlPlane: cp, nodePools } = command.data;
      const controlPlane = { replicas: cp.replicas, vmClass: cp.vmClass, storageClass: cp.storageClass };
      const pools = nodePools.map((p) => ({ name: p.name, replicas: p.replicas, vmClass: p.vmClass, storageClass: p.storageClass }));
      return [{ type: 'GuestClusterCreated', data: { ...ref, uid, labels: labels ?? {}, annotations: annotations ?? {}, givenSpec: givenSpec ?? {}, version, controlPlane, nodePools: pools, createdAt: command.metadata.now } }];
    }
    case 'RequestGuestClusterNode': {
      const live = requireNotDeleting(state, name);
      const { nodeName, role, pool, version } = command.data;
      assertDnsSubdomain(nodeName, 'nodeName');
      if (!guestClusterNodeRoles.includes(role)) throw invalid(`role: Unsupported value: "${String(role)}"`, [{ field: 'role', message: 'must be ControlPlane or Worker' }]);
      const existing = live.nodes[nodeName];
      if (existing) {
        if (existing.role === role && existing.pool === pool && existing.version === version) return [];
        throw alreadyExists(`node "${nodeName}" of ${cluster}`);
      }
      if (role === 'ControlPlane' && pool !== null) throw invalid('pool: control-plane nodes belong to no node pool', [{ field: 'pool', message: 'must be null for a control-plane node' }]);
      if (role === 'Worker' && pool === null) throw invalid('pool: a worker node belongs to a node pool', [{ field: 'pool', message: 'Required value' }]);
      const wanted = pool === null ? live.spec.controlPlane.replicas : findPool(live, pool).spec.replicas;
      if (version !== live.spec.version) throw conflict(`new nodes of ${cluster} must run ${live.spec.version}, not ${version}`);
      const have = countNodes(live, role, pool);
      if (have >= wanted) throw conflict(`${cluster} already has ${have} of ${wanted} ${role === 'ControlPlane' ? 'control-plane' : `"${String(pool)}"`} node(s)`);
      return [{ type: 'GuestClusterNodeRequested', data: { ...ref, nodeName, role, pool, version } }];
    }
    case 'MarkGuestClusterNodeReady': {
      const node = requireLive(state, name).nodes[command.data.nodeName];
      if (!node) throw notFound(`node "${command.data.nodeName}" of ${cluster}`);
      if (node.ready) return [];
      return [{ type: 'GuestClusterNodeReady', data: { ...ref, nodeName: command.data.nodeName } }];
    }
    case 'RemoveGuestClusterNode': {
      const node = requireLive(state, name).nodes[command.data.nodeName];
      if (!node) return [];
      return [{ type: 'GuestClusterNodeRemoved', data: { ...ref, nodeName: command.data.nodeName, role: node.role, pool: node.pool } }];
    }
    case 'ScaleGuestClusterNodePool': {
      const live = requireNotDeleting(state, name);
      const { spec, index } = findPool(live, command.data.pool);
      throwIfAny(name, replicasCause(command.data.replicas, `spec.topology.nodePools[${index}].replicas`));
      if (spec.replicas === command.data.replicas) return [];
      return [{ type: 'GuestClusterNodePoolScaled', data: { ...ref, pool: spec.name, fromReplicas: spec.replicas, toReplicas: command.data.replicas } }];
    }
    case 'AddGuestClusterNodePool': {
      const live = requireNotDeleting(state, name);
      const { name: poolName, replicas, vmClass, storageClass } = command.data.pool;
      throwIfAny(name, nodePoolCauses(command.data.pool, `spec.topology.nodePools[${live.spec.nodePools.length}]`));
      if (live.spec.nodePools.some((p) => p.name === poolName)) throw alreadyExists(`node pool "${poolName}" of ${cluster}`);
      return [{ type: 'GuestClusterNodePoolAdded', data: { ...ref, pool: { name: poolName, replicas, vmClass, storageClass } } }];
    }
    case 'RemoveGuestClusterNodePool': {
      const live = requireNotDeleting(state, name);
      if (!live.spec.nodePools.some((p) => p.name === command.data.pool)) return [];
      return [{ type: 'GuestClusterNodePoolRemoved', data: { ...ref, pool: command.data.pool } }];
    }
    case 'StartGuestClusterUpgrade': {
      const live = requireNotDeleting(state, name);
      const field = 'spec.topology.controlPlane.tkr.reference.name';
      const to = parseReleaseVersion(command.data.version, field);
      if (command.data.version === live.spec.version) return [];
      if (live.upgrade) {
        throw invalid(`${cluster}: an upgrade from ${live.upgrade.fromVersion} to ${live.upgrade.toVersion} is already in progress`, [{ field, message: 'an upgrade is already in progress' }]);
      }
      const refusal = upgradeRefusal(parseReleaseVersion(live.spec.version, field), to);
      if (refusal) throw invalid(`${cluster}: ${refusal}`, [{ field, message: refusal }]);
      return [{ type: 'GuestClusterUpgradeStarted', data: { ...ref, fromVersion: live.spec.version, toVersion: command.data.version, startedAt: command.metadata.now } }];
    }
    case 'ReplaceGuestClusterNode': {
      const live = requireNotDeleting(state, name);
      const { oldNode, newNode } = command.data;
      if (!live.upgrade) throw conflict(`${cluster} is not being upgraded`);
      const old = live.nodes[oldNode];
      if (!old) {
        if (live.nodes[newNode]) return [];
        throw notFound(`node "${oldNode}" of ${cluster}`);
      }
      if (old.version === live.spec.version) throw conflict(`node ${oldNode} of ${cluster} already runs ${live.spec.version}`);
      assertDnsSubdomain(newNode, 'newNode');
      if (live.nodes[newNode]) throw alreadyExists(`node "${newNode}" of ${cluster}`);
      return [{ type: 'GuestClusterNodeReplaced', data: { ...ref, oldNode, newNode, role: old.role, pool: old.pool, version: live.spec.version } }];
    }
    case 'CompleteGuestClusterUpgrade': {
      const live = requireNotDeleting(state, name);
      if (!live.upgrade) throw conflict(`${cluster} is not being upgraded`);
      const behind = Object.values(live.nodes).filter((node) => node.version !== live.upgrade?.toVersion).length;
      if (behind > 0) throw conflict(`${cluster} still has ${behind} node(s) on an older release`);
      return [{ type: 'GuestClusterUpgradeCompleted', data: { ...ref, ...live.upgrade, completedAt: command.metadata.now } }];
    }
    case 'RequestGuestClusterDeletion': {
      const live = requireLive(state, name);
      if (live.deletionTimestamp !== null) return [];
      return [{ type: 'GuestClusterDeletionStarted', data: { ...ref, deletionTimestamp: command.metadata.now } }];
    }
    case 'DeleteGuestCluster': {
      const live = requireLive(state, name);
      if (live.deletionTimestamp === null) throw conflict(`${cluster} must be marked for deletion before it is deleted`);
      const remaining = Object.keys(live.nodes).length;
      if (remaining > 0) throw conflict(`${cluster} still has ${remaining} node(s)`);
      return [{ type: 'GuestClusterDeleted', data: { ...ref, deletedAt: command.metadata.now } }];
    }
    case 'MarkGuestClusterFailed': {
      const live = requireLive(state, name);
      assertRequired(name, command.data.reason, 'reason');
      if (live.failureReason === command.data.reason) return [];
      return [{ type: 'GuestClusterFailed', data: { ...ref, reason: command.data.reason } }];
    }
    case 'UpdateGuestClusterMetadata': {
      const live = requireLive(state, name);
      const { labels, annotations } = command.data;
      if (sameRecord(live.labels, labels) && sameRecord(live.annotations, annotations)) return [];
      return [{ type: 'GuestClusterMetadataChanged', data: { ...ref, labels, annotations } }];
    }
    default:
      return assertNever(command);
  }
};

export const guestClusterDecider: Decider<GuestClusterState, GuestClusterCommand, GuestClusterEvent> = {
  initialState: guestClusterInitialState,
  evolve: guestClusterEvolve,
  decide: guestClusterDecide,
};

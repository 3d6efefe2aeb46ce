import type { Event } from '../shared/decider.ts';

export type GuestClusterNodeRole = 'ControlPlane' | 'Worker';
export const guestClusterNodeRoles: readonly GuestClusterNodeRole[] = ['ControlPlane', 'Worker'];

/** spec.topology.controlPlane; only 1 or 3 replicas keep etcd's quorum sensible. */
export interface GuestClusterControlPlaneSpec {
  replicas: number;
  vmClass: string;
  storageClass: string;
}

/** spec.topology.nodePools[]. */
export interface GuestClusterNodePoolSpec {
  name: string;
  replicas: number;
  vmClass: string;
  storageClass: string;
}

type Ref = { namespace: string; name: string };

export type GuestClusterCreated = Event<
  'GuestClusterCreated',
  Ref & {
    uid: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    /** The spec as the user wrote it (settings, volumes, ...); fields Pacific does not act on round-trip unchanged. */
    givenSpec: Record<string, unknown>;
    /** Tanzu Kubernetes release name, e.g. v1.29.4---vmware.3-fips.1-tkg.1. */
    version: string;
    controlPlane: GuestClusterControlPlaneSpec;
    nodePools: GuestClusterNodePoolSpec[];
    createdAt: string;
  }
>;
export type GuestClusterNodeRequested = Event<
  'GuestClusterNodeRequested',
  Ref & { nodeName: string; role: GuestClusterNodeRole; pool: string | null; version: string }
>;
export type GuestClusterNodeReady = Event<'GuestClusterNodeReady', Ref & { nodeName: string }>;
export type GuestClusterNodeRemoved = Event<'GuestClusterNodeRemoved', Ref & { nodeName: string; role: GuestClusterNodeRole; pool: string | null }>;
export type GuestClusterNodePoolScaled = Event<'GuestClusterNodePoolScaled', Ref & { pool: string; fromReplicas: number; toReplicas: number }>;
export type GuestClusterNodePoolAdded = Event<'GuestClusterNodePoolAdded', Ref & { pool: GuestClusterNodePoolSpec }>;
export type GuestClusterNodePoolRemoved = Event<'GuestClusterNodePoolRemoved', Ref & { pool: string }>;
export type GuestClusterUpgradeStarted = Event<'GuestClusterUpgradeStarted', Ref & { fromVersion: string; toVersion: string; startedAt: string }>;
/** A rolling upgrade swaps one node for a new, not yet ready one at the target version. */
export type GuestClusterNodeReplaced = Event<
  'GuestClusterNodeReplaced',
  Ref & { oldNode: string; newNode: string; role: GuestClusterNodeRole; pool: string | null; version: string }
>;
export type GuestClusterUpgradeCompleted = Event<'GuestClusterUpgradeCompleted', Ref & { fromVersion: string; toVersion: string; completedAt: string }>;
export type GuestClusterDeletionStarted = Event<'GuestClusterDeletionStarted', Ref & { deletionTimestamp: string }>;
export type GuestClusterDeleted = Event<'GuestClusterDeleted', Ref & { deletedAt: string }>;
export type GuestClusterFailed = Event<'GuestClusterFailed', Ref & { reason: string }>;
export type GuestClusterMetadataChanged = Event<'GuestClusterMetadataChanged', Ref & { labels: Record<string, string>; annotations: Record<string, string> }>;

export type GuestClusterEvent =
  | GuestClusterCreated
  | GuestClusterNodeRequested
  | GuestClusterNodeReady
  | GuestClusterNodeRemoved
  | GuestClusterNodePoolScaled
  | GuestClusterNodePoolAdded
  | GuestClusterNodePoolRemoved
  | GuestClusterUpgradeStarted
  | GuestClusterNodeReplaced
  | GuestClusterUpgradeCompleted
  | GuestClusterDeletionStarted
  | GuestClusterDeleted
  | GuestClusterFailed
  | GuestClusterMetadataChanged;

import type { Command } from '../shared/decider.ts';
import type { GuestClusterControlPlaneSpec, GuestClusterNodePoolSpec, GuestClusterNodeRole } from './events.ts';

type Ref = { namespace: string; name: string };

export type CreateGuestCluster = Command<
  'CreateGuestCluster',
  Ref & {
    uid: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    givenSpec?: Record<string, unknown>;
    version: string;
    controlPlane: GuestClusterControlPlaneSpec;
    nodePools: GuestClusterNodePoolSpec[];
  }
>;
/** The application creates the node's VM; the cluster records that the node exists. */
export type RequestGuestClusterNode = Command<
  'RequestGuestClusterNode',
  Ref & { nodeName: string; role: GuestClusterNodeRole; pool: string | null; version: string }
>;
export type MarkGuestClusterNodeReady = Command<'MarkGuestClusterNodeReady', Ref & { nodeName: string }>;
export type RemoveGuestClusterNode = Command<'RemoveGuestClusterNode', Ref & { nodeName: string }>;
export type ScaleGuestClusterNodePool = Command<'ScaleGuestClusterNodePool', Ref & { pool: string; replicas: number }>;
export type AddGuestClusterNodePool = Command<'AddGuestClusterNodePool', Ref & { pool: GuestClusterNodePoolSpec }>;
/** The pool's nodes stay until the application removes them one by one. */
export type RemoveGuestClusterNodePool = Command<'RemoveGuestClusterNodePool', Ref & { pool: string }>;
export type StartGuestClusterUpgrade = Command<'StartGuestClusterUpgrade', Ref & { version: string }>;
export type ReplaceGuestClusterNode = Command<'ReplaceGuestClusterNode', Ref & { oldNode: string; newNode: string }>;
export type CompleteGuestClusterUpgrade = Command<'CompleteGuestClusterUpgrade', Ref>;
export type RequestGuestClusterDeletion = Command<'RequestGuestClusterDeletion', Ref>;
/** Finalization: succeeds only once every node is gone. */
export type DeleteGuestCluster = Command<'DeleteGuestCluster', Ref>;
export type MarkGuestClusterFailed = Command<'MarkGuestClusterFailed', Ref & { reason: string }>;
export type UpdateGuestClusterMetadata = Command<'UpdateGuestClusterMetadata', Ref & { labels: Record<string, string>; annotations: Record<string, string> }>;

export type GuestClusterCommand =
  | CreateGuestCluster
  | RequestGuestClusterNode
  | MarkGuestClusterNodeReady
  | RemoveGuestClusterNode
  | ScaleGuestClusterNodePool
  | AddGuestClusterNodePool
  | RemoveGuestClusterNodePool
  | StartGuestClusterUpgrade
  | ReplaceGuestClusterNode
  | CompleteGuestClusterUpgrade
  | RequestGuestClusterDeletion
  | DeleteGuestCluster
  | MarkGuestClusterFailed
  | UpdateGuestClusterMetadata;

import type { Command } from '../shared/decider.ts';
import type { Resources } from '../shared/resources.ts';
import type { HostWorkload } from './events.ts';

export type RegisterHost = Command<
  'RegisterHost',
  { name: string; uid: string; capacity: Resources; maxPodVMs?: number; labels?: Record<string, string> }
>;
export type ChangeHostMetadata = Command<'ChangeHostMetadata', { name: string; labels: Record<string, string>; annotations: Record<string, string> }>;
export type RecordHostHeartbeat = Command<'RecordHostHeartbeat', { name: string }>;
/** Cordoning stops new placements; what already runs there stays. */
export type CordonHost = Command<'CordonHost', { name: string }>;
export type UncordonHost = Command<'UncordonHost', { name: string }>;
export type MarkHostFailed = Command<'MarkHostFailed', { name: string; reason: string }>;
export type RecoverHost = Command<'RecoverHost', { name: string }>;
/** objectRef names the holder by its stream, e.g. "podVm-shop/web-1". */
export type AllocateHostResources = Command<
  'AllocateHostResources',
  { name: string; objectRef: string; workload: HostWorkload; resources: Resources }
>;
export type ReleaseHostResources = Command<'ReleaseHostResources', { name: string; objectRef: string }>;
/** Succeeds only once the host carries no allocations. */
export type RemoveHost = Command<'RemoveHost', { name: string }>;

export type HostCommand =
  | ChangeHostMetadata
  | RegisterHost
  | RecordHostHeartbeat
  | CordonHost
  | UncordonHost
  | MarkHostFailed
  | RecoverHost
  | AllocateHostResources
  | ReleaseHostResources
  | RemoveHost;

import type { Event } from '../shared/decider.ts';
import type { Resources } from '../shared/resources.ts';

/** The two kinds of workload a host runs: a pod in its own light VM, or a full virtual machine. */
export type HostWorkload = 'PodVM' | 'VirtualMachine';

export type HostRegistered = Event<
  'HostRegistered',
  { name: string; uid: string; capacity: Resources; maxPodVMs: number; labels: Record<string, string>; registeredAt: string }
>;
export type HostHeartbeatRecorded = Event<'HostHeartbeatRecorded', { name: string; at: string }>;
export type HostMetadataChanged = Event<'HostMetadataChanged', { name: string; labels: Record<string, string>; annotations: Record<string, string> }>;
export type HostCordoned = Event<'HostCordoned', { name: string }>;
export type HostUncordoned = Event<'HostUncordoned', { name: string }>;
export type HostFailed = Event<'HostFailed', { name: string; reason: string; at: string }>;
export type HostRecovered = Event<'HostRecovered', { name: string; at: string }>;
/** Also emitted for a resize: the new amounts replace what the object held before. */
export type HostResourcesAllocated = Event<
  'HostResourcesAllocated',
  { name: string; objectRef: string; workload: HostWorkload; resources: Resources }
>;
export type HostResourcesReleased = Event<'HostResourcesReleased', { name: string; objectRef: string }>;
export type HostRemoved = Event<'HostRemoved', { name: string; at: string }>;

export type HostEvent =
  | HostMetadataChanged
  | HostRegistered
  | HostHeartbeatRecorded
  | HostCordoned
  | HostUncordoned
  | HostFailed
  | HostRecovered
  | HostResourcesAllocated
  | HostResourcesReleased
  | HostRemoved;

import { fieldManagersDecider, type FieldManagersCommand, type FieldManagersEvent, type FieldManagersState } from '../domain/fieldmanagers/index.ts';
import { guestClusterDecider, type GuestClusterCommand, type GuestClusterEvent, type GuestClusterState } from '../domain/guestcluster/index.ts';
import { identityDecider, type IdentityCommand, type IdentityEvent, type IdentityState } from '../domain/identity/index.ts';
import { hostDecider, type HostCommand, type HostEvent, type HostState } from '../domain/host/index.ts';
import { namespaceDecider, type NamespaceCommand, type NamespaceEvent, type NamespaceState } from '../domain/namespace/index.ts';
import { podVmDecider, type PodVMCommand, type PodVMEvent, type PodVMState } from '../domain/podvm/index.ts';
import {
  virtualMachineDecider,
  type VirtualMachineCommand,
  type VirtualMachineEvent,
  type VirtualMachineState,
} from '../domain/virtualmachine/index.ts';
import { catalogAggregates } from './catalog-aggregates.ts';
import type { AggregateDefinition } from './commands/aggregate-definition.ts';

const notLiveStatuses = new Set(['Absent', 'Unregistered', 'Deleted', 'Removed']);
const isLive = (state: { status: string }): boolean => !notLiveStatuses.has(state.status);

export const namespaceAggregate: AggregateDefinition<NamespaceState, NamespaceCommand, NamespaceEvent> = {
  kind: 'Namespace',
  category: 'namespace',
  namespaced: false,
  decider: namespaceDecider,
  commutingCommands: new Set(['ReserveNamespaceQuota', 'ReleaseNamespaceQuota', 'AllocateNamespaceIp', 'ReleaseNamespaceIp']),
  isLive,
};

export const hostAggregate: AggregateDefinition<HostState, HostCommand, HostEvent> = {
  kind: 'Host',
  category: 'host',
  namespaced: false,
  decider: hostDecider,
  commutingCommands: new Set(['AllocateHostResources', 'ReleaseHostResources', 'RecordHostHeartbeat']),
  isLive,
};

export const podVmAggregate: AggregateDefinition<PodVMState, PodVMCommand, PodVMEvent> = {
  kind: 'PodVM',
  category: 'podVm',
  namespaced: true,
  decider: podVmDecider,
  commutingCommands: new Set(),
  isLive,
};

export const virtualMachineAggregate: AggregateDefinition<VirtualMachineState, VirtualMachineCommand, VirtualMachineEvent> = {
  kind: 'VirtualMachine',
  category: 'virtualMachine',
  namespaced: true,
  decider: virtualMachineDecider,
  commutingCommands: new Set(),
  isLive,
};

export const guestClusterAggregate: AggregateDefinition<GuestClusterState, GuestClusterCommand, GuestClusterEvent> = {
  kind: 'GuestCluster',
  category: 'guestCluster',
  namespaced: true,
  decider: guestClusterDecider,
  commutingCommands: new Set(),
  isLive,
};

/** Users and their bearer tokens (hashes only): `identity-<user>`. */
export const identityAggregate: AggregateDefinition<IdentityState, IdentityCommand, IdentityEvent> = {
  kind: 'Identity',
  category: 'identity',
  namespaced: false,
  decider: identityDecider,
  commutingCommands: new Set(),
  isLive,
};

/**
 * The Kubernetes API's field managers of an object (server-side apply), beside the object's own
 * stream. Id: `NAMESPACE/RESOURCE:NAME`, the namespace empty for cluster-scoped objects.
 */
export const fieldManagersAggregate: AggregateDefinition<FieldManagersState, FieldManagersCommand, FieldManagersEvent> = {
  kind: 'FieldManagers',
  category: 'fieldManagers',
  namespaced: true,
  decider: fieldManagersDecider,
  commutingCommands: new Set(),
  isLive,
};

export const allAggregates = [
  namespaceAggregate,
  hostAggregate,
  podVmAggregate,
  virtualMachineAggregate,
  guestClusterAggregate,
  identityAggregate,
  fieldManagersAggregate,
  ...Object.values(catalogAggregates),
] as unknown as readonly AggregateDefinition[];

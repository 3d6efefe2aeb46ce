import { Map as PersistentMap } from 'immutable';
import { assertNever, type Decider } from '../shared/decider.ts';
import { alreadyExists, conflict, forbidden, invalid, notFound } from '../shared/errors.ts';
import { assertDnsSubdomain } from '../shared/names.ts';
import { addResources, isNonNegativeResources, noResources, subtractResources, type Resources } from '../shared/resources.ts';
import type { HostCommand } from './commands.ts';
import type { HostEvent, HostWorkload } from './events.ts';

export const defaultMaxPodVMs = 1000;

export interface HostUnregistered {
  status: 'Unregistered';
}

export interface HostAllocation {
  workload: HostWorkload;
  resources: Resources;
}

/** Registered and part of the fleet; `cordoned` and `failed` say whether it may take new work. */
export interface HostReady {
  status: 'Ready';
  name: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  registeredAt: string;
  capacity: Resources;
  maxPodVMs: number;
  cordoned: boolean;
  failed: boolean;
  failureReason: string | null;
  lastHeartbeat: string | null;
  /** What each workload object holds, keyed by objectRef. */
  /** A persistent map: evolve stays pure and O(log n) on hosts carrying a thousand pod VMs. */
  allocations: PersistentMap<string, HostAllocation>;
  /** Running totals over `allocations`, kept by evolve. */
  allocated: Resources;
  podVMCount: number;
  virtualMachineCount: number;
}

export interface HostGone {
  status: 'Removed';
  name: string;
  uid: string;
  removedAt: string;
}

export type HostState = HostUnregistered | HostReady | HostGone;

export const hostInitialState = (): HostState => ({ status: 'Unregistered' });

const countDelta = (workload: HostWorkload, sign: 1 | -1) =>
  workload === 'PodVM' ? { podVMs: sign, virtualMachines: 0 } : { podVMs: 0, virtualMachines: sign };

/** Removes `previous` (if any) and adds `next` (if any) to the running totals. */
const retally = (host: HostReady, previous: HostAllocation | undefined, next: HostAllocation | undefined): HostReady => {
  let { allocated, podVMCount, virtualMachineCount } = host;
  if (previous) {
    const delta = countDelta(previous.workload, -1);
    allocated = subtractResources(allocated, previous.resources);
    podVMCount += delta.podVMs;
    virtualMachineCount += delta.virtualMachines;
  }
  if (next) {
    const delta = countDelta(next.workload, 1);
    allocated = addResources(allocated, next.resources);
    podVMCount += delta.podVMs;
    virtualMachineCount += delta.virtualMachines;
  }
  return { ...host, allocated, podVMCount, virtualMachineCount };
};

export const hostEvolve = (state: HostState, event: HostEvent): HostState => {
  if (event.type === 'HostRegistered') {
    const { name, uid, capacity, maxPodVMs, labels, registeredAt } = event.data;
    return {
      status: 'Ready',
      name,
      uid,
      labels,
      annotations: {},
      registeredAt,
      capacity,
      maxPodVMs,
      cordoned: false,
      failed: false,
      failureReason: null,
      lastHeartbeat: null,
      allocations: PersistentMap(),
      allocated: noResources,
      podVMCount: 0,
      virtualMachineCount: 0,
    };
  }
  if (state.status !== 'Ready') return state;
  switch (event.type) {
    case 'HostHeartbeatRecorded':
      return { ...state, lastHeartbeat: event.data.at };
    case 'HostMetadataChanged':
      return { ...state, labels: event.data.labels, annotations: event.data.annotations };
    case 'HostCordoned':
      return { ...state, cordoned: true };
    case 'HostUncordoned':
      return { ...state, cordoned: false };
    case 'HostFailed':
      return { ...state, failed: true, failureReason: event.data.reason };
    case 'HostRecovered':
      return { ...state, failed: false, failureReason: null };
    case 'HostResourcesAllocated': {
      const { objectRef, workload, resources } = event.data;
      const next: HostAllocation = { workload, resources };
      const tallied = retally(state, state.allocations.get(objectRef), next);
      return { ...tallied, allocations: state.allocations.set(objectRef, next) };
    }
    case 'HostResourcesReleased': {
      const tallied = retally(state, state.allocations.get(event.data.objectRef), undefined);
      return { ...tallied, allocations: state.allocations.delete(event.data.objectRef) };
    }
    case 'HostRemoved':
      return { status: 'Removed', name: state.name, uid: state.uid, removedAt: event.data.at };
    default:
      return assertNever(event);
  }
};

const requireRegistered = (state: HostState, name: string): HostReady => {
  if (state.status === 'Ready') return state;
  throw notFound(`hosts "${name}"`);
};

const assertCapacity = (capacity: Resources): void => {
  const causes = (['cpuMillis', 'memoryBytes'] as const)
    .filter((key) => !Number.isSafeInteger(capacity?.[key]) || capacity[key] <= 0)
    .map((key) => ({ field: `spec.capacity.${key}`, message: 'must be a positive integer' }));
  if (causes.length > 0) throw invalid(`${causes.map((c) => c.field).join(', ')}: must be a positive integer`, causes);
};

const assertMaxPodVMs = (maxPodVMs: number): void => {
  if (!Number.isInteger(maxPodVMs) || maxPodVMs < 1 || maxPodVMs > defaultMaxPodVMs) {
    const message = `must be an integer between 1 and ${defaultMaxPodVMs}`;
    throw invalid(`spec.maxPodVMs: ${message}`, [{ field: 'spec.maxPodVMs', message }]);
  }
};

const assertAllocation = (objectRef: string, workload: HostWorkload, resources: Resources): void => {
  if (typeof objectRef !== 'string' || objectRef.length === 0) {
    throw invalid('objectRef: must not be empty', [{ field: 'objectRef', message: 'must not be empty' }]);
  }
  if (workload !== 'PodVM' && workload !== 'VirtualMachine') {
    throw invalid(`workload: must be PodVM or VirtualMachine`, [{ field: 'workload', message: 'must be PodVM or VirtualMachine' }]);
  }
  if (!resources || !isNonNegativeResources(resources)) {
    throw invalid('resources: must be non-negative integers', [{ field: 'resources', message: 'must be non-negative integers' }]);
  }
};

const sameResources = (a: Resources, b: Resources): boolean => a.cpuMillis === b.cpuMillis && a.memoryBytes === b.memoryBytes;

/** Refuses placements and growth that the host cannot take; shrinking is always allowed. */
const assertRoom = (host: HostReady, objectRef: string, next: HostAllocation, previous: HostAllocation | undefined): void => {
  const before = previous?.resources ?? noResources;
  const growsCpu = next.resources.cpuMillis > before.cpuMillis;
  const growsMemory = next.resources.memoryBytes > before.memoryBytes;
  if (previous && !growsCpu && !growsMemory) return;
  if (host.cordoned) throw forbidden(`host ${host.name} is cordoned: it takes no new workloads (${objectRef})`);
  if (host.failed) throw forbidden(`host ${host.name} has failed (${host.failureReason ?? 'unknown'}): it takes no new workloads (${objectRef})`);
  const others = subtractResources(host.allocated, before);
  const { capacity } = host;
  if (growsCpu && others.cpuMillis + next.resources.cpuMillis > capacity.cpuMillis) {
    throw forbidden(
      `host ${host.name} has insufficient cpu for ${objectRef}: requested ${next.resources.cpuMillis}m, allocated ${others.cpuMillis}m of ${capacity.cpuMillis}m`,
    );
  }
  if (growsMemory && others.memoryBytes + next.resources.memoryBytes > capacity.memoryBytes) {
    throw forbidden(
      `host ${host.name} has insufficient memory for ${objectRef}: requested ${next.resources.memoryBytes} bytes, allocated ${others.memoryBytes} of ${capacity.memoryBytes} bytes`,
    );
  }
  if (!previous && next.workload === 'PodVM' && host.podVMCount >= host.maxPodVMs) {
    throw forbidden(`host ${host.name} already runs its maximum of ${host.maxPodVMs} PodVMs (${objectRef})`);
  }
};

export const hostDecide = (command: HostCommand, state: HostState): HostEvent[] => {
  const { name } = command.data;
  const now = command.metadata.now;
  switch (command.type) {
    case 'RegisterHost': {
      if (state.status === 'Ready') throw alreadyExists(`hosts "${name}"`);
      assertDnsSubdomain(name);
      assertCapacity(command.data.capacity);
      const maxPodVMs = command.data.maxPodVMs ?? defaultMaxPodVMs;
      assertMaxPodVMs(maxPodVMs);
      const { cpuMillis, memoryBytes } = command.data.capacity;
      return [
        {
          type: 'HostRegistered',
          data: { name, uid: command.data.uid, capacity: { cpuMillis, memoryBytes }, maxPodVMs, labels: command.data.labels ?? {}, registeredAt: now },
        },
      ];
    }
    case 'RecordHostHeartbeat': {
      const host = requireRegistered(state, name);
      if (host.lastHeartbeat === now) return [];
      return [{ type: 'HostHeartbeatRecorded', data: { name, at: now } }];
    }
    case 'ChangeHostMetadata': {
      const host = requireRegistered(state, name);
      const { labels, annotations } = command.data;
      if (JSON.stringify([host.labels, host.annotations]) === JSON.stringify([labels, annotations])) return [];
      return [{ type: 'HostMetadataChanged', data: { name, labels, annotations } }];
    }
    case 'CordonHost':
      return requireRegistered(state, name).cordoned ? [] : [{ type: 'HostCordoned', data: { name } }];
    case 'UncordonHost':
      return requireRegistered(state, name).cordoned ? [{ type: 'HostUncordoned', data: { name } }] : [];
    case 'MarkHostFailed': {
      const host = requireRegistered(state, name);
      const reason = command.data.reason;
      if (typeof reason !== 'string' || reason.trim().length === 0) {
        throw invalid('reason: must not be empty', [{ field: 'reason', message: 'must not be empty' }]);
      }
      if (host.failed) return [];
      return [{ type: 'HostFailed', data: { name, reason, at: now } }];
    }
    case 'RecoverHost':
      return requireRegistered(state, name).failed ? [{ type: 'HostRecovered', data: { name, at: now } }] : [];
    case 'AllocateHostResources': {
      const host = requireRegistered(state, name);
      const { objectRef, workload, resources } = command.data;
      assertAllocation(objectRef, workload, resources);
      const previous: HostAllocation | undefined = host.allocations.get(objectRef);
      if (previous && previous.workload !== workload) {
        throw conflict(`${objectRef} already holds resources on host ${name} as a ${previous.workload}`);
      }
      if (previous && sameResources(previous.resources, resources)) return [];
      const next: HostAllocation = { workload, resources: { cpuMillis: resources.cpuMillis, memoryBytes: resources.memoryBytes } };
      assertRoom(host, objectRef, next, previous);
      return [{ type: 'HostResourcesAllocated', data: { name, objectRef, ...next } }];
    }
    case 'ReleaseHostResources': {
      const host = requireRegistered(state, name);
      if (!host.allocations.has(command.data.objectRef)) return [];
      return [{ type: 'HostResourcesReleased', data: { name, objectRef: command.data.objectRef } }];
    }
    case 'RemoveHost': {
      const host = requireRegistered(state, name);
      const remaining = host.allocations.size;
      if (remaining > 0) throw conflict(`host ${name} still carries ${remaining} allocation(s); release them before removing it`);
      return [{ type: 'HostRemoved', data: { name, at: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const hostDecider: Decider<HostState, HostCommand, HostEvent> = {
  initialState: hostInitialState,
  evolve: hostEvolve,
  decide: hostDecide,
};

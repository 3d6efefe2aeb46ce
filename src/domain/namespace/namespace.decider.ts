import { Map as PersistentMap } from 'immutable';
import { assertNever, type Decider } from '../shared/decider.ts';
import { alreadyExists, conflict, forbidden, invalid, notFound, quotaExceeded } from '../shared/errors.ts';
import { ipToNumber, numberToIp, parseSegment } from '../shared/ipv4.ts';
import { assertDnsLabel } from '../shared/names.ts';
import type { NamespaceCommand } from './commands.ts';
import { quotaResources, type NamespaceEvent, type QuotaAmounts, type QuotaResource } from './events.ts';

export interface NamespaceAbsent {
  status: 'Absent';
}

export interface NamespaceLive {
  status: 'Active' | 'Terminating';
  name: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: string;
  deletionTimestamp: string | null;
  networkSegment: string;
  hard: QuotaAmounts;
  used: QuotaAmounts;
  /**
   * Every workload object of the namespace, with what it holds against the quota.
   * Persistent maps keep evolve pure and O(log n) for namespaces holding thousands of objects.
   */
  reservations: PersistentMap<string, QuotaAmounts>;
  ips: PersistentMap<string, string>;
  ipOwners: PersistentMap<string, string>;
  /** Every address of the segment below this one is taken: the search for a free one starts here. */
  nextIpCandidate: string;
  storageClasses: string[];
  virtualMachineClasses: string[];
  virtualMachineImages: string[];
  encrypted: boolean;
}

export interface NamespaceGone {
  status: 'Deleted';
  name: string;
  uid: string;
  deletedAt: string;
}

export type NamespaceState = NamespaceAbsent | NamespaceLive | NamespaceGone;

export const namespaceInitialState = (): NamespaceState => ({ status: 'Absent' });

const addAmounts = (a: QuotaAmounts, b: QuotaAmounts, sign: 1 | -1): QuotaAmounts => {
  const sum: QuotaAmounts = { ...a };
  for (const resource of quotaResources) {
    const delta = b[resource];
    if (delta) sum[resource] = (sum[resource] ?? 0) + sign * delta;
  }
  return sum;
};

export const namespaceEvolve = (state: NamespaceState, event: NamespaceEvent): NamespaceState => {
  if (event.type === 'NamespaceCreated') {
    const { name, uid, labels, annotations, networkSegment, createdAt } = event.data;
    return {
      status: 'Active',
      name,
      uid,
      labels,
      annotations,
      createdAt,
      deletionTimestamp: null,
      networkSegment,
      hard: {},
      used: {},
      reservations: PersistentMap(),
      ips: PersistentMap(),
      ipOwners: PersistentMap(),
      nextIpCandidate: numberToIp(parseSegment(networkSegment).first),
      storageClasses: [],
      virtualMachineClasses: [],
      virtualMachineImages: [],
      encrypted: false,
    };
  }
  if (state.status !== 'Active' && state.status !== 'Terminating') return state;
  switch (event.type) {
    case 'NamespaceQuotaSet':
      return { ...state, hard: event.data.hard };
    case 'NamespaceQuotaReserved': {
      const previous = state.reservations.get(event.data.objectRef) ?? {};
      return {
        ...state,
        used: addAmounts(addAmounts(state.used, previous, -1), event.data.amounts, 1),
        reservations: state.reservations.set(event.data.objectRef, event.data.amounts),
      };
    }
    case 'NamespaceQuotaReleased': {
      const previous = state.reservations.get(event.data.objectRef) ?? {};
      return {
        ...state,
        used: addAmounts(state.used, previous, -1),
        reservations: state.reservations.delete(event.data.objectRef),
      };
    }
    case 'NamespaceIpAllocated': {
      const { ip, objectRef } = event.data;
      const nextIpCandidate = ip === state.nextIpCandidate ? numberToIp(ipToNumber(ip) + 1) : state.nextIpCandidate;
      return { ...state, ips: state.ips.set(objectRef, ip), ipOwners: state.ipOwners.set(ip, objectRef), nextIpCandidate };
    }
    case 'NamespaceIpReleased': {
      const { ip, objectRef } = event.data;
      const nextIpCandidate = ipToNumber(ip) < ipToNumber(state.nextIpCandidate) ? ip : state.nextIpCandidate;
      return { ...state, ips: state.ips.delete(objectRef), ipOwners: state.ipOwners.delete(ip), nextIpCandidate };
    }
    case 'NamespaceStorageClassesAssigned':
      return { ...state, storageClasses: event.data.storageClasses };
    case 'NamespaceVirtualMachineClassesAssigned':
      return { ...state, virtualMachineClasses: event.data.virtualMachineClasses };
    case 'NamespaceVirtualMachineImagesAssigned':
      return { ...state, virtualMachineImages: event.data.virtualMachineImages };
    case 'NamespaceEncryptionSwitched':
      return { ...state, encrypted: event.data.enabled };
    case 'NamespaceMetadataChanged':
      return { ...state, labels: event.data.labels, annotations: event.data.annotations };
    case 'NamespaceTerminating':
      return { ...state, status: 'Terminating', deletionTimestamp: event.data.deletionTimestamp };
    case 'NamespaceDeleted':
      return { status: 'Deleted', name: state.name, uid: state.uid, deletedAt: event.data.deletedAt };
    default:
      return assertNever(event);
  }
};

const requireLive = (state: NamespaceState, name: string): NamespaceLive => {
  if (state.status === 'Active' || state.status === 'Terminating') return state;
  throw notFound(`namespaces "${name}"`);
};

const requireActive = (state: NamespaceState, name: string): NamespaceLive => {
  const live = requireLive(state, name);
  if (live.status === 'Terminating') {
    throw forbidden(`unable to create new content in namespace ${name} because it is being terminated`);
  }
  return live;
};

const assertAmounts = (amounts: QuotaAmounts, field: string): void => {
  for (const [resource, value] of Object.entries(amounts)) {
    if (!quotaResources.includes(resource as QuotaResource)) {
      throw invalid(`${field}.${resource}: unsupported quota resource`, [{ field: `${field}.${resource}`, message: 'unsupported quota resource' }]);
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw invalid(`${field}.${resource}: must be a non-negative integer`, [{ field: `${field}.${resource}`, message: 'must be a non-negative integer' }]);
    }
  }
};

const sameAmounts = (a: QuotaAmounts, b: QuotaAmounts): boolean =>
  quotaResources.every((resource) => (a[resource] ?? 0) === (b[resource] ?? 0));

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((item, index) => item === b[index]);

const normalizedList = (items: readonly string[]): string[] => [...new Set(items)].sort();

const firstFreeIp = (state: NamespaceLive): string | undefined => {
  const { last } = parseSegment(state.networkSegment);
  for (let candidate = ipToNumber(state.nextIpCandidate); candidate <= last; candidate++) {
    const ip = numberToIp(candidate);
    if (!state.ipOwners.has(ip)) return ip;
  }
  return undefined;
};

export const namespaceDecide = (command: NamespaceCommand, state: NamespaceState): NamespaceEvent[] => {
  const { name } = command.data;
  switch (command.type) {
    case 'CreateNamespace': {
      if (state.status === 'Active' || state.status === 'Terminating') throw alreadyExists(`namespaces "${name}"`);
      assertDnsLabel(name);
      const segment = parseSegment(command.data.networkSegment);
      return [
        {
          type: 'NamespaceCreated',
          data: {
            name,
            uid: command.data.uid,
            labels: command.data.labels ?? {},
            annotations: command.data.annotations ?? {},
            networkSegment: segment.cidr,
            createdAt: command.metadata.now,
          },
        },
      ];
    }
    case 'SetNamespaceQuota': {
      const live = requireLive(state, name);
      assertAmounts(command.data.hard, 'spec.hard');
      // Like Kubernetes, a quota may be set below current usage: it then blocks new admissions only.
      if (sameAmounts(live.hard, command.data.hard) && Object.keys(live.hard).length === Object.keys(command.data.hard).length) return [];
      return [{ type: 'NamespaceQuotaSet', data: { name, hard: command.data.hard } }];
    }
    case 'ReserveNamespaceQuota': {
      const { objectRef, amounts } = command.data;
      const previous = state.status === 'Active' || state.status === 'Terminating' ? state.reservations.get(objectRef) : undefined;
      // New objects need an active namespace; a held reservation may still change while terminating.
      const live = previous ? requireLive(state, name) : requireActive(state, name);
      assertAmounts(amounts, 'amounts');
      if (previous && sameAmounts(previous, amounts)) return [];
      const exceeded: string[] = [];
      for (const resource of quotaResources) {
        const hard = live.hard[resource];
        if (hard === undefined) continue;
        const requested = amounts[resource] ?? 0;
        const used = (live.used[resource] ?? 0) - (previous?.[resource] ?? 0);
        // Only growth is checked: shrinking or keeping an amount is always allowed.
        if (requested > (previous?.[resource] ?? 0) && used + requested > hard) {
          exceeded.push(`${resource}=${requested}, used: ${resource}=${used}, limited: ${resource}=${hard}`);
        }
      }
      if (exceeded.length > 0) throw quotaExceeded(`requested: ${exceeded.join('; ')}`);
      return [{ type: 'NamespaceQuotaReserved', data: { name, objectRef, amounts } }];
    }
    case 'ReleaseNamespaceQuota': {
      const live = requireLive(state, name);
      if (!live.reservations.has(command.data.objectRef)) return [];
      return [{ type: 'NamespaceQuotaReleased', data: { name, objectRef: command.data.objectRef } }];
    }
    case 'AllocateNamespaceIp': {
      const live = requireLive(state, name);
      if (live.ips.has(command.data.objectRef)) return [];
      const ip = firstFreeIp(live);
      if (!ip) throw forbidden(`network segment ${live.networkSegment} of namespace ${name} has no free address`);
      return [{ type: 'NamespaceIpAllocated', data: { name, objectRef: command.data.objectRef, ip } }];
    }
    case 'ReleaseNamespaceIp': {
      const live = requireLive(state, name);
      const ip = live.ips.get(command.data.objectRef);
      if (!ip) return [];
      return [{ type: 'NamespaceIpReleased', data: { name, objectRef: command.data.objectRef, ip } }];
    }
    case 'AssignNamespaceStorageClasses': {
      const live = requireLive(state, name);
      const storageClasses = normalizedList(command.data.storageClasses);
      if (sameList(live.storageClasses, storageClasses)) return [];
      return [{ type: 'NamespaceStorageClassesAssigned', data: { name, storageClasses } }];
    }
    case 'AssignNamespaceVirtualMachineClasses': {
      const live = requireLive(state, name);
      const virtualMachineClasses = normalizedList(command.data.virtualMachineClasses);
      if (sameList(live.virtualMachineClasses, virtualMachineClasses)) return [];
      return [{ type: 'NamespaceVirtualMachineClassesAssigned', data: { name, virtualMachineClasses } }];
    }
    case 'AssignNamespaceVirtualMachineImages': {
      const live = requireLive(state, name);
      const virtualMachineImages = normalizedList(command.data.virtualMachineImages);
      if (sameList(live.virtualMachineImages, virtualMachineImages)) return [];
      return [{ type: 'NamespaceVirtualMachineImagesAssigned', data: { name, virtualMachineImages } }];
    }
    case 'SwitchNamespaceEncryption': {
      const live = requireLive(state, name);
      if (live.encrypted === command.data.enabled) return [];
      return [{ type: 'NamespaceEncryptionSwitched', data: { name, enabled: command.data.enabled } }];
    }
    case 'ChangeNamespaceMetadata': {
      const live = requireLive(state, name);
      const { labels, annotations } = command.data;
      if (JSON.stringify([live.labels, live.annotations]) === JSON.stringify([labels, annotations])) return [];
      return [{ type: 'NamespaceMetadataChanged', data: { name, labels, annotations } }];
    }
    case 'TerminateNamespace': {
      const live = requireLive(state, name);
      if (live.status === 'Terminating') return [];
      return [{ type: 'NamespaceTerminating', data: { name, deletionTimestamp: command.metadata.now } }];
    }
    case 'DeleteNamespace': {
      const live = requireLive(state, name);
      if (live.status !== 'Terminating') throw conflict(`namespace ${name} must be terminating before it is deleted`);
      const remaining = live.reservations.size;
      if (remaining > 0) throw conflict(`namespace ${name} still holds ${remaining} object(s)`);
      return [{ type: 'NamespaceDeleted', data: { name, deletedAt: command.metadata.now } }];
    }
    default:
      return assertNever(command);
  }
};

export const namespaceDecider: Decider<NamespaceState, NamespaceCommand, NamespaceEvent> = {
  initialState: namespaceInitialState,
  evolve: namespaceEvolve,
  decide: namespaceDecide,
};

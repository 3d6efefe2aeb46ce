import { assertNever, type Decider } from '../shared/decider.ts';
import { alreadyExists, conflict, invalid, notFound } from '../shared/errors.ts';
import { ipToNumber } from '../shared/ipv4.ts';
import { assertDnsSubdomain } from '../shared/names.ts';
import type { PodVMCommand } from './commands.ts';
import type { PodVMContainer, PodVMEvent, PodVMRestartPolicy } from './events.ts';
import { assertValidPodVM, normalizedContainer } from './podvm.validation.ts';
import { assertNoFinalizerAdded, finalizersOf, sameList, sameRecord } from '../shared/records.ts';

export const defaultGracePeriodSeconds = 30;

export interface PodVMAbsent {
  status: 'Absent';
}

/**
 * Pending: no host (reason says why, if known). Scheduled: placed on `host`, not booted.
 * Running: booted, with `ip`. Failed: stopped on `host`, with reason and message.
 */
export interface PodVMLive {
  status: 'Pending' | 'Scheduled' | 'Running' | 'Failed';
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  containers: PodVMContainer[];
  nodeSelector: Record<string, string>;
  restartPolicy: PodVMRestartPolicy;
  priority: number;
  givenSpec: Record<string, unknown>;
  createdAt: string;
  host: string | null;
  ip: string | null;
  startedAt: string | null;
  reason: string | null;
  message: string | null;
  restartCount: number;
  /** Set once graceful deletion was requested (Kubernetes "Terminating"). */
  deletionTimestamp: string | null;
  deletionGracePeriodSeconds: number | null;
  encrypted: boolean;
  /** Keys of whoever must finish before the pod may go (Kubernetes metadata.finalizers). */
  finalizers: string[];
}

export interface PodVMGone {
  status: 'Deleted';
  namespace: string;
  name: string;
  uid: string;
  deletedAt: string;
}

export type PodVMState = PodVMAbsent | PodVMLive | PodVMGone;

export const podVmInitialState = (): PodVMState => ({ status: 'Absent' });

const isLive = (state: PodVMState): state is PodVMLive => state.status !== 'Absent' && state.status !== 'Deleted';

const unplaced = { host: null, ip: null, startedAt: null, reason: null, message: null };

export const podVmEvolve = (state: PodVMState, event: PodVMEvent): PodVMState => {
  if (event.type === 'PodVMCreated') {
    return {
      status: 'Pending',
      ...event.data,
      ...unplaced,
      restartCount: 0,
      deletionTimestamp: null,
      deletionGracePeriodSeconds: null,
      encrypted: event.data.encrypted ?? false,
      finalizers: event.data.finalizers ?? [],
    };
  }
  if (!isLive(state)) return state;
  switch (event.type) {
    case 'PodVMMetadataChanged':
      return { ...state, labels: event.data.labels, annotations: event.data.annotations, finalizers: event.data.finalizers ?? state.finalizers };
    case 'PodVMScheduled':
      return { ...state, ...unplaced, status: 'Scheduled', host: event.data.host };
    case 'PodVMStarted':
      return { ...state, status: 'Running', host: event.data.host, ip: event.data.ip, startedAt: event.data.startedAt, reason: null, message: null };
    case 'PodVMFailed':
      return { ...state, status: 'Failed', host: event.data.host, reason: event.data.reason, message: event.data.message };
    case 'PodVMRestartedElsewhere':
      return { ...state, ...unplaced, status: 'Scheduled', host: event.data.toHost, restartCount: event.data.restartCount };
    case 'PodVMRestartedInPlace':
      return { ...state, restartCount: event.data.restartCount, startedAt: event.data.restartedAt };
    case 'PodVMEvicted':
      return { ...state, ...unplaced, status: 'Pending', reason: event.data.reason };
    case 'PodVMDeletionRequested':
      return { ...state, deletionTimestamp: event.data.deletionTimestamp, deletionGracePeriodSeconds: event.data.gracePeriodSeconds };
    case 'PodVMEncrypted':
      return { ...state, encrypted: true };
    case 'PodVMDeleted':
      return { status: 'Deleted', namespace: state.namespace, name: state.name, uid: state.uid, deletedAt: event.data.deletedAt };
    default:
      return assertNever(event);
  }
};

const requireLive = (state: PodVMState, name: string): PodVMLive => {
  if (isLive(state)) return state;
  throw notFound(`podvms "${name}"`);
};

const whereabouts = (pod: PodVMLive): string => `podvm ${pod.namespace}/${pod.name} is ${pod.status}${pod.host ? ` on host ${pod.host}` : ''}`;

const refuseWhileTerminating = (pod: PodVMLive, action: string): void => {
  if (pod.deletionTimestamp !== null) throw conflict(`cannot ${action} podvm ${pod.namespace}/${pod.name}: it is being deleted`);
};

const requireText = (value: string, field: string): void => {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field}: Required value`, [{ field, message: 'Required value' }]);
};

const addSeconds = (instant: string, seconds: number): string => new Date(Date.parse(instant) + seconds * 1000).toISOString();

export const podVmDecide = (command: PodVMCommand, state: PodVMState): PodVMEvent[] => {
  const { namespace, name } = command.data;
  const now = command.metadata.now;
  switch (command.type) {
    case 'CreatePodVM': {
      if (isLive(state)) throw alreadyExists(`podvms "${name}"`);
      const { data } = command;
      assertValidPodVM(data);
      return [
        {
          type: 'PodVMCreated',
          data: {
            namespace,
            name,
            uid: data.uid,
            labels: data.labels ?? {},
            annotations: data.annotations ?? {},
            containers: data.containers.map(normalizedContainer),
            nodeSelector: data.nodeSelector ?? {},
            restartPolicy: data.restartPolicy ?? 'Always',
            priority: data.priority ?? 0,
            givenSpec: data.givenSpec ?? {},
            ...(data.encrypted ? { encrypted: true } : {}),
            ...(data.finalizers && data.finalizers.length > 0 ? { finalizers: finalizersOf(data.finalizers) } : {}),
            createdAt: now,
          },
        },
      ];
    }
    case 'UpdatePodVMMetadata': {
      const pod = requireLive(state, name);
      const { labels, annotations } = command.data;
      const finalizers = command.data.finalizers ? finalizersOf(command.data.finalizers) : pod.finalizers;
      if (sameRecord(pod.labels, labels) && sameRecord(pod.annotations, annotations) && sameList(pod.finalizers, finalizers)) return [];
      assertNoFinalizerAdded(pod.deletionTimestamp, pod.finalizers, finalizers);
      const changed: PodVMEvent = { type: 'PodVMMetadataChanged', data: { namespace, name, labels, annotations, finalizers } };
      // The last finalizer of a pod whose deletion they held: the deletion completes.
      if (pod.deletionTimestamp !== null && finalizers.length === 0 && pod.finalizers.length > 0) {
        return [changed, { type: 'PodVMDeleted', data: { namespace, name, host: pod.host, deletedAt: now } }];
      }
      return [changed];
    }
    case 'SchedulePodVM': {
      const pod = requireLive(state, name);
      const { host } = command.data;
      assertDnsSubdomain(host, 'host');
      if (pod.status === 'Scheduled' && pod.host === host) return [];
      if (pod.status !== 'Pending') throw conflict(`${whereabouts(pod)}: only a Pending podvm can be scheduled`);
      refuseWhileTerminating(pod, 'schedule');
      return [{ type: 'PodVMScheduled', data: { namespace, name, host } }];
    }
    case 'StartPodVM': {
      const pod = requireLive(state, name);
      const { ip } = command.data;
      ipToNumber(ip);
      if (pod.status === 'Running' && pod.ip === ip) return [];
      if (pod.status !== 'Scheduled' || pod.host === null) throw conflict(`${whereabouts(pod)}: only a Scheduled podvm can be started`);
      refuseWhileTerminating(pod, 'start');
      return [{ type: 'PodVMStarted', data: { namespace, name, host: pod.host, ip, startedAt: now } }];
    }
    case 'FailPodVM': {
      const pod = requireLive(state, name);
      requireText(command.data.reason, 'reason');
      if (pod.status === 'Failed') return [];
      if (pod.status === 'Pending' || pod.host === null) throw conflict(`${whereabouts(pod)}: only a Scheduled or Running podvm can fail`);
      const { reason, message } = command.data;
      return [{ type: 'PodVMFailed', data: { namespace, name, host: pod.host, reason, message: message ?? '', failedAt: now } }];
    }
    case 'RestartPodVMElsewhere': {
      const pod = requireLive(state, name);
      const { host, reason } = command.data;
      assertDnsSubdomain(host, 'host');
      requireText(reason, 'reason');
      if (pod.status === 'Pending' || pod.host === null) throw conflict(`${whereabouts(pod)}: only a placed podvm can be restarted elsewhere`);
      refuseWhileTerminating(pod, 'restart');
      if (host === pod.host) {
        throw invalid(`host: "${host}" must differ from the current host`, [{ field: 'host', message: 'must differ from the current host' }]);
      }
      return [
        { type: 'PodVMRestartedElsewhere', data: { namespace, name, fromHost: pod.host, toHost: host, reason, restartCount: pod.restartCount + 1 } },
      ];
    }
    case 'RestartPodVMInPlace': {
      const pod = requireLive(state, name);
      requireText(command.data.reason, 'reason');
      if (pod.status !== 'Running' || pod.host === null) throw conflict(`${whereabouts(pod)}: only a Running podvm can be restarted in place`);
      refuseWhileTerminating(pod, 'restart');
      return [{ type: 'PodVMRestartedInPlace', data: { namespace, name, host: pod.host, reason: command.data.reason, restartCount: pod.restartCount + 1, restartedAt: now } }];
    }
    case 'EvictPodVM': {
      const pod = requireLive(state, name);
      requireText(command.data.reason, 'reason');
      if (pod.status === 'Pending' && pod.reason === command.data.reason) return [];
      return [{ type: 'PodVMEvicted', data: { namespace, name, fromHost: pod.host, reason: command.data.reason } }];
    }
    case 'RequestPodVMDeletion': {
      const pod = requireLive(state, name);
      const gracePeriodSeconds = command.data.gracePeriodSeconds ?? defaultGracePeriodSeconds;
      if (!Number.isSafeInteger(gracePeriodSeconds) || gracePeriodSeconds < 0) {
        throw invalid('gracePeriodSeconds: must be a non-negative integer', [{ field: 'gracePeriodSeconds', message: 'must be a non-negative integer' }]);
      }
      const deletionTimestamp = addSeconds(now, gracePeriodSeconds);
      // As in Kubernetes, a second request may shorten the grace period but never extend it.
      if (pod.deletionTimestamp !== null && Date.parse(deletionTimestamp) >= Date.parse(pod.deletionTimestamp)) return [];
      return [{ type: 'PodVMDeletionRequested', data: { namespace, name, deletionTimestamp, gracePeriodSeconds } }];
    }
    case 'EncryptPodVM': {
      const pod = requireLive(state, name);
      if (pod.encrypted) return [];
      refuseWhileTerminating(pod, 'encrypt');
      return [{ type: 'PodVMEncrypted', data: { namespace, name } }];
    }
    case 'DeletePodVM': {
      const pod = requireLive(state, name);
      if (pod.finalizers.length > 0) {
        if (pod.deletionTimestamp !== null && Date.parse(pod.deletionTimestamp) <= Date.parse(now)) return [];
        return [{ type: 'PodVMDeletionRequested', data: { namespace, name, deletionTimestamp: now, gracePeriodSeconds: 0 } }];
      }
      return [{ type: 'PodVMDeleted', data: { namespace, name, host: pod.host, deletedAt: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const podVmDecider: Decider<PodVMState, PodVMCommand, PodVMEvent> = {
  initialState: podVmInitialState,
  evolve: podVmEvolve,
  decide: podVmDecide,
};

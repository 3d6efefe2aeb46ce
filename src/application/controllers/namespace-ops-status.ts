import type { Document } from '../../domain/catalog/index.ts';
import type { NamespacePolicySpec } from './namespace-ops-spec.ts';

/** metav1.Condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

/** Replaces the condition of the same type; its lastTransitionTime moves only when its status flips. */
export const setCondition = (previous: unknown, next: Omit<Condition, 'lastTransitionTime'>, now: string): Condition[] => {
  const list = Array.isArray(previous) ? (previous as Condition[]) : [];
  const old = list.find((condition) => condition.type === next.type);
  const lastTransitionTime = old && old.status === next.status ? old.lastTransitionTime : now;
  return [...list.filter((condition) => condition.type !== next.type), { ...next, lastTransitionTime }];
};

/** Where one object of the namespace stands in an operation. */
export type ObjectPhase = 'Pending' | 'Completed' | 'Failed' | 'Skipped';

export interface ObjectProgress {
  name: string;
  phase: ObjectPhase;
  message?: string;
  fromHost?: string;
  toHost?: string;
}

export type OperationPhase = 'InProgress' | 'Completed' | 'Failed';

/** The objects an operation recorded in its status when it started: its set. */
export const recordedSet = (status: Document, field = 'virtualMachines'): ObjectProgress[] | undefined =>
  Array.isArray(status[field]) ? (status[field] as ObjectProgress[]) : undefined;

export const isTerminal = (status: Document): boolean => status.phase === 'Completed' || status.phase === 'Failed';

/** In progress while any object is pending; then Failed if any object failed, else Completed (an empty set completes). */
export const operationPhase = (objects: readonly ObjectProgress[]): OperationPhase => {
  if (objects.some((object) => object.phase === 'Pending')) return 'InProgress';
  return objects.some((object) => object.phase === 'Failed') ? 'Failed' : 'Completed';
};

export const progressMessage = (objects: readonly ObjectProgress[], verb: string): string => {
  const count = (phase: ObjectPhase) => objects.filter((object) => object.phase === phase).length;
  const parts = [`${count('Completed')}/${objects.length} ${verb}`];
  if (count('Failed') > 0) parts.push(`${count('Failed')} failed`);
  if (count('Skipped') > 0) parts.push(`${count('Skipped')} skipped`);
  return parts.join(', ');
};

export interface OperationProgress {
  virtualMachines: ObjectProgress[];
  /** Only operations that act on pod VMs too (migration) report them. */
  podVMs?: ObjectProgress[];
}

/**
 * Status of a one-shot operation (snapshot, restore, migration) from the progress of each
 * object. Written again with the same progress it is the same document, so re-running a
 * reconcile records nothing new.
 */
export const operationStatus = (previous: Document, progress: OperationProgress, verb: string, now: string, extra: Document = {}): Document => {
  const objects = [...progress.virtualMachines, ...(progress.podVMs ?? [])];
  const phase = operationPhase(objects);
  const message = progressMessage(objects, verb);
  return {
    ...extra,
    phase,
    message,
    virtualMachines: progress.virtualMachines,
    ...(progress.podVMs ? { podVMs: progress.podVMs } : {}),
    ...(phase !== 'InProgress' ? { completedAt: (previous.completedAt as string | undefined) ?? now } : {}),
    conditions: setCondition(previous.conditions, { type: 'Ready', status: phase === 'Completed' ? 'True' : 'False', reason: phase, message }, now),
  };
};

/** An operation refused as a whole (bad spec, unknown snapshot): nothing was done. */
export const refusedStatus = (previous: Document, reason: string, message: string, now: string, extra: Document = {}): Document => ({
  ...extra,
  phase: 'Failed',
  reason,
  message,
  ...(previous.virtualMachines ? { virtualMachines: previous.virtualMachines } : {}),
  ...(previous.podVMs ? { podVMs: previous.podVMs } : {}),
  conditions: setCondition(previous.conditions, { type: 'Ready', status: 'False', reason, message }, now),
});

export interface EncryptionCounts {
  encryptedVirtualMachines: number;
  totalVirtualMachines: number;
  encryptedPodVMs: number;
  totalPodVMs: number;
}

export const encryptionCounts = (vms: readonly { encrypted: boolean }[], pods: readonly { encrypted: boolean }[]): EncryptionCounts => ({
  encryptedVirtualMachines: vms.filter((vm) => vm.encrypted).length,
  totalVirtualMachines: vms.length,
  encryptedPodVMs: pods.filter((pod) => pod.encrypted).length,
  totalPodVMs: pods.length,
});

/** Applying while the controller still works through existing objects; Applied once it is done. */
export const policyStatus = (
  previous: Document,
  policy: { generation: number; spec: NamespacePolicySpec; counts: EncryptionCounts; applying: boolean },
  now: string,
): Document => {
  const { spec, counts, applying } = policy;
  const phase = applying ? 'Applying' : 'Applied';
  const message = spec.encryption
    ? `${counts.encryptedVirtualMachines}/${counts.totalVirtualMachines} virtual machines and ${counts.encryptedPodVMs}/${counts.totalPodVMs} pod VMs encrypted`
    : 'encryption disabled: new virtual machines and pod VMs are not encrypted';
  return {
    phase,
    observedGeneration: policy.generation,
    encryption: spec.encryption ? 'Enabled' : 'Disabled',
    haRestartPriority: spec.haRestartPriority,
    ...counts,
    message,
    conditions: setCondition(previous.conditions, { type: 'Ready', status: applying ? 'False' : 'True', reason: phase, message }, now),
  };
};

import type { Command } from '../shared/decider.ts';
import type { PodVMContainer, PodVMRestartPolicy } from './events.ts';

interface PodVMKey {
  namespace: string;
  name: string;
}

export type CreatePodVM = Command<
  'CreatePodVM',
  PodVMKey & {
    uid: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    containers: PodVMContainer[];
    nodeSelector?: Record<string, string>;
    restartPolicy?: PodVMRestartPolicy;
    priority?: number;
    givenSpec?: Record<string, unknown>;
    /** Set when the pod's namespace encrypts everything it holds. */
    encrypted?: boolean;
    finalizers?: string[];
  }
>;
/** `finalizers` absent: left as they are. Removing the last finalizer of a pod being deleted deletes it. */
export type UpdatePodVMMetadata = Command<
  'UpdatePodVMMetadata',
  PodVMKey & { labels: Record<string, string>; annotations: Record<string, string>; finalizers?: string[] }
>;
export type SchedulePodVM = Command<'SchedulePodVM', PodVMKey & { host: string }>;
export type StartPodVM = Command<'StartPodVM', PodVMKey & { ip: string }>;
export type FailPodVM = Command<'FailPodVM', PodVMKey & { reason: string; message: string }>;
export type RestartPodVMElsewhere = Command<'RestartPodVMElsewhere', PodVMKey & { host: string; reason: string }>;
export type RestartPodVMInPlace = Command<'RestartPodVMInPlace', PodVMKey & { reason: string }>;
export type EvictPodVM = Command<'EvictPodVM', PodVMKey & { reason: string }>;
/** Defaults to a 30 second grace period, as in Kubernetes. */
export type RequestPodVMDeletion = Command<'RequestPodVMDeletion', PodVMKey & { gracePeriodSeconds?: number }>;
/** Deletes at once, unless finalizers hold the pod: it is then marked for deletion and waits for them. */
export type DeletePodVM = Command<'DeletePodVM', PodVMKey>;
export type EncryptPodVM = Command<'EncryptPodVM', PodVMKey>;

export type PodVMCommand =
  | CreatePodVM
  | UpdatePodVMMetadata
  | SchedulePodVM
  | StartPodVM
  | FailPodVM
  | RestartPodVMElsewhere
  | RestartPodVMInPlace
  | EvictPodVM
  | RequestPodVMDeletion
  | DeletePodVM
  | EncryptPodVM;

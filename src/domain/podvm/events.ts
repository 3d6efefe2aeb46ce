import type { Event } from '../shared/decider.ts';
import type { Resources } from '../shared/resources.ts';

/** One container of the pod; requests and limits are optional, as in Kubernetes. */
export interface PodVMContainer {
  name: string;
  image: string;
  requests?: Resources;
  limits?: Resources;
}

export type PodVMRestartPolicy = 'Always' | 'OnFailure' | 'Never';

export type PodVMCreated = Event<
  'PodVMCreated',
  {
    namespace: string;
    name: string;
    uid: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    containers: PodVMContainer[];
    nodeSelector: Record<string, string>;
    restartPolicy: PodVMRestartPolicy;
    priority: number;
    /** The pod spec as the user wrote it; fields Pacific does not act on round-trip unchanged. */
    givenSpec: Record<string, unknown>;
    /** Present (true) only for a pod created encrypted; older events omit it. */
    encrypted?: boolean;
    /** Present only when the pod was created with finalizers. */
    finalizers?: string[];
    createdAt: string;
  }
>;
/** `finalizers` is absent from events written before pods kept finalizers: they left them unchanged. */
export type PodVMMetadataChanged = Event<
  'PodVMMetadataChanged',
  { namespace: string; name: string; labels: Record<string, string>; annotations: Record<string, string>; finalizers?: string[] }
>;
export type PodVMScheduled = Event<'PodVMScheduled', { namespace: string; name: string; host: string }>;
export type PodVMStarted = Event<'PodVMStarted', { namespace: string; name: string; host: string; ip: string; startedAt: string }>;
/** The pod keeps its host so that the host's resources can still be released. */
export type PodVMFailed = Event<
  'PodVMFailed',
  { namespace: string; name: string; host: string; reason: string; message: string; failedAt: string }
>;
export type PodVMRestartedElsewhere = Event<
  'PodVMRestartedElsewhere',
  { namespace: string; name: string; fromHost: string; toHost: string; reason: string; restartCount: number }
>;
/** Lost on its host while the host stayed in the fleet (a short outage): booted again where it was. */
export type PodVMRestartedInPlace = Event<
  'PodVMRestartedInPlace',
  { namespace: string; name: string; host: string; reason: string; restartCount: number; restartedAt: string }
>;
/** Back to Pending without a host; also records why a pending pod cannot be placed. */
export type PodVMEvicted = Event<'PodVMEvicted', { namespace: string; name: string; fromHost: string | null; reason: string }>;
/**
 * Graceful deletion: the pod still exists until PodVMDeleted; deletionTimestamp = request time + grace
 * period. A delete held by finalizers records it too (grace 0) and the pod stays until they are gone.
 */
export type PodVMDeletionRequested = Event<
  'PodVMDeletionRequested',
  { namespace: string; name: string; deletionTimestamp: string; gracePeriodSeconds: number }
>;
export type PodVMDeleted = Event<'PodVMDeleted', { namespace: string; name: string; host: string | null; deletedAt: string }>;
export type PodVMEncrypted = Event<'PodVMEncrypted', { namespace: string; name: string }>;

export type PodVMEvent =
  | PodVMCreated
  | PodVMMetadataChanged
  | PodVMScheduled
  | PodVMStarted
  | PodVMFailed
  | PodVMRestartedElsewhere
  | PodVMRestartedInPlace
  | PodVMEvicted
  | PodVMDeletionRequested
  | PodVMDeleted
  | PodVMEncrypted;

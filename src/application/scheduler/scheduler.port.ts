import type { Resources } from '../../domain/shared/resources.ts';

/** A preferred term's weight, 1-100 as in Kubernetes; absent means 100. */
export type PreferenceWeight = number;

export interface PlacementRequest {
  workload: 'PodVM' | 'VirtualMachine';
  /** Stream name of the workload, e.g. "podVm-shop/web-1". */
  objectRef: string;
  namespace: string;
  resources: Resources;
  labels: Record<string, string>;
  nodeSelector: Record<string, string>;
  /** Keep away from hosts running workloads whose labels match (basic pod anti-affinity). */
  antiAffinity?: { labelSelector: Record<string, string>; required: boolean; weight?: PreferenceWeight }[];
  /** Prefer hosts running workloads whose labels match (basic pod affinity, preferred only). */
  affinity?: { labelSelector: Record<string, string>; weight?: PreferenceWeight }[];
  /** Hosts to leave out, e.g. the one a workload is leaving. */
  excludeHosts?: string[];
}

export type PlacementDecision = { host: string } | { host: null; reason: string };

/** Chooses a host for a workload from the inventory alone; no I/O. */
export interface HostChooser {
  choose(request: PlacementRequest): PlacementDecision;
}

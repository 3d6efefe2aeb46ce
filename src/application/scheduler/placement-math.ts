import type { Resources } from '../../domain/shared/resources.ts';
import type { PlacementRequest } from './scheduler.port.ts';

/** What the filters and the score read about one host; `allocated` and `podVMs` include decisions in flight. */
export interface HostView {
  name: string;
  labels: Readonly<Record<string, string>>;
  cordoned: boolean;
  failed: boolean;
  capacity: Resources;
  allocated: Resources;
  podVMs: number;
  maxPodVMs: number;
}

/** How many workloads of `namespace` on `host` carry every label of `selector` ({} matches all of them). */
export type MatchCounter = (host: string, namespace: string, selector: Readonly<Record<string, string>>) => number;

export const hostnameLabel = 'kubernetes.io/hostname';

/** Kubernetes' wording, so that `kubectl describe` readers recognise it. */
export const unfitReasons = {
  notReady: 'node(s) were not ready',
  unschedulable: 'node(s) were unschedulable',
  excluded: 'node(s) were excluded',
  nodeSelector: "node(s) didn't match Pod's node affinity/selector",
  tooManyPods: 'Too many pods',
  cpu: 'Insufficient cpu',
  memory: 'Insufficient memory',
  antiAffinity: "node(s) didn't match pod anti-affinity rules",
} as const;

/** Labels every host carries without being given them, as its Node shows them. */
const implicitLabels: Readonly<Record<string, string>> = { 'kubernetes.io/os': 'esxi', 'node-role.kubernetes.io/esxi': '' };

/** A host's own labels win over the implicit ones; `kubernetes.io/hostname` is its name. */
export const hostLabel = (host: Pick<HostView, 'name' | 'labels'>, key: string): string | undefined =>
  Object.hasOwn(host.labels, key) ? host.labels[key] : key === hostnameLabel ? host.name : Object.hasOwn(implicitLabels, key) ? implicitLabels[key] : undefined;

export const matchesNodeSelector = (host: Pick<HostView, 'name' | 'labels'>, selector: Readonly<Record<string, string>>): boolean => {
  for (const key of Object.keys(selector)) if (hostLabel(host, key) !== selector[key]) return false;
  return true;
};

/** Why `host` cannot take the workload: empty when it can. Stages run in order; the first that fails gives the reasons. */
export const unfitness = (host: HostView, request: PlacementRequest, excluded: ReadonlySet<string>, countMatching: MatchCounter): string[] => {
  if (host.failed) return [unfitReasons.notReady];
  if (host.cordoned) return [unfitReasons.unschedulable];
  if (excluded.has(host.name)) return [unfitReasons.excluded];
  if (!matchesNodeSelector(host, request.nodeSelector)) return [unfitReasons.nodeSelector];
  const fit: string[] = [];
  if (request.workload === 'PodVM' && host.podVMs >= host.maxPodVMs) fit.push(unfitReasons.tooManyPods);
  if (host.allocated.cpuMillis + request.resources.cpuMillis > host.capacity.cpuMillis) fit.push(unfitReasons.cpu);
  if (host.allocated.memoryBytes + request.resources.memoryBytes > host.capacity.memoryBytes) fit.push(unfitReasons.memory);
  if (fit.length > 0) return fit;
  for (const term of request.antiAffinity ?? []) {
    if (term.required && countMatching(host.name, request.namespace, term.labelSelector) > 0) return [unfitReasons.antiAffinity];
  }
  return [];
};

/** The larger of the host's CPU and memory shares in use, 0..1: the spread strategy's measure of "allocated". */
export const utilization = (host: Pick<HostView, 'capacity' | 'allocated'>): number =>
  Math.max(host.allocated.cpuMillis / host.capacity.cpuMillis, host.allocated.memoryBytes / host.capacity.memoryBytes);

const share = (weight: number | undefined): number => (weight ?? 100) / 100;

/**
 * Preferred terms move a host's score by their weight as a share of a whole host (weight 100 = 1.0):
 * a host running matching workloads is pushed back for anti-affinity and pulled forward for affinity.
 */
export const preferenceAdjustment = (host: string, request: PlacementRequest, countMatching: MatchCounter): number => {
  let adjustment = 0;
  for (const term of request.antiAffinity ?? []) {
    if (!term.required && countMatching(host, request.namespace, term.labelSelector) > 0) adjustment += share(term.weight);
  }
  for (const term of request.affinity ?? []) {
    if (countMatching(host, request.namespace, term.labelSelector) > 0) adjustment -= share(term.weight);
  }
  return adjustment;
};

export const hasPreferences = (request: PlacementRequest): boolean =>
  (request.affinity?.length ?? 0) > 0 || (request.antiAffinity ?? []).some((term) => !term.required);

/** "0/4 nodes are available: 1 node(s) were unschedulable, 3 Insufficient cpu." — counted and sorted as Kubernetes does. */
export const unschedulableMessage = (reasonsPerHost: readonly (readonly string[])[]): string => {
  if (reasonsPerHost.length === 0) return 'no nodes available to schedule pods';
  const histogram = new Map<string, number>();
  for (const reasons of reasonsPerHost) for (const reason of new Set(reasons)) histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
  const parts = [...histogram].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${reasonsPerHost.length} nodes are available${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.`;
};

import type { HostView, MatchCounter } from '../../../src/application/scheduler/placement-math.ts';
import type { PlacementView } from '../../../src/application/scheduler/choose.ts';
import type { PlacementRequest } from '../../../src/application/scheduler/scheduler.port.ts';
import { utilization } from '../../../src/application/scheduler/placement-math.ts';

export const Gi = 2 ** 30;

/** A 16-CPU, 64 GiB host with nothing on it unless told otherwise. */
export const hostView = (name: string, overrides: Partial<HostView> = {}): HostView => ({
  name,
  labels: {},
  cordoned: false,
  failed: false,
  capacity: { cpuMillis: 16_000, memoryBytes: 64 * Gi },
  allocated: { cpuMillis: 0, memoryBytes: 0 },
  podVMs: 0,
  maxPodVMs: 1000,
  ...overrides,
});

export const podRequest = (overrides: Partial<PlacementRequest> = {}): PlacementRequest => ({
  workload: 'PodVM',
  objectRef: 'podVm-shop/web-1',
  namespace: 'shop',
  resources: { cpuMillis: 1000, memoryBytes: Gi },
  labels: { app: 'web' },
  nodeSelector: {},
  ...overrides,
});

export const noMatches: MatchCounter = () => 0;

/** Workloads per host as plain lists: [host, namespace, labels]. */
export const countingIn =
  (workloads: [string, string, Record<string, string>][]): MatchCounter =>
  (host, namespace, selector) =>
    workloads.filter(([h, ns, labels]) => h === host && ns === namespace && Object.entries(selector).every(([k, v]) => labels[k] === v)).length;

/** A view over fixed hosts, ordered as the scheduler orders them. */
export const staticView = (hosts: HostView[], countMatching: MatchCounter = noMatches): PlacementView => {
  const ordered = [...hosts].sort((a, b) => utilization(a) - utilization(b) || (a.name < b.name ? -1 : 1));
  return { hostsInOrder: () => ordered, host: (name) => hosts.find((h) => h.name === name), countMatching };
};

import type { PodVMLive } from '../../domain/podvm/index.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import { haRestartPriorityOf, type HaRestartPriority } from '../controllers/ha-priority.ts';
import type { Inventory } from '../inventory/inventory.ts';
import { parseStreamName } from '../streams.ts';
import { choosePlacement, type PlacementView } from './choose.ts';
import { HostOrder } from './host-order.ts';
import { utilization, type HostView, type MatchCounter } from './placement-math.ts';
import { podPlacementRequest, vmPlacementRequest } from './placement-requests.ts';
import type { Scheduler } from './scheduler.ts';
import type { PlacementRequest } from './scheduler.port.ts';
import { WorkloadIndex } from './workload-index.ts';

export type WorkloadKind = 'Pod' | 'VirtualMachine';

export interface DisplacedWorkload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  request: PlacementRequest;
  /** The namespace's HA restart priority (NamespacePolicy); Medium when absent. */
  priority?: HaRestartPriority;
}

export interface WhatIfAnswer {
  host: string;
  workloads: number;
  placed: { kind: WorkloadKind; namespace: string; name: string; toHost: string }[];
  unplaceable: { kind: WorkloadKind; namespace: string; name: string; reason: string }[];
}

const ranks: Record<HaRestartPriority, number> = { High: 0, Medium: 1, Low: 2 };

/** HA restart order: namespaces of higher HA priority first, VMs before pod VMs, larger before smaller, then by name. */
export const haOrder = (a: DisplacedWorkload, b: DisplacedWorkload): number =>
  ranks[a.priority ?? 'Medium'] - ranks[b.priority ?? 'Medium'] ||
  (a.kind === b.kind ? 0 : a.kind === 'VirtualMachine' ? -1 : 1) ||
  b.request.resources.cpuMillis - a.request.resources.cpuMillis ||
  b.request.resources.memoryBytes - a.request.resources.memoryBytes ||
  (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0) ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** A copy of the fleet's loads that simulated placements change, over the live (anti-)affinity counts. */
class SimulatedFleetView implements PlacementView {
  private readonly hosts = new Map<string, HostView>();
  private readonly order = new HostOrder();
  private readonly added = new WorkloadIndex();

  constructor(
    hosts: Iterable<HostView>,
    failedHost: string,
    private readonly liveCount: MatchCounter,
  ) {
    for (const host of hosts) this.put(host.name === failedHost ? { ...host, failed: true } : host);
  }

  *hostsInOrder(): IterableIterator<HostView> {
    for (const name of this.order.names()) yield this.hosts.get(name)!;
  }

  host(name: string): HostView | undefined {
    return this.hosts.get(name);
  }

  readonly countMatching: MatchCounter = (host, namespace, selector) => this.liveCount(host, namespace, selector) + this.added.count(host, namespace, selector);

  place(hostName: string, request: PlacementRequest): void {
    const host = this.hosts.get(hostName)!;
    const allocated = { cpuMillis: host.allocated.cpuMillis + request.resources.cpuMillis, memoryBytes: host.allocated.memoryBytes + request.resources.memoryBytes };
    this.put({ ...host, allocated, podVMs: host.podVMs + (request.workload === 'PodVM' ? 1 : 0) });
    this.added.set(request.objectRef, { host: hostName, namespace: request.namespace, labels: request.labels });
  }

  private put(host: HostView): void {
    this.hosts.set(host.name, host);
    this.order.set(host.name, utilization(host));
  }
}

/** Places the displaced workloads, in HA order, on a copy of the other hosts' free capacity. Pure. */
export const simulateHostFailure = (hosts: Iterable<HostView>, countMatching: MatchCounter, failedHost: string, displaced: readonly DisplacedWorkload[]): WhatIfAnswer => {
  const view = new SimulatedFleetView(hosts, failedHost, countMatching);
  const answer: WhatIfAnswer = { host: failedHost, workloads: displaced.length, placed: [], unplaceable: [] };
  for (const workload of [...displaced].sort(haOrder)) {
    const { kind, namespace, name } = workload;
    const request = { ...workload.request, excludeHosts: [] };
    const decision = choosePlacement(view, request);
    if (decision.host === null) {
      answer.unplaceable.push({ kind, namespace, name, reason: decision.reason });
    } else {
      view.place(decision.host, request);
      answer.placed.push({ kind, namespace, name, toHost: decision.host });
    }
  }
  return answer;
};

/** What the inventory says would happen if `hostName` failed now; undefined for an unknown host. */
export const whatIfHostFails = (scheduler: Scheduler, inventory: Inventory, hostName: string): WhatIfAnswer | undefined => {
  const state = scheduler.hostState(hostName);
  if (!state) return undefined;
  const displaced: DisplacedWorkload[] = [];
  const priorities = new Map<string, HaRestartPriority>();
  for (const [objectRef, allocation] of state.allocations) {
    const { id } = parseStreamName(objectRef);
    const slash = id.indexOf('/');
    const namespace = id.slice(0, slash);
    const name = id.slice(slash + 1);
    const object = inventory.get(allocation.workload, namespace, name);
    const request: PlacementRequest = object
      ? allocation.workload === 'PodVM'
        ? podPlacementRequest(object.state as PodVMLive)
        : vmPlacementRequest(object.state as VirtualMachineLive)
      : { workload: allocation.workload, objectRef, namespace, resources: allocation.resources, labels: {}, nodeSelector: {} };
    if (!priorities.has(namespace)) priorities.set(namespace, haRestartPriorityOf(inventory, namespace));
    const kind = allocation.workload === 'PodVM' ? 'Pod' : 'VirtualMachine';
    displaced.push({ kind, namespace, name, request: { ...request, resources: allocation.resources }, priority: priorities.get(namespace)! });
  }
  return simulateHostFailure(scheduler.hostsInOrder(), scheduler.countMatching, hostName, displaced);
};

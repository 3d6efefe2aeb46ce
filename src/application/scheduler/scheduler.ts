import type { HostReady } from '../../domain/host/index.ts';
import type { PodVMLive } from '../../domain/podvm/index.ts';
import type { Resources } from '../../domain/shared/resources.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import type { Inventory, InventoryChange, InventoryObject } from '../inventory/inventory.ts';
import { parseStreamName } from '../streams.ts';
import { choosePlacement, type PlacementView } from './choose.ts';
import { HostOrder } from './host-order.ts';
import { utilization, type HostView } from './placement-math.ts';
import type { HostChooser, PlacementDecision, PlacementRequest } from './scheduler.port.ts';
import { WorkloadIndex, type WorkloadPlacement } from './workload-index.ts';

/** A decision taken but not yet in the inventory (kube-scheduler's "assumed pod"). */
interface Assumption {
  host: string;
  resources: Resources;
  podVM: boolean;
  /** The host's allocation for it has been applied: its resources are counted by the host itself now. */
  counted: boolean;
}

interface InFlight {
  cpuMillis: number;
  memoryBytes: number;
  podVMs: number;
}

const workloadKinds: Record<string, 'PodVM' | 'VirtualMachine'> = { podVm: 'PodVM', virtualMachine: 'VirtualMachine' };

/** Where a pod VM or VM counts for (anti-)affinity: on its host while scheduled, running or placed. */
const placementOf = (object: InventoryObject): WorkloadPlacement | undefined => {
  if (object.kind === 'PodVM') {
    const pod = object.state as PodVMLive;
    return (pod.status === 'Scheduled' || pod.status === 'Running') && pod.host ? { host: pod.host, namespace: pod.namespace, labels: pod.labels } : undefined;
  }
  const vm = object.state as VirtualMachineLive;
  return vm.status === 'Placed' ? { host: vm.host, namespace: vm.namespace, labels: vm.labels } : undefined;
};

/**
 * The scheduler's index over the inventory, kept incrementally from its changes: every host's
 * state and load (hosts ordered least utilized first) and the workloads on each host by label.
 * A decision reads hosts only, never the pods. Decisions in flight are "assumed" until the
 * inventory shows them, so concurrent decisions see each other and do not overcommit a host.
 */
export class Scheduler implements HostChooser, PlacementView {
  private readonly hosts = new Map<string, HostView>();
  private readonly states = new Map<string, HostReady>();
  private readonly order = new HostOrder();
  private readonly workloads = new WorkloadIndex();
  private readonly assumed = new Map<string, Assumption>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly unsubscribe: () => void;

  constructor(private readonly inventory: Inventory) {
    for (const host of inventory.list('Host')) this.syncHost(host.state as HostReady);
    for (const kind of ['PodVM', 'VirtualMachine'] as const) for (const object of inventory.list(kind)) this.syncWorkload(object);
    this.unsubscribe = inventory.onChange((change) => this.apply(change));
  }

  choose(request: PlacementRequest): PlacementDecision {
    return choosePlacement(this, request);
  }

  readonly countMatching = (host: string, namespace: string, selector: Readonly<Record<string, string>>): number =>
    this.workloads.count(host, namespace, selector);

  *hostsInOrder(): IterableIterator<HostView> {
    for (const name of this.order.names()) yield this.hosts.get(name)!;
  }

  host(name: string): HostView | undefined {
    return this.hosts.get(name);
  }

  /** The host's state as the inventory has it (its allocations list what runs there). */
  hostState(name: string): HostReady | undefined {
    return this.states.get(name);
  }

  /** Counts a decision against its host until the inventory shows it or `forget` is called. */
  assume(request: PlacementRequest, host: string): void {
    this.forget(request.objectRef);
    const assumption: Assumption = { host, resources: request.resources, podVM: request.workload === 'PodVM', counted: false };
    this.assumed.set(request.objectRef, assumption);
    this.addInFlight(assumption, 1);
    this.workloads.set(request.objectRef, { host, namespace: request.namespace, labels: request.labels });
  }

  /** Drops an assumption (the decision was committed or abandoned); the inventory is the truth again. */
  forget(objectRef: string): void {
    const assumption = this.assumed.get(objectRef);
    if (!assumption) return;
    this.assumed.delete(objectRef);
    if (!assumption.counted) this.addInFlight(assumption, -1);
    const { category, id } = parseStreamName(objectRef);
    const kind = workloadKinds[category];
    const slash = id.indexOf('/');
    const object = kind ? this.inventory.get(kind, id.slice(0, slash), id.slice(slash + 1)) : undefined;
    this.workloads.set(objectRef, object ? placementOf(object) : undefined);
  }

  close(): void {
    this.unsubscribe();
    if (shared.get(this.inventory) === this) shared.delete(this.inventory);
  }

  private apply(change: InventoryChange): void {
    const { object, event } = change;
    if (object.kind === 'Host') {
      if (event.type === 'HostResourcesAllocated') this.markCounted((event.data as { objectRef: string }).objectRef, object.name);
      if (change.live) this.syncHost(object.state as HostReady);
      else this.removeHost(object.name);
    } else if (object.kind === 'PodVM' || object.kind === 'VirtualMachine') {
      this.syncWorkload(object);
    }
  }

  private syncWorkload(object: InventoryObject): void {
    const placement = placementOf(object);
    // An assumed workload keeps its assumed host until the inventory places it somewhere.
    if (!placement && this.assumed.has(object.streamName)) return;
    this.workloads.set(object.streamName, placement);
  }

  private markCounted(objectRef: string, host: string): void {
    const assumption = this.assumed.get(objectRef);
    if (!assumption || assumption.counted || assumption.host !== host) return;
    assumption.counted = true;
    this.addInFlight(assumption, -1, false);
  }

  private addInFlight(assumption: Assumption, sign: 1 | -1, refresh = true): void {
    const current = this.inFlight.get(assumption.host) ?? { cpuMillis: 0, memoryBytes: 0, podVMs: 0 };
    const next = {
      cpuMillis: current.cpuMillis + sign * assumption.resources.cpuMillis,
      memoryBytes: current.memoryBytes + sign * assumption.resources.memoryBytes,
      podVMs: current.podVMs + (assumption.podVM ? sign : 0),
    };
    if (next.cpuMillis === 0 && next.memoryBytes === 0 && next.podVMs === 0) this.inFlight.delete(assumption.host);
    else this.inFlight.set(assumption.host, next);
    const state = this.states.get(assumption.host);
    if (refresh && state) this.syncHost(state);
  }

  private syncHost(state: HostReady): void {
    this.states.set(state.name, state);
    const pending = this.inFlight.get(state.name);
    const view: HostView = {
      name: state.name,
      labels: state.labels,
      cordoned: state.cordoned,
      failed: state.failed,
      capacity: state.capacity,
      allocated: pending
        ? { cpuMillis: state.allocated.cpuMillis + pending.cpuMillis, memoryBytes: state.allocated.memoryBytes + pending.memoryBytes }
        : state.allocated,
      podVMs: state.podVMCount + (pending?.podVMs ?? 0),
      maxPodVMs: state.maxPodVMs,
    };
    this.hosts.set(state.name, view);
    this.order.set(state.name, utilization(view));
  }

  private removeHost(name: string): void {
    this.hosts.delete(name);
    this.states.delete(name);
    this.order.delete(name);
  }
}

const shared = new WeakMap<Inventory, Scheduler>();

/** The one scheduler index of an inventory, built on first use: the placement controller and what-if share it. */
export const schedulerFor = (inventory: Inventory): Scheduler => {
  let scheduler = shared.get(inventory);
  if (!scheduler) {
    scheduler = new Scheduler(inventory);
    shared.set(inventory, scheduler);
  }
  return scheduler;
};

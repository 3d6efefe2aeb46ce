import { podVmRequests, type PodVMLive } from '../../domain/podvm/index.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Resources } from '../../domain/shared/resources.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import { podVmAggregate } from '../aggregates.ts';
import type { Inventory, InventoryChange, InventoryObject } from '../inventory/inventory.ts';
import type { Hypervisor } from '../ports/hypervisor.port.ts';
import { placeWith } from '../scheduler/place-with.ts';
import { podPlacementRequest, vmPlacementRequest } from '../scheduler/placement-requests.ts';
import { schedulerFor, type Scheduler } from '../scheduler/scheduler.ts';
import { namespacedId, streamName } from '../streams.ts';
import type { Pacific } from '../services/pacific.ts';
import type { VirtualMachineService } from '../services/virtual-machine.service.ts';
import type { WorkloadService } from '../services/workload.service.ts';
import { KeyedQueue } from './keyed-queue.ts';

const actor = { actor: 'system:scheduler' };

/** Host events after which a workload that found no room may find some. */
const roomEvents = new Set(['HostRegistered', 'HostUncordoned', 'HostRecovered', 'HostResourcesReleased', 'HostMetadataChanged']);

const keyOf = (object: Pick<InventoryObject, 'kind' | 'namespace' | 'name'>): string => `${object.kind}/${object.namespace}/${object.name}`;

/**
 * Brings pod VMs and VMs to what their spec asks on the fleet: the scheduler places a pending one
 * (each decision is an event: PodVMScheduled / VirtualMachinePlaced with the host's allocation, or
 * PodVMEvicted recording why it stays Pending), then it is booted and started.
 *
 * Keyed and level-based: a reconcile reads the inventory afresh, so running it twice changes
 * nothing. Boots run outside the queue's workers: a worker only decides and commits, so the
 * queue's 64 workers keep deciding while hundreds of VMs boot. Workloads that found no room are
 * remembered and tried again only when a host frees room, never by rescanning all pods.
 */
export class PlacementController {
  private readonly queue: KeyedQueue;
  private readonly unschedulable = new Set<string>();
  private readonly starting = new Map<string, Promise<void>>();
  private readonly startFailures = new Map<string, unknown>();
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly inventory: Inventory,
    private readonly workloads: WorkloadService,
    private readonly vms: VirtualMachineService,
    private readonly hypervisor: Hypervisor,
    private readonly pacific: Pacific,
    private readonly scheduler: Scheduler = schedulerFor(inventory),
  ) {
    this.queue = new KeyedQueue((key) => this.reconcile(key));
  }

  start(): void {
    this.stopListening = this.inventory.onChange((change) => this.onChange(change));
    for (const kind of ['PodVM', 'VirtualMachine'] as const) for (const object of this.inventory.list(kind)) this.track(object);
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    await this.queue.stop();
    await Promise.allSettled([...this.starting.values()]);
  }

  /** Resolves when nothing is queued, running or booting (tests). */
  async idle(): Promise<void> {
    for (;;) {
      await this.queue.idle();
      if (this.starting.size === 0) return;
      await Promise.allSettled([...this.starting.values()]);
    }
  }

  private onChange(change: InventoryChange): void {
    const { object } = change;
    if (object.kind === 'PodVM' || object.kind === 'VirtualMachine') {
      this.track(object);
    } else if (object.kind === 'Host') {
      if (roomEvents.has(change.event.type)) for (const key of this.unschedulable) this.queue.add(key);
    } else if (object.kind === 'VirtualMachineClass' && object.namespace) {
      // A VM waits for its class to exist in its namespace.
      for (const vm of this.inventory.list('VirtualMachine', object.namespace)) this.track(vm);
    }
  }

  /** Queues a workload that is not yet where its spec wants it. */
  private track(object: InventoryObject): void {
    const key = keyOf(object);
    if (this.needsWork(object)) {
      this.queue.add(key);
    } else {
      this.unschedulable.delete(key);
      this.startFailures.delete(key);
    }
  }

  private needsWork(object: InventoryObject): boolean {
    if (this.inventory.get(object.kind, object.namespace, object.name) !== object) return false;
    if (object.kind === 'PodVM') {
      const pod = object.state as PodVMLive;
      return !pod.deletionTimestamp && (pod.status === 'Pending' || pod.status === 'Scheduled');
    }
    const vm = object.state as VirtualMachineLive;
    return !vm.deletionTimestamp && vm.desiredPowerState !== vm.powerState;
  }

  private async reconcile(key: string): Promise<void> {
    const [kind, namespace, name] = key.split('/') as [string, string, string];
    try {
      if (kind === 'PodVM') await this.reconcilePod(key, namespace, name);
      else await this.reconcileVirtualMachine(key, namespace, name);
    } catch (error) {
      // NotFound: it went away meanwhile. Anything else is retried with backoff by the queue.
      if (error instanceof DomainError && error.reason === 'NotFound') return;
      throw error;
    }
  }

  private async reconcilePod(key: string, namespace: string, name: string): Promise<void> {
    const pod = this.inventory.get('PodVM', namespace, name)?.state as PodVMLive | undefined;
    if (!pod || pod.deletionTimestamp) return;
    if (pod.status === 'Pending') {
      const decision = await placeWith(this.scheduler, podPlacementRequest(pod), (host) => this.workloads.schedulePodVM(namespace, name, host, actor));
      if (decision.host === null) {
        this.unschedulable.add(key);
        // Recorded once: the pod shows Pending with the reason; the same reason again is no event.
        await this.pacific.execute(podVmAggregate, namespacedId(namespace, name), { type: 'EvictPodVM', data: { namespace, name, reason: decision.reason } }, actor);
        return;
      }
      this.unschedulable.delete(key);
    }
    const scheduled = this.inventory.get('PodVM', namespace, name)?.state as PodVMLive | undefined;
    if (scheduled?.status !== 'Scheduled' || !scheduled.host || scheduled.deletionTimestamp) return;
    const host = scheduled.host;
    this.startInBackground(key, host, streamName('podVm', namespacedId(namespace, name)), podVmRequests(scheduled.containers), async () => {
      const now = this.inventory.get('PodVM', namespace, name)?.state as PodVMLive | undefined;
      if (now?.status === 'Scheduled' && now.host === host && !now.deletionTimestamp) await this.workloads.startPodVM(namespace, name, actor);
    });
  }

  private async reconcileVirtualMachine(key: string, namespace: string, name: string): Promise<void> {
    const vm = this.inventory.get('VirtualMachine', namespace, name)?.state as VirtualMachineLive | undefined;
    if (!vm || vm.deletionTimestamp) return;
    if (vm.desiredPowerState === 'PoweredOn' && vm.powerState !== 'PoweredOn') {
      if (!this.inventory.get('VirtualMachineClass', namespace, vm.className)) return;
      let host = vm.host;
      if (!host) {
        const decision = await placeWith(this.scheduler, vmPlacementRequest(vm), (chosen) => this.vms.place(namespace, name, chosen, actor));
        if (decision.host === null) {
          this.unschedulable.add(key);
          return;
        }
        this.unschedulable.delete(key);
        host = decision.host;
      }
      const placedOn = host;
      this.startInBackground(key, placedOn, streamName('virtualMachine', namespacedId(namespace, name)), vm.resources, async () => {
        const now = this.inventory.get('VirtualMachine', namespace, name)?.state as VirtualMachineLive | undefined;
        if (now?.host === placedOn && now.desiredPowerState === 'PoweredOn' && now.powerState !== 'PoweredOn' && !now.deletionTimestamp) {
          await this.vms.powerOn(namespace, name, actor);
        }
      });
    } else if (vm.desiredPowerState === 'PoweredOff' && vm.powerState !== 'PoweredOff' && vm.host) {
      await this.hypervisor.powerOff(vm.host, `virtualMachine-${namespace}/${name}`);
      await this.vms.powerOff(namespace, name, powerOpMode(vm.givenSpec.powerOffMode), actor);
    } else if (vm.desiredPowerState === 'Suspended' && vm.powerState === 'PoweredOn' && vm.host) {
      await this.vms.suspend(namespace, name, powerOpMode(vm.givenSpec.suspendMode), actor);
    }
  }

  /**
   * Boots on the hypervisor, then records the start, without holding a queue worker. A failure is
   * handed back to the queue (rethrown by the next reconcile of the key) so it retries with backoff.
   */
  private startInBackground(key: string, host: string, vmId: string, resources: Resources, record: () => Promise<void>): void {
    const failure = this.startFailures.get(key);
    if (failure !== undefined) {
      this.startFailures.delete(key);
      throw failure;
    }
    if (this.starting.has(key)) return;
    const started = this.hypervisor
      .powerOn(host, vmId, resources)
      .then(record)
      .catch((error: unknown) => {
        if (error instanceof DomainError && error.reason === 'NotFound') return;
        this.startFailures.set(key, error);
        this.queue.add(key);
      })
      .finally(() => {
        this.starting.delete(key);
        // Moved or changed while booting (HA, a power change): its reconcile was skipped meanwhile.
        const [kind, namespace, name] = key.split('/') as ['PodVM' | 'VirtualMachine', string, string];
        const object = this.inventory.get(kind, namespace, name);
        if (object && this.needsWork(object)) this.queue.add(key);
      });
    this.starting.set(key, started);
  }
}

/** vm-operator's powerOffMode / suspendMode; TrySoft (a guest shutdown, then a hard one) when unset. */
const powerOpMode = (value: unknown): 'Hard' | 'Soft' | 'TrySoft' => (value === 'Hard' || value === 'Soft' ? value : 'TrySoft');

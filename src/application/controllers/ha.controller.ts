import type { HostReady } from '../../domain/host/index.ts';
import type { PodVMLive } from '../../domain/podvm/index.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import { hostAggregate, podVmAggregate, virtualMachineAggregate } from '../aggregates.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { Hypervisor } from '../ports/hypervisor.port.ts';
import type { HostChooser } from '../scheduler/scheduler.port.ts';
import type { Pacific } from '../services/pacific.ts';
import type { VirtualMachineService } from '../services/virtual-machine.service.ts';
import type { WorkloadService } from '../services/workload.service.ts';
import { namespacedId, streamName } from '../streams.ts';
import { placeWithRetry, podRestartRequest, vmRestartRequest } from './ha-placement.ts';
import { runLimited, runsOf } from './ha-pool.ts';
import { compareWorkItems, haRestartPriorityOf, workloadKeyOf, workOnHost, type HostWorkItem } from './ha-priority.ts';
import { KeyedQueue } from './keyed-queue.ts';

const actor = { actor: 'system:ha' };

/**
 * Set on a VM whose host failed and that found no room elsewhere. The VM decider has no event
 * that takes a VM off its host, so the reason is kept here until it restarts.
 */
export const haPendingAnnotation = 'pacific.io/ha-pending';

export interface HaControllerOptions {
  /** Restarts in flight at once for one failed host. */
  concurrency: number;
}

type Outcome = 'done' | 'pending';

/**
 * vSphere HA for Pacific. When a host fails, every pod VM and VM it held room for comes back on
 * a healthy host chosen by the scheduler, in namespace HA priority order, VMs before pod VMs;
 * quota reservations and addresses stay as they are. What finds no room: pod VMs go back to
 * Pending with the reason (the scheduler places them once room appears); VMs keep their place on
 * the dead host, their room there released, and are retried whenever room is freed.
 * Level-based: a reconcile reads the host's allocations afresh; a second run finds nothing to do.
 */
export class HaController {
  private readonly queue: KeyedQueue;
  /** Hosts with VMs still waiting for room. */
  private readonly waitingForRoom = new Set<string>();
  /** Hosts that came back: their hypervisor may still run what was restarted elsewhere. */
  private readonly recovered = new Set<string>();
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly pacific: Pacific,
    private readonly workloads: WorkloadService,
    private readonly vms: VirtualMachineService,
    private readonly hypervisor: Hypervisor,
    private readonly chooser: HostChooser,
    private readonly options: HaControllerOptions = { concurrency: 16 },
  ) {
    this.queue = new KeyedQueue((key) => this.reconcile(key), { baseDelayMs: 200, maxDelayMs: 10_000 });
  }

  private get inventory(): Inventory {
    return this.pacific.inventory;
  }

  start(): void {
    this.stopListening = this.inventory.onChange(({ object, event, live }) => {
      if (object.kind !== 'Host' || !live) return;
      if (event.type === 'HostFailed') this.queue.add(`host:${object.name}`);
      // Each heartbeat (throttled, and at once after a silence) checks what the host runs against what it should.
      if (event.type === 'HostHeartbeatRecorded') this.queue.add(`actual:${object.name}`);
      if (event.type === 'HostRecovered') {
        this.recovered.add(object.name);
        this.queue.add(`host:${object.name}`);
      }
      if (this.waitingForRoom.size > 0 && ['HostResourcesReleased', 'HostRecovered', 'HostUncordoned', 'HostRegistered'].includes(event.type)) {
        for (const host of this.waitingForRoom) this.queue.add(`host:${host}`);
      }
    });
    for (const host of this.hostsNeedingWork()) this.queue.add(`host:${host}`);
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    await this.queue.stop();
  }

  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Failed hosts, and hosts with VMs placed on them that hold no room there (left by an earlier failure). */
  private hostsNeedingWork(): Set<string> {
    const hosts = new Set<string>();
    for (const object of this.inventory.list('Host')) if ((object.state as HostReady).failed) hosts.add(object.name);
    for (const object of this.inventory.list('VirtualMachine')) {
      const vm = object.state as VirtualMachineLive;
      const host = vm.host ? (this.inventory.get('Host', null, vm.host)?.state as HostReady | undefined) : undefined;
      if (host && !host.allocations.has(object.streamName)) hosts.add(host.name);
    }
    return hosts;
  }

  private async reconcile(key: string): Promise<void> {
    const colon = key.indexOf(':');
    const rest = key.slice(colon + 1);
    if (key.slice(0, colon) === 'vm') return this.ensureVmRuns(rest);
    if (key.slice(0, colon) === 'actual') return this.restoreLostWorkloads(rest);
    const host = this.inventory.get('Host', null, rest)?.state as HostReady | undefined;
    if (!host) return;
    if (host.failed) return this.evacuate(host);
    return this.settleRecovered(host);
  }

  private async evacuate(host: HostReady): Promise<void> {
    const reason = `host ${host.name} failed: ${host.failureReason ?? 'unknown reason'}`;
    const items = [...workOnHost(this.inventory, host), ...this.unallocatedVmsOn(host)].sort(compareWorkItems);
    let pending = 0;
    const failures: unknown[] = [];
    for (const run of runsOf(items, (item) => `${item.priority}/${item.workload}`)) {
      failures.push(
        ...(await runLimited(run, this.options.concurrency, async (item) => {
          const outcome = item.workload === 'PodVM' ? await this.restartPod(item, host.name, reason) : await this.restartVm(item, host.name, reason);
          if (outcome === 'pending' && item.workload === 'VirtualMachine') pending++;
        })),
      );
    }
    if (pending > 0) this.waitingForRoom.add(host.name);
    else this.waitingForRoom.delete(host.name);
    if (failures.length > 0) throw failures[0];
  }

  private async restartPod(item: HostWorkItem, failedHost: string, reason: string): Promise<Outcome> {
    const { namespace, name, objectRef } = item;
    const pod = this.inventory.get('PodVM', namespace, name)?.state as PodVMLive | undefined;
    if (!pod || pod.host !== failedHost) {
      await this.release(failedHost, objectRef);
      return 'done';
    }
    if (pod.deletionTimestamp !== null) {
      // It cannot shut down gracefully on a dead host: its deletion completes now.
      await this.workloads.deletePodVM(namespace, name, actor);
      return 'done';
    }
    const outcome = await placeWithRetry(this.chooser, podRestartRequest(pod, [failedHost]), (host) =>
      this.workloads.restartPodVMElsewhere(namespace, name, host, reason, actor),
    );
    if (outcome.host !== null) return 'done';
    const id = namespacedId(namespace, name);
    await this.pacific.execute(podVmAggregate, id, { type: 'EvictPodVM', data: { namespace, name, reason: `${reason}; no host to restart on: ${outcome.reason}` } }, actor);
    await this.release(failedHost, objectRef);
    return 'pending';
  }

  private async restartVm(item: HostWorkItem, failedHost: string, reason: string): Promise<Outcome> {
    const { namespace, name, objectRef } = item;
    const vm = this.inventory.get('VirtualMachine', namespace, name)?.state as VirtualMachineLive | undefined;
    if (!vm || vm.host !== failedHost) {
      await this.release(failedHost, objectRef);
      return 'done';
    }
    if (vm.deletionTimestamp !== null) return 'done';
    const outcome = await placeWithRetry(this.chooser, vmRestartRequest(vm, [failedHost]), (host) =>
      this.vms.restartElsewhere(namespace, name, host, reason, actor),
    );
    if (outcome.host === null) {
      await this.release(failedHost, objectRef);
      await this.annotatePending(vm, `${reason}; no host to restart on: ${outcome.reason}`);
      return 'pending';
    }
    await this.annotatePending(vm, null);
    await this.boot(vm, outcome.host);
    return 'done';
  }

  /** A host that is back: VMs still placed on it without room get it again, and stale copies on its hypervisor go. */
  private async settleRecovered(host: HostReady): Promise<void> {
    for (const item of this.unallocatedVmsOn(host)) {
      const vm = this.inventory.get('VirtualMachine', item.namespace, item.name)?.state as VirtualMachineLive | undefined;
      if (!vm || vm.deletionTimestamp !== null) continue;
      try {
        await this.pacific.execute(hostAggregate, host.name, { type: 'AllocateHostResources', data: { name: host.name, objectRef: item.objectRef, workload: 'VirtualMachine', resources: vm.resources } }, actor);
      } catch (error) {
        if (!(error instanceof DomainError) || error.reason !== 'Forbidden') throw error;
        const outcome = await placeWithRetry(this.chooser, vmRestartRequest(vm, [host.name]), (target) =>
          this.vms.restartElsewhere(item.namespace, item.name, target, `no room left on host ${host.name} after it recovered`, actor),
        );
        if (outcome.host === null) {
          this.waitingForRoom.add(host.name);
          continue;
        }
        await this.annotatePending(vm, null);
        await this.boot(vm, outcome.host);
        continue;
      }
      await this.annotatePending(vm, null);
      await this.boot(vm, host.name);
    }
    if (this.unallocatedVmsOn(host).length === 0) this.waitingForRoom.delete(host.name);
    if (this.recovered.delete(host.name)) await this.removeStaleCopies(host);
  }

  private async removeStaleCopies(host: HostReady): Promise<void> {
    const current = this.inventory.get('Host', null, host.name)?.state as HostReady | undefined;
    if (!current || current.failed) return;
    for (const vmId of await this.hypervisor.runningOn(host.name)) {
      if (!current.allocations.has(vmId)) await this.hypervisor.destroy(host.name, vmId);
    }
  }

  /** Powers the VM on in the hypervisor if it was running; a failure is retried on its own key. */
  private async boot(vm: VirtualMachineLive, host: string): Promise<void> {
    if (vm.powerState !== 'PoweredOn') return;
    try {
      await this.hypervisor.powerOn(host, streamName('virtualMachine', namespacedId(vm.namespace, vm.name)), vm.resources);
    } catch {
      this.queue.add(`vm:${namespacedId(vm.namespace, vm.name)}`);
    }
  }

  private async ensureVmRuns(id: string): Promise<void> {
    const [namespace, name] = id.split('/') as [string, string];
    const vm = this.inventory.get('VirtualMachine', namespace, name)?.state as VirtualMachineLive | undefined;
    if (!vm?.host || vm.deletionTimestamp !== null || vm.powerState !== 'PoweredOn') return;
    const host = this.inventory.get('Host', null, vm.host)?.state as HostReady | undefined;
    if (!host || host.failed) return;
    const vmId = streamName('virtualMachine', id);
    if ((await this.hypervisor.runningOn(vm.host)).includes(vmId)) return;
    await this.hypervisor.powerOn(vm.host, vmId, vm.resources);
  }

  /**
   * Actual against desired on a host that is in the fleet: a pod VM recorded Running there, or a
   * VM recorded PoweredOn, that the hypervisor does not run was lost (a short outage, a crash)
   * and boots again in place; a pod VM's restart is recorded (its RESTARTS count).
   */
  private async restoreLostWorkloads(name: string): Promise<void> {
    const host = this.inventory.get('Host', null, name)?.state as HostReady | undefined;
    if (!host || host.failed || host.allocations.size === 0) return;
    const running = new Set(await this.hypervisor.runningOn(name));
    const reason = `lost on host ${name}, which answered again within the failure grace`;
    for (const [objectRef, allocation] of host.allocations) {
      if (running.has(objectRef)) continue;
      const { namespace, name: objectName } = workloadKeyOf(objectRef);
      if (allocation.workload === 'PodVM') {
        const pod = this.inventory.get('PodVM', namespace, objectName)?.state as PodVMLive | undefined;
        if (pod?.status !== 'Running' || pod.host !== name || pod.deletionTimestamp !== null) continue;
        await this.workloads.restartPodVMInPlace(namespace, objectName, reason, actor);
        await this.hypervisor.powerOn(name, objectRef, allocation.resources);
      } else {
        const vm = this.inventory.get('VirtualMachine', namespace, objectName)?.state as VirtualMachineLive | undefined;
        if (vm?.host !== name || vm.powerState !== 'PoweredOn' || vm.deletionTimestamp !== null) continue;
        await this.hypervisor.powerOn(name, objectRef, vm.resources);
      }
    }
  }

  private unallocatedVmsOn(host: HostReady): HostWorkItem[] {
    const priorities = new Map<string, ReturnType<typeof haRestartPriorityOf>>();
    return this.inventory
      .list('VirtualMachine')
      .filter((object) => (object.state as VirtualMachineLive).host === host.name && !host.allocations.has(object.streamName))
      .map((object) => {
        const namespace = object.namespace!;
        if (!priorities.has(namespace)) priorities.set(namespace, haRestartPriorityOf(this.inventory, namespace));
        return { objectRef: object.streamName, workload: 'VirtualMachine' as const, namespace, name: object.name, priority: priorities.get(namespace)! };
      });
  }

  private async annotatePending(stale: VirtualMachineLive, reason: string | null): Promise<void> {
    const vm = this.inventory.get('VirtualMachine', stale.namespace, stale.name)?.state as VirtualMachineLive | undefined;
    if (!vm) return;
    const current = vm.annotations[haPendingAnnotation];
    if ((current ?? null) === reason) return;
    const { [haPendingAnnotation]: _dropped, ...others } = vm.annotations;
    const annotations = reason === null ? others : { ...others, [haPendingAnnotation]: reason };
    await this.pacific.execute(
      virtualMachineAggregate,
      namespacedId(vm.namespace, vm.name),
      { type: 'UpdateVirtualMachineMetadata', data: { namespace: vm.namespace, name: vm.name, annotations } },
      actor,
    );
  }

  private async release(host: string, objectRef: string): Promise<void> {
    await this.pacific.execute(hostAggregate, host, { type: 'ReleaseHostResources', data: { name: host, objectRef } }, actor);
  }
}

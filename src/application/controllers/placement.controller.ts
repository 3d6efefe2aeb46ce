import type { HostReady } from '../../domain/host/index.ts';
import type { PodVMLive } from '../../domain/podvm/index.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { fitsWithin, subtractResources, type Resources } from '../../domain/shared/resources.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import { podVmRequests } from '../../domain/podvm/index.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { Hypervisor } from '../ports/hypervisor.port.ts';
import type { VirtualMachineService } from '../services/virtual-machine.service.ts';
import type { WorkloadService } from '../services/workload.service.ts';
import { KeyedQueue } from './keyed-queue.ts';

const actor = { actor: 'system:placement' };

/**
 * Brings pod VMs and VMs to what their spec asks on the fleet: a pending pod VM is placed on the
 * host with the most free CPU that fits it and booted; a VM is placed and powered on or off as
 * `spec.powerState` says. Level-based and keyed: each reconcile reads the inventory afresh, so
 * running it twice changes nothing. A simple first strategy; the scheduler replaces it.
 */
export class PlacementController {
  private readonly queue: KeyedQueue;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly inventory: Inventory,
    private readonly workloads: WorkloadService,
    private readonly vms: VirtualMachineService,
    private readonly hypervisor: Hypervisor,
  ) {
    this.queue = new KeyedQueue((key) => this.reconcile(key));
  }

  start(): void {
    this.stopListening = this.inventory.onChange(({ object, live }) => {
      if (!live) return;
      if (object.kind === 'PodVM' || object.kind === 'VirtualMachine') this.queue.add(`${object.kind}/${object.namespace}/${object.name}`);
      // Room freed or a host back: pending work may fit now.
      if (object.kind === 'Host') this.requeuePending();
    });
    this.requeuePending();
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    await this.queue.stop();
  }

  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private requeuePending(): void {
    for (const pod of this.inventory.list('PodVM')) if ((pod.state as PodVMLive).status !== 'Running') this.queue.add(`PodVM/${pod.namespace}/${pod.name}`);
    for (const vm of this.inventory.list('VirtualMachine')) this.queue.add(`VirtualMachine/${vm.namespace}/${vm.name}`);
  }

  private async reconcile(key: string): Promise<void> {
    const [kind, namespace, name] = key.split('/') as [string, string, string];
    try {
      if (kind === 'PodVM') await this.reconcilePod(namespace, name);
      else await this.reconcileVirtualMachine(namespace, name);
    } catch (error) {
      // Refusals (no room, quota, a host that just failed) wait for the next change or retry.
      if (!(error instanceof DomainError)) throw error;
      if (error.reason === 'NotFound') return;
      throw error;
    }
  }

  private async reconcilePod(namespace: string, name: string): Promise<void> {
    const pod = this.inventory.get('PodVM', namespace, name)?.state as PodVMLive | undefined;
    if (!pod || pod.deletionTimestamp) return;
    if (pod.status === 'Pending') {
      const host = this.chooseHost(podVmRequests(pod.containers), 'PodVM', pod.nodeSelector);
      if (!host) return;
      await this.workloads.schedulePodVM(namespace, name, host, actor);
    }
    const scheduled = this.inventory.get('PodVM', namespace, name)?.state as PodVMLive | undefined;
    if (scheduled?.status === 'Scheduled' && scheduled.host) {
      await this.hypervisor.powerOn(scheduled.host, `podVm-${namespace}/${name}`, podVmRequests(scheduled.containers));
      await this.workloads.startPodVM(namespace, name, actor);
    }
  }

  private async reconcileVirtualMachine(namespace: string, name: string): Promise<void> {
    const vm = this.inventory.get('VirtualMachine', namespace, name)?.state as VirtualMachineLive | undefined;
    if (!vm || vm.deletionTimestamp) return;
    const classReady = this.inventory.get('VirtualMachineClass', namespace, vm.className) !== undefined;
    if (vm.desiredPowerState === 'PoweredOn' && vm.powerState !== 'PoweredOn') {
      if (!classReady) return;
      let host = vm.host;
      if (!host) {
        host = this.chooseHost(vm.resources, 'VirtualMachine', {}) ?? null;
        if (!host) return;
        await this.vms.place(namespace, name, host, actor);
      }
      await this.hypervisor.powerOn(host, `virtualMachine-${namespace}/${name}`, vm.resources);
      await this.vms.powerOn(namespace, name, actor);
    } else if (vm.desiredPowerState === 'PoweredOff' && vm.powerState !== 'PoweredOff' && vm.host) {
      await this.hypervisor.powerOff(vm.host, `virtualMachine-${namespace}/${name}`);
      await this.vms.powerOff(namespace, name, 'TrySoft', actor);
    }
  }

  private chooseHost(demand: Resources, workload: 'PodVM' | 'VirtualMachine', nodeSelector: Record<string, string>): string | undefined {
    let best: { name: string; freeCpu: number } | undefined;
    for (const entry of this.inventory.list('Host')) {
      const host = entry.state as HostReady;
      if (host.cordoned || host.failed) continue;
      if (workload === 'PodVM' && host.podVMCount >= host.maxPodVMs) continue;
      if (!Object.entries(nodeSelector).every(([key, value]) => host.labels[key] === value || (key === 'kubernetes.io/hostname' && value === host.name))) continue;
      const free = subtractResources(host.capacity, host.allocated);
      if (!fitsWithin(demand, free)) continue;
      if (!best || free.cpuMillis > best.freeCpu) best = { name: host.name, freeCpu: free.cpuMillis };
    }
    return best?.name;
  }
}

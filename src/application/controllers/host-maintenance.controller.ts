import type { HostReady } from '../../domain/host/index.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import { hostAggregate } from '../aggregates.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { Hypervisor } from '../ports/hypervisor.port.ts';
import type { HostChooser } from '../scheduler/scheduler.port.ts';
import type { Pacific } from '../services/pacific.ts';
import type { VirtualMachineService } from '../services/virtual-machine.service.ts';
import { placeWithRetry, vmRestartRequest } from './ha-placement.ts';
import { workOnHost, type HostWorkItem } from './ha-priority.ts';
import { KeyedQueue } from './keyed-queue.ts';

const actor = { actor: 'system:maintenance' };

/**
 * Maintenance mode: a cordoned host takes no new placements (the host decider refuses them),
 * and its VMs are live-migrated to hosts the scheduler chooses, staying powered on. Pod VMs stay
 * until drained (pods/eviction). VMs that find no room wait until room is freed.
 * Level-based: a reconcile reads the host's allocations afresh.
 */
export class MaintenanceController {
  private readonly queue: KeyedQueue;
  /** Cordoned hosts still carrying VMs that found no room. */
  private readonly waitingForRoom = new Set<string>();
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly pacific: Pacific,
    private readonly vms: VirtualMachineService,
    private readonly hypervisor: Hypervisor,
    private readonly chooser: HostChooser,
  ) {
    this.queue = new KeyedQueue((key) => this.reconcile(key), { baseDelayMs: 200, maxDelayMs: 10_000 });
  }

  private get inventory(): Inventory {
    return this.pacific.inventory;
  }

  start(): void {
    this.stopListening = this.inventory.onChange(({ object, event, live }) => {
      if (object.kind !== 'Host' || !live) return;
      if (event.type === 'HostCordoned') this.queue.add(object.name);
      if (this.waitingForRoom.size > 0 && ['HostResourcesReleased', 'HostRecovered', 'HostUncordoned', 'HostRegistered'].includes(event.type)) {
        for (const host of this.waitingForRoom) this.queue.add(host);
      }
    });
    for (const object of this.inventory.list('Host')) if ((object.state as HostReady).cordoned) this.queue.add(object.name);
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    await this.queue.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async reconcile(name: string): Promise<void> {
    const host = this.inventory.get('Host', null, name)?.state as HostReady | undefined;
    // A failed host is HA's: nothing on it can be live-migrated.
    if (!host?.cordoned || host.failed) {
      this.waitingForRoom.delete(name);
      return;
    }
    let waiting = 0;
    for (const item of workOnHost(this.inventory, host, 'VirtualMachine')) {
      if (!(await this.migrateOff(item, name))) waiting++;
    }
    if (waiting > 0) this.waitingForRoom.add(name);
    else this.waitingForRoom.delete(name);
  }

  /** Room on the target first, then the move in the hypervisor, then the VM's event; false when no host fits. */
  private async migrateOff(item: HostWorkItem, from: string): Promise<boolean> {
    const { namespace, name, objectRef } = item;
    const vm = this.inventory.get('VirtualMachine', namespace, name)?.state as VirtualMachineLive | undefined;
    if (!vm || vm.host !== from || vm.deletionTimestamp !== null) return true;
    const outcome = await placeWithRetry(this.chooser, vmRestartRequest(vm, [from]), async (to) => {
      await this.pacific.execute(hostAggregate, to, { type: 'AllocateHostResources', data: { name: to, objectRef, workload: 'VirtualMachine', resources: vm.resources } }, actor);
      try {
        // Only a running VM moves live; a powered-off or suspended one moves with its files.
        if (vm.powerState === 'PoweredOn') await this.hypervisor.migrate(from, to, objectRef);
      } catch (error) {
        await this.pacific.execute(hostAggregate, to, { type: 'ReleaseHostResources', data: { name: to, objectRef } }, actor);
        throw error;
      }
      await this.vms.migrate(namespace, name, to, actor);
    });
    return outcome.host !== null;
  }
}

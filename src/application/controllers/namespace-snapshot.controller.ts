import type { CatalogItemLive } from '../../domain/catalog/index.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import type { InventoryChange } from '../inventory/inventory.ts';
import { namespacedId, streamName } from '../streams.ts';
import { isDomainError, liveItem, noKeys, operationContext, runPending, writeStatus, type NamespaceOperationDeps, type OperationController } from './namespace-ops-context.ts';
import { isTerminal, operationStatus, recordedSet, type ObjectProgress } from './namespace-ops-status.ts';

const actor = 'system:namespace-snapshot';
const CONCURRENCY = 16;

/**
 * NamespaceSnapshot: snapshots every VM of the namespace as one set, named after the object.
 * The set is fixed in status on the first pass; a VM already holding the snapshot counts as done,
 * so a pass run again takes nothing twice. A VM not placed on a host has nothing to snapshot
 * and is skipped.
 */
export class NamespaceSnapshotController implements OperationController {
  readonly kind = 'NamespaceSnapshot' as const;

  constructor(private readonly deps: NamespaceOperationDeps) {}

  initialKeys(): string[] {
    return this.deps.inventory.list('NamespaceSnapshot').map((object) => namespacedId(object.namespace!, object.name));
  }

  keysFor({ object, live }: InventoryChange): readonly string[] {
    return object.kind === 'NamespaceSnapshot' && live ? [namespacedId(object.namespace!, object.name)] : noKeys;
  }

  async reconcile(namespace: string, name: string): Promise<void> {
    const { inventory } = this.deps;
    const item = liveItem(inventory, 'NamespaceSnapshot', namespace, name);
    if (!item || item.deletionTimestamp !== null || isTerminal(item.itemStatus)) return;
    const context = operationContext(actor, item);
    const record = (objects: readonly ObjectProgress[]) => this.record(item, objects, context);
    let objects = recordedSet(item.itemStatus);
    if (!objects) {
      objects = inventory.list('VirtualMachine', namespace).map((vm) => ({ name: vm.name, phase: 'Pending' as const }));
      await record(objects);
    }
    objects = await runPending(objects, (object) => this.snapshot(namespace, name, object, context), record, {
      concurrency: CONCURRENCY,
      retryable: (error) => !isDomainError(error),
    });
    await record(objects);
  }

  private async snapshot(namespace: string, snapshotName: string, object: ObjectProgress, context: CommandContext): Promise<ObjectProgress> {
    const vm = this.deps.inventory.get('VirtualMachine', namespace, object.name)?.state as VirtualMachineLive | undefined;
    if (!vm) return { name: object.name, phase: 'Failed', message: 'virtual machine not found' };
    if (snapshotName in vm.snapshots) return { name: object.name, phase: 'Completed' };
    if (!vm.host) return { name: object.name, phase: 'Skipped', message: 'not placed on a host: nothing to snapshot' };
    await this.deps.hypervisor.snapshot(vm.host, streamName('virtualMachine', namespacedId(namespace, vm.name)), snapshotName);
    await this.deps.vms.takeSnapshot(namespace, vm.name, snapshotName, context);
    return { name: object.name, phase: 'Completed' };
  }

  private async record(item: CatalogItemLive, objects: readonly ObjectProgress[], context: CommandContext): Promise<void> {
    const current = liveItem(this.deps.inventory, 'NamespaceSnapshot', item.namespace!, item.name) ?? item;
    const status = operationStatus(current.itemStatus, { virtualMachines: [...objects] }, 'virtual machines snapshotted', this.deps.clock.now());
    await writeStatus(this.deps, 'NamespaceSnapshot', item, status, context);
  }
}

import type { CatalogItemLive, Document } from '../../domain/catalog/index.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import type { InventoryChange } from '../inventory/inventory.ts';
import { namespacedId, streamName } from '../streams.ts';
import { isDomainError, itemsIn, liveItem, noKeys, operationContext, runPending, writeStatus, type NamespaceOperationDeps, type OperationController } from './namespace-ops-context.ts';
import { parseRestoreSpec } from './namespace-ops-spec.ts';
import { isTerminal, operationStatus, recordedSet, refusedStatus, setCondition, type ObjectProgress } from './namespace-ops-status.ts';

const actor = 'system:namespace-restore';
const CONCURRENCY = 16;

/**
 * NamespaceRestore: reverts every VM of a completed NamespaceSnapshot's set to it. A revert is not
 * idempotent (it throws away what the disks gained since), so each VM's progress is recorded
 * before the next round and a VM recorded as done is never reverted again.
 */
export class NamespaceRestoreController implements OperationController {
  readonly kind = 'NamespaceRestore' as const;

  constructor(private readonly deps: NamespaceOperationDeps) {}

  initialKeys(): string[] {
    return this.deps.inventory.list('NamespaceRestore').map((object) => namespacedId(object.namespace!, object.name));
  }

  keysFor({ object, live }: InventoryChange): readonly string[] {
    if (!live || object.namespace === null) return noKeys;
    if (object.kind === 'NamespaceRestore') return [namespacedId(object.namespace, object.name)];
    if (object.kind !== 'NamespaceSnapshot') return noKeys;
    // Restores waiting for this snapshot to complete.
    return itemsIn(this.deps.inventory, 'NamespaceRestore', object.namespace)
      .filter((restore) => restore.spec.snapshotName === object.name && !isTerminal(restore.itemStatus))
      .map((restore) => namespacedId(object.namespace!, restore.name));
  }

  async reconcile(namespace: string, name: string): Promise<void> {
    const { inventory, clock } = this.deps;
    const item = liveItem(inventory, 'NamespaceRestore', namespace, name);
    if (!item || item.deletionTimestamp !== null || isTerminal(item.itemStatus)) return;
    const context = operationContext(actor, item);
    const parsed = parseRestoreSpec(item.spec);
    if (!parsed.ok) return this.write(item, refusedStatus(item.itemStatus, 'InvalidSpec', parsed.problems.join('; '), clock.now()), context);
    const { snapshotName } = parsed.value;
    const extra = { snapshotName };
    let objects = recordedSet(item.itemStatus);
    if (!objects) {
      const snapshot = liveItem(inventory, 'NamespaceSnapshot', namespace, snapshotName);
      if (!snapshot) {
        const message = `NamespaceSnapshot "${snapshotName}" not found in namespace "${namespace}"`;
        return this.write(item, refusedStatus(item.itemStatus, 'SnapshotNotFound', message, clock.now(), extra), context);
      }
      if (snapshot.itemStatus.phase === 'Failed') {
        const message = `NamespaceSnapshot "${snapshotName}" failed and cannot be restored`;
        return this.write(item, refusedStatus(item.itemStatus, 'SnapshotFailed', message, clock.now(), extra), context);
      }
      if (snapshot.itemStatus.phase !== 'Completed') return this.write(item, waitingStatus(item.itemStatus, snapshotName, clock.now()), context);
      objects = (recordedSet(snapshot.itemStatus) ?? []).filter((vm) => vm.phase === 'Completed').map((vm) => ({ name: vm.name, phase: 'Pending' as const }));
      await this.record(item, objects, snapshotName, context);
    }
    const record = (progress: readonly ObjectProgress[]) => this.record(item, progress, snapshotName, context);
    objects = await runPending(objects, (object) => this.revert(namespace, snapshotName, object, context), record, {
      concurrency: CONCURRENCY,
      retryable: (error) => !isDomainError(error),
    });
    await record(objects);
  }

  private async revert(namespace: string, snapshotName: string, object: ObjectProgress, context: CommandContext): Promise<ObjectProgress> {
    const vm = this.deps.inventory.get('VirtualMachine', namespace, object.name)?.state as VirtualMachineLive | undefined;
    if (!vm) return { name: object.name, phase: 'Failed', message: 'virtual machine not found' };
    if (!(snapshotName in vm.snapshots)) return { name: object.name, phase: 'Failed', message: `virtual machine has no snapshot "${snapshotName}"` };
    if (vm.host) await this.deps.hypervisor.revert(vm.host, streamName('virtualMachine', namespacedId(namespace, vm.name)), snapshotName);
    await this.deps.vms.revertSnapshot(namespace, vm.name, snapshotName, context);
    return { name: object.name, phase: 'Completed' };
  }

  private async record(item: CatalogItemLive, objects: readonly ObjectProgress[], snapshotName: string, context: CommandContext): Promise<void> {
    const current = liveItem(this.deps.inventory, 'NamespaceRestore', item.namespace!, item.name) ?? item;
    const status = operationStatus(current.itemStatus, { virtualMachines: [...objects] }, 'virtual machines reverted', this.deps.clock.now(), { snapshotName });
    await this.write(item, status, context);
  }

  private write(item: CatalogItemLive, status: Document, context: CommandContext): Promise<void> {
    return writeStatus(this.deps, 'NamespaceRestore', item, status, context);
  }
}

const waitingStatus = (previous: Document, snapshotName: string, now: string): Document => {
  const message = `waiting for NamespaceSnapshot "${snapshotName}" to complete`;
  return { snapshotName, phase: 'InProgress', message, conditions: setCondition(previous.conditions, { type: 'Ready', status: 'False', reason: 'WaitingForSnapshot', message }, now) };
};

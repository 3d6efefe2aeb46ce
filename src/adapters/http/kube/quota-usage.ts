import type { Inventory, InventoryChange } from '../../../application/inventory/inventory.ts';

/** Namespace events that change what its pods and VMs hold against its quota. */
const usageEvents = new Set(['NamespaceQuotaReserved', 'NamespaceQuotaReleased']);

/**
 * Where each namespace's quota usage last changed in the log. A ResourceQuota shows that usage in
 * its status, so, as in Kubernetes (where the quota controller writes the status), its
 * resourceVersion moves and its watchers hear MODIFIED when the usage changes, not only when the
 * quota's own spec does.
 *
 * Namespaces that existed before this started count from their last event of any kind (the log
 * is not searched backwards): their quotas' resourceVersion may jump ahead once, never back.
 */
export class QuotaUsage {
  private readonly changedAt = new Map<string, number>();

  constructor(inventory: Inventory) {
    for (const namespace of inventory.list('Namespace')) this.changedAt.set(namespace.name, namespace.position);
  }

  /** Notes a change; true when it changed the usage of its namespace (a Namespace change only). */
  observe(change: InventoryChange): boolean {
    if (change.object.kind !== 'Namespace' || !usageEvents.has(change.event.type)) return false;
    this.changedAt.set(change.object.name, change.event.position);
    return true;
  }

  /** The resourceVersion of a quota whose own stream was last written at `ownPosition`. */
  versionOf(namespace: string, ownPosition: number): number {
    return Math.max(ownPosition, this.changedAt.get(namespace) ?? 0);
  }
}

import type { HostReady, HostWorkload } from '../../domain/host/index.ts';
import type { Inventory } from '../inventory/inventory.ts';
import { parseStreamName } from '../streams.ts';
import { namespacePolicyOf } from './namespace-ops-admission.ts';

export type HaRestartPriority = 'High' | 'Medium' | 'Low';

const ranks: Record<HaRestartPriority, number> = { High: 0, Medium: 1, Low: 2 };

/** One workload a failed (or cordoned) host holds room for. */
export interface HostWorkItem {
  objectRef: string;
  workload: HostWorkload;
  namespace: string;
  name: string;
  priority: HaRestartPriority;
}

/** A namespace's HA restart priority from its governing NamespacePolicy (`spec.haRestartPriority`); Medium when none says. */
export const haRestartPriorityOf = (inventory: Inventory, namespace: string): HaRestartPriority => {
  const value = namespacePolicyOf(inventory, namespace)?.haRestartPriority;
  return value === 'High' || value === 'Medium' || value === 'Low' ? value : 'Medium';
};

/** "podVm-shop/web-1" -> { namespace: "shop", name: "web-1" }. */
export const workloadKeyOf = (objectRef: string): { namespace: string; name: string } => {
  const { id } = parseStreamName(objectRef);
  const slash = id.indexOf('/');
  return { namespace: id.slice(0, slash), name: id.slice(slash + 1) };
};

/**
 * What to restart first: namespaces of High HA priority before Medium before Low; within a
 * priority, VMs before pod VMs (a VM is often what the pods depend on); then by namespace and name.
 */
export const compareWorkItems = (a: HostWorkItem, b: HostWorkItem): number =>
  ranks[a.priority] - ranks[b.priority] ||
  (a.workload === b.workload ? 0 : a.workload === 'VirtualMachine' ? -1 : 1) ||
  (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0) ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every allocation a host holds, as work items in restart order. */
export const workOnHost = (inventory: Inventory, host: HostReady, only?: HostWorkload): HostWorkItem[] => {
  const priorities = new Map<string, HaRestartPriority>();
  const items: HostWorkItem[] = [];
  for (const [objectRef, allocation] of host.allocations) {
    if (only && allocation.workload !== only) continue;
    const { namespace, name } = workloadKeyOf(objectRef);
    let priority = priorities.get(namespace);
    if (!priority) {
      priority = haRestartPriorityOf(inventory, namespace);
      priorities.set(namespace, priority);
    }
    items.push({ objectRef, workload: allocation.workload, namespace, name, priority });
  }
  return items.sort(compareWorkItems);
};

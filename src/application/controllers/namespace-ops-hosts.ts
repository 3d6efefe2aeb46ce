import type { Inventory } from '../inventory/inventory.ts';
import type { HostChooser, PlacementDecision, PlacementRequest } from '../scheduler/scheduler.port.ts';

export interface TargetRequest extends Omit<PlacementRequest, 'excludeHosts'> {
  /** Hosts being emptied: never a destination. */
  fromHosts: readonly string[];
  /** Allowed destinations; empty: any. */
  toHosts: readonly string[];
}

/** A destination for a workload leaving `fromHosts`, chosen by the scheduler among the hosts allowed. */
export const chooseTarget = (inventory: Inventory, chooser: HostChooser, request: TargetRequest): PlacementDecision => {
  const { fromHosts, toHosts, ...placement } = request;
  const allowed = (host: string) => !fromHosts.includes(host) && (toHosts.length === 0 || toHosts.includes(host));
  const excludeHosts = inventory.list('Host').map((host) => host.name).filter((host) => !allowed(host));
  return chooser.choose({ ...placement, excludeHosts });
};

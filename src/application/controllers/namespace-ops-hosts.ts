import type { HostReady } from '../../domain/host/index.ts';
import { fitsWithin, subtractResources, type Resources } from '../../domain/shared/resources.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { HostChooser, PlacementRequest } from '../scheduler/scheduler.port.ts';

export interface TargetRequest {
  workload: 'PodVM' | 'VirtualMachine';
  objectRef: string;
  namespace: string;
  resources: Resources;
  labels: Record<string, string>;
  nodeSelector: Record<string, string>;
  /** Hosts being emptied: never a destination. */
  fromHosts: readonly string[];
  /** Allowed destinations; empty: any. */
  toHosts: readonly string[];
}

const matchesSelector = (host: HostReady, nodeSelector: Record<string, string>): boolean =>
  Object.entries(nodeSelector).every(([key, value]) => host.labels[key] === value || (key === 'kubernetes.io/hostname' && value === host.name));

/** The simplest fit: among healthy, uncordoned hosts with room, the one with the most free CPU. */
const mostFreeCpu = (inventory: Inventory, request: TargetRequest, allowed: (host: string) => boolean): string | undefined => {
  let best: { name: string; freeCpu: number } | undefined;
  for (const entry of inventory.list('Host')) {
    const host = entry.state as HostReady;
    if (!allowed(host.name) || host.cordoned || host.failed) continue;
    if (request.workload === 'PodVM' && host.podVMCount >= host.maxPodVMs) continue;
    if (!matchesSelector(host, request.nodeSelector)) continue;
    const free = subtractResources(host.capacity, host.allocated);
    if (!fitsWithin(request.resources, free)) continue;
    if (!best || free.cpuMillis > best.freeCpu) best = { name: host.name, freeCpu: free.cpuMillis };
  }
  return best?.name;
};

/** A destination for a workload leaving `fromHosts`, from the scheduler when there is one. */
export const chooseTarget = (inventory: Inventory, chooser: HostChooser | undefined, request: TargetRequest): string | undefined => {
  const allowed = (host: string) => !request.fromHosts.includes(host) && (request.toHosts.length === 0 || request.toHosts.includes(host));
  if (!chooser) return mostFreeCpu(inventory, request, allowed);
  const { fromHosts: _from, toHosts: _to, ...rest } = request;
  const placement: PlacementRequest = { ...rest, excludeHosts: inventory.list('Host').map((host) => host.name).filter((host) => !allowed(host)) };
  return chooser.choose(placement).host ?? undefined;
};

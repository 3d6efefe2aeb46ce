/** Where one workload sits, as (anti-)affinity sees it. */
export interface WorkloadPlacement {
  host: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
}

const sameLabels = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean => {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
};

export const samePlacement = (a: WorkloadPlacement | undefined, b: WorkloadPlacement | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.host === b.host && a.namespace === b.namespace && sameLabels(a.labels, b.labels));

const scopeKey = (host: string, namespace: string): string => `${host}\u0000${namespace}`;
const pairKey = (host: string, namespace: string, key: string, value: string): string => `${host}\u0000${namespace}\u0000${key}\u0000${value}`;

/**
 * Workloads per host, namespace and label pair, kept as each workload is placed, moved or deleted,
 * so that "how many `app=web` pods of `shop` run on esx-03" never scans the pods.
 */
export class WorkloadIndex {
  private readonly placements = new Map<string, WorkloadPlacement>();
  private readonly members = new Map<string, Set<string>>();

  get(objectRef: string): WorkloadPlacement | undefined {
    return this.placements.get(objectRef);
  }

  /** Records where a workload is now; undefined when it is on no host. */
  set(objectRef: string, placement: WorkloadPlacement | undefined): void {
    const previous = this.placements.get(objectRef);
    if (samePlacement(previous, placement)) return;
    if (previous) {
      this.placements.delete(objectRef);
      for (const key of this.keysOf(previous)) this.remove(key, objectRef);
    }
    if (placement) {
      this.placements.set(objectRef, placement);
      for (const key of this.keysOf(placement)) this.add(key, objectRef);
    }
  }

  count(host: string, namespace: string, selector: Readonly<Record<string, string>>): number {
    const pairs = Object.entries(selector);
    if (pairs.length === 0) return this.members.get(scopeKey(host, namespace))?.size ?? 0;
    let smallest: Set<string> | undefined;
    for (const [key, value] of pairs) {
      const members = this.members.get(pairKey(host, namespace, key, value));
      if (!members) return 0;
      if (!smallest || members.size < smallest.size) smallest = members;
    }
    if (pairs.length === 1) return smallest!.size;
    let count = 0;
    for (const objectRef of smallest!) {
      const labels = this.placements.get(objectRef)!.labels;
      if (pairs.every(([key, value]) => labels[key] === value)) count++;
    }
    return count;
  }

  private keysOf(placement: WorkloadPlacement): string[] {
    const { host, namespace, labels } = placement;
    return [scopeKey(host, namespace), ...Object.entries(labels).map(([key, value]) => pairKey(host, namespace, key, value))];
  }

  private add(key: string, objectRef: string): void {
    let members = this.members.get(key);
    if (!members) {
      members = new Set();
      this.members.set(key, members);
    }
    members.add(objectRef);
  }

  private remove(key: string, objectRef: string): void {
    const members = this.members.get(key);
    if (!members) return;
    members.delete(objectRef);
    if (members.size === 0) this.members.delete(key);
  }
}

interface Ranked {
  name: string;
  key: number;
}

const before = (a: Ranked, b: Ranked): boolean => a.key < b.key || (a.key === b.key && a.name < b.name);

/**
 * Host names kept sorted by a numeric key, ties by name. Moving one host costs a binary search and
 * a splice over a few hundred entries, so the least loaded host is always first without a sort.
 */
export class HostOrder {
  private readonly ranked: Ranked[] = [];
  private readonly keys = new Map<string, number>();

  get size(): number {
    return this.ranked.length;
  }

  set(name: string, key: number): void {
    const current = this.keys.get(name);
    if (current === key) return;
    if (current !== undefined) this.ranked.splice(this.indexOf({ name, key: current }), 1);
    const entry = { name, key };
    this.ranked.splice(this.insertionPoint(entry), 0, entry);
    this.keys.set(name, key);
  }

  delete(name: string): void {
    const current = this.keys.get(name);
    if (current === undefined) return;
    this.ranked.splice(this.indexOf({ name, key: current }), 1);
    this.keys.delete(name);
  }

  /** Names from the lowest key to the highest. */
  *names(): IterableIterator<string> {
    for (const { name } of this.ranked) yield name;
  }

  private insertionPoint(entry: Ranked): number {
    let low = 0;
    let high = this.ranked.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(this.ranked[middle]!, entry)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private indexOf(entry: Ranked): number {
    return this.insertionPoint(entry);
  }
}

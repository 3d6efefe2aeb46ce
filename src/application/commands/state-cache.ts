interface CachedState {
  state: unknown;
  revision: number;
}

/**
 * Folded aggregate states by stream, bounded: past capacity the entry remembered longest ago is
 * dropped. Reads and updates leave the order alone (a JS Map re-ordered on every access spends
 * its time rebuilding its table); a dropped stream that is still busy is simply read again.
 */
export class StateCache {
  private readonly entries = new Map<string, CachedState>();

  constructor(private readonly capacity: number) {}

  get(stream: string): CachedState | undefined {
    return this.entries.get(stream);
  }

  set(stream: string, entry: CachedState): void {
    const isNew = !this.entries.has(stream);
    this.entries.set(stream, entry);
    if (isNew && this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(stream: string): void {
    this.entries.delete(stream);
  }
}

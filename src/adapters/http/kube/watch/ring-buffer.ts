/** Fixed-capacity FIFO that overwrites its oldest item when full. */
export class RingBuffer<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.items.length;
  }

  /** Appends `item`; returns the item evicted to make room, if any. */
  push(item: T): T | undefined {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return undefined;
    }
    const evicted = this.items[this.start]!;
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** Item `index` counted from the oldest (0). */
  at(index: number): T {
    if (index < 0 || index >= this.items.length) throw new RangeError(`index ${index} out of range`);
    return this.items[(this.start + index) % this.items.length]!;
  }

  /** Index of the first item for which the monotone predicate `after` holds (size if none). */
  firstIndexWhere(after: (item: T) => boolean): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (after(this.at(mid))) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

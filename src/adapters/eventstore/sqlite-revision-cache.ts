/**
 * Current revision of recently written (or loaded) streams, bounded: past capacity the stream
 * remembered longest ago is dropped (updates keep their place; re-ordering a JS Map on every
 * write costs more than reading a dropped stream's revision again).
 */
export class RevisionCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  get(streamName: string): number | undefined {
    return this.entries.get(streamName);
  }

  set(streamName: string, revision: number): void {
    if (this.capacity <= 0) return;
    const isNew = !this.entries.has(streamName);
    this.entries.set(streamName, revision);
    if (isNew && this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}

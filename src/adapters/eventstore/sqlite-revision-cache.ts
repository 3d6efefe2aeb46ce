/** Current revision of the most recently written (or loaded) streams, bounded: the oldest is dropped first. */
export class RevisionCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  get(streamName: string): number | undefined {
    return this.entries.get(streamName);
  }

  set(streamName: string, revision: number): void {
    if (this.capacity <= 0) return;
    // Map keeps insertion order: re-inserting makes the entry the newest.
    this.entries.delete(streamName);
    this.entries.set(streamName, revision);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}

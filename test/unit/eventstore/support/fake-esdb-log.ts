/**
 * The storage half of the fake EventStoreDB: streams, revisions and the $all log, with the server's
 * rules for expected revisions. Positions mimic the transaction log's byte offsets: increasing, with
 * gaps, and for each event (an implicit transaction) commit position = prepare position.
 */

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  streamName: string;
  revision: bigint;
  position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends `created`. */
  created: bigint;
}

export type Expected = { kind: 'revision'; revision: bigint } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'any' };

export type AppendOutcome =
  | { ok: true; currentRevision: bigint | 'no_stream'; position: bigint | undefined }
  | { ok: false; current: bigint | 'no_stream' };

const RECORD_OVERHEAD = 90n;

export class FakeLog {
  readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = 0n;

  append(streamName: string, expected: Expected, proposed: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamName);
    const current = stream ? BigInt(stream.length - 1) : 'no_stream';
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === 'no_stream') ||
      (expected.kind === 'stream_exists' && current !== 'no_stream') ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!ok) return { ok: false, current };
    if (proposed.length === 0) return { ok: true, currentRevision: current, position: undefined };
    const target = stream ?? [];
    this.streams.set(streamName, target);
    const created = BigInt(Date.now()) * 10_000n;
    for (const event of proposed) {
      const stored: StoredEvent = { ...event, streamName, revision: BigInt(target.length), position: this.nextPosition, created };
      this.nextPosition += RECORD_OVERHEAD + BigInt(streamName.length + event.type.length + event.data.length + event.customMetadata.length);
      target.push(stored);
      this.all.push(stored);
    }
    for (const listener of this.listeners) listener();
    const last = target[target.length - 1]!;
    return { ok: true, currentRevision: last.revision, position: last.position };
  }

  stream(streamName: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamName);
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

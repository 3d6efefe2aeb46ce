/** Who did what, when, and why: stored with every event. */
export interface EventMetadata {
  eventId: string;
  /** ISO-8601 instant the command was issued. */
  time: string;
  actor: string;
  correlationId: string;
  causationId: string | null;
}

export interface NewEvent {
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  streamName: string;
  /** 0-based position of the event inside its stream. */
  revision: number;
  /** Position in the global log: strictly increasing across all streams, never reused. */
  position: number;
}

/**
 * Optimistic concurrency for an append:
 * a revision number (the revision of the last event read), 'no_stream', 'stream_exists' or 'any'.
 */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendResult {
  /** Revision of the last event appended. */
  nextExpectedRevision: number;
  /** Global position of the last event appended. */
  position: number;
  /**
   * Where the appended events occupy consecutive positions (stores in this process), the first of
   * them, so the writer need not read its own events back; absent when the store cannot say.
   */
  firstPosition?: number;
}

export interface ReadStreamOptions {
  /** Read events with revision >= fromRevision. */
  fromRevision?: number;
}

export interface ReadAllOptions {
  /** Read events with position > after. 0 or absent: from the start of the log. */
  after?: number;
  /** At most this many events per page (adapters may page internally). */
  maxCount?: number;
}

export type EventHandler = (event: RecordedEvent) => void;

export interface Subscription {
  /** Stops delivery; resolves once no further event will be delivered. */
  close(): Promise<void>;
}

/** Raised when the expected revision does not match the stream: the caller read stale state. */
export class StreamRevisionConflict extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamName}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'StreamRevisionConflict';
  }
}

export interface EventStore {
  appendToStream(streamName: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order; an empty array when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Global log in position order. Paged: call again with `after` set to the last position seen. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event in the log, 0 when empty. */
  headPosition(): Promise<number>;
  /**
   * Delivers every event with position > after, in order: first those already stored (catch-up),
   * then new ones as they are appended (live), without gaps or duplicates.
   */
  subscribeToAll(after: number, handler: EventHandler): Subscription;
  close(): Promise<void>;
}

import type {
  AppendResult,
  EventHandler,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
} from '../../application/ports/event-store.port.ts';
import { checkExpectedRevision } from '../../application/ports/expected-revision.ts';
import { LiveSubscriptions } from './live-subscriptions.ts';

/** The whole log in arrays: for tests and throwaway servers. Same contract as the durable stores. */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly live = new LiveSubscriptions();

  async appendToStream(streamName: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const stream = this.streams.get(streamName);
    const current = stream ? stream.length - 1 : 'no_stream';
    checkExpectedRevision(streamName, expectedRevision, current);
    if (events.length === 0) {
      return { nextExpectedRevision: stream ? stream.length - 1 : -1, position: this.log.length };
    }
    const target = stream ?? [];
    if (!stream) this.streams.set(streamName, target);
    const recorded = events.map((event): RecordedEvent => {
      const record: RecordedEvent = {
        streamName,
        revision: target.length,
        position: this.log.length + 1,
        type: event.type,
        data: structuredClone(event.data),
        metadata: { ...event.metadata },
      };
      target.push(record);
      this.log.push(record);
      return record;
    });
    this.live.publish(recorded);
    const last = recorded[recorded.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position, firstPosition: recorded[0]!.position };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = this.streams.get(streamName) ?? [];
    return stream.slice(options.fromRevision ?? 0).map(copy);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const start = options.after ?? 0;
    const end = options.maxCount === undefined ? undefined : start + options.maxCount;
    return this.log.slice(start, end).map(copy);
  }

  async headPosition(): Promise<number> {
    return this.log.length;
  }

  subscribeToAll(after: number, handler: EventHandler): Subscription {
    return this.live.subscribe(after, handler, (options) => this.readAll(options));
  }

  async close(): Promise<void> {
    this.live.clear();
  }
}

// Readers get their own copies so nothing outside can rewrite history.
const copy = (event: RecordedEvent): RecordedEvent => ({ ...event, data: structuredClone(event.data), metadata: { ...event.metadata } });

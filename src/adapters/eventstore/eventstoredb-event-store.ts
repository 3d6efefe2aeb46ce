import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type ReadPosition,
} from '@eventstore/db-client';
import {
  StreamRevisionConflict,
  type AppendResult,
  type EventHandler,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type Subscription,
} from '../../application/ports/event-store.port.ts';
import { checkExpectedRevision } from '../../application/ports/expected-revision.ts';
import {
  esdbPositionOf,
  fromResolvedEvent,
  isSystemEvent,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toEventData,
  toPortPosition,
} from './eventstoredb-mapping.ts';
import { EventStoreDbSubscription, type SubscriptionErrorHandler } from './eventstoredb-subscription.ts';

export interface EventStoreDbEventStoreOptions {
  /** Told when a subscription fails; defaults to console.error. */
  onSubscriptionError?: SubscriptionErrorHandler;
}

const PAGE_SIZE = 1024;
const HEAD_PAGE_SIZE = 64;

/**
 * The event store port on EventStoreDB (gRPC client 6.x, server 22.6 or later). Streams and revisions
 * are EventStoreDB's own; the global log is $all without system events (`$` types and `$` streams),
 * and a position is the event's $all commit position (see eventstoredb-mapping.ts).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private readonly subscriptions = new Set<Subscription>();
  private readonly onSubscriptionError: SubscriptionErrorHandler;

  /** From a connection string (`esdb://host:2113?tls=false`), or a client that stays the caller's to dispose. */
  constructor(connection: string | EventStoreDBClient, options: EventStoreDbEventStoreOptions = {}) {
    this.ownsClient = typeof connection === 'string';
    this.client = typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
    this.onSubscriptionError =
      options.onSubscriptionError ??
      ((error, resuming) => console.error(`EventStoreDB subscription to $all failed${resuming ? ', resuming' : ', stopped'}:`, error));
  }

  async appendToStream(streamName: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return this.appendNothing(streamName, expectedRevision);
    try {
      const result = await this.client.appendToStream(streamName, events.map(toEventData), {
        expectedRevision: toEsdbExpectedRevision(expectedRevision),
      });
      // Only a client built with throwOnAppendFailure=false answers a conflict this way.
      if (!result.success) throw new StreamRevisionConflict(streamName, expectedRevision, await this.currentRevision(streamName));
      if (!result.position) throw new Error(`EventStoreDB did not report the position of the append to ${streamName}`);
      return { nextExpectedRevision: Number(result.nextExpectedRevision), position: toPortPosition(result.position.commit) };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion === 'no_stream' ? 'no_stream' : Number(error.actualVersion);
        throw new StreamRevisionConflict(streamName, expectedRevision, actual);
      }
      throw error;
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const fromRevision = options.fromRevision ?? 0;
    try {
      const read = this.client.readStream(streamName, {
        fromRevision: fromRevision === 0 ? START : BigInt(fromRevision),
        direction: FORWARDS,
      });
      return (await collect(read)).map(fromResolvedEvent);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const found: RecordedEvent[] = [];
    // A forward read of $all includes the event at its start position: ask for one more and skip it.
    let from: ReadPosition = after === 0 ? START : toEsdbPosition(after);
    let last = after;
    while (found.length < maxCount) {
      const want = Math.min(maxCount - found.length, PAGE_SIZE) + 1;
      const page = await collect(this.client.readAll({ fromPosition: from, maxCount: want, direction: FORWARDS }));
      for (const resolved of page) {
        const position = esdbPositionOf(resolved);
        if (toPortPosition(position.commit) <= last) continue;
        from = position;
        last = toPortPosition(position.commit);
        if (!isSystemEvent(resolved)) found.push(fromResolvedEvent(resolved));
        if (found.length === maxCount) break;
      }
      if (page.length < want) break;
    }
    return found;
  }

  async headPosition(): Promise<number> {
    let from: ReadPosition = END;
    for (;;) {
      const page = await collect(this.client.readAll({ fromPosition: from, maxCount: HEAD_PAGE_SIZE, direction: BACKWARDS }));
      const newest = page.find((resolved) => !isSystemEvent(resolved));
      if (newest) return toPortPosition(esdbPositionOf(newest).commit);
      if (page.length < HEAD_PAGE_SIZE) return 0;
      // A backward read of $all excludes the event at its start position.
      from = esdbPositionOf(page[page.length - 1]!);
    }
  }

  subscribeToAll(after: number, handler: EventHandler): Subscription {
    const subscription = new EventStoreDbSubscription(this.client, after, handler, this.onSubscriptionError);
    this.subscriptions.add(subscription);
    return {
      close: async () => {
        this.subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  async close(): Promise<void> {
    const open = [...this.subscriptions];
    this.subscriptions.clear();
    await Promise.all(open.map((subscription) => subscription.close()));
    if (this.ownsClient) await this.client.dispose();
  }

  // Checked here: the client reports an empty append to a missing stream as revision 0, not as no stream.
  private async appendNothing(streamName: string, expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const current = await this.currentRevision(streamName);
    checkExpectedRevision(streamName, expectedRevision, current);
    return { nextExpectedRevision: current === 'no_stream' ? -1 : current, position: await this.headPosition() };
  }

  private async currentRevision(streamName: string): Promise<number | 'no_stream'> {
    try {
      const [last] = await collect(this.client.readStream(streamName, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }));
      return last?.event ? Number(last.event.revision) : 'no_stream';
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 'no_stream';
      throw error;
    }
  }
}

const collect = async <T>(read: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
};

import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventMetadata, ExpectedRevision, NewEvent, RecordedEvent } from '../../application/ports/event-store.port.ts';

/**
 * Translation between the port's shapes and the EventStoreDB client's.
 *
 * Positions: the port's `position` is the event's $all commit position as a JS number. That holds
 * while the transaction log stays below 2^53 bytes (8 PiB); past that we throw rather than round.
 * Events appended over gRPC are implicit transactions, in which every event has its own commit
 * position equal to its prepare position, so a number identifies an event exactly and maps back to
 * `{ commit: n, prepare: n }`. Events written in explicit transactions of the legacy TCP API share one
 * commit position and are not supported.
 */

export const toEsdbExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
};

export const toEventData = (event: NewEvent): EventData => {
  const { metadata } = event;
  return jsonEvent({
    id: metadata.eventId,
    type: event.type,
    data: event.data as JSONType,
    // `$correlationId`/`$causationId` are the keys EventStoreDB's projections ($by_correlation_id) read.
    metadata: {
      ...metadata,
      $correlationId: metadata.correlationId,
      ...(metadata.causationId === null ? {} : { $causationId: metadata.causationId }),
    },
  });
};

export const toEsdbPosition = (position: number): Position => ({ commit: BigInt(position), prepare: BigInt(position) });

const NO_POSITION = 2n ** 64n - 1n;

export const toPortPosition = (commit: bigint): number => {
  if (commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`EventStoreDB position ${commit} does not fit in a JS number`);
  return Number(commit);
};

type AnyResolvedEvent = ResolvedEvent | AllStreamResolvedEvent;

/** Ours or EventStoreDB's own: a `$` type ($metadata, $>, $statsCollected…) or a `$` stream. */
export const isSystemEvent = (resolved: AnyResolvedEvent): boolean =>
  !resolved.event || resolved.event.type.startsWith('$') || resolved.event.streamId.startsWith('$');

/** Full $all position of a resolved event: from the read ($all) or from the record (stream reads, server 22.6+). */
export const esdbPositionOf = (resolved: AnyResolvedEvent): Position => {
  const recorded = resolved.event?.position;
  if (recorded && recorded.commit !== NO_POSITION) return recorded;
  if (resolved.commitPosition !== undefined) return { commit: resolved.commitPosition, prepare: resolved.commitPosition };
  throw new Error(
    'EventStoreDB did not report the $all position of an event read from a stream: this adapter needs EventStoreDB 22.6 or later',
  );
};

export const fromResolvedEvent = (resolved: AnyResolvedEvent): RecordedEvent => {
  const event = resolved.event;
  if (!event) throw new Error('EventStoreDB returned a link whose event is gone');
  return {
    streamName: event.streamId,
    revision: Number(event.revision),
    position: toPortPosition(esdbPositionOf(resolved).commit),
    type: event.type,
    data: event.data,
    metadata: toEventMetadata(event.id, event.created, event.metadata),
  };
};

// Events written by other tools may lack our metadata: fall back to what EventStoreDB itself knows.
const toEventMetadata = (id: string, created: Date, raw: unknown): EventMetadata => {
  const stored = raw !== null && typeof raw === 'object' && !(raw instanceof Uint8Array) ? (raw as Record<string, unknown>) : {};
  const text = (key: string): string | undefined => (typeof stored[key] === 'string' ? (stored[key] as string) : undefined);
  return {
    eventId: id,
    time: text('time') ?? created.toISOString(),
    actor: text('actor') ?? '',
    correlationId: text('correlationId') ?? text('$correlationId') ?? '',
    causationId: text('causationId') ?? text('$causationId') ?? null,
  };
};

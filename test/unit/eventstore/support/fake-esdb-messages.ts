/**
 * Protobuf messages of the fake EventStoreDB, built with the client package's own generated classes
 * (so both ends of the wire share one schema).
 */
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb.js';
import type { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import type { AppendOutcome, Expected, ProposedEvent, StoredEvent } from './fake-esdb-log.ts';

/** The expected-revision field as set on the wire: Append says `revision`, BatchAppend `stream_position`. */
export type ExpectedField = { field: 'revision' | 'stream_position'; value: bigint } | { field: 'no_stream' | 'stream_exists' | 'any' };

const U64_MAX = 2n ** 64n - 1n;

export const streamNameOf = (identifier: StreamIdentifier | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

const identifier = (streamName: string): StreamIdentifier => new sharedPb.StreamIdentifier().setStreamName(Buffer.from(streamName, 'utf8'));

const uuid = (id: string): UUID => new sharedPb.UUID().setString(id);

export const appendExpectedField = (options: AppendReq.Options): ExpectedField | undefined => {
  if (options.hasRevision()) return { field: 'revision', value: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { field: 'no_stream' };
  if (options.hasStreamExists()) return { field: 'stream_exists' };
  if (options.hasAny()) return { field: 'any' };
  return undefined;
};

export const batchExpectedField = (options: BatchAppendReq.Options): ExpectedField | undefined => {
  if (options.hasStreamPosition()) return { field: 'stream_position', value: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { field: 'no_stream' };
  if (options.hasStreamExists()) return { field: 'stream_exists' };
  if (options.hasAny()) return { field: 'any' };
  return undefined;
};

export const toExpected = (wire: ExpectedField): Expected =>
  wire.field === 'revision' || wire.field === 'stream_position' ? { kind: 'revision', revision: wire.value } : { kind: wire.field };

/** Null when the message lacks what the server requires (an id, a type and a content type). */
export const proposedEvent = (message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent | null => {
  const id = message.getId()?.getString();
  const type = message.getMetadataMap().get('type');
  const contentType = message.getMetadataMap().get('content-type');
  if (!id || !type || !contentType) return null;
  return { id, type, contentType, data: message.getData_asU8(), customMetadata: message.getCustomMetadata_asU8() };
};

export const appendResponse = (outcome: AppendOutcome, wire: ExpectedField): AppendResp => {
  const response = new streamsPb.AppendResp();
  if (outcome.ok) {
    const success = new streamsPb.AppendResp.Success();
    if (outcome.currentRevision === 'no_stream') success.setNoStream(new sharedPb.Empty());
    else success.setCurrentRevision(String(outcome.currentRevision));
    if (outcome.position === undefined) success.setNoPosition(new sharedPb.Empty());
    else success.setPosition(new streamsPb.AppendResp.Position().setCommitPosition(String(outcome.position)).setPreparePosition(String(outcome.position)));
    return response.setSuccess(success);
  }
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new sharedPb.Empty());
  else wrong.setCurrentRevision(String(outcome.current));
  if (wire.field === 'revision' || wire.field === 'stream_position') wrong.setExpectedRevision(String(wire.value));
  else if (wire.field === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
  else if (wire.field === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
  else wrong.setExpectedAny(new sharedPb.Empty());
  return response.setWrongExpectedVersion(wrong);
};

export const batchAppendResponse = (correlationId: string, streamName: string, outcome: AppendOutcome, wire: ExpectedField): BatchAppendResp => {
  const response = new streamsPb.BatchAppendResp().setCorrelationId(uuid(correlationId)).setStreamIdentifier(identifier(streamName));
  if (wire.field === 'revision' || wire.field === 'stream_position') response.setStreamPosition(String(wire.value));
  else if (wire.field === 'no_stream') response.setNoStream(new emptyPb.Empty());
  else if (wire.field === 'stream_exists') response.setStreamExists(new emptyPb.Empty());
  else response.setAny(new emptyPb.Empty());
  if (outcome.ok) {
    const success = new streamsPb.BatchAppendResp.Success();
    if (outcome.currentRevision === 'no_stream') success.setNoStream(new emptyPb.Empty());
    else success.setCurrentRevision(String(outcome.currentRevision));
    if (outcome.position === undefined) success.setNoPosition(new emptyPb.Empty());
    else success.setPosition(new sharedPb.AllStreamPosition().setCommitPosition(String(outcome.position)).setPreparePosition(String(outcome.position)));
    return response.setSuccess(success);
  }
  // A failed batch carries a google.rpc.Status whose details pack the WrongExpectedVersion; the client reads only the details.
  const wrong = new sharedPb.WrongExpectedVersion();
  if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new emptyPb.Empty());
  else wrong.setCurrentStreamRevision(String(outcome.current));
  if (wire.field === 'revision' || wire.field === 'stream_position') wrong.setExpectedStreamPosition(String(wire.value));
  else if (wire.field === 'no_stream') wrong.setExpectedNoStream(new emptyPb.Empty());
  else if (wire.field === 'stream_exists') wrong.setExpectedStreamExists(new emptyPb.Empty());
  else wrong.setExpectedAny(new emptyPb.Empty());
  const details = new anyPb.Any();
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  const status = new statusPb.Status().setCode(9).setMessage('WrongExpectedVersion').setDetails(details);
  return response.setError(status);
};

/** Stream reads carry the $all position on the record only (server 22.6+); `legacy` mimics older servers, which did not know it. */
export const readEventResponse = (event: StoredEvent, fromAll: boolean, legacy = false): ReadResp => {
  const recordPosition = String(!fromAll && legacy ? U64_MAX : event.position);
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuid(event.id))
    .setStreamIdentifier(identifier(event.streamName))
    .setStreamRevision(String(event.revision))
    .setCommitPosition(recordPosition)
    .setPreparePosition(recordPosition)
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  recorded.getMetadataMap().set('type', event.type).set('content-type', event.contentType).set('created', String(event.created));
  const read = new streamsPb.ReadResp.ReadEvent().setEvent(recorded);
  if (fromAll) read.setCommitPosition(String(event.position));
  else read.setNoPosition(new sharedPb.Empty());
  return new streamsPb.ReadResp().setEvent(read);
};

export const streamNotFoundResponse = (streamName: string): ReadResp =>
  new streamsPb.ReadResp().setStreamNotFound(new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(identifier(streamName)));

export const confirmationResponse = (subscriptionId: string): ReadResp =>
  new streamsPb.ReadResp().setConfirmation(new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));

export const caughtUpResponse = (): ReadResp => new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp());

/** The read's filter as a predicate: on event type or stream name, by regex or by prefixes. */
export const filterOf = (options: ReadReq.Options): ((event: StoredEvent) => boolean) => {
  const filter = options.getFilter();
  if (!options.hasFilter() || !filter) return () => true;
  const onType = filter.hasEventType();
  const expression = onType ? filter.getEventType() : filter.getStreamIdentifier();
  const regex = expression?.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression?.getPrefixList() ?? [];
  return (event) => {
    const value = onType ? event.type : event.streamName;
    return regex ? regex.test(value) : prefixes.some((prefix) => value.startsWith(prefix));
  };
};

/**
 * An in-process EventStoreDB for wire-level tests: a real gRPC server (insecure, 127.0.0.1, ephemeral
 * port) serving the client package's generated service definitions, with the server's semantics for
 * what the adapter uses. Streams: Append (client streaming), BatchAppend (bidi, multiplexed by
 * correlation id), Read of a stream, of $all (forwards inclusive, backwards exclusive of the start
 * position) and subscriptions to $all (confirmation, catch-up exclusive of the start position, caught-up,
 * live; filters by regex or prefix). ServerFeatures advertises BatchAppend unless `batchAppend: false`,
 * which leaves the service out like a 20.x server, so the client falls back to Append.
 * Not modelled: idempotent re-appends by event id, deletes, stream metadata/ACLs, links, subscriptions
 * to single streams, checkpoint messages of filtered subscriptions, structured UUIDs.
 */
import { randomUUID } from 'node:crypto';
import featuresGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import featuresPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb.js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import * as grpc from '@grpc/grpc-js';
import { FakeLog, type ProposedEvent, type StoredEvent } from './fake-esdb-log.ts';
import {
  appendExpectedField,
  appendResponse,
  batchAppendResponse,
  batchExpectedField,
  caughtUpResponse,
  confirmationResponse,
  filterOf,
  proposedEvent,
  readEventResponse,
  streamNameOf,
  streamNotFoundResponse,
  toExpected,
  type ExpectedField,
} from './fake-esdb-messages.ts';

export interface FakeEsdbServerOptions {
  /** Advertise BatchAppend through ServerFeatures (default, like 21.10+); false: no ServerFeatures, like 20.x. */
  batchAppend?: boolean;
  /** Stream reads without the $all position, like servers before 22.6. */
  legacyStreamReadPositions?: boolean;
}

/** One append as the server received it. */
export interface ReceivedAppend {
  rpc: 'Append' | 'BatchAppend';
  streamName: string;
  expected: ExpectedField;
  events: ProposedEvent[];
}

type Call = grpc.ServerWritableStream<ReadReq, ReadResp>;

export class FakeEsdbServer {
  readonly log = new FakeLog();
  readonly appends: ReceivedAppend[] = [];
  readonly reads: ReadReq[] = [];
  private readonly server = new grpc.Server();
  private readonly subscriptions = new Map<Call, () => void>();
  private port = 0;

  private constructor(private readonly options: FakeEsdbServerOptions) {
    this.server.addService(streamsGrpc.StreamsService, {
      read: (call: Call) => this.read(call),
      append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) => this.append(call, callback),
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.batchAppend(call),
    });
    if (options.batchAppend !== false) {
      this.server.addService(featuresGrpc.ServerFeaturesService, {
        getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<SupportedMethods>) => callback(null, supportedMethods()),
      });
    }
    // A fresh node writes its own system events first.
    this.appendSystemEvent('$users', '$User');
    this.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
  }

  static async start(options: FakeEsdbServerOptions = {}): Promise<FakeEsdbServer> {
    const fake = new FakeEsdbServer(options);
    fake.port = await new Promise<number>((resolve, reject) =>
      fake.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    return fake;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  appendSystemEvent(streamName: string, type: string): void {
    const data = Buffer.from('{}');
    this.log.append(streamName, { kind: 'any' }, [{ id: randomUUID(), type, contentType: 'application/json', data, customMetadata: new Uint8Array() }]);
  }

  /** Ends every live subscription with UNAVAILABLE, as a restarting server does. */
  dropSubscriptions(): void {
    for (const [call, stop] of this.subscriptions) {
      stop();
      call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'Server is shutting down' });
    }
    this.subscriptions.clear();
  }

  stop(): void {
    for (const stop of this.subscriptions.values()) stop();
    this.subscriptions.clear();
    this.server.forceShutdown();
  }

  private append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
    let options: AppendReq.Options | undefined;
    const messages: AppendReq.ProposedMessage[] = [];
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) messages.push(request.getProposedMessage()!);
    });
    call.on('end', () => {
      const wire = options && appendExpectedField(options);
      const events = messages.map(proposedEvent);
      if (!options || !wire) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'the first message must carry the options' });
      if (!isComplete(events)) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'an event lacks its id, type or content-type' });
      const streamName = streamNameOf(options.getStreamIdentifier());
      this.appends.push({ rpc: 'Append', streamName, expected: wire, events });
      callback(null, appendResponse(this.log.append(streamName, toExpected(wire), events), wire));
    });
  }

  private batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<string, { options: BatchAppendReq.Options; messages: BatchAppendReq.ProposedMessage[] }>();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = request.getCorrelationId()?.getString() ?? '';
      const batch = pending.get(correlationId) ?? { options: request.getOptions()!, messages: [] };
      const wire = batch.options && batchExpectedField(batch.options);
      if (!wire) return call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'the first message of a batch must carry the options' });
      pending.set(correlationId, batch);
      batch.messages.push(...request.getProposedMessagesList());
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      const events = batch.messages.map(proposedEvent);
      if (!isComplete(events)) return call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'an event lacks its id, type or content-type' });
      const streamName = streamNameOf(batch.options.getStreamIdentifier());
      this.appends.push({ rpc: 'BatchAppend', streamName, expected: wire, events });
      call.write(batchAppendResponse(correlationId, streamName, this.log.append(streamName, toExpected(wire), events), wire));
    });
    call.on('end', () => call.end());
  }

  private read(call: Call): void {
    this.reads.push(call.request);
    const options = call.request.getOptions();
    if (!options) return void call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'no options' });
    if (!options.getUuidOption()?.hasString()) return void call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'the fake answers string UUIDs only' });
    if (options.hasSubscription()) {
      if (!options.hasAll()) return void call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'the fake subscribes to $all only' });
      return this.subscribeToAll(call, options);
    }
    const count = Number(options.getCount());
    const backwards = options.getReadDirection() === 1;
    if (options.hasStream()) {
      const stream = options.getStream()!;
      const streamName = streamNameOf(stream.getStreamIdentifier());
      const events = this.log.stream(streamName);
      if (!events) call.write(streamNotFoundResponse(streamName));
      else for (const event of sliceStream(events, stream, backwards).slice(0, count)) call.write(readEventResponse(event, false, this.options.legacyStreamReadPositions));
    } else {
      const matches = filterOf(options);
      const events = sliceAll(this.log.all, options.getAll()!, backwards).filter(matches).slice(0, count);
      for (const event of events) call.write(readEventResponse(event, true));
    }
    call.end();
  }

  private subscribeToAll(call: Call, options: ReadReq.Options): void {
    const all = options.getAll()!;
    const matches = filterOf(options);
    const from = all.getPosition();
    const firstAfter = (): number => {
      const index = this.log.all.findIndex((event) => compare(event, from!) > 0);
      return index === -1 ? this.log.all.length : index;
    };
    let next = all.hasStart() ? 0 : all.hasEnd() ? this.log.all.length : firstAfter();
    const pump = (): void => {
      while (next < this.log.all.length) {
        const event = this.log.all[next++]!;
        if (matches(event)) call.write(readEventResponse(event, true));
      }
    };
    call.write(confirmationResponse(randomUUID()));
    pump();
    call.write(caughtUpResponse());
    const stop = this.log.onAppend(pump);
    this.subscriptions.set(call, stop);
    call.on('cancelled', () => {
      stop();
      this.subscriptions.delete(call);
    });
  }
}

const isComplete = (events: (ProposedEvent | null)[]): events is ProposedEvent[] => events.every((event) => event !== null);

// Every stored event is an implicit transaction: commit = prepare = its position.
const compare = (event: StoredEvent, position: ReadReq.Options.Position): number => {
  const commit = BigInt(position.getCommitPosition());
  const prepare = BigInt(position.getPreparePosition());
  if (event.position !== commit) return event.position < commit ? -1 : 1;
  return event.position === prepare ? 0 : event.position < prepare ? -1 : 1;
};

const sliceStream = (events: readonly StoredEvent[], stream: ReadReq.Options.StreamOptions, backwards: boolean): readonly StoredEvent[] => {
  const revision = stream.hasRevision() ? Number(stream.getRevision()) : undefined;
  if (!backwards) return events.slice(stream.hasEnd() ? events.length : (revision ?? 0));
  const from = stream.hasStart() ? 0 : (revision ?? events.length - 1);
  return events.slice(0, from + 1).reverse();
};

const sliceAll = (log: readonly StoredEvent[], all: ReadReq.Options.AllOptions, backwards: boolean): readonly StoredEvent[] => {
  const position = all.getPosition();
  if (!backwards) {
    if (all.hasEnd()) return [];
    return position ? log.filter((event) => compare(event, position) >= 0) : log;
  }
  if (all.hasStart()) return [];
  return (position ? log.filter((event) => compare(event, position) < 0) : log).slice().reverse();
};

const supportedMethods = (): SupportedMethods => {
  const method = (serviceName: string, methodName: string): SupportedMethod =>
    new featuresPb.SupportedMethod().setServiceName(serviceName).setMethodName(methodName);
  return new featuresPb.SupportedMethods().setEventStoreServerVersion('23.10.0-fake').setMethodsList([
    method('event_store.client.streams.Streams', 'Read'),
    method('event_store.client.streams.Streams', 'Append'),
    method('event_store.client.streams.Streams', 'BatchAppend'),
    method('event_store.client.server_features.ServerFeatures', 'GetSupportedMethods'),
  ]);
};

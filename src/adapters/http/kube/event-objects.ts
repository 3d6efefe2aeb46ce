import type { AggregateKind } from '../../../application/commands/aggregate-definition.ts';
import { summarize } from '../../../application/audit/object-history.ts';
import type { InventoryChange } from '../../../application/inventory/inventory.ts';
import type { EventStore, RecordedEvent } from '../../../application/ports/event-store.port.ts';
import { namespacedId, streamName, type StreamCategory } from '../../../application/streams.ts';
import type { KubeObject } from './kube-object.ts';
import type { ReadOnlySource } from './api-server.ts';
import { fieldEqualities } from './selectors.ts';
import { RingBuffer } from './watch/ring-buffer.ts';
import type { ServedKind } from './watch-feed.ts';

const warningWords = ['Failed', 'Evicted', 'Exceeded', 'Refused'];

interface InvolvedObject {
  kind: string;
  apiVersion: string;
  namespace: string | null;
  name: string;
  uid: string;
}

interface RecentEvent {
  event: RecordedEvent;
  involved: InvolvedObject;
  prefix: string;
}

/** A domain event as a core/v1 Event about its object: the audit trail kubectl shows. */
const toEventObject = (event: RecordedEvent, involved: InvolvedObject, aggregatePrefix: string): KubeObject => {
  const reason = event.type.startsWith(aggregatePrefix) ? event.type.slice(aggregatePrefix.length) || event.type : event.type;
  const namespace = involved.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.name}.${event.position.toString(16)}`, namespace, uid: event.metadata.eventId, resourceVersion: String(event.position), creationTimestamp: event.metadata.time },
    involvedObject: { kind: involved.kind, apiVersion: involved.apiVersion, namespace: involved.namespace ?? undefined, name: involved.name, uid: involved.uid },
    reason,
    message: `${event.type} by ${event.metadata.actor}${summarize(event.data) ? `: ${summarize(event.data)}` : ''}`,
    type: warningWords.some((word) => event.type.includes(word)) ? 'Warning' : 'Normal',
    source: { component: 'pacific' },
    reportingComponent: 'pacific',
    reportingInstance: 'pacific',
    firstTimestamp: event.metadata.time,
    lastTimestamp: event.metadata.time,
    eventTime: null,
    count: 1,
  };
};

/**
 * core/v1 Events, read-only and derived from the log: a field selector naming an object
 * (what `kubectl describe` sends) reads that object's whole stream; other lists show the most
 * recent events kept in memory.
 */
export class EventObjects implements ReadOnlySource {
  /** Kept as recorded and turned into Events only when listed: recording runs for every change. */
  private readonly recent: RingBuffer<RecentEvent>;
  private readonly byApiKind = new Map<string, { aggregateKind: AggregateKind; category: StreamCategory; apiVersion: string; namespaced: boolean }>();
  private readonly byAggregate = new Map<AggregateKind, { apiKind: string; apiVersion: string }>();

  constructor(
    private readonly store: EventStore,
    kinds: readonly (ServedKind & { category: StreamCategory })[],
    capacity = 5000,
  ) {
    this.recent = new RingBuffer(capacity);
    for (const { type, mapper, category } of kinds) {
      const apiVersion = type.group ? `${type.group}/${type.versions[0]}` : type.versions[0]!;
      this.byApiKind.set(type.kind, { aggregateKind: mapper.aggregateKind, category, apiVersion, namespaced: type.namespaced });
      this.byAggregate.set(mapper.aggregateKind, { apiKind: type.kind, apiVersion });
    }
  }

  /** Fed by the inventory for every change applied after start-up. */
  record(change: InventoryChange): void {
    const served = this.byAggregate.get(change.object.kind);
    if (!served) return;
    const uid = (change.object.state as { uid?: string }).uid ?? (change.previousState as { uid?: string }).uid ?? '';
    this.recent.push({ event: change.event, involved: { kind: served.apiKind, apiVersion: served.apiVersion, namespace: change.object.namespace, name: change.object.name, uid }, prefix: aggregatePrefix(change.object.kind) });
  }

  async list(namespace: string | null, fieldSelector: string | undefined): Promise<KubeObject[]> {
    const pinned = fieldEqualities(fieldSelector);
    const name = pinned['involvedObject.name'];
    if (name !== undefined) return this.historyOf(pinned['involvedObject.kind'], pinned['involvedObject.namespace'] ?? namespace, name);
    const objects: KubeObject[] = [];
    for (let i = 0; i < this.recent.size; i++) {
      const { event, involved, prefix } = this.recent.at(i);
      if (namespace === null || (involved.namespace ?? 'default') === namespace) objects.push(toEventObject(event, involved, prefix));
    }
    return objects;
  }

  private async historyOf(kind: string | undefined, namespace: string | null | undefined, name: string): Promise<KubeObject[]> {
    const candidates = [...this.byApiKind.entries()].filter(([apiKind]) => kind === undefined || apiKind === kind);
    const found: KubeObject[] = [];
    for (const [apiKind, { aggregateKind, category, apiVersion, namespaced }] of candidates) {
      if (namespaced && !namespace) continue;
      const stream = streamName(category, namespaced ? namespacedId(namespace!, name) : name);
      const events = await this.store.readStream(stream);
      if (events.length === 0) continue;
      let uid = '';
      for (const event of events) {
        uid = (event.data as { uid?: string }).uid ?? uid;
        found.push(toEventObject(event, { kind: apiKind, apiVersion, namespace: namespaced ? namespace! : null, name, uid }, aggregatePrefix(aggregateKind)));
      }
    }
    return found;
  }
}

/** Domain event types start with their aggregate's name: "PodVMScheduled" -> reason "Scheduled". */
const aggregatePrefix = (kind: AggregateKind): string => kind;

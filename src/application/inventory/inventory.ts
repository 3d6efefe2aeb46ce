import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../ports/event-store.port.ts';
import type { AggregateDefinition, AggregateKind } from '../commands/aggregate-definition.ts';
import { parseStreamName } from '../streams.ts';

interface Entry {
  object: InventoryObject;
  definition: AggregateDefinition;
  live: boolean;
}

export interface InventoryChange {
  event: RecordedEvent;
  object: InventoryObject;
  previousState: unknown;
  wasLive: boolean;
  live: boolean;
}

export interface InventoryObject {
  kind: AggregateKind;
  /** Null for cluster-scoped kinds (Namespace, Host). */
  namespace: string | null;
  name: string;
  streamName: string;
  /** Revision of the stream's last event. */
  revision: number;
  /** Global position of the stream's last event: what the API serves as resourceVersion. */
  position: number;
  state: unknown;
}

/**
 * The inventory: every live object indexed by kind, namespace and name, each object's state
 * being the fold of its own stream with its aggregate's `evolve`. Host allocation and namespace
 * usage against quota are part of those states, kept as running totals, never recomputed.
 *
 * `applyEvent` is a deterministic fold step (no I/O, no clock): the same log always yields the
 * same inventory. It updates the view in place, which is what makes replaying a million events
 * cheap; callers that need an older view replay a prefix of the log instead.
 */
export class Inventory {
  /** Every stream ever seen, live or not: a recreated object continues its stream's fold. */
  private readonly objects = new Map<string, Entry>();
  private readonly index = new Map<AggregateKind, Map<string, Map<string, InventoryObject>>>();
  private readonly definitions = new Map<string, AggregateDefinition>();
  private readonly listeners: ((change: InventoryChange) => void)[] = [];
  checkpoint = 0;
  eventCount = 0;

  constructor(definitions: readonly AggregateDefinition[]) {
    for (const definition of definitions) {
      this.definitions.set(definition.category, definition);
      this.index.set(definition.kind, new Map());
    }
  }

  applyEvent(event: RecordedEvent): void {
    if (event.position <= this.checkpoint) return;
    this.checkpoint = event.position;
    this.eventCount++;
    let entry = this.objects.get(event.streamName);
    if (!entry) {
      const created = this.newEntry(event.streamName);
      if (!created) return;
      entry = created;
      this.objects.set(event.streamName, entry);
    }
    const { object, definition } = entry;
    const previousState = object.state;
    const wasLive = entry.live;
    object.state = definition.decider.evolve(object.state, event as never);
    object.revision = event.revision;
    object.position = event.position;
    const live = definition.isLive(object.state);
    if (live !== wasLive) {
      entry.live = live;
      if (live) this.bucket(object, true)!.set(object.name, object);
      else this.bucket(object, false)?.delete(object.name);
    }
    if (this.listeners.length > 0 && (live || wasLive)) {
      const change = { event, object, previousState, wasLive, live };
      for (const listener of this.listeners) listener(change);
    }
  }

  /** A stream's state and revision as far as applied, live or not; undefined for a stream not seen (or not projected). */
  stream(streamName: string): { readonly state: unknown; readonly revision: number } | undefined {
    return this.objects.get(streamName)?.object;
  }

  /** Listeners (the API's watch feed, its events) hear every change to a live object, after it is applied. */
  onChange(listener: (change: InventoryChange) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  get(kind: AggregateKind, namespace: string | null, name: string): InventoryObject | undefined {
    return this.index.get(kind)?.get(namespace ?? '')?.get(name);
  }

  /** Live objects of a kind, in one namespace or across all, sorted by namespace then name. */
  list(kind: AggregateKind, namespace?: string | null): InventoryObject[] {
    const byNamespace = this.index.get(kind);
    if (!byNamespace) return [];
    if (namespace !== undefined) return sortByName([...(byNamespace.get(namespace ?? '')?.values() ?? [])]);
    return [...byNamespace.keys()].sort().flatMap((key) => sortByName([...byNamespace.get(key)!.values()]));
  }

  count(kind: AggregateKind, namespace?: string | null): number {
    const byNamespace = this.index.get(kind);
    if (!byNamespace) return 0;
    if (namespace !== undefined) return byNamespace.get(namespace ?? '')?.size ?? 0;
    let total = 0;
    for (const names of byNamespace.values()) total += names.size;
    return total;
  }

  /** The whole inventory as canonical JSON-ready data: equal logs give byte-equal snapshots. */
  snapshot(): { checkpoint: number; objects: { kind: string; namespace: string | null; name: string; revision: number; position: number; state: unknown }[] } {
    const objects = [...this.index.keys()].flatMap((kind) =>
      this.list(kind).map(({ kind: k, namespace, name, revision, position, state }) => ({ kind: k, namespace, name, revision, position, state })),
    );
    return { checkpoint: this.checkpoint, objects };
  }

  digest(): string {
    return createHash('sha256').update(canonicalJson(this.snapshot())).digest('hex');
  }

  private newEntry(streamName: string): Entry | undefined {
    const { category, id } = parseStreamName(streamName);
    const definition = this.definitions.get(category);
    if (!definition) return undefined;
    const slash = id.indexOf('/');
    const object: InventoryObject = {
      kind: definition.kind,
      namespace: definition.namespaced ? id.slice(0, slash) : null,
      name: definition.namespaced ? id.slice(slash + 1) : id,
      streamName,
      revision: -1,
      position: 0,
      state: definition.decider.initialState(),
    };
    return { object, definition, live: false };
  }

  private bucket(object: InventoryObject, create: boolean): Map<string, InventoryObject> | undefined {
    const byNamespace = this.index.get(object.kind)!;
    const key = object.namespace ?? '';
    let names = byNamespace.get(key);
    if (!names && create) {
      names = new Map();
      byNamespace.set(key, names);
    }
    return names;
  }
}

const sortByName = (objects: InventoryObject[]): InventoryObject[] => objects.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** JSON with object keys sorted at every level; values with toJSON (persistent maps) are expanded first. */
export const canonicalJson = (value: unknown): string => JSON.stringify(canonicalize(value));

const canonicalize = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value;
  const plain = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON: () => unknown }).toJSON() : value;
  if (Array.isArray(plain)) return plain.map(canonicalize);
  if (plain === null || typeof plain !== 'object') return plain;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(plain).sort()) sorted[key] = canonicalize((plain as Record<string, unknown>)[key]);
  return sorted;
};

import type { AggregateDefinition } from '../commands/aggregate-definition.ts';
import type { EventStore, RecordedEvent } from '../ports/event-store.port.ts';
import { namespacedId, streamName } from '../streams.ts';

/** What users may type for a kind: Kubernetes-style names and short names. */
const kindAliases: Record<string, string> = {
  namespace: 'Namespace',
  namespaces: 'Namespace',
  ns: 'Namespace',
  host: 'Host',
  hosts: 'Host',
  node: 'Host',
  nodes: 'Host',
  no: 'Host',
  pod: 'PodVM',
  pods: 'PodVM',
  po: 'PodVM',
  podvm: 'PodVM',
  podvms: 'PodVM',
  virtualmachine: 'VirtualMachine',
  virtualmachines: 'VirtualMachine',
  vm: 'VirtualMachine',
  tanzukubernetescluster: 'GuestCluster',
  tanzukubernetesclusters: 'GuestCluster',
  tkc: 'GuestCluster',
  guestcluster: 'GuestCluster',
  guestclusters: 'GuestCluster',
};

export class UnknownObjectReference extends Error {}

/** Resolves "pod/shop/web-1", "vm/shop/db", "namespace/shop" or "node/esx-01" to a stream. */
export const resolveObjectReference = (reference: string, definitions: readonly AggregateDefinition[]): { definition: AggregateDefinition; stream: string } => {
  const [kindText, ...rest] = reference.split('/');
  const kind = kindAliases[(kindText ?? '').toLowerCase()];
  const definition = definitions.find((candidate) => candidate.kind === kind);
  if (!definition) throw new UnknownObjectReference(`unknown kind "${kindText}" (try namespace, node, pod, vm or tkc)`);
  if (definition.namespaced && rest.length !== 2) throw new UnknownObjectReference(`${definition.kind} is namespaced: use ${kindText}/NAMESPACE/NAME`);
  if (!definition.namespaced && rest.length !== 1) throw new UnknownObjectReference(`${definition.kind} is cluster-scoped: use ${kindText}/NAME`);
  const id = definition.namespaced ? namespacedId(rest[0]!, rest[1]!) : rest[0]!;
  return { definition, stream: streamName(definition.category, id) };
};

export interface HistoryLine {
  time: string;
  actor: string;
  event: string;
  revision: number;
  position: number;
  summary: string;
}

// Identity is already on the line; annotations and the spec as given are too long to read there.
const summaryKeysSkipped = new Set(['namespace', 'name', 'uid', 'annotations', 'givenSpec']);

/** A short, single-line rendering of an event's data for people reading the audit trail. */
export const summarize = (data: unknown, limit = 160): string => {
  if (data === null || typeof data !== 'object') return String(data ?? '');
  const parts = Object.entries(data as Record<string, unknown>)
    .filter(([key]) => !summaryKeysSkipped.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`);
  const text = parts.join(' ');
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
};

export const objectHistory = async (store: EventStore, stream: string): Promise<HistoryLine[]> =>
  (await store.readStream(stream)).map((event: RecordedEvent) => ({
    time: event.metadata.time,
    actor: event.metadata.actor,
    event: event.type,
    revision: event.revision,
    position: event.position,
    summary: summarize(event.data),
  }));

import { assertNever, type Decider } from '../shared/decider.ts';
import { alreadyExists, invalid, notFound, type FieldCause } from '../shared/errors.ts';
import { assertDnsLabel, assertDnsSubdomain } from '../shared/names.ts';
import type { CatalogCommand } from './commands.ts';
import type {
  CatalogEvent,
  CatalogItemChanged,
  CatalogItemCreated,
  CatalogItemDeleted,
  CatalogItemDeletionRequested,
  CatalogItemStatusChanged,
  CatalogMetadata,
  Document,
} from './events.ts';

export interface CatalogItemAbsent {
  status: 'Absent';
}

export interface CatalogItemLive extends CatalogMetadata {
  status: 'Active' | 'Terminating';
  namespace: string | null;
  name: string;
  uid: string;
  spec: Document;
  itemStatus: Document;
  generation: number;
  createdAt: string;
  deletionTimestamp: string | null;
}

export interface CatalogItemGone {
  status: 'Deleted';
  namespace: string | null;
  name: string;
  uid: string;
  deletedAt: string;
}

export type CatalogItemState = CatalogItemAbsent | CatalogItemLive | CatalogItemGone;

export interface CatalogKindRules {
  /** Field problems of a spec this kind refuses (empty when valid). */
  validateSpec?: (spec: Document) => FieldCause[];
  /** Spec fields that may not change after creation (Kubernetes "field is immutable"). */
  immutableSpecFields?: string[];
}

const isLive = (state: CatalogItemState): state is CatalogItemLive => state.status === 'Active' || state.status === 'Terminating';

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Builds the decider of one declarative kind; its events are prefixed with the kind's name. */
export const catalogDecider = <K extends string>(kind: K, rules: CatalogKindRules = {}): Decider<CatalogItemState, CatalogCommand, CatalogEvent<K>> => {
  const type = <Suffix extends string>(suffix: Suffix) => `${kind}${suffix}` as `${K}${Suffix}`;
  const what = (name: string) => `${kind.toLowerCase()}s "${name}"`;

  const evolve = (state: CatalogItemState, event: CatalogEvent<K>): CatalogItemState => {
    const suffix = event.type.slice(kind.length);
    if (suffix === 'Created') {
      const data = (event as CatalogItemCreated<K>).data;
      return {
        status: 'Active',
        namespace: data.namespace,
        name: data.name,
        uid: data.uid,
        labels: data.labels,
        annotations: data.annotations,
        finalizers: data.finalizers,
        spec: data.spec,
        itemStatus: data.status,
        generation: 1,
        createdAt: data.createdAt,
        deletionTimestamp: null,
      };
    }
    if (!isLive(state)) return state;
    switch (suffix) {
      case 'Changed': {
        const data = (event as CatalogItemChanged<K>).data;
        return { ...state, labels: data.labels, annotations: data.annotations, finalizers: data.finalizers, spec: data.spec, generation: data.generation };
      }
      case 'StatusChanged':
        return { ...state, itemStatus: (event as CatalogItemStatusChanged<K>).data.status };
      case 'DeletionRequested':
        return { ...state, status: 'Terminating', deletionTimestamp: (event as CatalogItemDeletionRequested<K>).data.deletionTimestamp };
      case 'Deleted':
        return { status: 'Deleted', namespace: state.namespace, name: state.name, uid: state.uid, deletedAt: (event as CatalogItemDeleted<K>).data.deletedAt };
      default:
        return state;
    }
  };

  const validate = (spec: Document): void => {
    const causes = rules.validateSpec?.(spec) ?? [];
    if (causes.length > 0) throw invalid(`${kind} is invalid: ${causes.map((cause) => `${cause.field}: ${cause.message}`).join('; ')}`, causes);
  };

  const decide = (command: CatalogCommand, state: CatalogItemState): CatalogEvent<K>[] => {
    const { namespace, name } = command.data;
    switch (command.type) {
      case 'CreateCatalogItem': {
        if (isLive(state)) throw alreadyExists(what(name));
        assertDnsSubdomain(name);
        if (namespace !== null) assertDnsLabel(namespace, 'metadata.namespace');
        validate(command.data.spec);
        const { uid, labels = {}, annotations = {}, finalizers = [], spec, status = {} } = command.data;
        return [{ type: type('Created'), data: { namespace, name, uid, labels, annotations, finalizers, spec, status, createdAt: command.metadata.now } } as CatalogEvent<K>];
      }
      case 'ChangeCatalogItem': {
        if (!isLive(state)) throw notFound(what(name));
        validate(command.data.spec);
        for (const field of rules.immutableSpecFields ?? []) {
          if (!sameJson(state.spec[field], command.data.spec[field])) {
            throw invalid(`${kind} "${name}" is invalid: spec.${field}: field is immutable`, [{ field: `spec.${field}`, message: 'field is immutable' }]);
          }
        }
        const { labels, annotations, finalizers, spec } = command.data;
        const specChanged = !sameJson(state.spec, spec);
        if (!specChanged && sameJson([state.labels, state.annotations, state.finalizers], [labels, annotations, finalizers])) return [];
        const changed = { type: type('Changed'), data: { namespace, name, labels, annotations, finalizers, spec, generation: state.generation + (specChanged ? 1 : 0) } } as CatalogEvent<K>;
        // Removing the last finalizer of an object being deleted completes its deletion.
        if (state.status === 'Terminating' && finalizers.length === 0) return [changed, { type: type('Deleted'), data: { namespace, name, deletedAt: command.metadata.now } } as CatalogEvent<K>];
        return [changed];
      }
      case 'ChangeCatalogItemStatus': {
        if (!isLive(state)) throw notFound(what(name));
        if (sameJson(state.itemStatus, command.data.status)) return [];
        return [{ type: type('StatusChanged'), data: { namespace, name, status: command.data.status } } as CatalogEvent<K>];
      }
      case 'DeleteCatalogItem': {
        if (!isLive(state)) throw notFound(what(name));
        if (state.finalizers.length > 0) {
          if (state.status === 'Terminating') return [];
          return [{ type: type('DeletionRequested'), data: { namespace, name, deletionTimestamp: command.metadata.now } } as CatalogEvent<K>];
        }
        return [{ type: type('Deleted'), data: { namespace, name, deletedAt: command.metadata.now } } as CatalogEvent<K>];
      }
      default:
        return assertNever(command);
    }
  };

  return { initialState: () => ({ status: 'Absent' }), evolve, decide };
};

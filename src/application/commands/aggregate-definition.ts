import type { Decider } from '../../domain/shared/decider.ts';
import type { StreamCategory } from '../streams.ts';

import type { CatalogKind } from '../../domain/catalog/index.ts';

export type AggregateKind = 'Namespace' | 'Host' | 'PodVM' | 'VirtualMachine' | 'GuestCluster' | 'Identity' | 'FieldManagers' | CatalogKind;

/** What the application needs to know about one aggregate type to store, fold and index it. */
export interface AggregateDefinition<State = unknown, Command extends { type: string } = { type: string }, Event extends { type: string } = { type: string }> {
  kind: AggregateKind;
  category: StreamCategory;
  namespaced: boolean;
  decider: Decider<State, Command, Event>;
  /**
   * Commands whose outcome does not depend on what the caller saw (quota reservations, IP
   * allocations, host allocations): on a concurrent write they are decided again on fresh state.
   * Every other command fails with Conflict instead of overwriting.
   */
  commutingCommands: ReadonlySet<string>;
  /** False before creation and after deletion: such objects leave the inventory's indexes. */
  isLive: (state: State) => boolean;
}

import type { CatalogKind } from '../../domain/catalog/index.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { catalogAggregates } from '../catalog-aggregates.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import type { CatalogItemInput, CatalogService } from '../services/catalog.service.ts';
import type { Pacific } from '../services/pacific.ts';
import { namespacedId } from '../streams.ts';

export interface SeedServices {
  pacific: Pacific;
  catalog: CatalogService;
}

export const seedActor: CommandContext = { actor: 'system:seed' };

/**
 * Creates a seeded item only if its name was never used: whatever an admin did to it since
 * (changed it, deleted it) stands. An item deleted at or before `since` (with an earlier
 * incarnation of its namespace) counts as never used.
 */
export const seedItem = async (services: SeedServices, kind: CatalogKind, input: CatalogItemInput, since?: string): Promise<boolean> => {
  const aggregate = catalogAggregates[kind];
  const id = aggregate.namespaced ? namespacedId(input.namespace ?? '', input.name) : input.name;
  const { state } = await services.pacific.commands.load(aggregate, id);
  const unused = state.status === 'Absent' || (state.status === 'Deleted' && since !== undefined && state.deletedAt <= since);
  if (!unused) return false;
  try {
    await services.catalog.create(kind, input, seedActor);
    return true;
  } catch (error) {
    // Another seeder (or the admin) got there first.
    if (error instanceof DomainError && error.reason === 'AlreadyExists') return false;
    throw error;
  }
};

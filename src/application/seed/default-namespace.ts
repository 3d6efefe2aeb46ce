import { DomainError } from '../../domain/shared/errors.ts';
import { namespaceAggregate } from '../aggregates.ts';
import type { NamespaceService } from '../services/namespace.service.ts';
import type { Pacific } from '../services/pacific.ts';
import { seedActor } from './seed-item.ts';

/** The namespace kubectl uses when none is named, which every Kubernetes API has. */
export const DEFAULT_NAMESPACE = 'default';

/** Creates `default` on the first start; never again once it exists or existed. Returns whether it did. */
export const seedDefaultNamespace = async (services: { pacific: Pacific; namespaces: NamespaceService }): Promise<boolean> => {
  const { state } = await services.pacific.commands.load(namespaceAggregate, DEFAULT_NAMESPACE);
  if (state.status !== 'Absent') return false;
  try {
    await services.namespaces.create({ name: DEFAULT_NAMESPACE, labels: {}, annotations: {} }, seedActor);
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.reason === 'AlreadyExists') return false;
    throw error;
  }
};

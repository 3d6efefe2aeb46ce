import type { CatalogItemInput } from '../services/catalog.service.ts';
import type { NamespaceLive } from '../../domain/namespace/index.ts';
import type { CatalogKind } from '../../domain/catalog/index.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { KeyedQueue } from '../controllers/keyed-queue.ts';
import { classSpec, seededClasses } from './classes.ts';
import { imageSpec, imageStatus, seededImages } from './images.ts';
import { seedItem, type SeedServices } from './seed-item.ts';

export interface RunningSeeder {
  stop(): Promise<void>;
  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void>;
}

const running = new WeakMap<object, RunningSeeder>();

/** The namespaced part of the built-in catalog, as an admin would make it available to one namespace. */
const namespacedItems = (namespace: string, now: string): { kind: CatalogKind; input: CatalogItemInput }[] => [
  ...seededClasses.map((seed) => ({ kind: 'VirtualMachineClass' as const, input: { namespace, name: seed.name, spec: classSpec(seed) } })),
  ...seededImages.map((image) => ({
    kind: 'VirtualMachineImage' as const,
    input: { namespace, name: image.name, spec: imageSpec(image), status: imageStatus(image, now) },
  })),
];

/**
 * VirtualMachineClass is namespaced (vm-operator v1alpha2 on), so the class catalog
 * (best-effort-* and guaranteed-*) and the content library images are created in every namespace
 * when it is created; names that already exist there, or that were used and deleted in this
 * incarnation of the namespace, are left alone. At start, namespaces created earlier get what
 * they never had. One seeder per inventory: starting it again returns the running one.
 */
export const startClassSeeder = (services: SeedServices): RunningSeeder => {
  const { pacific } = services;
  const already = running.get(pacific.inventory);
  if (already) return { stop: async () => undefined, idle: () => already.idle() };

  const seed = async (namespace: string): Promise<void> => {
    for (const { kind, input } of namespacedItems(namespace, pacific.clock.now())) {
      const current = pacific.inventory.get('Namespace', null, namespace)?.state as NamespaceLive | undefined;
      if (current?.status !== 'Active') return;
      if (pacific.inventory.get(kind, namespace, input.name)) continue;
      try {
        await seedItem(services, kind, input, current.createdAt);
      } catch (error) {
        if (error instanceof DomainError && error.reason === 'NotFound') return;
        throw error;
      }
    }
  };

  const queue = new KeyedQueue(seed);
  const stopListening = pacific.inventory.onChange(({ object, live, wasLive }) => {
    if (object.kind === 'Namespace' && live && !wasLive) queue.add(object.name);
  });
  for (const namespace of pacific.inventory.list('Namespace')) queue.add(namespace.name);

  const seeder: RunningSeeder = {
    stop: async () => {
      stopListening();
      await queue.stop();
      running.delete(pacific.inventory);
    },
    idle: () => queue.idle(),
  };
  running.set(pacific.inventory, seeder);
  return seeder;
};

import { catalogDecider, type CatalogCommand, type CatalogEvent, type CatalogItemState, type CatalogKind, type CatalogKindRules } from '../domain/catalog/index.ts';
import type { FieldCause } from '../domain/shared/errors.ts';
import type { AggregateDefinition } from './commands/aggregate-definition.ts';
import type { StreamCategory } from './streams.ts';
import { validatePermissionSpec } from './authorization/namespace-permission.ts';

export type CatalogAggregate = AggregateDefinition<CatalogItemState, CatalogCommand, CatalogEvent<string>>;

const notLive = new Set(['Absent', 'Deleted']);

const positiveNumber = (value: unknown, field: string): FieldCause[] =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? [] : [{ field, message: 'must be a positive number' }];

const requiredString = (value: unknown, field: string): FieldCause[] =>
  typeof value === 'string' && value.length > 0 ? [] : [{ field, message: 'Required value' }];

const rules: Partial<Record<CatalogKind, CatalogKindRules>> = {
  VirtualMachineClass: {
    validateSpec: (spec) => {
      const hardware = (spec.hardware ?? {}) as Record<string, unknown>;
      return positiveNumber(hardware.cpus, 'spec.hardware.cpus');
    },
  },
  PersistentVolumeClaim: {
    validateSpec: (spec) => {
      const storage = ((spec.resources as { requests?: Record<string, unknown> } | undefined)?.requests ?? {}).storage;
      return requiredString(typeof storage === 'number' ? String(storage) : storage, 'spec.resources.requests.storage');
    },
    immutableSpecFields: ['storageClassName', 'accessModes'],
  },
  NamespacePermission: { validateSpec: validatePermissionSpec },
};

const catalogAggregate = (kind: CatalogKind, category: StreamCategory, namespaced: boolean): CatalogAggregate => ({
  kind,
  category,
  namespaced,
  decider: catalogDecider<string>(kind, rules[kind]),
  commutingCommands: new Set(),
  isLive: (state) => !notLive.has(state.status),
});

export const catalogAggregates: Record<CatalogKind, CatalogAggregate> = {
  StorageClass: catalogAggregate('StorageClass', 'storageClass', false),
  VirtualMachineClass: catalogAggregate('VirtualMachineClass', 'virtualMachineClass', true),
  VirtualMachineImage: catalogAggregate('VirtualMachineImage', 'virtualMachineImage', true),
  ClusterVirtualMachineImage: catalogAggregate('ClusterVirtualMachineImage', 'clusterVirtualMachineImage', false),
  PersistentVolumeClaim: catalogAggregate('PersistentVolumeClaim', 'persistentVolumeClaim', true),
  ResourceQuota: catalogAggregate('ResourceQuota', 'resourceQuota', true),
  TanzuKubernetesRelease: catalogAggregate('TanzuKubernetesRelease', 'tanzuKubernetesRelease', false),
  NamespacePolicy: catalogAggregate('NamespacePolicy', 'namespacePolicy', true),
  NamespaceSnapshot: catalogAggregate('NamespaceSnapshot', 'namespaceSnapshot', true),
  NamespaceRestore: catalogAggregate('NamespaceRestore', 'namespaceRestore', true),
  NamespaceMigration: catalogAggregate('NamespaceMigration', 'namespaceMigration', true),
  NamespacePermission: catalogAggregate('NamespacePermission', 'namespacePermission', true),
};

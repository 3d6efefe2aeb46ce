import type { Event } from '../shared/decider.ts';

/**
 * Declarative objects that the admin or a developer states and Pacific keeps as given:
 * storage policies, VM classes, images, disks (claims), quotas, releases, namespace-wide operations.
 * Each kind is its own aggregate type with its own events (`StorageClassCreated`, ...).
 */
export type CatalogKind =
  | 'StorageClass'
  | 'VirtualMachineClass'
  | 'VirtualMachineImage'
  | 'ClusterVirtualMachineImage'
  | 'PersistentVolumeClaim'
  | 'ResourceQuota'
  | 'TanzuKubernetesRelease'
  | 'NamespacePolicy'
  | 'NamespaceSnapshot'
  | 'NamespaceRestore'
  | 'NamespaceMigration'
  | 'NamespacePermission';

export type Document = Record<string, unknown>;

export interface CatalogMetadata {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  finalizers: string[];
}

export type CatalogItemCreated<K extends string> = Event<
  `${K}Created`,
  CatalogMetadata & { namespace: string | null; name: string; uid: string; spec: Document; status: Document; createdAt: string }
>;
export type CatalogItemChanged<K extends string> = Event<`${K}Changed`, CatalogMetadata & { namespace: string | null; name: string; spec: Document; generation: number }>;
export type CatalogItemStatusChanged<K extends string> = Event<`${K}StatusChanged`, { namespace: string | null; name: string; status: Document }>;
export type CatalogItemDeletionRequested<K extends string> = Event<`${K}DeletionRequested`, { namespace: string | null; name: string; deletionTimestamp: string }>;
export type CatalogItemDeleted<K extends string> = Event<`${K}Deleted`, { namespace: string | null; name: string; deletedAt: string }>;

export type CatalogEvent<K extends string = CatalogKind> =
  | CatalogItemCreated<K>
  | CatalogItemChanged<K>
  | CatalogItemStatusChanged<K>
  | CatalogItemDeletionRequested<K>
  | CatalogItemDeleted<K>;

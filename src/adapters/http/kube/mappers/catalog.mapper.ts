import type { Inventory, InventoryObject } from '../../../../application/inventory/inventory.ts';
import type { CatalogItemLive, CatalogKind, Document } from '../../../../domain/catalog/index.ts';
import type { NamespaceLive, QuotaResource } from '../../../../domain/namespace/index.ts';
import { quotaResourceFor } from '../../../../application/services/catalog.service.ts';
import type { KubeObject } from '../kube-object.ts';
import type { QuotaUsage } from '../quota-usage.ts';
import type { ApiServices, KindMapper } from './kind-mapper.ts';
import { formatBytes, formatCpu, objectMeta, stringList, stringMap } from './meta.ts';

export interface CatalogKindShape {
  apiKind: CatalogKind;
  apiVersion: string;
  /** StorageClass keeps its fields at the top level of the object instead of under spec. */
  topLevelFields?: boolean;
  /** Status computed from the rest of the inventory instead of stored. */
  status?: (item: CatalogItemLive, inventory: Inventory) => Document;
  /** The status shows the namespace's quota usage, so the object changes (resourceVersion, watch events) with it. */
  showsQuotaUsage?: boolean;
}

const formatQuota = (resource: QuotaResource, amount: number): string =>
  resource.endsWith('.cpu') ? formatCpu(amount) : resource.endsWith('.memory') || resource === 'requests.storage' ? formatBytes(amount) : String(amount);

const quotaStatus = (item: CatalogItemLive, inventory: Inventory): Document => {
  const hard = (item.spec.hard ?? {}) as Record<string, unknown>;
  const namespace = inventory.get('Namespace', null, item.namespace ?? '')?.state as NamespaceLive | undefined;
  const used: Record<string, string> = {};
  for (const name of Object.keys(hard)) {
    const resource = quotaResourceFor(name);
    used[name] = resource ? formatQuota(resource, namespace?.used[resource] ?? 0) : '0';
  }
  return { hard, used };
};

const claimStatus = (item: CatalogItemLive): Document => ({
  phase: 'Bound',
  accessModes: item.spec.accessModes ?? ['ReadWriteOnce'],
  capacity: { storage: ((item.spec.resources as { requests?: { storage?: unknown } } | undefined)?.requests?.storage as string | undefined) ?? '0' },
});

export const catalogShapes: CatalogKindShape[] = [
  { apiKind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', topLevelFields: true },
  { apiKind: 'VirtualMachineClass', apiVersion: 'vmoperator.vmware.com/v1alpha3' },
  { apiKind: 'VirtualMachineImage', apiVersion: 'vmoperator.vmware.com/v1alpha3' },
  { apiKind: 'ClusterVirtualMachineImage', apiVersion: 'vmoperator.vmware.com/v1alpha3' },
  { apiKind: 'PersistentVolumeClaim', apiVersion: 'v1', status: claimStatus },
  { apiKind: 'ResourceQuota', apiVersion: 'v1', status: quotaStatus, showsQuotaUsage: true },
  { apiKind: 'TanzuKubernetesRelease', apiVersion: 'run.tanzu.vmware.com/v1alpha3' },
  { apiKind: 'NamespacePolicy', apiVersion: 'pacific.io/v1alpha1' },
  { apiKind: 'NamespaceSnapshot', apiVersion: 'pacific.io/v1alpha1' },
  { apiKind: 'NamespaceRestore', apiVersion: 'pacific.io/v1alpha1' },
  { apiKind: 'NamespaceMigration', apiVersion: 'pacific.io/v1alpha1' },
  { apiKind: 'NamespacePermission', apiVersion: 'pacific.io/v1alpha1' },
];

const reserved = new Set(['apiVersion', 'kind', 'metadata', 'status']);

const documentOf = (shape: CatalogKindShape, body: KubeObject): Document =>
  shape.topLevelFields ? Object.fromEntries(Object.entries(body).filter(([key]) => !reserved.has(key))) : ((body.spec ?? {}) as Document);

/** Declarative kinds kept as given, one mapper per kind; `quotaUsage` for the kinds that show it. */
export const catalogMapper = ({ pacific, catalog }: ApiServices, shape: CatalogKindShape, quotaUsage?: QuotaUsage): KindMapper => {
  const usage = shape.showsQuotaUsage ? quotaUsage : undefined;
  const resourceVersion = usage ? (object: InventoryObject): number => usage.versionOf(object.namespace ?? '', object.position) : undefined;
  return {
    apiKind: shape.apiKind,
    aggregateKind: shape.apiKind,
    // Its status reads the namespace's usage: rendered as it changes, not when a watcher reads it.
    ...(usage ? { rendersFromInventory: true } : {}),
    ...(resourceVersion ? { resourceVersion } : {}),
    render: (object: InventoryObject, state: unknown): KubeObject => {
      const item = state as CatalogItemLive;
      const status = shape.status ? shape.status(item, pacific.inventory) : item.itemStatus;
      const metadata = objectMeta(object, item);
      if (resourceVersion) metadata.resourceVersion = String(resourceVersion(object));
      return {
        apiVersion: shape.apiVersion,
        kind: shape.apiKind,
        metadata,
        ...(shape.topLevelFields ? item.spec : { spec: item.spec }),
        ...(Object.keys(status).length > 0 ? { status } : {}),
      };
    },
    create: async (body, namespace, context) => {
      await catalog.create(
        shape.apiKind,
        {
          namespace,
          name: body.metadata.name!,
          labels: stringMap(body.metadata.labels, 'metadata.labels'),
          annotations: stringMap(body.metadata.annotations, 'metadata.annotations'),
          finalizers: stringList(body.metadata.finalizers, 'metadata.finalizers'),
          spec: documentOf(shape, body),
          ...(body.status && !shape.status ? { status: body.status as Document } : {}),
        },
        context,
      );
    },
    update: async (current, body, context) => {
      await catalog.change(
        shape.apiKind,
        {
          namespace: current.namespace,
          name: current.name,
          labels: stringMap(body.metadata.labels, 'metadata.labels'),
          annotations: stringMap(body.metadata.annotations, 'metadata.annotations'),
          finalizers: stringList(body.metadata.finalizers, 'metadata.finalizers'),
          spec: documentOf(shape, body),
        },
        { ...context, expectedRevision: current.revision },
      );
    },
    updateStatus: async (current, body, context) => {
      if (shape.status) return;
      await catalog.changeStatus(shape.apiKind, current.namespace, current.name, (body.status ?? {}) as Document, context);
    },
    delete: async (current, context) => {
      await catalog.delete(shape.apiKind, current.namespace, current.name, context);
    },
  };
};

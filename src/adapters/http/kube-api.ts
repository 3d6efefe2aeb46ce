import type { Request, Response } from 'express';
import { catalogAggregates } from '../../application/catalog-aggregates.ts';
import { allAggregates, fieldManagersAggregate } from '../../application/aggregates.ts';
import type { ManagedFieldsEntry } from '../../domain/fieldmanagers/index.ts';
import type { EventStore } from '../../application/ports/event-store.port.ts';
import type { StreamCategory } from '../../application/streams.ts';
import { ApiServer, type FieldManagerStore } from './kube/api-server.ts';
import { EventObjects } from './kube/event-objects.ts';
import { catalogMapper, catalogShapes } from './kube/mappers/catalog.mapper.ts';
import type { ApiServices, KindMapper } from './kube/mappers/kind-mapper.ts';
import { namespaceMapper } from './kube/mappers/namespace.mapper.ts';
import { nodeMapper } from './kube/mappers/node.mapper.ts';
import { podMapper } from './kube/mappers/pod.mapper.ts';
import { tanzuKubernetesClusterMapper } from './kube/mappers/tanzu-kubernetes-cluster.mapper.ts';
import { virtualMachineMapper } from './kube/mappers/virtual-machine.mapper.ts';
import { findByKind } from './kube/resource-types.ts';
import type { ResourceType } from './kube/resource-type.ts';
import { fieldManagersId, fieldManagersRecord } from './kube/field-managers-id.ts';
import { QuotaUsage } from './kube/quota-usage.ts';
import { connectWatchFeed, type ServedKind } from './kube/watch-feed.ts';
import { WatchHub } from './kube/watch/index.ts';
import { visibleTo } from './auth/authorize-visibility.ts';

const groupOf: Record<string, string> = {
  Namespace: '',
  Node: '',
  Pod: '',
  PersistentVolumeClaim: '',
  ResourceQuota: '',
  StorageClass: 'storage.k8s.io',
  VirtualMachine: 'vmoperator.vmware.com',
  VirtualMachineClass: 'vmoperator.vmware.com',
  VirtualMachineImage: 'vmoperator.vmware.com',
  ClusterVirtualMachineImage: 'vmoperator.vmware.com',
  TanzuKubernetesCluster: 'run.tanzu.vmware.com',
  TanzuKubernetesRelease: 'run.tanzu.vmware.com',
  NamespacePolicy: 'pacific.io',
  NamespaceSnapshot: 'pacific.io',
  NamespaceRestore: 'pacific.io',
  NamespaceMigration: 'pacific.io',
  NamespacePermission: 'pacific.io',
};

export interface KubeApi {
  handle: (req: Request, res: Response) => Promise<void>;
  hub: WatchHub;
}

/**
 * The Kubernetes API over the application: one mapper per kind, a watch hub fed by the
 * inventory, and core/v1 Events derived from the log. Call once the inventory has caught up.
 */
export const buildKubeApi = (services: ApiServices, store: EventStore, options: { bookmarkIntervalMs?: number } = {}): KubeApi => {
  const inventory = services.pacific.inventory;
  const quotaUsage = new QuotaUsage(inventory);
  const mappers: KindMapper[] = [
    namespaceMapper(services),
    nodeMapper(services),
    podMapper(services),
    virtualMachineMapper(services),
    tanzuKubernetesClusterMapper(services),
    ...catalogShapes.map((shape) => catalogMapper(services, shape, quotaUsage)),
  ];
  const managersOf = (type: ResourceType, namespace: string | null, name: string, uid: string | undefined): unknown[] | undefined => {
    const state = fieldManagersRecord(inventory, type, namespace, name);
    return uid !== undefined && state?.status === 'Recorded' && state.objectUid === uid && state.entries.length > 0 ? state.entries : undefined;
  };
  const served: (ServedKind & { category: StreamCategory })[] = mappers.map((base) => {
    const type = findByKind(groupOf[base.apiKind] ?? '', base.apiKind);
    if (!type) throw new Error(`no resource type registered for ${base.apiKind}`);
    const aggregate = allAggregates.find((candidate) => candidate.kind === base.aggregateKind) ?? Object.values(catalogAggregates).find((candidate) => candidate.kind === base.aggregateKind);
    // Every rendering (GET, list, watch, write answers) carries the object's managedFields.
    const mapper: KindMapper = {
      ...base,
      render: (object, state) => {
        const rendered = base.render(object, state);
        const managedFields = managersOf(type, object.namespace, object.name, rendered.metadata.uid);
        return managedFields ? { ...rendered, metadata: { ...rendered.metadata, managedFields } } : rendered;
      },
    };
    return { type, mapper, category: aggregate!.category };
  });
  const hub = new WatchHub({ startResourceVersion: inventory.checkpoint });
  connectWatchFeed(inventory, served, hub, quotaUsage);
  const events = new EventObjects(store, served);
  inventory.onChange((change) => events.record(change));
  const fieldManagers: FieldManagerStore = {
    record: async (id, uid, entries, context) => {
      await services.pacific.execute(fieldManagersAggregate, id, { type: 'RecordFieldManagers', data: { objectUid: uid, entries: entries as ManagedFieldsEntry[] } }, context);
    },
  };
  forgetManagersOfDeletedObjects(services, served);
  const server = new ApiServer({
    inventory,
    fieldManagers,
    mappers: new Map(served.map(({ mapper }) => [mapper.apiKind, mapper])),
    hub,
    readOnlySources: new Map([['Event', events]]),
    podConsoles: services.podConsoles,
    visibleTo,
    ...(options.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: options.bookmarkIntervalMs } : {}),
  });
  return { handle: server.handle, hub };
};

/**
 * An object gone (whoever deleted it: the API, a namespace's deletion, a controller) takes its
 * field managers along, so that records of dead objects do not pile up. Reads already ignore
 * the records of another incarnation, so this is housekeeping, not correctness.
 */
const forgetManagersOfDeletedObjects = (services: ApiServices, served: readonly ServedKind[]): void => {
  const inventory = services.pacific.inventory;
  const typeOf = new Map(served.map(({ mapper, type }) => [mapper.aggregateKind, type]));
  inventory.onChange(({ object, wasLive, live, previousState }) => {
    if (!wasLive || live) return;
    const type = typeOf.get(object.kind);
    const objectUid = (previousState as { uid?: unknown } | undefined)?.uid;
    if (!type || typeof objectUid !== 'string') return;
    if (fieldManagersRecord(inventory, type, object.namespace, object.name)?.status !== 'Recorded') return;
    const id = fieldManagersId(type, object.namespace, object.name);
    services.pacific.execute(fieldManagersAggregate, id, { type: 'ForgetFieldManagers', data: { objectUid } }, { actor: 'system:field-managers' }).catch((error: unknown) => {
      // Only housekeeping failed (see above): say so, and leave the record to the next deletion.
      console.error(`could not forget the field managers of ${id}: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
};

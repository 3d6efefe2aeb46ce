import type { KubeObject } from '../kube-object.ts';
import type { ResourceType } from '../resource-type.ts';
import { ageColumn, at, column, fieldColumn, list, nameColumn, record, text } from './columns.ts';
import { conditions, obj, oneOf, openObj, quantityMap, str, strs } from './schema.ts';
import { allVerbs } from './verbs.ts';

const namespaceType: ResourceType = {
  group: '',
  versions: ['v1'],
  kind: 'Namespace',
  listKind: 'NamespaceList',
  plural: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  categories: [],
  namespaced: false,
  verbs: allVerbs,
  subresources: ['status'],
  description: 'Namespace provides a scope for names; on Pacific it is a vSphere-style namespace with quota, classes and permissions.',
  printerColumns: [nameColumn(), fieldColumn('Status', 'The phase of the namespace (Active or Terminating).', ['status', 'phase']), ageColumn()],
  specSchema: openObj('NamespaceSpec describes the attributes on a Namespace.', {
    finalizers: strs('Finalizers that must be empty before the namespace is removed.'),
  }),
  statusSchema: openObj('NamespaceStatus is information about the current status of a Namespace.', {
    phase: oneOf('The current lifecycle phase of the namespace.', ['Active', 'Terminating']),
    conditions: conditions('The latest available observations of the namespace state.'),
  }),
};

const accessModeAbbreviations: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

const accessModesCell = (pvc: KubeObject): string => {
  const modes = list(at(pvc, 'status', 'accessModes')).length > 0 ? list(at(pvc, 'status', 'accessModes')) : list(at(pvc, 'spec', 'accessModes'));
  return modes.map((m) => accessModeAbbreviations[String(m)] ?? String(m)).join(',');
};

const pvcType: ResourceType = {
  group: '',
  versions: ['v1'],
  kind: 'PersistentVolumeClaim',
  listKind: 'PersistentVolumeClaimList',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  shortNames: ['pvc'],
  categories: [],
  namespaced: true,
  verbs: allVerbs,
  subresources: ['status'],
  description: 'PersistentVolumeClaim is a request for a disk; virtual machines attach it through spec.volumes.',
  printerColumns: [
    nameColumn(),
    column('Status', 'The phase of the claim (Pending, Bound, Lost) or Terminating.', (pvc) =>
      pvc.metadata?.deletionTimestamp ? 'Terminating' : text(at(pvc, 'status', 'phase'))),
    fieldColumn('Volume', 'The binding reference to the volume backing this claim.', ['spec', 'volumeName']),
    fieldColumn('Capacity', 'The actual resources of the underlying volume.', ['status', 'capacity', 'storage']),
    column('Access Modes', 'The access modes of the volume.', accessModesCell),
    fieldColumn('StorageClass', 'Name of the StorageClass required by the claim.', ['spec', 'storageClassName']),
    ageColumn(),
  ],
  specSchema: openObj('PersistentVolumeClaimSpec describes the storage requested.', {
    accessModes: strs('The desired access modes: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod.'),
    resources: openObj('The minimum resources the volume should have.', {
      requests: quantityMap('Minimum amount of storage required, e.g. storage: 20Gi.'),
      limits: quantityMap('Maximum amount of storage allowed.'),
    }),
    storageClassName: str('Name of the StorageClass (storage policy) required by the claim.'),
    volumeName: str('The binding reference to the volume backing this claim.'),
    volumeMode: oneOf('Type of volume required by the claim.', ['Filesystem', 'Block']),
    selector: openObj('A label query over volumes to consider for binding.'),
    dataSource: openObj('An existing object (VolumeSnapshot, PersistentVolumeClaim) to populate the volume from.'),
  }),
  statusSchema: openObj('PersistentVolumeClaimStatus is the current status of a claim.', {
    phase: oneOf('The current phase of the claim.', ['Pending', 'Bound', 'Lost']),
    accessModes: strs('The actual access modes of the volume.'),
    capacity: quantityMap('The actual resources of the underlying volume.'),
    conditions: conditions('The current conditions of the claim.'),
  }),
};

/** kubectl's REQUEST/LIMIT cells: "name: used/hard" for each hard limit, limits.* in LIMIT. */
const quotaCell = (limits: boolean) => (quota: KubeObject): string => {
  const specHard = record(at(quota, 'spec', 'hard'));
  const hard = record(at(quota, 'status', 'hard'));
  const used = record(at(quota, 'status', 'used'));
  return Object.keys(specHard)
    .sort()
    .filter((name) => name.startsWith('limits.') === limits)
    .map((name) => `${name}: ${text(used[name]) ?? '0'}/${text(hard[name]) ?? text(specHard[name]) ?? '0'}`)
    .join(', ');
};

const quotaType: ResourceType = {
  group: '',
  versions: ['v1'],
  kind: 'ResourceQuota',
  listKind: 'ResourceQuotaList',
  plural: 'resourcequotas',
  singular: 'resourcequota',
  shortNames: ['quota'],
  categories: [],
  namespaced: true,
  verbs: allVerbs,
  subresources: ['status'],
  description: 'ResourceQuota sets aggregate consumption limits per namespace (cpu, memory, storage, object counts).',
  printerColumns: [
    nameColumn(),
    ageColumn(),
    column('Request', 'Used and hard amounts of the requests quota.', quotaCell(false)),
    column('Limit', 'Used and hard amounts of the limits quota.', quotaCell(true)),
  ],
  specSchema: openObj('ResourceQuotaSpec defines the desired hard limits to enforce.', {
    hard: quantityMap('The hard limit per named resource, e.g. requests.cpu, requests.memory, requests.storage, pods, count/virtualmachines.vmoperator.vmware.com.'),
    scopes: strs('Filters on the objects the quota tracks.'),
    scopeSelector: openObj('A selector over scopes the quota tracks.'),
  }),
  statusSchema: obj('ResourceQuotaStatus defines the enforced hard limits and observed use.', {
    hard: quantityMap('The enforced hard limits per named resource.'),
    used: quantityMap('The current observed total usage per named resource in the namespace.'),
  }),
};

export const coreTypes: ResourceType[] = [namespaceType, pvcType, quotaType];

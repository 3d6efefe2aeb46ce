import type { KubeObject } from '../kube-object.ts';
import type { ResourceType, Schema } from '../resource-type.ts';
import { ageColumn, column, fieldColumn, text } from './columns.ts';
import { bool, oneOf, openObj, str, stringMap, strs } from './schema.ts';
import { allVerbs } from './verbs.ts';

/** StorageClass keeps its fields at the top level of the object, not under spec/status. */
export const storageClassFields: Record<string, Schema> = {
  provisioner: str('The provisioner (CSI driver) of volumes of this class, e.g. csi.vsphere.vmware.com.'),
  parameters: stringMap('Parameters for the provisioner, e.g. storagePolicyID.'),
  reclaimPolicy: oneOf('What happens to volumes of this class when released.', ['Delete', 'Retain']),
  volumeBindingMode: oneOf('When volumes are bound and provisioned.', ['Immediate', 'WaitForFirstConsumer']),
  allowVolumeExpansion: bool('Whether volumes of this class may be expanded.'),
  mountOptions: strs('Mount options for volumes of this class.'),
  allowedTopologies: { type: 'array', description: 'Topologies where volumes may be provisioned.', items: openObj('A topology selector term.') },
};

const defaultClassAnnotation = 'storageclass.kubernetes.io/is-default-class';

const nameCell = (sc: KubeObject): string => {
  const name = text(sc.metadata?.name) ?? '';
  return sc.metadata?.annotations?.[defaultClassAnnotation] === 'true' ? `${name} (default)` : name;
};

export const storageClassType: ResourceType = {
  group: 'storage.k8s.io',
  versions: ['v1'],
  kind: 'StorageClass',
  listKind: 'StorageClassList',
  plural: 'storageclasses',
  singular: 'storageclass',
  shortNames: ['sc'],
  categories: [],
  namespaced: false,
  verbs: allVerbs,
  subresources: [],
  description: 'StorageClass describes a storage policy; PVCs, VMs and clusters name one in storageClassName/storageClass.',
  printerColumns: [
    column('Name', 'Name of the storage class; "(default)" marks the default class.', nameCell, { format: 'name' }),
    fieldColumn('Provisioner', 'The provisioner of volumes of this class.', ['provisioner']),
    column('ReclaimPolicy', 'What happens to volumes of this class when released.', (sc) => text(sc.reclaimPolicy) ?? 'Delete'),
    column('VolumeBindingMode', 'When volumes are bound and provisioned.', (sc) => text(sc.volumeBindingMode) ?? 'Immediate'),
    column('AllowVolumeExpansion', 'Whether volumes of this class may be expanded.', (sc) => sc.allowVolumeExpansion === true, { type: 'boolean' }),
    ageColumn(),
  ],
  specSchema: {},
  statusSchema: {},
};

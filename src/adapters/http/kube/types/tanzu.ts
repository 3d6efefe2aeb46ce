import type { ResourceType } from '../resource-type.ts';
import { ageColumn, at, column, conditionStatus, count, fieldColumn, list, nameColumn } from './columns.ts';
import { arr, conditions, int, keyedList, obj, openObj, quantityMap, str, stringMap, strs } from './schema.ts';
import { allVerbs } from './verbs.ts';

const group = 'run.tanzu.vmware.com';

const tkrRef = obj('The TanzuKubernetesRelease (Kubernetes version) the nodes run.', {
  reference: obj('Reference to the TanzuKubernetesRelease (an ObjectReference; only name is used).', {
    name: str('Name of the release, e.g. v1.29.4---vmware.3-fips.1-tkg.1.'),
    kind: str('Kind of the referent.'),
    apiVersion: str('API version of the referent.'),
    namespace: str('Namespace of the referent.'),
    uid: str('UID of the referent.'),
    resourceVersion: str('Resource version of the referent.'),
    fieldPath: str('A part of the referent.'),
  }),
});

const nodeVolumes = arr('Extra volumes mounted on the nodes.', openObj('A node volume.', {
  name: str('Name of the volume.'),
  mountPath: str('Where the volume is mounted in the node.'),
  capacity: quantityMap('Capacity of the volume, e.g. storage: 20Gi.'),
  storageClass: str('StorageClass of the volume.'),
}));

const nodePool = openObj('A pool of worker nodes sharing the same settings.', {
  name: str('Name of the node pool, unique within the cluster.'),
  replicas: int('Number of worker nodes in the pool.'),
  vmClass: str('VirtualMachineClass of the worker nodes.'),
  storageClass: str('StorageClass of the worker nodes.'),
  tkr: tkrRef,
  labels: stringMap('Labels set on the nodes of the pool.'),
  taints: arr('Taints set on the nodes of the pool.', openObj('A node taint.')),
  volumes: nodeVolumes,
  nodeDrainTimeout: str('How long to drain a node before deleting it, e.g. 5m.'),
  failureDomain: str('The zone the pool is placed in.'),
});

const tkcSpec = openObj('TanzuKubernetesClusterSpec defines the desired state of a workload cluster.', {
  topology: obj('The control plane and worker node pools of the cluster.', {
    controlPlane: openObj('The control plane nodes.', {
      replicas: int('Number of control plane nodes (1 or 3).'),
      vmClass: str('VirtualMachineClass of the control plane nodes.'),
      storageClass: str('StorageClass of the control plane nodes.'),
      tkr: tkrRef,
      volumes: nodeVolumes,
      nodeDrainTimeout: str('How long to drain a node before deleting it.'),
    }),
    nodePools: keyedList('Worker node pools.', 'name', nodePool),
  }),
  settings: openObj('Cluster-wide settings.', {
    network: openObj('Cluster networking.', {
      cni: obj('The CNI plugin.', { name: str('Name of the CNI, e.g. antrea or calico.') }),
      services: obj('Service network.', { cidrBlocks: strs('CIDR blocks of services.') }),
      pods: obj('Pod network.', { cidrBlocks: strs('CIDR blocks of pods.') }),
      serviceDomain: str('Domain of services, e.g. cluster.local.'),
      proxy: openObj('HTTP proxy settings.'),
      trust: openObj('Additional trusted CAs.'),
    }),
    storage: obj('Storage classes made available in the cluster.', {
      classes: strs('StorageClasses of the namespace to expose in the cluster.'),
      defaultClass: str('The default StorageClass in the cluster.'),
    }),
  }),
});

const tkcStatus = openObj('TanzuKubernetesClusterStatus defines the observed state of a workload cluster.', {
  apiEndpoints: arr('Endpoints of the cluster API server.', obj('An API endpoint.', { host: str('Host name or IP.'), port: int('Port.') })),
  version: str('The Kubernetes version of the cluster.'),
  phase: str('The phase of the cluster (creating, running, updating, deleting, failed).'),
  totalWorkerReplicas: int('Total number of worker nodes.'),
  conditions: conditions('Conditions of the cluster (Ready, ControlPlaneReady, NodePoolsReady, ...).'),
});

const tkcType: ResourceType = {
  group,
  versions: ['v1alpha3'],
  kind: 'TanzuKubernetesCluster',
  listKind: 'TanzuKubernetesClusterList',
  plural: 'tanzukubernetesclusters',
  singular: 'tanzukubernetescluster',
  shortNames: ['tkc'],
  categories: ['all'],
  namespaced: true,
  verbs: allVerbs,
  subresources: ['status'],
  description: 'TanzuKubernetesCluster is a workload Kubernetes cluster whose nodes are VMs of the namespace.',
  printerColumns: [
    nameColumn(),
    fieldColumn('Control-Plane', 'Number of control plane nodes.', ['spec', 'topology', 'controlPlane', 'replicas'], { type: 'integer' }),
    column('Worker', 'Number of worker nodes over all node pools.', (tkc) =>
      list(at(tkc, 'spec', 'topology', 'nodePools')).reduce<number>((sum, pool) => sum + count(at(pool, 'replicas')), 0), { type: 'integer' }),
    fieldColumn('TKR', 'The TanzuKubernetesRelease of the control plane.', ['spec', 'topology', 'controlPlane', 'tkr', 'reference', 'name']),
    ageColumn(),
    column('Ready', 'Status of the Ready condition.', (tkc) => conditionStatus(tkc, 'Ready')),
  ],
  specSchema: tkcSpec,
  statusSchema: tkcStatus,
};

const tkrType: ResourceType = {
  group,
  versions: ['v1alpha3'],
  kind: 'TanzuKubernetesRelease',
  listKind: 'TanzuKubernetesReleaseList',
  plural: 'tanzukubernetesreleases',
  singular: 'tanzukubernetesrelease',
  shortNames: ['tkr'],
  categories: [],
  namespaced: false,
  verbs: allVerbs,
  subresources: [],
  description: 'TanzuKubernetesRelease is a Kubernetes version clusters can run; upgrades go to the next minor only.',
  printerColumns: [
    nameColumn(),
    fieldColumn('Version', 'The version of the release.', ['spec', 'version']),
    column('Ready', 'Status of the Ready condition.', (tkr) => conditionStatus(tkr, 'Ready')),
    ageColumn(),
  ],
  specSchema: openObj('TanzuKubernetesReleaseSpec describes a release.', {
    version: str('Version of the release, e.g. v1.29.4+vmware.3-fips.1-tkg.1.'),
    kubernetes: openObj('Kubernetes components of the release.', {
      version: str('Kubernetes version, e.g. v1.29.4+vmware.3.'),
      imageRepository: str('Repository of the component images.'),
    }),
    osImages: arr('OS images the release can run on.', openObj('A reference to an OSImage.', { name: str('Name of the OSImage.') })),
    bootstrapPackages: arr('Packages installed when a cluster is created.', openObj('A reference to a package.', { name: str('Name of the package.') })),
  }),
  statusSchema: openObj('TanzuKubernetesReleaseStatus describes the observed state of a release.', {
    conditions: conditions('Conditions of the release (Ready, Compatible).'),
  }),
};

export const tanzuTypes: ResourceType[] = [tkcType, tkrType];

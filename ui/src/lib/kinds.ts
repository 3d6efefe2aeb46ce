/** The API kinds the console reads and writes, and where each lives. */
export interface Kind {
  kind: string;
  plural: string;
  /** '' for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  title: string;
}

const kind = (kind: string, plural: string, group: string, version: string, namespaced: boolean, title: string): Kind => ({ kind, plural, group, version, namespaced, title });

export const KINDS = {
  Namespace: kind('Namespace', 'namespaces', '', 'v1', false, 'Namespace'),
  Node: kind('Node', 'nodes', '', 'v1', false, 'Host'),
  Pod: kind('Pod', 'pods', '', 'v1', true, 'Pod'),
  ResourceQuota: kind('ResourceQuota', 'resourcequotas', '', 'v1', true, 'Quota'),
  Event: kind('Event', 'events', '', 'v1', true, 'Event'),
  StorageClass: kind('StorageClass', 'storageclasses', 'storage.k8s.io', 'v1', false, 'Storage class'),
  VirtualMachine: kind('VirtualMachine', 'virtualmachines', 'vmoperator.vmware.com', 'v1alpha3', true, 'Virtual machine'),
  VirtualMachineClass: kind('VirtualMachineClass', 'virtualmachineclasses', 'vmoperator.vmware.com', 'v1alpha3', true, 'VM class'),
  TanzuKubernetesCluster: kind('TanzuKubernetesCluster', 'tanzukubernetesclusters', 'run.tanzu.vmware.com', 'v1alpha3', true, 'Guest cluster'),
  NamespacePolicy: kind('NamespacePolicy', 'namespacepolicies', 'pacific.io', 'v1alpha1', true, 'Namespace policy'),
  NamespaceSnapshot: kind('NamespaceSnapshot', 'namespacesnapshots', 'pacific.io', 'v1alpha1', true, 'Snapshot'),
  NamespaceRestore: kind('NamespaceRestore', 'namespacerestores', 'pacific.io', 'v1alpha1', true, 'Restore'),
  NamespaceMigration: kind('NamespaceMigration', 'namespacemigrations', 'pacific.io', 'v1alpha1', true, 'Migration'),
  NamespacePermission: kind('NamespacePermission', 'namespacepermissions', 'pacific.io', 'v1alpha1', true, 'Permission'),
} satisfies Record<string, Kind>;

export type KindName = keyof typeof KINDS;

export const kindByPlural = (plural: string): Kind | undefined => Object.values(KINDS).find((k) => k.plural === plural);

export const apiVersionOf = (k: Kind): string => (k.group ? `${k.group}/${k.version}` : k.version);

const base = (k: Kind): string => (k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`);

const queryString = (query: Record<string, string | undefined>): string => {
  const entries = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return entries.length === 0 ? '' : `?${entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&')}`;
};

/** The collection: one namespace's, or across all namespaces when `namespace` is absent. */
export const collectionPath = (k: Kind, namespace?: string | null, query: Record<string, string | undefined> = {}): string =>
  `${base(k)}${k.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${k.plural}${queryString(query)}`;

export const objectPath = (k: Kind, namespace: string | null, name: string): string => `${collectionPath(k, namespace)}/${encodeURIComponent(name)}`;

/** The object's whole history: its domain events, served as core/v1 Events. */
export const historyPath = (k: Kind, namespace: string | null, name: string): string =>
  collectionPath(KINDS.Event, namespace, { fieldSelector: `involvedObject.kind=${k.kind},involvedObject.name=${name}` });

export const kindNamed = (name: string): Kind | undefined => Object.values(KINDS).find((k) => k.kind === name);

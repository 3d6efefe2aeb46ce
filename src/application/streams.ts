/** Stream names are `category-id`; categories never contain a dash ($by_category splits on the first one). */
export type StreamCategory =
  | 'namespace'
  | 'host'
  | 'podVm'
  | 'virtualMachine'
  | 'guestCluster'
  | 'storageClass'
  | 'virtualMachineClass'
  | 'virtualMachineImage'
  | 'clusterVirtualMachineImage'
  | 'persistentVolumeClaim'
  | 'resourceQuota'
  | 'tanzuKubernetesRelease'
  | 'namespacePolicy'
  | 'namespaceSnapshot'
  | 'namespaceRestore'
  | 'namespaceMigration'
  | 'namespacePermission'
  | 'identity'
  | 'fieldManagers';

export const streamName = (category: StreamCategory, id: string): string => `${category}-${id}`;

/** Namespaced objects are identified as `namespace/name`; namespace names hold no slash or dot. */
export const namespacedId = (namespace: string, name: string): string => `${namespace}/${name}`;

export const parseStreamName = (stream: string): { category: string; id: string } => {
  const dash = stream.indexOf('-');
  return dash < 0 ? { category: stream, id: '' } : { category: stream.slice(0, dash), id: stream.slice(dash + 1) };
};

/**
 * The patch strategy of list fields, as the Go struct tags of k8s.io/api declare it
 * (`patchStrategy:"merge" patchMergeKey:"..."`). Paths are dotted field names from the object
 * root, with `[]` stepping into the items of a list: `spec.containers[].env`.
 * Every list not named here is atomic: a patch replaces it whole.
 */
export interface StrategicMergeSchema {
  /** Lists of objects merged item by item, matched on the given key field. */
  readonly mergeKeys: Readonly<Record<string, string>>;
  /** Lists of primitives merged as sets (e.g. metadata.finalizers). */
  readonly primitiveSets: readonly string[];
}

export type ListStrategy = { readonly mergeKey: string } | 'set' | 'atomic';

export const emptySchema: StrategicMergeSchema = { mergeKeys: {}, primitiveSets: [] };

export const listStrategy = (schema: StrategicMergeSchema, path: string): ListStrategy => {
  const mergeKey = Object.hasOwn(schema.mergeKeys, path) ? schema.mergeKeys[path] : undefined;
  if (mergeKey !== undefined) return { mergeKey };
  return schema.primitiveSets.includes(path) ? 'set' : 'atomic';
};

/** The path of a field below `parent` ('' is the object root). */
export const childPath = (parent: string, field: string): string => (parent === '' ? field : `${parent}.${field}`);

/** The path of the items of the list at `listPath`. */
export const itemPath = (listPath: string): string => `${listPath}[]`;

const metadata: Record<string, string> = { 'metadata.ownerReferences': 'uid' };

const metadataOnly: StrategicMergeSchema = { mergeKeys: metadata, primitiveSets: ['metadata.finalizers'] };

const containerLists = (list: string): Record<string, string> => ({
  [list]: 'name',
  [`${list}[].env`]: 'name',
  [`${list}[].ports`]: 'containerPort',
  [`${list}[].volumeMounts`]: 'mountPath',
  [`${list}[].volumeDevices`]: 'devicePath',
});

const withConditions = (extra: Record<string, string> = {}): StrategicMergeSchema => ({
  mergeKeys: { ...metadata, 'status.conditions': 'type', ...extra },
  primitiveSets: ['metadata.finalizers'],
});

/**
 * The core kinds Pacific serves. Tolerations, Node taints and Namespace spec.finalizers carry no
 * patch strategy in Kubernetes, so they are atomic here too; metadata.finalizers is a merged set.
 */
export const coreStrategicSchemas: Readonly<Record<string, StrategicMergeSchema>> = {
  Pod: withConditions({
    ...containerLists('spec.containers'),
    ...containerLists('spec.initContainers'),
    ...containerLists('spec.ephemeralContainers'),
    'spec.volumes': 'name',
    'spec.imagePullSecrets': 'name',
    'spec.hostAliases': 'ip',
    'spec.topologySpreadConstraints': 'topologyKey',
    'spec.schedulingGates': 'name',
    'spec.resourceClaims': 'name',
    'status.podIPs': 'ip',
    'status.hostIPs': 'ip',
  }),
  Node: {
    mergeKeys: { ...metadata, 'status.conditions': 'type', 'status.addresses': 'type' },
    primitiveSets: ['metadata.finalizers', 'spec.podCIDRs'],
  },
  Namespace: withConditions(),
  PersistentVolumeClaim: withConditions(),
  ResourceQuota: metadataOnly,
  Event: metadataOnly,
};

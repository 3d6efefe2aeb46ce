import { type ResourceType, type Schema } from './resource-type.ts';
import { rootFieldsOf } from './resource-types.ts';
import { listMetaName, objectMetaName, quantityName, ref, refWith } from './openapi-meta.ts';

/** Definition names as kube-apiserver spells them: io.k8s.api.core.v1.Pod, com.vmware.vmoperator.v1alpha3.VirtualMachine. */
export const definitionName = (type: ResourceType, version: string, kind = type.kind): string => {
  if (type.group === '') return `io.k8s.api.core.${version}.${kind}`;
  if (type.group.endsWith('.k8s.io')) return `io.k8s.api.${type.group.slice(0, -'.k8s.io'.length)}.${version}.${kind}`;
  return `${type.group.split('.').reverse().join('.')}.${version}.${kind}`;
};

export const gvkExtension = (type: ResourceType, version: string, kind = type.kind): Record<string, string> => ({ group: type.group, kind, version });

const isEmpty = (schema: Schema): boolean => Object.keys(schema).length === 0;

/**
 * The kinds' schemas are self-contained (quantities inline); in the published document quantities
 * point at the shared Quantity definition, so `kubectl explain` prints <Quantity> rather than <Object>.
 */
const publish = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(publish);
  if (schema === null || typeof schema !== 'object') return schema;
  const node = schema as Schema;
  if (node['x-kubernetes-int-or-string'] === true) return refWith(quantityName, String(node.description ?? ''));
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, publish(value)]));
};

const apiVersionField = {
  type: 'string',
  description: 'APIVersion defines the versioned schema of this representation of an object.',
};
const kindField = { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };

const kindSchema = (type: ResourceType, version: string): Schema => ({
  type: 'object',
  description: type.description,
  properties: {
    apiVersion: apiVersionField,
    kind: kindField,
    metadata: refWith(objectMetaName, "Standard object's metadata."),
    ...(isEmpty(type.specSchema) ? {} : { spec: publish(type.specSchema) }),
    ...(isEmpty(type.statusSchema) ? {} : { status: publish(type.statusSchema) }),
    ...(publish(rootFieldsOf(type)) as Schema),
  },
  'x-kubernetes-group-version-kind': [gvkExtension(type, version)],
});

const listSchema = (type: ResourceType, version: string): Schema => ({
  type: 'object',
  description: `${type.listKind} is a list of ${type.kind} objects.`,
  required: ['items'],
  properties: {
    apiVersion: apiVersionField,
    items: { type: 'array', description: `List of ${type.plural}.`, items: ref(definitionName(type, version)) },
    kind: kindField,
    metadata: refWith(listMetaName, 'Standard list metadata.'),
  },
  'x-kubernetes-group-version-kind': [gvkExtension(type, version, type.listKind)],
});

export const kindSchemas = (type: ResourceType, version: string): Record<string, Schema> => ({
  [definitionName(type, version)]: kindSchema(type, version),
  [definitionName(type, version, type.listKind)]: listSchema(type, version),
});

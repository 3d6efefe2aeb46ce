import type { Schema } from './resource-type.ts';
import { arr, date, int, obj, openObj, str, stringMap, strs } from './types/schema.ts';

/** The shared meta.k8s.io schemas every group-version document carries (each document stands alone). */
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const objectMetaName = `${meta}.ObjectMeta`;
export const listMetaName = `${meta}.ListMeta`;
export const patchName = `${meta}.Patch`;
export const statusName = `${meta}.Status`;
export const deleteOptionsName = `${meta}.DeleteOptions`;
export const quantityName = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** A $ref with a description beside it: OpenAPI 3.0 ignores siblings of $ref, so kube wraps it in allOf. */
export const refWith = (name: string, description: string): Schema => ({ allOf: [ref(name)], description });

const ownerReference = obj('Enough information to identify an owning object.', {
  apiVersion: str('API version of the referent.'),
  kind: str('Kind of the referent.'),
  name: str('Name of the referent.'),
  uid: str('UID of the referent.'),
  controller: { type: 'boolean', description: 'If true, this reference points to the managing controller.' },
  blockOwnerDeletion: { type: 'boolean', description: 'If true, the owner cannot be deleted from the key-value store until this reference is removed.' },
}, { required: ['apiVersion', 'kind', 'name', 'uid'] });

export const objectMetaSchema = obj('ObjectMeta is metadata that all persisted resources must have.', {
  name: str('Name must be unique within a namespace. It is required when creating resources.'),
  generateName: str('Optional prefix used by the server to generate a unique name when name is not provided.'),
  namespace: str('Namespace defines the space within which each name must be unique. Empty for cluster-scoped objects.'),
  selfLink: str('Deprecated and no longer set by the server; kept so objects that carry it still decode.'),
  uid: str('UID is the unique in time and space value for this object, set by the server.'),
  resourceVersion: str('An opaque value of the internal version of this object, used for optimistic concurrency and watches.'),
  generation: { type: 'integer', format: 'int64', description: 'A sequence number representing a specific generation of the desired state.' },
  creationTimestamp: date('Server time when this object was created.'),
  deletionTimestamp: date('Time after which this resource will be deleted; set by the server when a graceful deletion is requested.'),
  deletionGracePeriodSeconds: { type: 'integer', format: 'int64', description: 'Seconds allowed for this object to gracefully terminate.' },
  labels: stringMap('Map of string keys and values that can be used to organize and categorize (scope and select) objects.'),
  annotations: stringMap('Unstructured key value map stored with a resource that may be set by external tools.'),
  finalizers: { ...strs('Must be empty before the object is deleted from the registry.'), 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
  ownerReferences: { ...arr('Objects depended on by this object.', ownerReference), 'x-kubernetes-patch-merge-key': 'uid', 'x-kubernetes-patch-strategy': 'merge' },
  managedFields: arr('Maps workflow-id and version to the set of fields that are managed by that workflow.', openObj('A field set managed by one manager.', {
    manager: str('Identifier of the workflow managing these fields.'),
    operation: str('The type of operation which lead to this entry: Apply or Update.'),
    apiVersion: str('The version of the resource this field set applies to.'),
    time: date('When this entry was added.'),
    fieldsType: str('The format of fieldsV1: FieldsV1.'),
    fieldsV1: openObj('The field set, in FieldsV1 format.'),
    subresource: str('The subresource used to update the object.'),
  })),
});

const listMeta = obj('ListMeta describes metadata that synthetic resources (lists) must have.', {
  resourceVersion: str('The resourceVersion the list was read at; a watch from it sees every later change.'),
  continue: str('Set when more items are available: pass it as ?continue= to get the next page.'),
  remainingItemCount: { type: 'integer', format: 'int64', description: 'The number of items not yet returned when the list was limited.' },
});

const status = obj('Status is a return value for calls that do not return other objects.', {
  apiVersion: str('APIVersion of the Status: v1.'),
  kind: str('Kind: Status.'),
  metadata: refWith(listMetaName, 'Standard list metadata.'),
  status: str('Status of the operation: Success or Failure.'),
  message: str('A human-readable description of the status of this operation.'),
  reason: str('A machine-readable description of why this operation is in the Failure status.'),
  code: int('Suggested HTTP return code for this status.'),
  details: openObj('Extended data associated with the reason (name, group, kind, causes[]).'),
});

const deleteOptions = obj('DeleteOptions may be provided when deleting an API object.', {
  apiVersion: str('APIVersion of the options.'),
  kind: str('Kind: DeleteOptions.'),
  gracePeriodSeconds: { type: 'integer', format: 'int64', description: 'Seconds before the object should be deleted.' },
  propagationPolicy: str('Whether and how garbage collection is performed: Orphan, Background or Foreground.'),
  preconditions: obj('Must be fulfilled before a deletion is carried out.', { uid: str('The target UID.'), resourceVersion: str('The target resourceVersion.') }),
  dryRun: strs('When present, modifications are not persisted (All).'),
  orphanDependents: { type: 'boolean', description: 'Deprecated: use propagationPolicy.' },
});

export const sharedSchemas = (): Record<string, Schema> => ({
  [objectMetaName]: objectMetaSchema,
  [listMetaName]: listMeta,
  [`${meta}.OwnerReference`]: ownerReference,
  [patchName]: { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
  [statusName]: status,
  [deleteOptionsName]: deleteOptions,
  [quantityName]: {
    description: 'Quantity is a fixed-point representation of a number, written as an integer or a string: 2, 0.5, 500m, 4Gi, 20G.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
});

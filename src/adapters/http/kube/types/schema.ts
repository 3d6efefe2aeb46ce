import type { Schema } from '../resource-type.ts';

/** Small builders for the OpenAPI v3 schemas that `kubectl explain` prints. */
export const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
export const int = (description: string, extra: Schema = {}): Schema => ({ type: 'integer', format: 'int32', description, ...extra });
export const bool = (description: string): Schema => ({ type: 'boolean', description });
export const date = (description: string): Schema => ({ type: 'string', format: 'date-time', description });
export const oneOf = (description: string, values: string[]): Schema => ({ type: 'string', enum: values, description });

export const obj = (description: string, properties: Record<string, Schema>, extra: Schema = {}): Schema => ({
  type: 'object',
  description,
  properties,
  ...extra,
});

/** An object whose listed fields are documented but which keeps any other field as given. */
export const openObj = (description: string, properties: Record<string, Schema> = {}): Schema =>
  obj(description, properties, { 'x-kubernetes-preserve-unknown-fields': true });

export const arr = (description: string, items: Schema, extra: Schema = {}): Schema => ({ type: 'array', description, items, ...extra });
export const strs = (description: string): Schema => arr(description, { type: 'string' });

/** A list of objects merged by `key` (strategic merge patch and server-side apply). */
export const keyedList = (description: string, key: string, items: Schema): Schema =>
  arr(description, items, {
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': [key],
    'x-kubernetes-patch-strategy': 'merge',
    'x-kubernetes-patch-merge-key': key,
  });

export const stringMap = (description: string): Schema => ({ type: 'object', description, additionalProperties: { type: 'string' } });

/** A resource quantity: "2", 2, "500m", "4Gi". */
export const quantity = (description: string): Schema => ({
  description,
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  'x-kubernetes-int-or-string': true,
});
export const quantityMap = (description: string): Schema => ({ type: 'object', description, additionalProperties: quantity('A quantity.') });

export const condition: Schema = obj('Condition contains details for one aspect of the current state of this object.', {
  type: str('Type of condition in CamelCase, e.g. Ready.'),
  status: oneOf('Status of the condition, one of True, False, Unknown.', ['True', 'False', 'Unknown']),
  observedGeneration: { type: 'integer', format: 'int64', description: 'The metadata.generation this condition was set for.' },
  lastTransitionTime: date('Last time the condition transitioned from one status to another.'),
  reason: str('A programmatic identifier (CamelCase) for the reason of the last transition.'),
  message: str('A human readable message with details about the transition.'),
  severity: str('Severity of a False condition (Error, Warning, Info); used by Cluster API style conditions.'),
}, { required: ['type', 'status'], 'x-kubernetes-preserve-unknown-fields': true });

export const conditions = (description = 'Conditions describe the observed state of the object.'): Schema =>
  keyedList(description, 'type', condition);

export const phase = (description: string): Schema => str(description);

export const localRef = (description: string): Schema => obj(description, { name: str('Name of the referent.') });

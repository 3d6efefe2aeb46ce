import type { KubeObject } from '../kube-object.ts';
import type { ResourceType, Schema } from '../resource-type.ts';
import { rootFieldsOf } from '../resource-types.ts';
import { objectMetaSchema } from '../openapi-meta.ts';
import { StatusError } from '../status.ts';

/** How a write treats fields its kind's schema does not know (`?fieldValidation=`). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const directives: readonly FieldValidation[] = ['Ignore', 'Warn', 'Strict'];

/** Warn when the parameter is absent, as kube-apiserver does; kubectl sends Strict unless told otherwise. */
export const fieldValidationOf = (raw: string | undefined): FieldValidation => {
  if (raw === undefined || raw === '') return 'Warn';
  const directive = directives.find((candidate) => candidate.toLowerCase() === raw.toLowerCase());
  if (!directive) throw new StatusError('BadRequest', `fieldValidation: Unsupported value: "${raw}": supported values: "Ignore", "Warn", "Strict"`);
  return directive;
};

const isEmpty = (schema: Schema): boolean => Object.keys(schema).length === 0;

const rootSchemas = new WeakMap<ResourceType, Schema>();

/** The schema of a whole object of the kind: apiVersion, kind, metadata, then spec/status or its top-level fields. */
export const objectSchemaOf = (type: ResourceType): Schema => {
  let schema = rootSchemas.get(type);
  if (!schema) {
    schema = {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: objectMetaSchema,
        ...(isEmpty(type.specSchema) ? {} : { spec: type.specSchema }),
        ...(isEmpty(type.statusSchema) ? {} : { status: type.statusSchema }),
        ...rootFieldsOf(type),
      },
    };
    rootSchemas.set(type, schema);
  }
  return schema;
};

/** A field the schema does not know, with where it sits so it can be dropped. */
export interface UnknownField {
  /** As kube-apiserver spells it: spec.containers[0].imagee */
  path: string;
  parent: Record<string, unknown>;
  key: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

const walk = (schema: Schema | undefined, value: unknown, path: string, found: UnknownField[]): void => {
  if (!schema) return;
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    if (items) value.forEach((item, i) => walk(items, item, `${path}[${i}]`, found));
    return;
  }
  if (!isPlainObject(value)) return;
  const properties = schema.properties as Record<string, Schema> | undefined;
  const additional = schema.additionalProperties as Schema | boolean | undefined;
  // A schema that names no fields (or keeps unknown ones) constrains only the fields it names.
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true || (!properties && additional === undefined);
  for (const key of Object.keys(value)) {
    // Own properties only: a field named constructor or __proto__ must not find Object.prototype's.
    const known = properties && Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (known) walk(known, value[key], join(path, key), found);
    else if (typeof additional === 'object') walk(additional, value[key], join(path, key), found);
    else if (!open && additional !== true) found.push({ path: join(path, key), parent: value, key });
  }
};

/** Every field of the object its kind's schema does not know, in document order. */
export const unknownFields = (type: ResourceType, object: KubeObject): UnknownField[] => {
  const found: UnknownField[] = [];
  walk(objectSchemaOf(type), object, '', found);
  return found;
};

/**
 * Applies the directive to a written object: Strict refuses it (400, every unknown field named,
 * and the `duplicates` found in the request body); Warn and Ignore drop the unknown fields, Warn
 * returning one warning per field. Fields already unknown in `before` (the stored object a patch
 * started from) are the server's, not the writer's.
 */
export const enforceFieldValidation = (type: ResourceType, version: string, directive: FieldValidation, object: KubeObject, before?: KubeObject, duplicates: readonly string[] = []): string[] => {
  const preexisting = before ? new Set(unknownFields(type, before).map((field) => field.path)) : undefined;
  const unknown = unknownFields(type, object).filter((field) => !preexisting?.has(field.path));
  if (unknown.length === 0 && duplicates.length === 0) return [];
  const messages = [...duplicates.map((path) => `duplicate field "${path}"`), ...unknown.map((field) => `unknown field "${field.path}"`)];
  if (directive === 'Strict') {
    throw new StatusError('BadRequest', `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: strict decoding error: ${messages.join(', ')}`);
  }
  for (const field of unknown) delete field.parent[field.key];
  return directive === 'Warn' ? messages : [];
};

import type { KubeObject } from '../kube-object.ts';
import { deepEqual, isObject, type JsonObject } from './json-value.ts';
import { FieldSet } from './field-set.ts';
import { fieldSetOf, Locator } from './field-paths.ts';
import { coreStrategicSchemas, emptySchema, type StrategicMergeSchema } from './strategic-schema.ts';

export type ManagedOperation = 'Apply' | 'Update';

/** One metadata.managedFields entry, with its FieldsV1 decoded. */
export interface ManagedEntry {
  manager: string;
  operation: ManagedOperation;
  apiVersion: string;
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

export interface ManagerOptions {
  /** ISO time stamped on the entry the change touches (the module has no clock). */
  now?: string;
  /** 'status' for writes through the /status subresource. */
  subresource?: 'status';
  /** Defaults to the core schema of the object's kind; other kinds have atomic lists. */
  strategic?: StrategicMergeSchema;
}

export const schemaFor = (kind: string, strategic?: StrategicMergeSchema): StrategicMergeSchema =>
  strategic ?? (Object.hasOwn(coreStrategicSchemas, kind) ? (coreStrategicSchemas[kind] as StrategicMergeSchema) : emptySchema);

/** Entries that are not well-formed FieldsV1 entries are dropped rather than trusted. */
export const readManagedFields = (object: KubeObject | undefined): ManagedEntry[] => {
  const raw = object?.metadata.managedFields;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry): ManagedEntry[] => {
    if (!isObject(entry) || typeof entry.manager !== 'string' || (entry.operation !== 'Apply' && entry.operation !== 'Update')) return [];
    if (entry.fieldsType !== undefined && entry.fieldsType !== 'FieldsV1') return [];
    return [
      {
        manager: entry.manager,
        operation: entry.operation,
        apiVersion: typeof entry.apiVersion === 'string' ? entry.apiVersion : '',
        ...(typeof entry.time === 'string' ? { time: entry.time } : {}),
        ...(typeof entry.subresource === 'string' && entry.subresource !== '' ? { subresource: entry.subresource } : {}),
        fields: FieldSet.fromFieldsV1(entry.fieldsV1),
      },
    ];
  });
};

/** Writes the entries back in Kubernetes' field order; managers left owning nothing are dropped. */
export const writeManagedFields = (object: KubeObject, entries: ManagedEntry[]): void => {
  const kept = entries.filter((entry) => entry.fields.size > 0);
  if (kept.length === 0) {
    delete object.metadata.managedFields;
    return;
  }
  object.metadata.managedFields = kept.map((entry) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    ...(entry.time !== undefined ? { time: entry.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: entry.fields.toFieldsV1(),
    ...(entry.subresource !== undefined ? { subresource: entry.subresource } : {}),
  }));
};

export const isEntryOf = (entry: ManagedEntry, manager: string, operation: ManagedOperation, subresource?: string): boolean =>
  entry.manager === manager && entry.operation === operation && entry.subresource === subresource;

/**
 * Records a write other than apply (create, PUT, a non-apply PATCH) the way Kubernetes does: the
 * manager becomes the owner of every field it changed, other managers lose those fields, and
 * fields that disappeared are owned by no one. `before` is undefined for a create. Returns a new
 * object; `after` is not mutated. When `after` carries no managedFields the live ones are kept.
 */
export const recordUpdateManager = (
  before: KubeObject | undefined,
  after: KubeObject,
  manager: string,
  operation: 'Update' = 'Update',
  options: ManagerOptions = {},
): KubeObject => {
  const schema = schemaFor(after.kind, options.strategic);
  const scope = options.subresource === 'status' ? 'status' : 'main';
  const previous = before ? fieldSetOf(before as unknown as JsonObject, schema, scope) : new FieldSet();
  const current = fieldSetOf(after as unknown as JsonObject, schema, scope);
  const beforeFields = new Locator(before);
  const afterFields = new Locator(after);
  const changed = new FieldSet(
    current.paths().filter((path) => {
      if (!previous.has(path)) return true;
      const last = path[path.length - 1] as string;
      if (!last.startsWith('f:')) return false;
      const was = beforeFields.locate(path);
      const now = afterFields.locate(path);
      return !was.found || !now.found || !deepEqual(was.value, now.value);
    }),
  );
  const removed = previous.minus(current);
  const result = structuredClone(after);
  const entries = readManagedFields(Array.isArray(after.metadata.managedFields) ? after : before);
  if (changed.size === 0 && removed.size === 0) {
    writeManagedFields(result, entries);
    return result;
  }
  const lost = changed.union(removed);
  for (const entry of entries) entry.fields = entry.fields.minus(lost);
  const mine = entries.find((entry) => isEntryOf(entry, manager, operation, options.subresource));
  if (mine) {
    mine.fields = mine.fields.union(changed);
    mine.apiVersion = after.apiVersion;
    if (options.now !== undefined) mine.time = options.now;
  } else {
    entries.push({
      manager,
      operation,
      apiVersion: after.apiVersion,
      ...(options.now !== undefined ? { time: options.now } : {}),
      ...(options.subresource !== undefined ? { subresource: options.subresource } : {}),
      fields: changed,
    });
  }
  writeManagedFields(result, entries);
  return result;
};

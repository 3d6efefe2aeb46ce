import { parse as parseYaml } from 'yaml';
import { exceedsDepth, MAX_DOCUMENT_DEPTH } from '../../ops/body.ts';
import { yamlNestingExceeds } from '../../ops/yaml-body.ts';
import type { KubeObject } from '../kube-object.ts';
import { StatusError, type StatusCause } from '../status.ts';
import { bodyText, deepEqual, isObject, own, type JsonObject } from './json-value.ts';
import { FieldSet, serializePath, type FieldPath } from './field-set.ts';
import { fieldSetOf, Locator, removePaths, renderPath } from './field-paths.ts';
import { syncLastApplied } from './last-applied.ts';
import { isEntryOf, readManagedFields, writeManagedFields, type ManagedEntry } from './managed-fields.ts';
import { StrategicMerger } from './strategic-merge.ts';
import { childPath, itemPath, listStrategy, type StrategicMergeSchema } from './strategic-schema.ts';

export interface ApplyOptions {
  schema: StrategicMergeSchema;
  fieldManager: string | undefined;
  force: boolean;
  now?: string;
  subresource?: 'status';
}

const parseIntent = (body: Buffer | string): JsonObject => {
  const text = bodyText(body);
  if (text.trim() === '') throw new StatusError('BadRequest', 'the apply patch is empty');
  const isJson = text.trimStart().startsWith('{');
  const tooDeep = (): StatusError => new StatusError('BadRequest', `the apply patch is nested deeper than ${MAX_DOCUMENT_DEPTH} levels`);
  // The YAML parser takes seconds over megabytes of nesting: absurd documents are refused before it runs.
  if (!isJson && yamlNestingExceeds(text, 2 * MAX_DOCUMENT_DEPTH)) throw tooDeep();
  let intent: unknown;
  try {
    // logLevel 'error': a client's unknown tag is no warning for the server's stderr.
    intent = isJson ? JSON.parse(text) : parseYaml(text, { strict: true, maxAliasCount: 100, logLevel: 'error' });
  } catch (error) {
    throw new StatusError('BadRequest', `the apply patch is not valid YAML or JSON: ${(error as Error).message}`);
  }
  if (intent !== null && typeof intent === 'object' && exceedsDepth(intent, MAX_DOCUMENT_DEPTH)) throw tooDeep();
  if (!isObject(intent)) throw new StatusError('BadRequest', 'the apply patch must be a single object (a YAML mapping or JSON object)');
  return intent;
};

/** Apply has no directives and no deletes: a null in the intent just leaves the field unset. */
const dropNulls = (value: unknown, schema: StrategicMergeSchema, path: string): unknown => {
  if (Array.isArray(value)) {
    const strategy = listStrategy(schema, path);
    return value.map((item, index) => {
      if (typeof strategy === 'object' && (!isObject(item) || own(item, strategy.mergeKey) == null)) {
        throw new StatusError('BadRequest', `.${path}[${index}]: associative list with keys has an element that omits key field "${strategy.mergeKey}"`);
      }
      return dropNulls(item, schema, itemPath(path));
    });
  }
  if (!isObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '__proto__') throw new StatusError('BadRequest', 'field name "__proto__" is not allowed');
    if (v !== null) result[key] = dropNulls(v, schema, childPath(path, key));
  }
  return result;
};

const printManager = (entry: ManagedEntry): string => {
  const name = `${JSON.stringify(entry.manager)}${entry.subresource ? ` with subresource ${JSON.stringify(entry.subresource)}` : ''}`;
  if (entry.operation === 'Apply') return name;
  return `${name} using ${entry.apiVersion}${entry.time ? ` at ${entry.time}` : ''}`;
};

interface Conflict {
  entry: ManagedEntry;
  path: FieldPath;
}

const conflictError = (conflicts: Conflict[]): StatusError => {
  const causes: StatusCause[] = conflicts.map(({ entry, path }) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(entry)}`, field: renderPath(path) }));
  if (conflicts.length === 1) {
    const [only] = conflicts as [Conflict];
    return new StatusError('Conflict', `Apply failed with 1 conflict: conflict with ${printManager(only.entry)}: ${renderPath(only.path)}`, { causes });
  }
  const byManager = new Map<string, string[]>();
  for (const { entry, path } of conflicts) {
    const manager = printManager(entry);
    byManager.set(manager, [...(byManager.get(manager) ?? []), renderPath(path)]);
  }
  const lines = [...byManager.keys()].sort().flatMap((manager) => [`conflicts with ${manager}:`, ...(byManager.get(manager) ?? []).map((p) => `- ${p}`)]);
  return new StatusError('Conflict', `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`, { causes });
};

/**
 * Server-side apply: the intent is merged into the live object, the manager owns exactly the
 * fields of its intent, fields it owned before and dropped are removed unless someone else owns
 * them, and changing a value another manager owns is a conflict unless forced.
 */
export const applyServerSide = (original: KubeObject, body: Buffer | string, options: ApplyOptions): KubeObject => {
  const manager = options.fieldManager;
  if (manager === undefined || manager === '') throw new StatusError('BadRequest', 'fieldManager is required for apply patch');
  const raw = parseIntent(body);
  const metadata = own(raw, 'metadata');
  if (metadata != null && !isObject(metadata)) throw new StatusError('BadRequest', 'metadata must be an object');
  if (isObject(metadata) && own(metadata, 'managedFields') != null) throw new StatusError('BadRequest', 'metadata.managedFields must be nil');
  const intent = dropNulls(raw, options.schema, '') as JsonObject;
  const live = structuredClone(original);

  const scope = options.subresource === 'status' ? 'status' : 'main';
  const applied = fieldSetOf(intent, options.schema, scope);
  const entries = readManagedFields(live);
  const mine = entries.find((entry) => isEntryOf(entry, manager, 'Apply', options.subresource));
  const others = entries.filter((entry) => entry !== mine);

  const conflicts: Conflict[] = [];
  const liveFields = new Locator(live);
  const intentFields = new Locator(intent);
  for (const entry of others) {
    for (const path of entry.fields.paths()) {
      if (!applied.has(path) || !(path[path.length - 1] as string).startsWith('f:')) continue;
      const current = liveFields.locate(path);
      const wanted = intentFields.locate(path);
      if (current.found && wanted.found && !deepEqual(current.value, wanted.value)) conflicts.push({ entry, path });
    }
  }
  if (conflicts.length > 0 && !options.force) throw conflictError(conflicts);
  for (const { entry, path } of conflicts) entry.fields.delete(path);

  const merged = new StrategicMerger(options.schema, false).mergeMap(live as unknown as JsonObject, intent, '') as unknown as KubeObject;
  const ownedByOthers = others.reduce((set, entry) => set.union(entry.fields), new FieldSet());
  prune(merged as unknown as JsonObject, (mine?.fields ?? new FieldSet()).minus(applied), applied.union(ownedByOthers));

  syncLastApplied(merged as unknown as JsonObject, intent, manager);
  const apiVersion = typeof intent.apiVersion === 'string' ? intent.apiVersion : original.apiVersion;
  // As in Kubernetes, a no-op apply keeps the entry's time, so that it leaves the object unchanged.
  const unchanged = mine !== undefined && mine.apiVersion === apiVersion && sameFields(mine.fields, applied) && sameContent(original, merged);
  const time = unchanged || options.now === undefined ? mine?.time : options.now;
  const entry: ManagedEntry = {
    manager,
    operation: 'Apply',
    apiVersion,
    ...(time !== undefined ? { time } : {}),
    ...(options.subresource !== undefined ? { subresource: options.subresource } : {}),
    fields: applied,
  };
  writeManagedFields(merged, mine ? entries.map((e) => (e === mine ? entry : e)) : [...entries, entry]);
  return merged;
};

const sameFields = (a: FieldSet, b: FieldSet): boolean => a.size === b.size && a.paths().every((path) => b.has(path));

const withoutManagedFields = (object: KubeObject): KubeObject => ({ ...object, metadata: { ...object.metadata, managedFields: undefined } });

const sameContent = (a: KubeObject, b: KubeObject): boolean => deepEqual(JSON.parse(JSON.stringify(withoutManagedFields(a))), JSON.parse(JSON.stringify(withoutManagedFields(b))));

/** Removes dropped fields that nobody keeps, sparing those with kept fields below and the keys of kept list items. */
const prune = (object: JsonObject, dropped: FieldSet, kept: FieldSet): void => {
  const keptAncestors = kept.ancestors();
  const removable = dropped.paths().filter((path) => !kept.has(path) && !keptAncestors.has(serializePath(path)));
  const removed = new FieldSet(removable);
  const isKeyOfKeptItem = (path: FieldPath): boolean => {
    const last = path[path.length - 1] as string;
    const item = path[path.length - 2];
    if (!last.startsWith('f:') || !item?.startsWith('k:') || removed.has(path.slice(0, -1))) return false;
    return Object.hasOwn(JSON.parse(item.slice(2)) as object, last.slice(2));
  };
  removePaths(
    object,
    removable.filter((path) => !isKeyOfKeptItem(path)),
    (path) => kept.has(path),
  );
};

import { isObject, own, type JsonObject } from './json-value.ts';
import { FieldSet, normalizeElement, serializePath, type FieldPath } from './field-set.ts';
import { childPath, itemPath, listStrategy, type StrategicMergeSchema } from './strategic-schema.ts';

/** Fields the API server sets itself: never owned by a manager (as Kubernetes strips them). */
const unowned = new Set([
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.resourceVersion',
  'metadata.generation',
  'metadata.creationTimestamp',
  'metadata.deletionTimestamp',
  'metadata.deletionGracePeriodSeconds',
  'metadata.managedFields',
  'metadata.selfLink',
]);

const keyElement = (fields: JsonObject): string => `k:${JSON.stringify(fields)}`;
const valueElement = (value: unknown): string => `v:${JSON.stringify(value)}`;

/**
 * The fields an object sets: its leaves, the items of its keyed lists and primitive sets.
 * `scope` 'status' keeps only the status; 'main' drops it (the status subresource owns it).
 */
export const fieldSetOf = (object: JsonObject, schema: StrategicMergeSchema, scope: 'main' | 'status' = 'main'): FieldSet => {
  const set = new FieldSet();
  const walk = (value: unknown, path: string[], schemaPath: string): void => {
    if (unowned.has(schemaPath)) return;
    if (isObject(value)) {
      const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
      if (entries.length === 0 && path.length > 0) set.add(path);
      for (const [key, v] of entries) walk(v, [...path, `f:${key}`], childPath(schemaPath, key));
      return;
    }
    if (Array.isArray(value) && value.length > 0) {
      const strategy = listStrategy(schema, schemaPath);
      if (strategy === 'set' && value.every((item) => !isObject(item) && !Array.isArray(item))) {
        for (const item of value) set.add([...path, valueElement(item)]);
        return;
      }
      if (typeof strategy === 'object' && value.every((item) => isObject(item) && own(item, strategy.mergeKey) != null)) {
        for (const item of value as JsonObject[]) {
          const element = [...path, keyElement({ [strategy.mergeKey]: item[strategy.mergeKey] })];
          set.add(element);
          walk(item, element, itemPath(schemaPath));
        }
        return;
      }
    }
    set.add(path);
  };
  if (scope === 'status') walk({ status: own(object, 'status') ?? {} }, [], '');
  else walk({ ...object, status: undefined }, [], '');
  return set;
};

export type Found = { found: true; value: unknown; parent: JsonObject | unknown[]; index: string | number } | { found: false };

/** Finds fields by path; list items are indexed once per list, so many look-ups stay linear. */
export class Locator {
  private readonly indexes = new WeakMap<unknown[], Map<string, Map<string, number>>>();

  constructor(private readonly root: unknown) {}

  locate(path: FieldPath): Found {
    let result: Found = { found: false };
    let node = this.root;
    for (const raw of path) {
      const element = normalizeElement(raw);
      if (element === undefined) return { found: false };
      if (element.startsWith('f:') && isObject(node)) {
        const key = element.slice(2);
        if (!Object.hasOwn(node, key)) return { found: false };
        result = { found: true, value: node[key], parent: node, index: key };
      } else if (!element.startsWith('f:') && Array.isArray(node)) {
        const index = this.itemIndex(node, element);
        if (index === undefined) return { found: false };
        result = { found: true, value: node[index], parent: node, index };
      } else {
        return { found: false };
      }
      node = result.value;
    }
    return result;
  }

  private itemIndex(list: unknown[], element: string): number | undefined {
    const keys = element.startsWith('k:') ? Object.keys(JSON.parse(element.slice(2)) as JsonObject) : undefined;
    const signature = keys ? JSON.stringify(keys) : 'v';
    let byList = this.indexes.get(list);
    if (!byList) this.indexes.set(list, (byList = new Map()));
    let index = byList.get(signature);
    if (!index) {
      index = new Map();
      for (const [i, item] of list.entries()) {
        const name = keys ? (isObject(item) ? keyElement(Object.fromEntries(keys.map((k) => [k, own(item, k)]))) : undefined) : valueElement(item);
        if (name !== undefined && !index.has(name)) index.set(name, i);
      }
      byList.set(signature, index);
    }
    return index.get(element);
  }
}

/**
 * Removes the fields and list items at `paths`. A map or list left empty goes too, unless `keep`
 * holds it, up to the top-level fields (metadata, spec).
 */
export const removePaths = (root: JsonObject, paths: FieldPath[], keep: (path: FieldPath) => boolean): void => {
  const locator = new Locator(root);
  const targets = paths.map((path) => ({ path, found: locator.locate(path) }));
  const dropped = new Map<unknown[], Set<number>>();
  for (const { found } of targets) {
    if (!found.found) continue;
    if (Array.isArray(found.parent)) {
      const indexes = dropped.get(found.parent) ?? new Set<number>();
      dropped.set(found.parent, indexes.add(found.index as number));
    } else {
      delete found.parent[found.index as string];
    }
  }
  for (const [list, indexes] of dropped) {
    const kept = list.filter((_, i) => !indexes.has(i));
    list.splice(0, list.length, ...kept);
  }
  const parents = new Map<string, FieldPath>();
  for (const { path, found } of targets) {
    if (found.found && path.length > 2) parents.set(serializePath(path.slice(0, -1)), path.slice(0, -1));
  }
  const after = new Locator(root);
  const emptied = [...parents.values()].filter((parent) => {
    const found = after.locate(parent);
    if (!found.found || keep(parent)) return false;
    return Array.isArray(found.value) ? found.value.length === 0 : isObject(found.value) && Object.keys(found.value).length === 0;
  });
  if (emptied.length > 0) removePaths(root, emptied, keep);
};

/** `.spec.containers[name="web"].image`, the way Kubernetes prints a field path in conflicts. */
export const renderPath = (path: FieldPath): string =>
  path
    .map((element) => {
      if (element.startsWith('f:')) return `.${element.slice(2)}`;
      if (element.startsWith('v:')) return `[=${element.slice(2)}]`;
      const spec: unknown = JSON.parse(element.slice(2));
      return isObject(spec) ? `[${Object.entries(spec).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]` : `[${element.slice(2)}]`;
    })
    .join('');

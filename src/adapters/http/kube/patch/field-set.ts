import { deepEqual, isObject, own, type JsonObject } from './json-value.ts';
import { childPath, itemPath, listStrategy, type StrategicMergeSchema } from './strategic-schema.ts';

/**
 * A field path in the Kubernetes FieldsV1 notation: `f:<field>`, `k:<json of the merge key>` for
 * an item of a keyed list, `v:<json value>` for an item of a primitive set.
 */
export type FieldPath = readonly string[];

const serialize = (path: FieldPath): string => JSON.stringify(path);

const parses = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** Managed fields are client-writable: elements that do not parse are ignored, never trusted. */
const isElement = (element: string): boolean => {
  if (element.startsWith('f:')) return true;
  if (element.startsWith('v:')) return parses(element.slice(2)) !== undefined;
  return element.startsWith('k:') && isObject(parses(element.slice(2)));
};

export class FieldSet {
  private readonly members = new Map<string, FieldPath>();

  constructor(paths: Iterable<FieldPath> = []) {
    for (const path of paths) this.add(path);
  }

  get size(): number {
    return this.members.size;
  }

  add(path: FieldPath): void {
    this.members.set(serialize(path), path);
  }

  has(path: FieldPath): boolean {
    return this.members.has(serialize(path));
  }

  delete(path: FieldPath): void {
    this.members.delete(serialize(path));
  }

  paths(): FieldPath[] {
    return [...this.members.values()];
  }

  union(other: FieldSet): FieldSet {
    return new FieldSet([...this.paths(), ...other.paths()]);
  }

  minus(other: FieldSet): FieldSet {
    return new FieldSet(this.paths().filter((path) => !other.has(path)));
  }

  /** Every proper prefix of a member: the paths that have owned fields below them. */
  ancestors(): Set<string> {
    const result = new Set<string>();
    for (const path of this.members.values()) {
      for (let length = 1; length < path.length; length++) result.add(serialize(path.slice(0, length)));
    }
    return result;
  }

  /** FieldsV1 JSON: one nested object per path element; `.` marks a member that also has members below. */
  toFieldsV1(): JsonObject {
    const root: JsonObject = {};
    for (const path of this.members.values()) {
      let node = root;
      for (const element of path) node = (node[element] ??= {}) as JsonObject;
    }
    const withDots = (node: JsonObject, path: string[]): JsonObject => {
      const keys = Object.keys(node).sort();
      const out: JsonObject = {};
      if (keys.length > 0 && path.length > 0 && this.members.has(serialize(path))) out['.'] = {};
      for (const key of keys) out[key] = withDots(node[key] as JsonObject, [...path, key]);
      return out;
    };
    return withDots(root, []);
  }

  static fromFieldsV1(tree: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: unknown, path: string[]): void => {
      if (!isObject(node) || (path.length > 0 && !isElement(path[path.length - 1] as string))) return;
      const keys = Object.keys(node);
      if (path.length > 0 && (keys.length === 0 || keys.includes('.'))) set.add(path);
      for (const key of keys) if (key !== '.') walk(node[key], [...path, key]);
    };
    walk(tree, []);
    return set;
  }
}

/** Fields the API server sets itself: never owned by a manager (as Kubernetes strips them). */
const unowned = new Set(['apiVersion', 'kind', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'metadata.resourceVersion', 'metadata.generation', 'metadata.creationTimestamp', 'metadata.deletionTimestamp', 'metadata.deletionGracePeriodSeconds', 'metadata.managedFields', 'metadata.selfLink']);

export const keyElement = (mergeKey: string, value: unknown): string => `k:${JSON.stringify({ [mergeKey]: value })}`;

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
        for (const item of value) set.add([...path, `v:${JSON.stringify(item)}`]);
        return;
      }
      if (typeof strategy === 'object' && value.every((item) => isObject(item) && own(item, strategy.mergeKey) != null)) {
        for (const item of value as JsonObject[]) {
          const element = [...path, keyElement(strategy.mergeKey, item[strategy.mergeKey])];
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

type Found = { found: true; value: unknown; parent: JsonObject | unknown[]; index: string | number } | { found: false };

const findElement = (list: unknown[], element: string): number => {
  const spec: unknown = JSON.parse(element.slice(2));
  if (element.startsWith('v:')) return list.findIndex((item) => deepEqual(item, spec));
  if (!isObject(spec)) return -1;
  return list.findIndex((item) => isObject(item) && Object.entries(spec).every(([key, v]) => deepEqual(own(item, key), v)));
};

export const locate = (root: unknown, path: FieldPath): Found => {
  let result: Found = { found: false };
  let node = root;
  for (const element of path) {
    if (element.startsWith('f:') && isObject(node)) {
      const key = element.slice(2);
      if (!Object.hasOwn(node, key)) return { found: false };
      result = { found: true, value: node[key], parent: node, index: key };
    } else if ((element.startsWith('k:') || element.startsWith('v:')) && Array.isArray(node)) {
      const index = findElement(node, element);
      if (index < 0) return { found: false };
      result = { found: true, value: node[index], parent: node, index };
    } else {
      return { found: false };
    }
    node = result.value;
  }
  return result;
};

/** Removes the field or list item at `path`; a map or list left empty goes too (unless kept), up to the top-level fields. */
export const removeAt = (root: JsonObject, path: FieldPath, keep: (path: FieldPath) => boolean = () => false): void => {
  const target = locate(root, path);
  if (!target.found) return;
  if (Array.isArray(target.parent)) target.parent.splice(target.index as number, 1);
  else delete target.parent[target.index as string];
  const empty = Array.isArray(target.parent) ? target.parent.length === 0 : Object.keys(target.parent).length === 0;
  const parent = path.slice(0, -1);
  if (parent.length > 1 && empty && !keep(parent)) removeAt(root, parent, keep);
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

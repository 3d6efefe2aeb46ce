import { isObject, type JsonObject } from './json-value.ts';

/**
 * A field path in the Kubernetes FieldsV1 notation: `f:<field>`, `k:<json of the merge key>` for
 * an item of a keyed list, `v:<json value>` for an item of a primitive set.
 */
export type FieldPath = readonly string[];

/** NUL never occurs in a k:/v: element (JSON escapes it), so joining on it is unambiguous there. */
export const serializePath = (path: FieldPath): string => path.join('\0');

const parses = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * Managed fields are client-writable: an element that does not parse is refused (undefined) and
 * the JSON of the others is re-serialized so that `k:{"name": "a"}` and `k:{"name":"a"}` agree.
 */
export const normalizeElement = (element: string): string | undefined => {
  if (element.startsWith('f:')) return element;
  const value = element.startsWith('k:') || element.startsWith('v:') ? parses(element.slice(2)) : undefined;
  if (value === undefined || (element.startsWith('k:') && !isObject(value))) return undefined;
  return `${element.slice(0, 2)}${JSON.stringify(value)}`;
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
    this.members.set(serializePath(path), path);
  }

  has(path: FieldPath): boolean {
    return this.members.has(serializePath(path));
  }

  delete(path: FieldPath): void {
    this.members.delete(serializePath(path));
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

  /** Every proper prefix of a member, serialized: the paths that have members below them. */
  ancestors(): Set<string> {
    const result = new Set<string>();
    for (const path of this.members.values()) {
      for (let length = 1; length < path.length; length++) result.add(serializePath(path.slice(0, length)));
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
      if (keys.length > 0 && path.length > 0 && this.has(path)) out['.'] = {};
      for (const key of keys) out[key] = withDots(node[key] as JsonObject, [...path, key]);
      return out;
    };
    return withDots(root, []);
  }

  static fromFieldsV1(tree: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: unknown, path: string[]): void => {
      if (!isObject(node)) return;
      const keys = Object.keys(node);
      if (path.length > 0 && (keys.length === 0 || keys.includes('.'))) set.add(path);
      for (const key of keys) {
        const element = key === '.' ? undefined : normalizeElement(key);
        if (element !== undefined) walk(node[key], [...path, element]);
      }
    };
    walk(tree, []);
    return set;
  }
}

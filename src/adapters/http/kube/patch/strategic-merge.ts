import type { KubeObject } from '../kube-object.ts';
import { StatusError } from '../status.ts';
import { orderElements } from './element-order.ts';
import { assertFieldName, describeJson, isObject, own, parseJson, type JsonObject } from './json-value.ts';
import { childPath, itemPath, listStrategy, type StrategicMergeSchema } from './strategic-schema.ts';

const patchDirective = '$patch';
const retainKeysDirective = '$retainKeys';
const setElementOrderPrefix = '$setElementOrder/';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList/';

const deleted = Symbol('deleted');

const bad = (message: string): StatusError => new StatusError('BadRequest', message);

const isDirective = (key: string): boolean =>
  key === patchDirective || key === retainKeysDirective || key.startsWith(setElementOrderPrefix) || key.startsWith(deleteFromPrimitiveListPrefix);

const isReplaceMarker = (item: unknown): boolean => isObject(item) && own(item, patchDirective) === 'replace';

/**
 * Merges a patch into an object by the Kubernetes strategic merge rules. With `directives` off it
 * is the plain merge server-side apply uses: `$`-keys are ordinary fields and nulls were dropped.
 */
export class StrategicMerger {
  constructor(
    private readonly schema: StrategicMergeSchema,
    private readonly directives = true,
  ) {}

  mergeMap(original: JsonObject | undefined, patch: JsonObject, path: string): JsonObject | typeof deleted {
    const directive = this.directives ? own(patch, patchDirective) : undefined;
    if (directive === 'delete') return deleted;
    if (directive === 'replace') {
      const { [patchDirective]: _, ...content } = patch;
      return this.mergeMap(undefined, content, path);
    }
    if (directive !== undefined && directive !== 'merge') throw bad(`unknown patch type: ${describeJson(directive)} in map: ${describeJson(patch)}`);

    const result: JsonObject = original ? { ...original } : {};
    if (this.directives) {
      this.retainKeys(result, patch);
      this.deleteFromPrimitiveLists(result, patch);
    }
    for (const [key, value] of Object.entries(patch)) {
      if (this.directives && key.startsWith('$')) {
        if (isDirective(key)) continue;
        throw bad(`unknown strategic merge patch directive "${key}"`);
      }
      assertFieldName(key);
      this.mergeField(result, key, value, childPath(path, key));
    }
    if (this.directives) this.setElementOrders(result, original, patch, path);
    return result;
  }

  mergeList(original: unknown[], patch: unknown[], path: string): unknown[] {
    const strategy = listStrategy(this.schema, path);
    if (this.directives && patch.some(isReplaceMarker)) return this.freshList(patch.filter((item) => !isReplaceMarker(item)), path);
    if (strategy === 'atomic') return this.freshList(patch, path);
    if (strategy === 'set') {
      const result = [...original];
      const present = new Set(result.map((item) => JSON.stringify(item)));
      for (const item of patch) {
        if (item === null) continue;
        if (isObject(item) || Array.isArray(item)) throw bad(`${path} is a list of primitives, but the patch has ${describeJson(item)} in it`);
        if (!present.has(JSON.stringify(item))) {
          present.add(JSON.stringify(item));
          result.push(item);
        }
      }
      return result;
    }
    return this.mergeKeyedList(original, patch, path, strategy.mergeKey);
  }

  /** Items are found through an index of their keys, so large lists merge in linear time. */
  private mergeKeyedList(original: unknown[], patch: unknown[], path: string, key: string): unknown[] {
    const removed = Symbol('removed');
    const result: unknown[] = [...original];
    const positions = new Map<string, number[]>();
    result.forEach((existing, index) => {
      if (!isObject(existing)) return;
      const id = JSON.stringify(own(existing, key));
      positions.set(id, [...(positions.get(id) ?? []), index]);
    });
    for (const item of patch) {
      if (!isObject(item)) throw bad(`${path} is merged by "${key}" and can only hold objects, got ${describeJson(item)}`);
      if (!Object.hasOwn(item, key) || item[key] === null) throw bad(`map: ${describeJson(item)} does not contain declared merge key: ${key}`);
      const id = JSON.stringify(item[key]);
      const directive = this.directives ? own(item, patchDirective) : undefined;
      if (directive === 'delete') {
        for (const index of positions.get(id) ?? []) result[index] = removed;
        positions.delete(id);
        continue;
      }
      if (directive === 'merge') throw bad(`merging lists cannot yet be specified in the patch: ${describeJson(item)}`);
      const index = positions.get(id)?.[0];
      const merged = this.mergeMap(index !== undefined ? (result[index] as JsonObject) : undefined, item, itemPath(path));
      if (merged === deleted) continue;
      if (index !== undefined) result[index] = merged;
      else positions.set(id, [result.push(merged) - 1]);
    }
    return result.filter((item) => item !== removed);
  }

  private mergeField(result: JsonObject, key: string, value: unknown, path: string): void {
    if (value === null) {
      delete result[key];
      return;
    }
    const current = own(result, key);
    if (isObject(value)) {
      const merged = this.mergeMap(isObject(current) ? current : undefined, value, path);
      if (merged === deleted) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      result[key] = this.mergeList(Array.isArray(current) ? current : [], value, path);
    } else {
      result[key] = value;
    }
  }

  /** A replaced list takes the patch items, cleaned of nulls and directives as a new object would be. */
  private freshList(items: unknown[], path: string): unknown[] {
    const result: unknown[] = [];
    for (const item of items) {
      if (isObject(item)) {
        const merged = this.mergeMap(undefined, item, itemPath(path));
        if (merged !== deleted) result.push(merged);
      } else if (Array.isArray(item)) {
        result.push(this.freshList(item, itemPath(path)));
      } else {
        result.push(item);
      }
    }
    return result;
  }

  private retainKeys(result: JsonObject, patch: JsonObject): void {
    const retain = own(patch, retainKeysDirective);
    if (retain === undefined) return;
    if (!Array.isArray(retain) || !retain.every((key) => typeof key === 'string')) {
      throw bad(`invalid patch format of retainKeys: ${describeJson(retain)} is not a list of field names`);
    }
    for (const key of Object.keys(result)) {
      if (!retain.includes(key)) delete result[key];
    }
  }

  private deleteFromPrimitiveLists(result: JsonObject, patch: JsonObject): void {
    for (const [key, values] of Object.entries(patch)) {
      if (!key.startsWith(deleteFromPrimitiveListPrefix)) continue;
      if (!Array.isArray(values)) throw bad(`invalid patch format of primitive list: ${key} must be a list, got ${describeJson(values)}`);
      const field = key.slice(deleteFromPrimitiveListPrefix.length);
      const current = own(result, field);
      if (!Array.isArray(current)) continue;
      const doomed = new Set(values.map((value) => JSON.stringify(value)));
      result[field] = current.filter((item) => !doomed.has(JSON.stringify(item)));
    }
  }

  private setElementOrders(result: JsonObject, original: JsonObject | undefined, patch: JsonObject, path: string): void {
    for (const [key, order] of Object.entries(patch)) {
      if (!key.startsWith(setElementOrderPrefix)) continue;
      if (!Array.isArray(order)) throw bad(`invalid patch format of setElementOrder list: ${key} must be a list, got ${describeJson(order)}`);
      const field = key.slice(setElementOrderPrefix.length);
      const current = own(result, field);
      const strategy = listStrategy(this.schema, childPath(path, field));
      if (!Array.isArray(current) || strategy === 'atomic') continue;
      const server = original ? own(original, field) : undefined;
      result[field] = orderElements(current, Array.isArray(server) ? server : [], order, strategy, field);
    }
  }
}

export const applyStrategicMergePatch = (original: KubeObject, body: Buffer | string, schema: StrategicMergeSchema): KubeObject => {
  const patch = parseJson(body, 'strategic merge patch');
  if (!isObject(patch)) throw bad('a strategic merge patch must be a JSON object');
  const result = new StrategicMerger(schema).mergeMap(structuredClone(original) as JsonObject, patch, '');
  if (result === deleted) throw bad('a strategic merge patch cannot delete the whole object');
  return result as KubeObject;
};

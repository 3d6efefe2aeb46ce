import type { KubeObject } from '../kube-object.ts';
import { StatusError } from '../status.ts';
import { assertFieldName, isObject, own, parseJson, type JsonObject } from './json-value.ts';

/** RFC 7386: null deletes a field, objects merge recursively, anything else (arrays included) replaces. */
export const mergePatchValue = (target: unknown, patch: unknown): unknown => {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    assertFieldName(key);
    if (value === null) delete result[key];
    else result[key] = mergePatchValue(own(result, key), value);
  }
  return result;
};

export const applyMergePatch = (original: KubeObject, body: Buffer | string): KubeObject => {
  const patch = parseJson(body, 'merge patch');
  if (!isObject(patch)) throw new StatusError('BadRequest', 'a merge patch must be a JSON object');
  return mergePatchValue(structuredClone(original), patch) as KubeObject;
};

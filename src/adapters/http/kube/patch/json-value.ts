import { StatusError } from '../status.ts';
import { exceedsDepth, MAX_DOCUMENT_DEPTH } from '../../ops/body.ts';

/** A JSON object as parsed from a request body. */
export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads an own property only: patch keys such as `constructor` must never reach the prototype. */
export const own = (object: JsonObject, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

/** Assignment to `__proto__` would replace the prototype instead of storing a field. */
export const assertFieldName = (key: string): void => {
  if (key === '__proto__') throw new StatusError('BadRequest', 'field name "__proto__" is not allowed in a patch');
};

export const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
};

export const bodyText = (body: Buffer | string): string => (typeof body === 'string' ? body : body.toString('utf8'));

export const parseJson = (body: Buffer | string, what: string): unknown => {
  const text = bodyText(body);
  if (text.trim() === '') throw new StatusError('BadRequest', `the ${what} is empty`);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new StatusError('BadRequest', `the ${what} is not valid JSON: ${(error as Error).message}`);
  }
  // Patches are applied recursively: a deeper one would overflow the stack.
  if (value !== null && typeof value === 'object' && exceedsDepth(value, MAX_DOCUMENT_DEPTH)) {
    throw new StatusError('BadRequest', `the ${what} is nested deeper than ${MAX_DOCUMENT_DEPTH} levels`);
  }
  return value;
};

export const describeJson = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
};

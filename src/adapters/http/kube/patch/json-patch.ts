import jsonpatch, { type Operation } from 'fast-json-patch';
import type { KubeObject } from '../kube-object.ts';
import { StatusError } from '../status.ts';
import { describeJson, isObject, parseJson } from './json-value.ts';
import { MAX_OBJECT_BYTES } from '../../admission/limits.ts';

/** Kubernetes refuses longer JSON patches with 413. */
export const maxJsonPatchOperations = 10_000;

const ops = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

const badRequest = (index: number, message: string): StatusError =>
  new StatusError('BadRequest', `invalid JSON patch: operation ${index}: ${message}`);

const checkPointer = (index: number, name: 'path' | 'from', pointer: unknown): void => {
  if (typeof pointer !== 'string') throw badRequest(index, `"${name}" must be a string`);
  if (pointer !== '' && !pointer.startsWith('/')) throw badRequest(index, `"${name}" must be a JSON pointer starting with "/", got ${describeJson(pointer)}`);
  const segments = pointer.split('/');
  if (segments.includes('__proto__') || segments.some((s, i) => s === 'prototype' && segments[i - 1] === 'constructor')) {
    throw badRequest(index, `"${name}" may not address ${pointer}`);
  }
};

/** A malformed patch document is a 400; a well-formed one that cannot be applied is a 422 (as in Kubernetes). */
const parseOperations = (body: Buffer | string): Operation[] => {
  const document = parseJson(body, 'JSON patch');
  if (!Array.isArray(document)) throw new StatusError('BadRequest', 'invalid JSON patch: the body must be a JSON array of operations');
  if (document.length > maxJsonPatchOperations) {
    throw new StatusError('RequestEntityTooLarge', `The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${document.length}`);
  }
  document.forEach((operation: unknown, index) => {
    if (!isObject(operation)) throw badRequest(index, 'not a JSON object');
    if (typeof operation.op !== 'string' || !ops.has(operation.op)) {
      throw badRequest(index, `"op" must be one of add, remove, replace, move, copy, test; got ${describeJson(operation.op)}`);
    }
    checkPointer(index, 'path', operation.path);
    if (operation.op === 'move' || operation.op === 'copy') checkPointer(index, 'from', operation.from);
    if ((operation.op === 'add' || operation.op === 'replace' || operation.op === 'test') && !Object.hasOwn(operation, 'value')) {
      throw badRequest(index, `"value" is required for ${operation.op}`);
    }
  });
  return document as Operation[];
};

const explain = (name: string, operation: Operation): string => {
  const from = 'from' in operation ? operation.from : '';
  switch (name) {
    case 'TEST_OPERATION_FAILED':
      return `the value at ${operation.path} is not ${describeJson((operation as { value: unknown }).value)}`;
    case 'OPERATION_PATH_UNRESOLVABLE':
      return `the path ${operation.path} does not exist`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `the path ${from} does not exist`;
    case 'OPERATION_PATH_CANNOT_ADD':
      return `the parent of ${operation.path} does not exist`;
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
      return `${operation.path} is not a valid index into the array`;
    default:
      return name;
  }
};

/**
 * `copy` duplicates a value: repeated, it doubles the document each time, from a patch well inside the body
 * limit. As Kubernetes (AccumulatedCopySizeLimit), the bytes all copies add up to are capped.
 */
export const maxAccumulatedCopyBytes = MAX_OBJECT_BYTES;

const copiedBytes = (document: unknown, from: string): number => {
  try {
    return Buffer.byteLength(JSON.stringify(jsonpatch.getValueByPointer(document, from)) ?? '');
  } catch {
    return 0;
  }
};

export const applyJsonPatch = (original: KubeObject, body: Buffer | string): KubeObject => {
  const operations = parseOperations(body);
  let result: unknown = structuredClone(original);
  let copied = 0;
  let current = 0;
  try {
    operations.forEach((operation, index) => {
      current = index;
      // RFC 6902 4.4: a location cannot be moved into one of its children.
      if (operation.op === 'move' && operation.path.startsWith(`${operation.from}/`)) {
        throw new StatusError('Invalid', `the JSON patch could not be applied: operation ${index} (move ${operation.path}): "from" ${operation.from} cannot be moved into one of its children`);
      }
      if (operation.op === 'copy') {
        copied += copiedBytes(result, operation.from);
        if (copied > maxAccumulatedCopyBytes) {
          throw new StatusError('RequestEntityTooLarge', `the JSON patch could not be applied: its copy operations add up to more than ${maxAccumulatedCopyBytes} bytes`);
        }
      }
      result = jsonpatch.applyOperation(result, operation, true, true, true, index).newDocument;
    });
  } catch (error) {
    if (error instanceof StatusError) throw error;
    if (!(error instanceof jsonpatch.JsonPatchError)) {
      // The library failed on a document it could not walk: still the patch's fault, not the server's.
      const operation = operations[current] as Operation;
      throw new StatusError('Invalid', `the JSON patch could not be applied: operation ${current} (${operation.op} ${operation.path}) does not fit the object`);
    }
    const index = error.index ?? 0;
    const operation = operations[index] as Operation;
    throw new StatusError('Invalid', `the JSON patch could not be applied: operation ${index} (${operation.op} ${operation.path}): ${explain(error.name, operation)}`);
  }
  if (!isObject(result)) throw new StatusError('Invalid', 'the JSON patch could not be applied: the result is not a JSON object');
  return result as KubeObject;
};

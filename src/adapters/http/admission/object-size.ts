import { StatusError } from '../kube/status.ts';
import { MAX_OBJECT_BYTES } from './limits.ts';

/** Size of the object once encoded as JSON, in bytes. */
export const encodedSize = (object: unknown): number => Buffer.byteLength(JSON.stringify(object) ?? '', 'utf8');

/**
 * Refuses (413) an object that would be larger than `limit` once stored. The body limit alone does not
 * bound it: YAML and protobuf decode to larger JSON, and a patch can grow the object it applies to.
 */
export const checkObjectSize = (kind: string, name: string, object: unknown, limit = MAX_OBJECT_BYTES): void => {
  const size = encodedSize(object);
  if (size > limit) {
    throw new StatusError('RequestEntityTooLarge', `${kind} "${name}" is too large: ${size} bytes once encoded as JSON, the limit is ${limit} bytes`, { name, kind });
  }
};

import type { KubeObject } from '../kube/kube-object.ts';
import type { ResourceType, Schema } from '../kube/resource-type.ts';
import { rootFieldsOf } from '../kube/resource-types.ts';
import { StatusError, type StatusCause } from '../kube/status.ts';
import { validateBody } from '../kube/validation/validate-body.ts';
import { exceedsDepth, MAX_DOCUMENT_DEPTH } from '../ops/body.ts';
import { nameCauses } from './names.ts';
import { checkObjectSize } from './object-size.ts';
import { quantityCauses } from './quantities.ts';

const schemasOf = (type: ResourceType): Record<string, Schema> => ({ ...rootFieldsOf(type), spec: type.specSchema });

/**
 * The last check of an object before a command runs for it: its size once stored (413) and depth, then
 * (except for /status writes) its metadata, names, spec and quantities (422 with one cause per field).
 * It runs before anything is written, so a refusal leaves nothing behind.
 */
export const admitObject = (type: ResourceType, object: KubeObject, subresource: string | null = null): void => {
  const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
  checkObjectSize(type.kind, name, object);
  // Each patch may nest deeper than the last; what is stored stays within what a body may hold.
  if (exceedsDepth(object, MAX_DOCUMENT_DEPTH)) throw new StatusError('Invalid', `${type.kind} "${name}" is invalid: the object is nested deeper than ${MAX_DOCUMENT_DEPTH} levels`, { name, kind: type.kind });
  if (subresource === 'status') return;
  const causes: StatusCause[] = [];
  try {
    validateBody(type.kind, object);
  } catch (error) {
    if (!(error instanceof StatusError) || error.reason !== 'Invalid') throw error;
    causes.push(...(error.details.causes ?? []));
  }
  causes.push(...nameCauses(type.kind, object.metadata), ...quantityCauses(schemasOf(type), object));
  if (causes.length > 0) {
    throw new StatusError('Invalid', `${type.kind} "${name}" is invalid: ${causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ')}`, { name, kind: type.kind, causes });
  }
};

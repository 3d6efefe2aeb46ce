import type { KubeObject } from '../kube-object.ts';
import { StatusError } from '../status.ts';
import { applyJsonPatch } from './json-patch.ts';
import { schemaFor } from './managed-fields.ts';
import { applyMergePatch } from './merge-patch.ts';
import { applyServerSide } from './server-side-apply.ts';
import { applyStrategicMergePatch } from './strategic-merge.ts';
import { coreStrategicSchemas, type StrategicMergeSchema } from './strategic-schema.ts';

export { coreStrategicSchemas, type StrategicMergeSchema } from './strategic-schema.ts';
export { recordUpdateManager, readManagedFields, type ManagedEntry, type ManagerOptions } from './managed-fields.ts';
export { maxJsonPatchOperations } from './json-patch.ts';

export const patchMediaTypes = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  apply: 'application/apply-patch+yaml',
  strategic: 'application/strategic-merge-patch+json',
} as const;

export interface PatchOptions {
  /** The kind patched; core kinds get their strategic merge schema from coreStrategicSchemas. */
  kind: string;
  /** Overrides the schema of `kind` (and enables strategic merge for a kind that has none). */
  strategic?: StrategicMergeSchema;
  /** Required for apply patches (`?fieldManager=`). */
  fieldManager?: string;
  /** Apply only: take ownership of conflicting fields (`?force=true`). */
  force?: boolean;
  /** Apply only: ISO time stamped on the manager's managedFields entry. */
  now?: string;
  /** Apply only: 'status' when applying through the /status subresource. */
  subresource?: 'status';
}

/** The media types a kind accepts for PATCH, in the order Kubernetes lists them. */
export const acceptedPatchTypes = (kind: string, strategic?: StrategicMergeSchema): string[] => {
  const strategicAllowed = strategic !== undefined || Object.hasOwn(coreStrategicSchemas, kind);
  return [patchMediaTypes.json, patchMediaTypes.merge, patchMediaTypes.apply, ...(strategicAllowed ? [patchMediaTypes.strategic] : [])];
};

const unsupported = (kind: string, strategic?: StrategicMergeSchema): StatusError =>
  new StatusError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${acceptedPatchTypes(kind, strategic).join(', ')}`);

/**
 * Applies a PATCH body of the given Content-Type to `original` and returns the new object;
 * `original` is never mutated. Errors are StatusErrors: 400 for a malformed body, 415 for an
 * unsupported type, 422 for a JSON patch that does not apply, 409 for apply conflicts.
 * Name, namespace, uid, apiVersion and kind are not protected here: the caller checks them.
 */
export const applyPatch = (contentType: string, original: KubeObject, patchBody: Buffer | string, options: PatchOptions): KubeObject => {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (options.force === true && mediaType !== patchMediaTypes.apply) {
    const message = 'Forbidden: may not be specified for non-apply patch';
    throw new StatusError('Invalid', `PatchOptions.meta.k8s.io "" is invalid: force: ${message}`, {
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueForbidden', message, field: 'force' }],
    });
  }
  switch (mediaType) {
    case patchMediaTypes.merge:
      return applyMergePatch(original, patchBody);
    case patchMediaTypes.json:
      return applyJsonPatch(original, patchBody);
    case patchMediaTypes.strategic: {
      const schema = options.strategic ?? (Object.hasOwn(coreStrategicSchemas, options.kind) ? coreStrategicSchemas[options.kind] : undefined);
      if (schema === undefined) throw unsupported(options.kind, options.strategic);
      return applyStrategicMergePatch(original, patchBody, schema);
    }
    case patchMediaTypes.apply:
      return applyServerSide(original, patchBody, {
        schema: schemaFor(options.kind, options.strategic),
        fieldManager: options.fieldManager,
        force: options.force === true,
        ...(options.now !== undefined ? { now: options.now } : {}),
        ...(options.subresource !== undefined ? { subresource: options.subresource } : {}),
      });
    default:
      throw unsupported(options.kind, options.strategic);
  }
};

import type { Request, RequestHandler } from 'express';
import type { AuthorizationPolicy, Decision, Identity, NonResourceAttributes, ResourceAttributes } from '../../../application/authorization/index.ts';
import { parseKubeDocument } from '../ops/body.ts';
import { StatusError } from '../kube/status.ts';

export const SELF_SUBJECT_ACCESS_REVIEW_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

type Plain = Record<string, unknown>;

const plain = (value: unknown): Plain | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Plain) : undefined);

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const invalid = (message: string): StatusError =>
  new StatusError('Invalid', `SelfSubjectAccessReview.authorization.k8s.io "" is invalid: ${message}`, { group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' });

const resourceAttributes = (given: Plain): ResourceAttributes => ({
  verb: text(given.verb),
  group: text(given.group),
  resource: text(given.resource),
  subresource: text(given.subresource),
  namespace: text(given.namespace),
  name: text(given.name),
});

const nonResourceAttributes = (given: Plain): NonResourceAttributes => ({ verb: text(given.verb), path: text(given.path) });

/**
 * POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews (`kubectl auth can-i`): whether the
 * requester may do what the spec describes, answered by the same policy that guards every request.
 */
export const selfSubjectAccessReview = (policy: AuthorizationPolicy, identify: (req: Request) => Identity | undefined): RequestHandler => (req, res) => {
  const review = parseKubeDocument(req.rawBody ?? Buffer.alloc(0), req.header('content-type'));
  if (review.kind !== undefined && review.kind !== 'SelfSubjectAccessReview') throw new StatusError('BadRequest', `the kind of the provided object (${String(review.kind)}) does not match the kind of the request (SelfSubjectAccessReview)`);
  const spec = plain(review.spec) ?? {};
  const resource = plain(spec.resourceAttributes);
  const nonResource = plain(spec.nonResourceAttributes);
  if ((resource === undefined) === (nonResource === undefined)) throw invalid('spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified');
  const user = identify(req);
  let decision: Decision;
  if (!user) throw new StatusError('Unauthorized', 'Unauthorized');
  if (resource) decision = policy.decide(user, resourceAttributes(resource));
  else decision = policy.decideNonResource(user, nonResourceAttributes(nonResource!));
  res.status(201).json({
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
  });
};

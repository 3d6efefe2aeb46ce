import express, { type Request, type RequestHandler, type Router } from 'express';
import { ADMIN_GROUP, AuthorizationPolicy, PermissionIndex, type Identity } from '../../../application/authorization/index.ts';
import type { Inventory } from '../../../application/inventory/inventory.ts';
import { readKubeBody } from '../ops/body.ts';
import { StatusError } from '../kube/status.ts';
import { attributesOf, forbiddenPath, forbiddenResource } from './authorize-attributes.ts';
import { SELF_SUBJECT_ACCESS_REVIEW_PATH, selfSubjectAccessReview } from './authorize-review.ts';
import { restrictVisibility } from './authorize-visibility.ts';
import { requestUser } from './request-user.ts';

export interface AuthorizeOptions {
  /**
   * Requests without an authenticated user (authentication lets only its public paths through so):
   * 'deny' (the default) answers 401 except on the public paths; 'admin' lets them act as the
   * administrator, as Pacific did before authentication existed (in-process tests only).
   */
  anonymous?: 'deny' | 'admin';
}

/** Served to anyone: health checks, the version, the console's static files. */
const isPublic = (path: string): boolean => ['/livez', '/readyz', '/healthz', '/version'].includes(path) || path === '/ui' || path.startsWith('/ui/');

const legacyAdmin: Identity = { name: 'admin', groups: [ADMIN_GROUP] };

/**
 * Authorization, mounted after authentication and before everything it guards: each request is
 * allowed or refused with a Kubernetes-style 403 Status by the namespace-role policy; cross-namespace
 * lists and watches are narrowed to the permitted namespaces (see authorize-visibility.ts); and
 * SelfSubjectAccessReview answers `kubectl auth can-i`. The inventory must have caught up.
 */
export const authorize = (inventory: Inventory, { anonymous = 'deny' }: AuthorizeOptions = {}): Router & { check: RequestHandler } => {
  const policy = new AuthorizationPolicy(PermissionIndex.follow(inventory));
  const identify = (req: Request): Identity | undefined => requestUser(req) ?? (anonymous === 'admin' ? legacyAdmin : undefined);
  const check: RequestHandler = (req, _res, next) => {
    const user = identify(req);
    if (!user) {
      if (!isPublic(req.path)) throw new StatusError('Unauthorized', 'Unauthorized');
      next();
      return;
    }
    const attributes = attributesOf(req);
    if (attributes && 'resource' in attributes) {
      const decision = policy.decide(user, attributes.resource);
      if (!decision.allowed) throw forbiddenResource(user, attributes.resource);
      if (decision.perNamespace) restrictVisibility(req, (object) => policy.mayReadIn(user, object.metadata.namespace ?? object.metadata.name ?? ''));
    } else if (attributes) {
      const decision = policy.decideNonResource(user, attributes.nonResource);
      if (!decision.allowed) throw forbiddenPath(user, attributes.nonResource);
    }
    next();
  };
  const router = express.Router();
  router.use(check);
  router.post(SELF_SUBJECT_ACCESS_REVIEW_PATH, readKubeBody(), selfSubjectAccessReview(policy, identify));
  // The check alone, for paths that never reach the review (the resource fast path).
  return Object.assign(router, { check });
};

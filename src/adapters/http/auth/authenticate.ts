import type { RequestHandler } from 'express';
import { StatusError } from '../kube/status.ts';
import type { RequestUser } from './request-user.ts';

/** Resolves a presented bearer token to its user, or undefined for an unknown or revoked one. */
export type TokenLookup = (token: string) => RequestUser | undefined;

export interface AuthenticationOptions {
  /**
   * Who a request without an Authorization header acts as. Never set by `pacific serve`; for
   * embedding the app in-process (tests). A request with a bad token is refused all the same.
   */
  anonymous?: RequestUser;
}

/** Every authenticated user is also in this group, as in Kubernetes. */
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** Reachable without a token: the health checks, the version, and the console's static files (they hold no data). */
export const isPublicPath = (path: string): boolean =>
  path === '/livez' || path === '/readyz' || path === '/healthz' || path === '/version' || path === '/ui' || path.startsWith('/ui/');

const bearer = /^Bearer +(\S+) *$/i;

/** The token of an `Authorization: Bearer <token>` header. */
export const bearerTokenOf = (header: string | undefined): string | undefined => (header === undefined ? undefined : bearer.exec(header)?.[1]);

const withAuthenticatedGroup = (user: RequestUser): RequestUser => ({
  name: user.name,
  groups: user.groups.includes(AUTHENTICATED_GROUP) ? [...user.groups] : [...user.groups, AUTHENTICATED_GROUP],
});

/**
 * Sets `req.user` from the request's bearer token. A request without a valid one gets a 401
 * Unauthorized Status unless it reads a public path; the answer never says whether the token
 * was missing, unknown or revoked. A user already set by an enclosing app is kept.
 */
export const authenticate =
  (lookup: TokenLookup, options: AuthenticationOptions = {}): RequestHandler =>
  (req, _res, next) => {
    if (req.user) {
      next();
      return;
    }
    const header = req.headers.authorization;
    if (header === undefined && options.anonymous) {
      req.user = withAuthenticatedGroup(options.anonymous);
      next();
      return;
    }
    const token = bearerTokenOf(header);
    const user = token === undefined ? undefined : lookup(token);
    if (user) {
      req.user = withAuthenticatedGroup(user);
      next();
      return;
    }
    if (header === undefined && (req.method === 'GET' || req.method === 'HEAD') && isPublicPath(req.path)) {
      next();
      return;
    }
    next(new StatusError('Unauthorized', 'Unauthorized'));
  };

import type { Request } from 'express';

/** Who sent a request, as authentication established it. */
export interface RequestUser {
  name: string;
  groups: string[];
}

/** Members of this group are cluster administrators. */
export const ADMIN_GROUP = 'pacific:admins';

/** The user `pacific serve` creates on first start; its token is in the kubeconfig it writes. */
export const ADMIN_USER = 'admin';

declare global {
  // Express types its request through this global namespace; `req.user` is set by authentication.
  namespace Express {
    interface Request {
      user?: RequestUser;
    }
  }
}

/** The authenticated user; undefined only on the public health endpoints. */
export const requestUser = (req: Request): RequestUser | undefined => req.user;

export const isAdmin = (user: RequestUser | undefined): boolean => user?.groups.includes(ADMIN_GROUP) ?? false;

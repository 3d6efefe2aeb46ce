import express, { Router, type Request } from 'express';
import type { IdentityService } from '../../../application/services/identity.service.ts';
import { StatusError, successStatus } from '../kube/status.ts';
import { isAdmin, requestUser } from './request-user.ts';

const adminOnly = (req: Request): string => {
  const user = requestUser(req);
  if (!isAdmin(user)) throw new StatusError('Forbidden', `user "${user?.name ?? ''}" cannot manage tokens: only members of pacific:admins can`);
  return user!.name;
};

const correlationOf = (req: Request): { correlationId: string } | Record<string, never> => {
  const id = req.header('x-request-id');
  return id ? { correlationId: id } : {};
};

const groupsOf = (value: unknown): string[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((group) => typeof group !== 'string')) throw new StatusError('BadRequest', 'groups must be a list of strings');
  return value as string[];
};

/**
 * Admin endpoints for bearer tokens, behind authentication:
 * POST /admin/tokens {user, groups?} -> 201 {user, groups, tokenId, token} (the token is shown this once);
 * GET /admin/tokens/:user -> the user's valid tokens, without secrets;
 * DELETE /admin/tokens/:user/:tokenId -> revokes one.
 */
export const tokensRouter = (identities: IdentityService): Router => {
  const router = Router();
  router.post('/admin/tokens', express.json({ limit: '16kb' }), async (req, res) => {
    const actor = adminOnly(req);
    const body = (req.body ?? {}) as { user?: unknown; groups?: unknown };
    if (typeof body.user !== 'string' || body.user.length === 0) throw new StatusError('BadRequest', 'user is required');
    const issued = await identities.issueToken(body.user, groupsOf(body.groups), { actor, ...correlationOf(req) });
    res.status(201).json({ user: issued.name, groups: issued.groups, tokenId: issued.tokenId, token: issued.token });
  });
  router.get('/admin/tokens/:user', (req, res) => {
    adminOnly(req);
    res.json({ user: req.params.user, tokens: identities.tokensOf(String(req.params.user)) });
  });
  router.delete('/admin/tokens/:user/:tokenId', async (req, res) => {
    const actor = adminOnly(req);
    const user = String(req.params.user);
    const tokenId = String(req.params.tokenId);
    await identities.revokeToken(user, tokenId, { actor, ...correlationOf(req) });
    res.json({ ...successStatus({ name: tokenId, kind: 'tokens' }), message: `token ${tokenId} of user ${user} revoked` });
  });
  return router;
};

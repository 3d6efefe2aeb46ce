import type { RequestHandler, Response } from 'express';
import { hashToken } from '../../../application/services/identity.service.ts';
import { bearerTokenOf } from './authenticate.ts';

export interface RevocationSource {
  onRevoked(listener: (tokenHash: string) => void): () => void;
}

const isWatch = (url: string): boolean => {
  const query = url.indexOf('?');
  if (query < 0 || !url.includes('watch', query)) return false;
  const watch = new URLSearchParams(url.slice(query + 1)).get('watch');
  return watch === 'true' || watch === '1';
};

/**
 * Watches outlive the check made when they were opened: this ends every open watch of a bearer
 * token once the token is revoked, so the client has to come back and is refused. Runs after
 * authentication; other requests pass untouched.
 */
export const endWatchesOnRevocation = (source: RevocationSource): RequestHandler => {
  const openByToken = new Map<string, Set<Response>>();
  source.onRevoked((tokenHash) => {
    const open = openByToken.get(tokenHash);
    if (!open) return;
    openByToken.delete(tokenHash);
    for (const res of open) res.end();
  });
  return (req, res, next) => {
    const token = isWatch(req.url) ? bearerTokenOf(req.headers.authorization) : undefined;
    if (token === undefined) {
      next();
      return;
    }
    const tokenHash = hashToken(token);
    let open = openByToken.get(tokenHash);
    if (!open) openByToken.set(tokenHash, (open = new Set()));
    const watches = open;
    watches.add(res);
    res.once('close', () => {
      watches.delete(res);
      if (watches.size === 0 && openByToken.get(tokenHash) === watches) openByToken.delete(tokenHash);
    });
    next();
  };
};

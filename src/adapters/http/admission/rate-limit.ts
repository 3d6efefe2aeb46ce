import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { StatusError } from '../kube/status.ts';
import type { RateLimit } from './limits.ts';
import { TokenBuckets } from './token-buckets.ts';

/** Probes must answer even when their client is throttled. */
const exempt = /^\/(livez|readyz|healthz)(\/|$)/;

/** Requests are counted per credential (hashed: no token is kept in memory), else per remote address. */
export const clientKey = (req: Request): string => {
  const authorization = req.headers.authorization;
  if (authorization) return `token:${createHash('sha256').update(authorization).digest('base64url')}`;
  return `address:${req.socket.remoteAddress ?? 'unknown'}`;
};

export interface RateLimitOptions {
  limit: RateLimit;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
  maxKeys?: number;
}

/**
 * Answers 429 TooManyRequests (a Status, with Retry-After) to a client over its rate. A limit of
 * 0 requests per second turns it off.
 */
export const rateLimitMiddleware = ({ limit, now = Date.now, maxKeys }: RateLimitOptions): RequestHandler => {
  if (limit.requestsPerSecond <= 0) return (_req, _res, next) => next();
  const buckets = new TokenBuckets(limit, maxKeys);
  return (req, res, next) => {
    if (exempt.test(req.path)) {
      next();
      return;
    }
    const admission = buckets.take(clientKey(req), now());
    if (admission.allowed) {
      next();
      return;
    }
    const refusal = new StatusError(
      'TooManyRequests',
      `too many requests from this client: the limit is ${limit.requestsPerSecond} requests per second (bursts of ${limit.burst}); retry after ${admission.retryAfterSeconds} s`,
      { retryAfterSeconds: admission.retryAfterSeconds },
    );
    res.set('Retry-After', String(admission.retryAfterSeconds));
    res.status(429).json(refusal.toStatus());
  };
};

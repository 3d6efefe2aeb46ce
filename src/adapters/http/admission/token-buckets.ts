import type { RateLimit } from './limits.ts';

interface Bucket {
  tokens: number;
  at: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Token buckets per client key: each holds up to `burst` tokens, refilled at `requestsPerSecond`;
 * a request takes one. Full buckets are forgotten (a fresh one is the same), so the map holds only
 * clients active within the last burst/rate seconds, and never more than `maxKeys`.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys = 10_000,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  take(key: string, now: number): Admission {
    const { requestsPerSecond, burst } = this.limit;
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * requestsPerSecond) : burst;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / requestsPerSecond)) };
    }
    if (!bucket && this.buckets.size >= this.maxKeys) this.evict(now);
    // Re-inserted so that the map stays in order of last use.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return { allowed: true };
  }

  /** Drops the buckets that have refilled; if every one is still in use, the least recently used. */
  private evict(now: number): void {
    const { requestsPerSecond, burst } = this.limit;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * requestsPerSecond >= burst) this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}

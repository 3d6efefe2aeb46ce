import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../../src/adapters/http/admission/token-buckets.ts';

describe('TokenBuckets', () => {
  it('lets a burst through, then refuses with the seconds until the next token', () => {
    const buckets = new TokenBuckets({ requestsPerSecond: 2, burst: 3 });
    expect([1, 2, 3].map(() => buckets.take('a', 0).allowed)).toEqual([true, true, true]);
    expect(buckets.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the rate, never above the burst', () => {
    const buckets = new TokenBuckets({ requestsPerSecond: 10, burst: 2 });
    buckets.take('a', 0);
    buckets.take('a', 0);
    expect(buckets.take('a', 50).allowed).toBe(false);
    expect(buckets.take('a', 100).allowed).toBe(true);
    // An hour idle still gives only `burst` requests.
    expect([1, 2, 3].map(() => buckets.take('a', 3_600_000).allowed)).toEqual([true, true, false]);
  });

  it('counts each key apart', () => {
    const buckets = new TokenBuckets({ requestsPerSecond: 1, burst: 1 });
    expect(buckets.take('a', 0).allowed).toBe(true);
    expect(buckets.take('a', 0).allowed).toBe(false);
    expect(buckets.take('b', 0).allowed).toBe(true);
  });

  it('asks a slow limit to wait longer than a second', () => {
    const buckets = new TokenBuckets({ requestsPerSecond: 0.1, burst: 1 });
    buckets.take('a', 0);
    expect(buckets.take('a', 0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('keeps at most maxKeys buckets: refilled ones go first, then the least recently used', () => {
    const buckets = new TokenBuckets({ requestsPerSecond: 1, burst: 5 }, 3);
    for (const key of ['a', 'b', 'c', 'a', 'b', 'c']) buckets.take(key, 0);
    buckets.take('a', 500);
    buckets.take('d', 1000);
    expect(buckets.size).toBe(3);
    // 'b' was the least recently used: forgotten, it starts again with a full bucket.
    for (let i = 0; i < 5; i++) expect(buckets.take('b', 1000).allowed).toBe(true);
    // Long idle buckets have refilled and are dropped instead.
    buckets.take('e', 100_000);
    expect(buckets.size).toBe(1);
  });
});

/**
 * What one request may ask of the server. kube-apiserver's own limits where it has them:
 * etcd keeps values up to 1.5 MiB, so no stored object is larger once encoded as JSON.
 */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** CPU quantities above a million cores are typing mistakes or attacks, not requests. */
export const MAX_CPU_MILLIS = 1_000_000 * 1000;

/** Bytes and counts must stay exact integers (8 PiB for memory and storage). */
export const MAX_QUANTITY = Number.MAX_SAFE_INTEGER;

/** Per-client request rate: a token bucket refilled at `requestsPerSecond`, holding at most `burst`. */
export interface RateLimit {
  /** 0 turns the limit off. */
  requestsPerSecond: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 50, burst: 200 };

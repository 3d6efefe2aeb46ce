export { admitObject } from './admit-object.ts';
export { DEFAULT_RATE_LIMIT, MAX_CPU_MILLIS, MAX_OBJECT_BYTES, MAX_QUANTITY, type RateLimit } from './limits.ts';
export { checkObjectSize, encodedSize } from './object-size.ts';
export { isDnsLabel, nameCauses } from './names.ts';
export { quantityCause, quantityCauses } from './quantities.ts';
export { clientKey, rateLimitMiddleware, type RateLimitOptions } from './rate-limit.ts';
export { TokenBuckets, type Admission } from './token-buckets.ts';

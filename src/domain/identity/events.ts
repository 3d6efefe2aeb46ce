import type { Event } from '../shared/decider.ts';

/** A bearer token was issued to a user; only its SHA-256 is kept, never the token itself. */
export type UserTokenIssued = Event<'UserTokenIssued', { name: string; tokenId: string; tokenHash: string; groups: string[]; issuedAt: string }>;
export type UserTokenRevoked = Event<'UserTokenRevoked', { name: string; tokenId: string; revokedAt: string }>;

export type IdentityEvent = UserTokenIssued | UserTokenRevoked;

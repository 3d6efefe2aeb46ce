import type { Command } from '../shared/decider.ts';

/** The caller draws the token and hashes it; the domain sees the hash only. */
export type IssueUserToken = Command<'IssueUserToken', { name: string; tokenId: string; tokenHash: string; groups: string[] }>;
export type RevokeUserToken = Command<'RevokeUserToken', { name: string; tokenId: string }>;

export type IdentityCommand = IssueUserToken | RevokeUserToken;

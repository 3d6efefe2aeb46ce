import { describe, expect, it } from 'vitest';
import { identityDecider, type IdentityEvent } from '../../../src/domain/identity/index.ts';
import { at, deciderSpec } from '../support/decider-spec.ts';

const spec = deciderSpec(identityDecider);
const hash = (digit: string): string => digit.repeat(64);
const issued = (tokenId: string, tokenHash: string, groups: string[] = []): IdentityEvent => ({
  type: 'UserTokenIssued',
  data: { name: 'alice', tokenId, tokenHash, groups, issuedAt: '2026-11-25T10:00:00.000Z' },
});
const revoked = (tokenId: string): IdentityEvent => ({ type: 'UserTokenRevoked', data: { name: 'alice', tokenId, revokedAt: '2026-11-25T10:00:00.000Z' } });
const issue = (tokenId: string, tokenHash: string, groups: string[] = [], name = 'alice') => ({ type: 'IssueUserToken' as const, data: { name, tokenId, tokenHash, groups }, metadata: at() });

describe('Identity decider', () => {
  it('issues a first token, which creates the user, keeping only its hash and groups (deduplicated)', () => {
    const state = spec.given([]).when(issue('t1', hash('a'), ['dev', 'dev', 'pacific:admins'])).then([issued('t1', hash('a'), ['dev', 'pacific:admins'])]);
    expect(state).toEqual({ status: 'Active', name: 'alice', createdAt: '2026-11-25T10:00:00.000Z', tokens: [{ tokenId: 't1', tokenHash: hash('a'), groups: ['dev', 'pacific:admins'], issuedAt: '2026-11-25T10:00:00.000Z' }], revokedTokenIds: [] });
  });

  it('gives a user several tokens; issuing the same token again changes nothing', () => {
    spec.given([issued('t1', hash('a'))]).when(issue('t2', hash('b'))).then([issued('t2', hash('b'))]);
    spec.given([issued('t1', hash('a'))]).when(issue('t1', hash('a'))).then([]);
  });

  it('refuses a reused token id, a hash held under another id, a malformed hash, names and groups', () => {
    spec.given([issued('t1', hash('a'))]).when(issue('t1', hash('b'))).thenThrows('AlreadyExists');
    spec.given([issued('t1', hash('a')), revoked('t1')]).when(issue('t1', hash('b'))).thenThrows('AlreadyExists');
    spec.given([issued('t1', hash('a'))]).when(issue('t2', hash('a'))).thenThrows('Conflict');
    spec.given([]).when(issue('t1', 'not-a-hash')).thenThrows('Invalid', /SHA-256/);
    spec.given([]).when(issue('t1', hash('A'))).thenThrows('Invalid');
    spec.given([]).when(issue('t1', hash('a'), [], 'system:ha')).thenThrows('Invalid', /reserved/);
    spec.given([]).when(issue('t1', hash('a'), [], 'bad name')).thenThrows('Invalid');
    spec.given([]).when(issue('t1', hash('a'), [], '')).thenThrows('Invalid');
    spec.given([]).when(issue('t1', hash('a'), ['ok', 'no spaces'])).thenThrows('Invalid', /groups\[1\]/);
    spec.given([]).when(issue('', hash('a'))).thenThrows('Invalid');
  });

  it('revokes a token once; revoking again changes nothing; an unknown token or user is NotFound', () => {
    const state = spec.given([issued('t1', hash('a')), issued('t2', hash('b'))]).when({ type: 'RevokeUserToken', data: { name: 'alice', tokenId: 't1' }, metadata: at() }).then([revoked('t1')]);
    expect(state).toMatchObject({ status: 'Active', tokens: [{ tokenId: 't2' }], revokedTokenIds: ['t1'] });
    spec.given([issued('t1', hash('a')), revoked('t1')]).when({ type: 'RevokeUserToken', data: { name: 'alice', tokenId: 't1' }, metadata: at() }).then([]);
    spec.given([issued('t1', hash('a'))]).when({ type: 'RevokeUserToken', data: { name: 'alice', tokenId: 'nope' }, metadata: at() }).thenThrows('NotFound');
    spec.given([]).when({ type: 'RevokeUserToken', data: { name: 'alice', tokenId: 't1' }, metadata: at() }).thenThrows('NotFound');
  });
});

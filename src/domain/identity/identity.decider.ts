import { assertNever, type Decider } from '../shared/decider.ts';
import { alreadyExists, conflict, invalid, notFound } from '../shared/errors.ts';
import type { IdentityCommand } from './commands.ts';
import type { IdentityEvent } from './events.ts';

export interface IssuedToken {
  tokenId: string;
  tokenHash: string;
  groups: string[];
  issuedAt: string;
}

export interface IdentityAbsent {
  status: 'Absent';
}

/** A user exists from its first token on; `tokens` are the ones still valid. */
export interface IdentityActive {
  status: 'Active';
  name: string;
  createdAt: string;
  tokens: IssuedToken[];
  revokedTokenIds: string[];
}

export type IdentityState = IdentityAbsent | IdentityActive;

export const identityInitialState = (): IdentityState => ({ status: 'Absent' });

// Kubernetes allows any string; these keep names printable and safe in stream names and kubeconfigs.
const principal = /^[A-Za-z0-9]([A-Za-z0-9._@:-]*[A-Za-z0-9])?$/;
const sha256Hex = /^[0-9a-f]{64}$/;

const assertPrincipal = (value: unknown, field: string): void => {
  if (typeof value !== 'string' || value.length > 253 || !principal.test(value)) {
    throw invalid(`${field}: Invalid value: "${String(value)}": must be 1-253 letters, digits, '.', '_', '@', ':' or '-', starting and ending with a letter or digit`, [
      { field, message: 'must be 1-253 letters, digits, ".", "_", "@", ":" or "-"' },
    ]);
  }
};

const assertUserName = (name: unknown): void => {
  assertPrincipal(name, 'user');
  // Controllers act as system:* users; nobody may hold a token in their name.
  if ((name as string).startsWith('system:')) throw invalid(`user: Invalid value: "${String(name)}": names starting with "system:" are reserved`, [{ field: 'user', message: 'reserved prefix "system:"' }]);
};

export const identityEvolve = (state: IdentityState, event: IdentityEvent): IdentityState => {
  switch (event.type) {
    case 'UserTokenIssued': {
      const { name, tokenId, tokenHash, groups, issuedAt } = event.data;
      const token: IssuedToken = { tokenId, tokenHash, groups, issuedAt };
      if (state.status === 'Absent') return { status: 'Active', name, createdAt: issuedAt, tokens: [token], revokedTokenIds: [] };
      return { ...state, tokens: [...state.tokens, token] };
    }
    case 'UserTokenRevoked':
      if (state.status === 'Absent') return state;
      return {
        ...state,
        tokens: state.tokens.filter((token) => token.tokenId !== event.data.tokenId),
        revokedTokenIds: [...state.revokedTokenIds, event.data.tokenId],
      };
    default:
      return assertNever(event);
  }
};

export const identityDecide = (command: IdentityCommand, state: IdentityState): IdentityEvent[] => {
  switch (command.type) {
    case 'IssueUserToken': {
      const { name, tokenId, tokenHash, groups } = command.data;
      assertUserName(name);
      if (typeof tokenId !== 'string' || tokenId.length === 0 || tokenId.length > 64) throw invalid('tokenId: Required value', [{ field: 'tokenId', message: 'must be 1-64 characters' }]);
      if (typeof tokenHash !== 'string' || !sha256Hex.test(tokenHash)) throw invalid('tokenHash: must be a hex SHA-256', [{ field: 'tokenHash', message: 'must be 64 lowercase hex digits' }]);
      if (!Array.isArray(groups) || groups.length > 32) throw invalid('groups: at most 32 groups', [{ field: 'groups', message: 'must be a list of at most 32 groups' }]);
      groups.forEach((group, index) => assertPrincipal(group, `groups[${index}]`));
      const unique = [...new Set(groups)];
      if (state.status === 'Active') {
        const same = state.tokens.find((token) => token.tokenId === tokenId);
        if (same && same.tokenHash === tokenHash) return [];
        if (same || state.revokedTokenIds.includes(tokenId)) throw alreadyExists(`token ${tokenId} of user ${name}`);
        if (state.tokens.some((token) => token.tokenHash === tokenHash)) throw conflict(`user ${name} already holds that token under another id`);
      }
      return [{ type: 'UserTokenIssued', data: { name, tokenId, tokenHash, groups: unique, issuedAt: command.metadata.now } }];
    }
    case 'RevokeUserToken': {
      const { name, tokenId } = command.data;
      if (state.status === 'Absent') throw notFound(`user ${name}`);
      // Revoking twice changes nothing; the history keeps the first revocation.
      if (state.revokedTokenIds.includes(tokenId)) return [];
      if (!state.tokens.some((token) => token.tokenId === tokenId)) throw notFound(`token ${tokenId} of user ${name}`);
      return [{ type: 'UserTokenRevoked', data: { name, tokenId, revokedAt: command.metadata.now } }];
    }
    default:
      return assertNever(command);
  }
};

export const identityDecider: Decider<IdentityState, IdentityCommand, IdentityEvent> = {
  initialState: identityInitialState,
  evolve: identityEvolve,
  decide: identityDecide,
};

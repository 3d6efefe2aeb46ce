import { createHash, randomBytes } from 'node:crypto';
import type { IdentityState } from '../../domain/identity/index.ts';
import { identityAggregate } from '../aggregates.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import type { Inventory, InventoryChange } from '../inventory/inventory.ts';
import type { Pacific } from './pacific.ts';

/** Who a token stands for. */
export interface Principal {
  name: string;
  groups: string[];
}

export interface IssuedBearerToken extends Principal {
  tokenId: string;
  /** Shown once, to the caller: the store keeps only its hash. */
  token: string;
}

/** The hex SHA-256 of a bearer token: what the log stores and what lookups are keyed by. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** 32 random bytes, base64url: no alphabet clashes in headers, kubeconfigs or shells. */
export const newBearerToken = (): string => randomBytes(32).toString('base64url');

/**
 * Token hash -> principal for every valid token, kept from the inventory: built from the Identity
 * objects present at start and updated on each change, so a revoked token stops working as soon
 * as its revocation is projected.
 */
export class TokenIndex {
  private readonly byHash = new Map<string, Principal & { tokenId: string }>();
  private readonly stopListening: () => void;
  private readonly revocationListeners = new Set<(tokenHash: string) => void>();

  constructor(inventory: Inventory) {
    for (const object of inventory.list('Identity')) this.add(object.state as IdentityState);
    this.stopListening = inventory.onChange((change: InventoryChange) => {
      if (change.object.kind !== 'Identity') return;
      const before = validHashes(change.previousState as IdentityState);
      this.remove(change.previousState as IdentityState);
      this.add(change.object.state as IdentityState);
      for (const tokenHash of before) if (!this.byHash.has(tokenHash)) for (const listener of this.revocationListeners) listener(tokenHash);
    });
  }

  /** Hears the hash of every token that stops being valid (revoked, or its user deleted). */
  onRevoked(listener: (tokenHash: string) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  /** A lookup by hash: comparing hashes of random tokens leaks nothing useful through timing. */
  lookup(tokenHash: string): (Principal & { tokenId: string }) | undefined {
    return this.byHash.get(tokenHash);
  }

  get size(): number {
    return this.byHash.size;
  }

  close(): void {
    this.stopListening();
  }

  private add(state: IdentityState): void {
    if (state.status !== 'Active') return;
    for (const { tokenHash, tokenId, groups } of state.tokens) this.byHash.set(tokenHash, { name: state.name, groups, tokenId });
  }

  private remove(state: IdentityState): void {
    if (state.status !== 'Active') return;
    for (const { tokenHash } of state.tokens) this.byHash.delete(tokenHash);
  }
}

const validHashes = (state: IdentityState): string[] => (state.status === 'Active' ? state.tokens.map(({ tokenHash }) => tokenHash) : []);

/** Users and their bearer tokens: issue, revoke, and resolve a presented token to a principal. */
export class IdentityService {
  private readonly index: TokenIndex;
  /** Tokens held in memory only (never stored): for embedding the app, e.g. in tests. */
  private readonly staticTokens = new Map<string, Principal>();

  constructor(private readonly pacific: Pacific) {
    this.index = new TokenIndex(pacific.inventory);
  }

  async issueToken(user: string, groups: readonly string[], context: CommandContext): Promise<IssuedBearerToken> {
    const token = newBearerToken();
    const tokenId = this.pacific.newUid();
    const result = await this.pacific.execute(identityAggregate, user, { type: 'IssueUserToken', data: { name: user, tokenId, tokenHash: hashToken(token), groups: [...groups] } }, context);
    const issued = result.state.status === 'Active' ? result.state.tokens.find((candidate) => candidate.tokenId === tokenId) : undefined;
    return { name: user, groups: issued?.groups ?? [...groups], tokenId, token };
  }

  async revokeToken(user: string, tokenId: string, context: CommandContext): Promise<void> {
    await this.pacific.execute(identityAggregate, user, { type: 'RevokeUserToken', data: { name: user, tokenId } }, context);
  }

  /** The principal a presented token stands for, or undefined for an unknown or revoked one. */
  authenticate(token: string): Principal | undefined {
    if (token.length === 0 || token.length > 4096) return undefined;
    const hash = hashToken(token);
    const known = this.staticTokens.get(hash) ?? this.index.lookup(hash);
    return known ? { name: known.name, groups: [...known.groups] } : undefined;
  }

  /** Hears the hash of every stored token that stops being valid, once its change is projected. */
  onRevoked(listener: (tokenHash: string) => void): () => void {
    return this.index.onRevoked(listener);
  }

  /** Accepts `token` for `principal` until the process ends; nothing is written to the log. */
  addStaticToken(token: string, principal: Principal): void {
    this.staticTokens.set(hashToken(token), { name: principal.name, groups: [...principal.groups] });
  }

  /** The valid tokens of a user, without their hashes. */
  tokensOf(user: string): { tokenId: string; groups: string[]; issuedAt: string }[] {
    const state = this.pacific.inventory.get('Identity', null, user)?.state as IdentityState | undefined;
    return state?.status === 'Active' ? state.tokens.map(({ tokenId, groups, issuedAt }) => ({ tokenId, groups, issuedAt })) : [];
  }

  close(): void {
    this.index.close();
  }
}

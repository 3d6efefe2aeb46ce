import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../src/adapters/eventstore/in-memory-event-store.ts';
import { allAggregates } from '../../../src/application/aggregates.ts';
import { CommandHandler } from '../../../src/application/commands/command-handler.ts';
import { Inventory } from '../../../src/application/inventory/inventory.ts';
import { InventoryProjector } from '../../../src/application/inventory/inventory-projector.ts';
import { IdentityService, hashToken, newBearerToken } from '../../../src/application/services/identity.service.ts';
import { Pacific } from '../../../src/application/services/pacific.ts';

const running: { projector: InventoryProjector; identities: IdentityService }[] = [];

const start = async (store = new InMemoryEventStore()) => {
  const projector = new InventoryProjector(store, new Inventory(allAggregates));
  await projector.start();
  const identities = new IdentityService(new Pacific(new CommandHandler(store), projector, { now: () => '2026-11-25T10:00:00.000Z' }));
  running.push({ projector, identities });
  return { store, identities };
};

afterEach(async () => {
  for (const { projector, identities } of running.splice(0)) {
    identities.close();
    await projector.stop();
  }
});

describe('bearer tokens', () => {
  it('are 32 random bytes in base64url, hashed with SHA-256 (hex)', () => {
    const token = newBearerToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newBearerToken()).not.toBe(token);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('are stored as hashes only, with the actor who issued them', async () => {
    const { store, identities } = await start();
    const issued = await identities.issueToken('alice', ['dev'], { actor: 'admin' });
    const [event] = await store.readStream('identity-alice');
    expect(event!.type).toBe('UserTokenIssued');
    expect(event!.data).toEqual({ name: 'alice', tokenId: issued.tokenId, tokenHash: hashToken(issued.token), groups: ['dev'], issuedAt: '2026-11-25T10:00:00.000Z' });
    expect(event!.metadata.actor).toBe('admin');
    expect(JSON.stringify(await store.readAll())).not.toContain(issued.token);
  });

  it('resolve to their user and groups until revoked; unknown tokens resolve to nothing', async () => {
    const { identities } = await start();
    const first = await identities.issueToken('alice', ['dev'], { actor: 'admin' });
    const second = await identities.issueToken('alice', [], { actor: 'admin' });
    expect(identities.authenticate(first.token)).toEqual({ name: 'alice', groups: ['dev'] });
    expect(identities.authenticate(second.token)).toEqual({ name: 'alice', groups: [] });
    expect(identities.authenticate('nope')).toBeUndefined();
    expect(identities.authenticate('')).toBeUndefined();
    expect(identities.tokensOf('alice').map((token) => token.tokenId)).toEqual([first.tokenId, second.tokenId]);

    await identities.revokeToken('alice', first.tokenId, { actor: 'admin' });
    expect(identities.authenticate(first.token)).toBeUndefined();
    expect(identities.authenticate(second.token)).toEqual({ name: 'alice', groups: [] });
  });

  it('are found again from the log by a new process (the index is rebuilt from the inventory)', async () => {
    const store = new InMemoryEventStore();
    const before = await start(store);
    const kept = await before.identities.issueToken('bob', ['ops'], { actor: 'admin' });
    const dropped = await before.identities.issueToken('bob', [], { actor: 'admin' });
    await before.identities.revokeToken('bob', dropped.tokenId, { actor: 'admin' });
    const after = await start(store);
    expect(after.identities.authenticate(kept.token)).toEqual({ name: 'bob', groups: ['ops'] });
    expect(after.identities.authenticate(dropped.token)).toBeUndefined();
  });

  it('static tokens authenticate without touching the store', async () => {
    const { store, identities } = await start();
    identities.addStaticToken('static-secret', { name: 'admin', groups: ['pacific:admins'] });
    expect(identities.authenticate('static-secret')).toEqual({ name: 'admin', groups: ['pacific:admins'] });
    expect(await store.headPosition()).toBe(0);
  });
});

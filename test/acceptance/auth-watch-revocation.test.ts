import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_GROUP } from '../../src/adapters/http/auth/request-user.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

/** Reads a streamed body until it ends; resolves with what arrived, or 'open' if it is still streaming after `ms`. */
const readUntilEnd = async (body: ReadableStream<Uint8Array>, ms: number): Promise<string | 'open'> => {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      await reader.cancel();
      return 'open';
    }
    const chunk = await Promise.race([reader.read(), new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), left))]);
    if (chunk === 'timeout') continue;
    if (chunk.done) return text;
    text += decoder.decode(chunk.value);
  }
};

describe('revoking a token ends the watches it opened', () => {
  let p: HttpPacific;
  beforeEach(async () => {
    p = await startHttpPacific({}, { anonymousAdmin: false });
  });
  afterEach(async () => {
    await p.stop();
  });

  it("ends a revoked token's open watch, leaves another token's watch open, and refuses the token afterwards", async () => {
    const identities = p.application.identities;
    const bob = await identities.issueToken('bob', [ADMIN_GROUP], { actor: 'admin' });
    const carol = await identities.issueToken('carol', [ADMIN_GROUP], { actor: 'admin' });
    const watch = (token: string) => fetch(`${p.url}/api/v1/namespaces?watch=true`, { headers: { authorization: `Bearer ${token}` } });
    const bobsWatch = await watch(bob.token);
    const carolsWatch = await watch(carol.token);
    expect([bobsWatch.status, carolsWatch.status]).toEqual([200, 200]);

    await identities.revokeToken('bob', bob.tokenId, { actor: 'admin' });

    const [bobs, carols] = await Promise.all([readUntilEnd(bobsWatch.body!, 3_000), readUntilEnd(carolsWatch.body!, 500)]);
    expect(bobs).not.toBe('open');
    expect(carols).toBe('open');
    const again = await watch(bob.token);
    expect(again.status).toBe(401);
    await again.body?.cancel();
  });
});

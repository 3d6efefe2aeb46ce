import { afterEach, describe, expect, it } from 'vitest';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

describe('authentication of the in-process app', () => {
  let p: HttpPacific;
  afterEach(async () => {
    await p?.stop();
  });

  it('by default lets token-less requests act as admin, but refuses a bad token', async () => {
    p = await startHttpPacific();
    expect((await p.request('GET', '/api/v1/nodes')).status).toBe(200);
    expect((await p.request('GET', '/api/v1/nodes', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await p.request('GET', '/api/v1/nodes', undefined, { authorization: `Bearer ${p.adminToken}` })).status).toBe(200);
  });

  it('with anonymousAdmin false behaves as `pacific serve`: tokens issued at /admin/tokens name the actor of each write', async () => {
    p = await startHttpPacific({}, { anonymousAdmin: false });
    expect((await p.request('GET', '/api/v1/nodes')).body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect((await p.request('GET', '/livez')).status).toBe(200);
    const asAdmin = { authorization: `Bearer ${p.adminToken}` };
    const issued = await p.request('POST', '/admin/tokens', { user: 'dana', groups: ['pacific:admins'] }, asAdmin);
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ user: 'dana', groups: ['pacific:admins'], tokenId: expect.any(String), token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const asDana = { authorization: `Bearer ${issued.body.token}` };
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'danas' } }, asDana)).status).toBe(201);
    const [created] = await p.store.readStream('namespace-danas');
    expect(created!.metadata.actor).toBe('dana');
    const [tokenIssued] = await p.store.readStream('identity-dana');
    expect(tokenIssued!.metadata.actor).toBe('admin');
  });
});

import express from 'express';
import { describe, expect, it } from 'vitest';
import { authenticate, bearerTokenOf, isPublicPath } from '../../../src/adapters/http/auth/authenticate.ts';
import type { RequestUser } from '../../../src/adapters/http/auth/request-user.ts';
import { statusErrorMiddleware } from '../../../src/adapters/http/ops/errors.ts';
import { createLogger } from '../../../src/adapters/http/ops/logging.ts';
import { useServedApps } from '../http/support/serve-app.ts';

const serve = useServedApps();
const users: Record<string, RequestUser> = { 'good-token': { name: 'alice', groups: ['dev'] } };

const appWith = (options: Parameters<typeof authenticate>[1] = {}, presetUser?: RequestUser): express.Express => {
  const app = express();
  if (presetUser) app.use((req, _res, next) => ((req.user = presetUser), next()));
  app.use(authenticate((token) => users[token], options));
  app.get(['/whoami', '/version', '/ui/index.html'], (req, res) => res.json(req.user ?? null));
  app.post('/version', (req, res) => res.json(req.user ?? null));
  app.use(statusErrorMiddleware(createLogger({ level: 'silent' })));
  return app;
};

const get = async (base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: any }> => {
  const response = await fetch(`${base}${path}`, { method, headers });
  return { status: response.status, body: await response.json() };
};

describe('bearer token parsing', () => {
  it('takes the token of "Bearer <token>", any case, and nothing else', () => {
    expect(bearerTokenOf('Bearer abc.def')).toBe('abc.def');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
    expect(bearerTokenOf(undefined)).toBeUndefined();
    expect(bearerTokenOf('Basic YWxpY2U6cHc=')).toBeUndefined();
    expect(bearerTokenOf('Bearer')).toBeUndefined();
    expect(bearerTokenOf('Bearer a b')).toBeUndefined();
  });

  it('knows the public paths', () => {
    expect(['/livez', '/readyz', '/healthz', '/version', '/ui', '/ui/assets/x.js'].every(isPublicPath)).toBe(true);
    expect(['/api', '/apis', '/metrics', '/openapi/v3', '/admin/tokens', '/uix'].some(isPublicPath)).toBe(false);
  });
});

describe('the authentication middleware', () => {
  it('sets req.user (with system:authenticated) from a valid token', async () => {
    const base = await serve(appWith());
    expect(await get(base, '/whoami', { authorization: 'Bearer good-token' })).toEqual({ status: 200, body: { name: 'alice', groups: ['dev', 'system:authenticated'] } });
  });

  it('answers 401 Unauthorized as a Status for a missing, unknown or malformed token, saying nothing more', async () => {
    const base = await serve(appWith());
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer bad-token' }, { authorization: 'Basic Z29vZC10b2tlbg==' }, { authorization: 'good-token' }]) {
      const answer = await get(base, '/whoami', headers);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', message: 'Unauthorized', code: 401 });
    }
  });

  it('lets reads of public paths through without a token, but not writes, nor a bad token', async () => {
    const base = await serve(appWith());
    expect(await get(base, '/version')).toEqual({ status: 200, body: null });
    expect(await get(base, '/ui/index.html')).toEqual({ status: 200, body: null });
    expect((await get(base, '/version', {}, 'POST')).status).toBe(401);
    expect((await get(base, '/version', { authorization: 'Bearer bad-token' })).status).toBe(401);
  });

  it('in embedded mode, lets requests without a header act as the anonymous user; a bad token is still refused', async () => {
    const base = await serve(appWith({ anonymous: { name: 'admin', groups: ['pacific:admins'] } }));
    expect((await get(base, '/whoami')).body).toEqual({ name: 'admin', groups: ['pacific:admins', 'system:authenticated'] });
    expect((await get(base, '/whoami', { authorization: 'Bearer good-token' })).body.name).toBe('alice');
    expect((await get(base, '/whoami', { authorization: 'Bearer bad-token' })).status).toBe(401);
  });

  it('keeps a user an enclosing app already established', async () => {
    const base = await serve(appWith({}, { name: 'carol', groups: [] }));
    expect((await get(base, '/whoami')).body).toEqual({ name: 'carol', groups: [] });
  });
});

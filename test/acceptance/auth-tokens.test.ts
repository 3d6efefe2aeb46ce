import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite-event-store.ts';
import { hashToken } from '../../src/application/services/identity.service.ts';
import { requestServer } from '../../src/cli/server-request.ts';
import { readKubeconfig, type KubeconfigTarget } from '../../src/cli/sim.ts';
import { findKubectl, kubectlFor } from './support/kubectl.ts';
import { pacificBin, run, servePacific, type ServedPacific } from './support/spawn.ts';

const json = async (target: KubeconfigTarget, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
  const answer = await requestServer(target, method, path, body);
  let parsed: unknown = answer.body;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    // not JSON: keep the text
  }
  return { status: answer.status, body: parsed };
};

const unauthorized = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

describe('bearer tokens against pacific serve over https', () => {
  let pacific: ServedPacific;
  let admin: KubeconfigTarget;
  const tokenCli = (args: string[], kubeconfig: string) => run([pacificBin, 'token', ...args], { ...process.env, KUBECONFIG: kubeconfig });

  /** `pacific token create` as the admin; the printed kubeconfig is saved and read back. */
  const createUser = async (user: string, groups: string[] = []): Promise<{ path: string; target: KubeconfigTarget; tokenId: string }> => {
    const created = await tokenCli(['create', '--user', user, ...groups.flatMap((group) => ['--group', group])], pacific.kubeconfig);
    expect(created.code, created.output).toBe(0);
    const path = join(pacific.dataDir, `${user}.kubeconfig`);
    writeFileSync(path, created.output, { mode: 0o600 });
    return { path, target: readKubeconfig(path), tokenId: /# token (\S+) for user/.exec(created.output)![1]! };
  };

  beforeAll(async () => {
    pacific = await servePacific(['--sim-boot-ms', '20', '--sim-hosts', '2']);
    admin = readKubeconfig(pacific.kubeconfig);
  }, 30_000);
  afterAll(async () => {
    await pacific?.stop();
  });

  it('answers 401 without a token or with a bad one; health checks stay public; the admin token works', async () => {
    expect(admin.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const anonymous = { server: admin.server, caData: admin.caData! };
    expect(await json(anonymous, 'GET', '/api/v1/nodes')).toMatchObject({ status: 401, body: unauthorized });
    expect((await json(anonymous, 'GET', '/apis')).status).toBe(401);
    expect((await json(anonymous, 'GET', '/admin/inventory/digest')).status).toBe(401);
    expect((await json({ ...anonymous, token: 'not-a-token' }, 'GET', '/api/v1/nodes')).status).toBe(401);
    expect((await json({ ...anonymous, token: `${admin.token}x` }, 'GET', '/api/v1/nodes')).status).toBe(401);
    expect(await json(anonymous, 'GET', '/livez')).toEqual({ status: 200, body: 'ok' });
    expect((await json(anonymous, 'GET', '/version')).body.gitVersion).toMatch(/pacific/);

    const nodes = await json(admin, 'GET', '/api/v1/nodes');
    expect(nodes.status).toBe(200);
    expect(nodes.body.items).toHaveLength(2);
    expect((await json(admin, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {})).body.status.userInfo).toEqual({ username: 'admin', groups: ['pacific:admins', 'system:authenticated'] });
  });

  it('`pacific token create` prints a kubeconfig for a new user whose writes carry that user as actor; only hashes are stored', async () => {
    const alice = await createUser('alice', ['pacific:admins']);
    expect(alice.target.server).toBe(admin.server);
    expect(alice.target.caData).toBe(admin.caData);
    expect(alice.target.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(alice.path, 'utf8')).not.toContain('insecure-skip-tls-verify');

    const created = await json(alice.target, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alices' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const audit = await run([pacificBin, 'audit', 'namespace/alices', '--data-dir', pacific.dataDir]);
    expect(audit.code, audit.output).toBe(0);
    expect(audit.output).toMatch(/\salice\s+NamespaceCreated\s/);

    const store = SqliteEventStore.open(join(pacific.dataDir, 'events.db'));
    try {
      const [issued] = await store.readStream('identity-alice');
      expect(issued).toMatchObject({ type: 'UserTokenIssued', data: { name: 'alice', tokenId: alice.tokenId, tokenHash: hashToken(alice.target.token!), groups: ['pacific:admins'] }, metadata: { actor: 'admin' } });
      const [adminIssued] = await store.readStream('identity-admin');
      expect(adminIssued).toMatchObject({ type: 'UserTokenIssued', data: { name: 'admin', groups: ['pacific:admins'] }, metadata: { actor: 'system:bootstrap' } });
      expect(JSON.stringify(await store.readAll())).not.toContain(alice.target.token!);
    } finally {
      await store.close();
    }
    for (const file of readdirSync(pacific.dataDir).filter((name) => name.startsWith('events.db'))) {
      const bytes = readFileSync(join(pacific.dataDir, file));
      expect(bytes.includes(alice.target.token!), file).toBe(false);
      expect(bytes.includes(admin.token!), file).toBe(false);
    }
  });

  it('a token without groups authenticates as its user, who cannot issue tokens; a revoked token is refused', async () => {
    const bob = await createUser('bob');
    expect((await json(bob.target, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {})).body.status.userInfo).toEqual({ username: 'bob', groups: ['system:authenticated'] });
    const refused = await tokenCli(['create', '--user', 'eve'], bob.path);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/^error: .*(forbidden|cannot)/i);
    expect((await json(bob.target, 'POST', '/admin/tokens', { user: 'eve', groups: ['pacific:admins'] })).status).toBe(403);

    const revoked = await tokenCli(['revoke', '--user', 'bob', '--id', bob.tokenId], pacific.kubeconfig);
    expect(revoked.output).toMatch(/revoked/);
    expect(revoked.code).toBe(0);
    expect(await json(bob.target, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {})).toMatchObject({ status: 401, body: unauthorized });
    expect((await json(admin, 'GET', '/admin/tokens/bob')).body).toEqual({ user: 'bob', tokens: [] });
  });

  it('refuses malformed token requests with a Status', async () => {
    expect((await json(admin, 'POST', '/admin/tokens', {})).body).toMatchObject({ kind: 'Status', code: 400 });
    expect((await json(admin, 'POST', '/admin/tokens', { user: 'system:ha' })).body).toMatchObject({ kind: 'Status', code: 422 });
    expect((await json(admin, 'POST', '/admin/tokens', { user: 'carol', groups: 'pacific:admins' })).body).toMatchObject({ kind: 'Status', code: 400 });
    expect((await json(admin, 'DELETE', '/admin/tokens/nobody/none')).body).toMatchObject({ kind: 'Status', code: 404 });
  });

  const kubectlBinary = findKubectl();
  it.skipIf(!kubectlBinary)('kubectl trusts the CA and sends the token of the kubeconfig it is given', async () => {
    const carol = await createUser('carol', ['pacific:admins']);
    const kubectl = kubectlFor(kubectlBinary!, carol.path);
    try {
      expect(await kubectl.ok(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).toBe('carol');
      await kubectl.ok(['create', 'namespace', 'carols']);
      const history = await run([pacificBin, 'audit', 'namespace/carols', '--data-dir', pacific.dataDir]);
      expect(history.output).toMatch(/\scarol\s+NamespaceCreated\s/);
    } finally {
      kubectl.dispose();
    }
  });
});

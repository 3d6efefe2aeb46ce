import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKubeconfig } from '../../src/adapters/http/ops/kubeconfig.ts';
import { findKubectl, kubectlFor } from './support/kubectl.ts';
import { startRbacPacific, type RbacPacific, type TestUser } from './support/rbac-pacific.ts';

const admin: TestUser = { name: 'root', groups: ['pacific:admins'] };
const vera: TestUser = { name: 'vera', groups: [] };
const eddie: TestUser = { name: 'eddie', groups: ['devs'] };
const olga: TestUser = { name: 'olga', groups: [] };
const nora: TestUser = { name: 'nora', groups: [] };

const permission = (name: string, kind: 'User' | 'Group', subject: string, role: string) => ({
  apiVersion: 'pacific.io/v1alpha1',
  kind: 'NamespacePermission',
  metadata: { name },
  spec: { subject: { kind, name: subject }, role },
});
const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
const permissions = (ns: string): string => `/apis/pacific.io/v1alpha1/namespaces/${ns}/namespacepermissions`;
const names = (body: { items: { metadata: { namespace?: string; name: string } }[] }): string[] => body.items.map((item) => `${item.metadata.namespace ?? ''}/${item.metadata.name}`);

describe('RBAC: what each user sees across namespaces, and kubectl auth can-i', () => {
  let p: RbacPacific;

  const ok = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await p.request(admin, method, path, body);
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  beforeAll(async () => {
    p = await startRbacPacific();
    for (const ns of ['shop', 'bank', 'lab']) {
      await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      await ok('POST', `/api/v1/namespaces/${ns}/pods`, pod(`${ns}-web`));
    }
    await ok('POST', permissions('shop'), permission('vera-view', 'User', 'vera', 'View'));
    await ok('POST', permissions('lab'), permission('vera-view', 'User', 'vera', 'View'));
    await ok('POST', permissions('shop'), permission('devs-edit', 'Group', 'devs', 'Edit'));
    await ok('POST', permissions('shop'), permission('olga-owner', 'User', 'olga', 'Owner'));
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it('lists across namespaces only the permitted ones, without refusing', async () => {
    expect(names((await p.request(vera, 'GET', '/api/v1/pods')).body)).toEqual(['lab/lab-web', 'shop/shop-web']);
    expect(names((await p.request(eddie, 'GET', '/api/v1/pods')).body)).toEqual(['shop/shop-web']);
    expect(await p.request(nora, 'GET', '/api/v1/pods')).toMatchObject({ status: 200, body: { kind: 'PodList', items: [] } });
    expect(names((await p.request(admin, 'GET', '/api/v1/pods')).body)).toEqual(['bank/bank-web', 'lab/lab-web', 'shop/shop-web']);
    const page = (await p.request(vera, 'GET', '/api/v1/pods?limit=1')).body;
    expect([names(page), page.metadata.remainingItemCount]).toEqual([['lab/lab-web'], 1]);
  });

  it('lists and gets only the namespaces where the user holds a role', async () => {
    expect(names((await p.request(vera, 'GET', '/api/v1/namespaces')).body)).toEqual(['/lab', '/shop']);
    expect(names((await p.request(nora, 'GET', '/api/v1/namespaces')).body)).toEqual([]);
    expect((await p.request(vera, 'GET', '/api/v1/namespaces/shop')).status).toBe(200);
    expect((await p.request(vera, 'GET', '/api/v1/namespaces/bank')).status).toBe(403);
    expect(names((await p.request(admin, 'GET', '/api/v1/namespaces')).body)).toEqual(expect.arrayContaining(['/bank', '/lab', '/shop']));
  });

  it('narrows watches across namespaces to the permitted ones, live changes included', async () => {
    const watching = p.watch(eddie, '/api/v1/pods?watch=true', 700);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await ok('POST', '/api/v1/namespaces/bank/pods', pod('bank-live'));
    await ok('POST', '/api/v1/namespaces/shop/pods', pod('shop-live'));
    const { status, objects } = await watching;
    expect(status).toBe(200);
    const seen = new Set(objects.map((object) => `${object.metadata.namespace}/${object.metadata.name}`));
    expect(seen).toEqual(new Set(['shop/shop-web', 'shop/shop-live']));
    const namespaces = await p.watch(vera, '/api/v1/namespaces?watch=true', 200);
    expect(new Set(namespaces.objects.map((object) => object.metadata.name))).toEqual(new Set(['lab', 'shop']));
  });

  it('lets every user read the cluster-wide catalog but not change it, and keeps admin endpoints to admins', async () => {
    for (const path of ['/api/v1/nodes', '/apis/storage.k8s.io/v1/storageclasses', '/apis/vmoperator.vmware.com/v1alpha3/clustervirtualmachineimages', '/apis/run.tanzu.vmware.com/v1alpha3/tanzukubernetesreleases']) {
      expect((await p.request(nora, 'GET', path)).status, path).toBe(200);
    }
    expect((await p.request(olga, 'POST', '/apis/storage.k8s.io/v1/storageclasses', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'x' } })).status).toBe(403);
    expect((await p.request(olga, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mine' } })).status).toBe(403);
    for (const path of ['/metrics', '/admin/inventory/digest']) {
      expect(await p.request(olga, 'GET', path), path).toMatchObject({ status: 403, body: { reason: 'Forbidden', message: `forbidden: User "olga" cannot get path "${path}"` } });
      expect((await p.request(admin, 'GET', path)).status, path).toBe(200);
    }
    for (const path of ['/api', '/api/v1', '/apis', '/apis/pacific.io/v1alpha1', '/openapi/v3', '/version']) expect((await p.request(nora, 'GET', path)).status, path).toBe(200);
  });

  it('applies a permission as soon as it is granted or revoked; an Owner grants them', async () => {
    expect((await p.request(nora, 'GET', '/api/v1/namespaces/shop/pods')).status).toBe(403);
    expect((await p.request(olga, 'POST', permissions('shop'), permission('nora-edit', 'User', 'nora', 'Edit'))).status).toBe(201);
    expect((await p.request(nora, 'POST', '/api/v1/namespaces/shop/pods', pod('by-nora'))).status).toBe(201);
    expect((await p.request(nora, 'POST', permissions('shop'), permission('nora-owner', 'User', 'nora', 'Owner'))).status).toBe(403);
    expect((await p.request(olga, 'POST', permissions('bank'), permission('nora-edit', 'User', 'nora', 'Edit'))).status).toBe(403);
    expect((await p.request(olga, 'DELETE', `${permissions('shop')}/nora-edit`)).status).toBe(200);
    expect((await p.request(nora, 'GET', '/api/v1/namespaces/shop/pods')).status).toBe(403);
  });

  it('validates NamespacePermission specs', async () => {
    const invalid = await p.request(olga, 'POST', permissions('shop'), { ...permission('bad', 'User', 'x', 'Admin') });
    expect(invalid).toMatchObject({ status: 422, body: { reason: 'Invalid' } });
    expect(invalid.body.message).toContain('spec.role');
  });

  it('answers SelfSubjectAccessReview with the same policy', async () => {
    const review = async (user: TestUser, spec: Record<string, unknown>) =>
      p.request(user, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec });
    const allowed = await review(eddie, { resourceAttributes: { namespace: 'shop', verb: 'create', resource: 'pods' } });
    expect(allowed).toMatchObject({ status: 201, body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', status: { allowed: true, reason: 'User "eddie" holds role Edit in namespace "shop"' } } });
    expect((await review(eddie, { resourceAttributes: { namespace: 'shop', verb: 'create', resource: 'resourcequotas' } })).body.status).toEqual({ allowed: false });
    expect((await review(eddie, { resourceAttributes: { namespace: 'bank', verb: 'get', resource: 'pods' } })).body.status.allowed).toBe(false);
    expect((await review(eddie, { nonResourceAttributes: { verb: 'get', path: '/metrics' } })).body.status.allowed).toBe(false);
    expect((await review(admin, { nonResourceAttributes: { verb: 'get', path: '/metrics' } })).body.status.allowed).toBe(true);
    expect((await review(eddie, {})).status).toBe(422);
  });

  const kubectlBinary = findKubectl();
  // As the other kubectl end-to-end tests: skipped on a machine without kubectl, never in CI.
  it.skipIf(!kubectlBinary && !process.env.CI)('kubectl auth can-i and kubectl get answer per user', async () => {
    expect(kubectlBinary, 'kubectl is not on PATH (nor /usr/bin/kubectl): CI must install it').toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'pacific-rbac-'));
    const kubectl = kubectlFor(kubectlBinary!, writeKubeconfig(dir, p.url));
    const as = (user: TestUser, ...args: string[]) => kubectl.run([...p.kubectlFlags(user), ...args]);
    try {
      expect(await as(eddie, 'auth', 'can-i', 'create', 'pods', '-n', 'shop')).toMatchObject({ code: 0, stdout: 'yes\n' });
      expect(await as(eddie, 'auth', 'can-i', 'delete', 'vm', '-n', 'shop')).toMatchObject({ code: 0, stdout: 'yes\n' });
      expect(await as(eddie, 'auth', 'can-i', 'create', 'resourcequotas', '-n', 'shop')).toMatchObject({ code: 1, stdout: 'no\n' });
      expect(await as(eddie, 'auth', 'can-i', 'list', 'pods', '-n', 'bank')).toMatchObject({ code: 1, stdout: 'no\n' });
      expect(await as(vera, 'auth', 'can-i', 'get', 'nsperm', '-n', 'shop')).toMatchObject({ code: 0, stdout: 'yes\n' });
      expect(await as(vera, 'auth', 'can-i', 'create', 'nsperm', '-n', 'shop')).toMatchObject({ code: 1, stdout: 'no\n' });
      expect(await as(olga, 'auth', 'can-i', 'create', 'nsperm', '-n', 'shop')).toMatchObject({ code: 0, stdout: 'yes\n' });
      expect(await as(olga, 'auth', 'can-i', 'create', 'namespaces')).toMatchObject({ code: 1, stdout: 'no\n' });
      expect(await as(admin, 'auth', 'can-i', 'create', 'namespaces')).toMatchObject({ code: 0, stdout: 'yes\n' });
      const refused = await as(eddie, 'get', 'pods', '-n', 'bank');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Error from server (Forbidden): pods is forbidden: User "eddie" cannot list resource "pods" in API group "" in the namespace "bank"');
      const listed = await as(vera, 'get', 'pods', '-A', '-o', 'custom-columns=NS:.metadata.namespace', '--no-headers');
      expect(new Set(listed.stdout.split('\n').filter(Boolean))).toEqual(new Set(['lab', 'shop']));
    } finally {
      kubectl.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';
import { describe, expect, it } from 'vitest';
import { authorize } from '../../../src/adapters/http/auth/authorize.ts';
import { StatusError } from '../../../src/adapters/http/kube/status.ts';
import { allAggregates } from '../../../src/application/aggregates.ts';
import { Inventory } from '../../../src/application/inventory/inventory.ts';
import { attributesOf, forbiddenPath, forbiddenResource } from '../../../src/adapters/http/auth/authorize-attributes.ts';
import { apiGroupList, apiResourceList } from '../../../src/adapters/http/kube/discovery.ts';
import { parseKubeDocument } from '../../../src/adapters/http/ops/body.ts';

const request = (method: string, path: string, query: Record<string, string> = {}): Request => ({ method, path, query }) as unknown as Request;
const alice = { name: 'alice', groups: [] };

describe('request attributes', () => {
  it('names the verb, group, resource, namespace and name as kube-apiserver does', () => {
    expect(attributesOf(request('GET', '/api/v1/namespaces/shop/pods'))).toEqual({ resource: { verb: 'list', group: '', resource: 'pods', subresource: '', namespace: 'shop', name: '' } });
    expect(attributesOf(request('GET', '/api/v1/pods', { watch: 'true' }))).toMatchObject({ resource: { verb: 'watch', namespace: '' } });
    expect(attributesOf(request('GET', '/api/v1/namespaces/shop/pods/web'))).toMatchObject({ resource: { verb: 'get', name: 'web' } });
    expect(attributesOf(request('DELETE', '/api/v1/namespaces/shop/pods'))).toMatchObject({ resource: { verb: 'deletecollection' } });
    expect(attributesOf(request('POST', '/api/v1/namespaces/shop/pods/web/eviction'))).toMatchObject({ resource: { verb: 'create', subresource: 'eviction', name: 'web' } });
    expect(attributesOf(request('PATCH', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines/db'))).toMatchObject({
      resource: { verb: 'patch', group: 'vmoperator.vmware.com', resource: 'virtualmachines', namespace: 'shop', name: 'db' },
    });
    expect(attributesOf(request('PUT', '/api/v1/namespaces/shop'))).toMatchObject({ resource: { verb: 'update', resource: 'namespaces', namespace: '', name: 'shop' } });
  });

  it('treats discovery and other paths as non-resource requests, and unknown API paths as nothing', () => {
    expect(attributesOf(request('GET', '/apis/pacific.io/v1alpha1'))).toEqual({ nonResource: { verb: 'get', path: '/apis/pacific.io/v1alpha1' } });
    expect(attributesOf(request('GET', '/metrics'))).toEqual({ nonResource: { verb: 'get', path: '/metrics' } });
    expect(attributesOf(request('POST', '/admin/sim/hosts/esx-01/fail'))).toEqual({ nonResource: { verb: 'post', path: '/admin/sim/hosts/esx-01/fail' } });
    expect(attributesOf(request('GET', '/api/v1/namespaces/shop/secrets'))).toBeUndefined();
  });

  it('words refusals as Kubernetes does', () => {
    expect(forbiddenResource(alice, { verb: 'list', group: '', resource: 'pods', subresource: '', namespace: 'shop', name: '' }).toStatus()).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "shop"',
      details: { kind: 'pods' },
    });
    expect(forbiddenResource(alice, { verb: 'delete', group: 'vmoperator.vmware.com', resource: 'virtualmachines', subresource: '', namespace: 'shop', name: 'db' }).message).toBe(
      'virtualmachines.vmoperator.vmware.com "db" is forbidden: User "alice" cannot delete resource "virtualmachines" in API group "vmoperator.vmware.com" in the namespace "shop"',
    );
    expect(forbiddenResource(alice, { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'shop', name: 'web' }).message).toBe(
      'pods "web" is forbidden: User "alice" cannot create resource "pods/eviction" in API group "" in the namespace "shop"',
    );
    expect(forbiddenResource(alice, { verb: 'create', group: '', resource: 'nodes', subresource: '', namespace: '', name: '' }).message).toBe(
      'nodes is forbidden: User "alice" cannot create resource "nodes" in API group "" at the cluster scope',
    );
    expect(forbiddenResource(alice, { verb: 'get', group: '', resource: 'namespaces', subresource: '', namespace: '', name: 'bank' }).message).toBe(
      'namespaces "bank" is forbidden: User "alice" cannot get resource "namespaces" in API group "" in the namespace "bank"',
    );
    expect(forbiddenPath(alice, { verb: 'get', path: '/metrics' }).message).toBe('forbidden: User "alice" cannot get path "/metrics"');
  });
});

describe('SelfSubjectAccessReview', () => {
  it('is listed by discovery as authorization.k8s.io/v1, create only', () => {
    expect(apiResourceList('authorization.k8s.io', 'v1').resources).toEqual([
      { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] },
    ]);
    expect(apiGroupList().groups.find((g) => g.name === 'authorization.k8s.io')!.preferredVersion).toEqual({ groupVersion: 'authorization.k8s.io/v1', version: 'v1' });
  });

  it('decodes the protobuf body kubectl auth can-i sends', () => {
    // `kubectl auth can-i create pods -n shop` (v1.32), as sent on the wire.
    const body = Buffer.from(
      '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123c0a100a0012001a0022002a00320038004200121e0a1c0a0473686f7012066372656174651a0022002a04706f647332003a001a08080012001a0020001a002200',
      'hex',
    );
    expect(parseKubeDocument(body, 'application/vnd.kubernetes.protobuf')).toMatchObject({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'shop', verb: 'create', group: '', version: '', resource: 'pods', subresource: '', name: '' } },
    });
  });
});

describe('authorize middleware without an authenticated user', () => {
  const statusOf = async (anonymous: 'deny' | 'admin', path: string): Promise<number> => {
    const app = express();
    app.use(authorize(new Inventory(allAggregates), { anonymous }));
    app.use((_req, res) => {
      res.status(204).end();
    });
    app.use((error: StatusError, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(error.code).json(error.toStatus());
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      return (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`)).status;
    } finally {
      server.close();
    }
  };

  it('answers 401 except on the public paths, by default', async () => {
    expect(await statusOf('deny', '/api/v1/namespaces/shop/pods')).toBe(401);
    expect(await statusOf('deny', '/apis')).toBe(401);
    expect(await statusOf('deny', '/metrics')).toBe(401);
    for (const path of ['/livez', '/readyz', '/healthz', '/version', '/ui/index.html']) expect(await statusOf('deny', path), path).toBe(204);
  });

  it('lets them act as the administrator in the pre-authentication mode', async () => {
    expect(await statusOf('admin', '/api/v1/namespaces/shop/pods')).toBe(204);
    expect(await statusOf('admin', '/metrics')).toBe(204);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

describe('the default namespace', () => {
  let p: HttpPacific;
  beforeEach(async () => {
    p = await startHttpPacific();
  });
  afterEach(async () => p.stop());

  it('is there from the first start, with the seeded classes, and takes pods as any other', async () => {
    const namespace = await p.request('GET', '/api/v1/namespaces/default');
    expect(namespace.status).toBe(200);
    expect(namespace.body.status.phase).toBe('Active');
    expect(await p.eventTypes('namespace-default')).toEqual(expect.arrayContaining(['NamespaceCreated']));
    const classes = await p.request('GET', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/default/virtualmachineclasses');
    expect(classes.body.items.length).toBeGreaterThan(0);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'x', image: 'nginx' }] } };
    expect((await p.request('POST', '/api/v1/namespaces/default/pods', pod)).status).toBe(201);
  });

  it('may not be deleted', async () => {
    const refused = await p.request('DELETE', '/api/v1/namespaces/default');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ kind: 'Status', reason: 'Forbidden', message: 'namespaces "default" is forbidden: this namespace may not be deleted' });
    expect((await p.request('GET', '/api/v1/namespaces/default')).body.status.phase).toBe('Active');
  });
});

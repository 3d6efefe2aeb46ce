import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uiRouter } from '../../src/adapters/http/ui.ts';
import { startHttpPacific, type HttpPacific } from '../acceptance/support/http-pacific.ts';

const listen = async (app: express.Express): Promise<{ url: string; server: Server }> => {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
};

describe('the console files at /ui', () => {
  let dist: string;
  let url: string;
  let server: Server;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'pacific-ui-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    const app = express();
    app.use(uiRouter(dist));
    ({ url, server } = await listen(app));
  });

  afterAll(() => {
    server?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at /ui/ and for every client-side route, never cached, with a strict CSP', async () => {
    const bare = await fetch(`${url}/ui`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/ui/']);
    for (const path of ['/ui/', '/ui/namespaces/shop', '/ui/namespaces/shop/virtualmachines/db', '/ui/cluster/nodes/esx-01?x=1']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain('<title>console</title>');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('serves hashed assets as immutable and answers 404 (not the page) for a missing one', async () => {
    const asset = await fetch(`${url}/ui/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');
    const missing = await fetch(`${url}/ui/assets/index-gone.js`);
    expect(missing.status).toBe(404);
  });

  it('says how to build the console when it is not built', async () => {
    const app = express();
    app.use(uiRouter(join(dist, 'not-built')));
    const other = await listen(app);
    try {
      const response = await fetch(`${other.url}/ui/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build:ui');
    } finally {
      other.server.close();
    }
  });
});

describe('the past, replayed from the log', () => {
  let p: HttpPacific;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

  beforeAll(async () => {
    p = await startHttpPacific();
  });

  afterAll(async () => {
    await p?.stop();
  });

  it('answers a namespace as it was at an instant, rendered as the API renders it', async () => {
    const beforeNamespace = new Date().toISOString();
    await pause();
    expect((await p.request('POST', '/api/v1/namespaces', { metadata: { name: 'shop' } })).status).toBe(201);
    await p.request('POST', '/apis/storage.k8s.io/v1/storageclasses', { metadata: { name: 'gold' }, provisioner: 'x' });
    const created = await p.request('POST', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines', { metadata: { name: 'db' }, spec: { className: 'best-effort-small', imageName: 'ubuntu-22.04', storageClass: 'gold' } });
    expect(created.status).toBe(201);
    await p.eventually('/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines/db', (vm) => vm.status?.powerState === 'PoweredOn');
    await pause();
    const withVm = new Date().toISOString();
    await pause();
    expect((await p.request('DELETE', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines/db')).status).toBe(200);
    await p.eventually('/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines', (list) => list.items.length === 0);

    const then = await p.request('GET', `/admin/namespaces/shop/as-of?time=${encodeURIComponent(withVm)}`);
    expect(then.status).toBe(200);
    expect(then.body.kind).toBe('List');
    expect(then.body.asOf).toBe(withVm);
    const vm = then.body.items.find((i: { kind: string }) => i.kind === 'VirtualMachine');
    expect(vm).toMatchObject({ apiVersion: 'vmoperator.vmware.com/v1alpha3', metadata: { name: 'db', namespace: 'shop' }, status: { powerState: 'PoweredOn' } });
    expect(then.body.items.find((i: { kind: string }) => i.kind === 'Namespace').metadata.name).toBe('shop');

    const now = await p.request('GET', `/admin/namespaces/shop/as-of?time=${encodeURIComponent(new Date().toISOString())}`);
    expect(now.body.items.filter((i: { kind: string }) => i.kind === 'VirtualMachine')).toEqual([]);
    const before = await p.request('GET', `/admin/namespaces/shop/as-of?time=${encodeURIComponent(beforeNamespace)}`);
    expect(before.body.items).toEqual([]);
    expect(Number(before.body.metadata.resourceVersion)).toBeLessThan(Number(then.body.metadata.resourceVersion));
  });

  it('refuses an instant that is not one', async () => {
    const bad = await p.request('GET', '/admin/namespaces/shop/as-of?time=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    expect((await p.request('GET', '/admin/namespaces/shop/as-of')).status).toBe(400);
  });

  it('samples every host allocation over a period in one pass over the log', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const answer = await p.request('GET', `/admin/hosts/utilisation?since=${encodeURIComponent(since)}&points=4`);
    expect(answer.status).toBe(200);
    expect(answer.body.times).toHaveLength(4);
    expect(answer.body.times[0]).toBe(since);
    expect(answer.body.hosts.map((h: { name: string }) => h.name)).toEqual(['esx-01', 'esx-02', 'esx-03']);
    for (const host of answer.body.hosts) {
      expect(host.capacity).toEqual({ cpuMillis: 16_000, memoryBytes: 64 * 2 ** 30, podVMs: expect.any(Number) });
      // Registered after `since`: unknown at first, known by now.
      expect(host.cpuMillis[0]).toBeNull();
      expect(host.cpuMillis[3]).toBe(0);
    }
    for (const query of ['points=1', 'points=9999', 'points=x', `since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`]) {
      expect((await p.request('GET', `/admin/hosts/utilisation?${query}`)).status, query).toBe(400);
    }
  });
});

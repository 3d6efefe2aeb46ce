import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { whatIfRouter } from '../../src/adapters/http/whatif.ts';
import type { InventoryProjector } from '../../src/application/inventory/inventory-projector.ts';
import { TOKENS } from '../../src/application/ports/tokens.ts';
import { runWhatif } from '../../src/cli/whatif.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

interface PodOptions {
  cpu?: string;
  labels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  affinity?: unknown;
}

const pod = (name: string, { cpu, labels = { app: 'web' }, nodeSelector, affinity }: PodOptions = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: {
    containers: [{ name: 'web', image: 'nginx:1.27', ...(cpu ? { resources: { requests: { cpu, memory: '64Mi' } } } : {}) }],
    ...(nodeSelector ? { nodeSelector } : {}),
    ...(affinity ? { affinity } : {}),
  },
});

const onHost = (host: string) => ({ 'kubernetes.io/hostname': host });
const mergePatch = { 'content-type': 'application/merge-patch+json' };

describe('Scheduler over HTTP (in-memory store, simulated fleet of 3 x 16 CPU)', () => {
  let p: HttpPacific;
  afterEach(async () => p.stop());

  const settle = () => p.application.placement.idle();
  const create = async (ns: string, body: ReturnType<typeof pod>) => {
    const created = await p.request('POST', `/api/v1/namespaces/${ns}/pods`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  };
  const createAll = async (ns: string, bodies: ReturnType<typeof pod>[], batch = 100) => {
    for (let start = 0; start < bodies.length; start += batch) await Promise.all(bodies.slice(start, start + batch).map((body) => create(ns, body)));
  };
  const getPod = async (ns: string, name: string) => (await p.request('GET', `/api/v1/namespaces/${ns}/pods/${name}`)).body;
  const nodeOf = async (ns: string, name: string): Promise<string | undefined> => (await getPod(ns, name)).spec.nodeName;
  /** Why the scheduler left a pod Pending: the reason of its last PodVMEvicted event. */
  const pendingReason = async (ns: string, name: string): Promise<string | undefined> => {
    const events = await p.store.readStream(`podVm-${ns}/${name}`);
    return (events.filter((event) => event.type === 'PodVMEvicted').at(-1)?.data as { reason?: string } | undefined)?.reason;
  };

  it('fills a host to 1000 pod VMs, then places the next one elsewhere and explains a pod pinned to the full host', async () => {
    p = await startHttpPacific();
    await p.request('POST', '/api/v1/namespaces', namespace('fill'));
    // esx-02 and esx-03 a quarter used, esx-01 empty: spread would pick esx-01 for anything else.
    await create('fill', pod('big-2', { cpu: '4', nodeSelector: onHost('esx-02') }));
    await create('fill', pod('big-3', { cpu: '4', nodeSelector: onHost('esx-03') }));
    await createAll('fill', Array.from({ length: 1000 }, (_, index) => pod(`tiny-${index}`, { nodeSelector: onHost('esx-01') })));
    await settle();
    const full = (await p.request('GET', '/api/v1/nodes/esx-01')).body;
    expect(full.status.allocated.podVMs).toBe(1000);
    expect(full.status.capacity.pods).toBe('1000');

    await create('fill', pod('next', { cpu: '100m' }));
    const next = await p.eventually('/api/v1/namespaces/fill/pods/next', (body) => body.status?.phase === 'Running');
    expect(next.spec.nodeName).toBe('esx-02');

    await create('fill', pod('pinned', { nodeSelector: onHost('esx-01') }));
    await settle();
    expect((await getPod('fill', 'pinned')).status.phase).toBe('Pending');
    expect(await pendingReason('fill', 'pinned')).toBe("0/3 nodes are available: 1 Too many pods, 2 node(s) didn't match Pod's node affinity/selector.");
    // Recorded once: reconciling again with the same reason adds no event.
    await p.request('PATCH', '/api/v1/namespaces/fill/pods/pinned', { metadata: { labels: { app: 'web', touched: 'yes' } } }, mergePatch);
    await settle();
    expect((await p.eventTypes('podVm-fill/pinned')).filter((type) => type === 'PodVMEvicted')).toHaveLength(1);

    // Room on esx-01 again: the pinned pod is placed without anyone asking.
    expect((await p.request('DELETE', '/api/v1/namespaces/fill/pods/tiny-0?gracePeriodSeconds=0')).status).toBe(200);
    const placed = await p.eventually('/api/v1/namespaces/fill/pods/pinned', (body) => body.status?.phase === 'Running');
    expect(placed.spec.nodeName).toBe('esx-01');
  });

  it('places nothing new on a cordoned node, and resumes after uncordon', async () => {
    p = await startHttpPacific();
    await p.request('POST', '/api/v1/namespaces', namespace('shop'));
    expect((await p.request('PATCH', '/api/v1/nodes/esx-01', { spec: { unschedulable: true } }, mergePatch)).status).toBe(200);
    await createAll('shop', Array.from({ length: 12 }, (_, index) => pod(`web-${index}`, { cpu: '500m' })));
    await settle();
    const list = (await p.request('GET', '/api/v1/namespaces/shop/pods')).body.items as { spec: { nodeName?: string }; status: { phase: string } }[];
    expect(list.every((item) => item.status.phase === 'Running')).toBe(true);
    expect(new Set(list.map((item) => item.spec.nodeName))).toEqual(new Set(['esx-02', 'esx-03']));

    await create('shop', pod('pinned', { nodeSelector: onHost('esx-01') }));
    await settle();
    expect(await pendingReason('shop', 'pinned')).toBe("0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector.");

    await p.request('PATCH', '/api/v1/nodes/esx-01', { spec: { unschedulable: null } }, mergePatch);
    const placed = await p.eventually('/api/v1/namespaces/shop/pods/pinned', (body) => body.status?.phase === 'Running');
    expect(placed.spec.nodeName).toBe('esx-01');
  });

  it('honours nodeSelector on node labels', async () => {
    p = await startHttpPacific();
    await p.request('POST', '/api/v1/namespaces', namespace('shop'));
    await p.request('PATCH', '/api/v1/nodes/esx-03', { metadata: { labels: { disk: 'ssd' } } }, mergePatch);
    await createAll('shop', Array.from({ length: 5 }, (_, index) => pod(`db-${index}`, { cpu: '1', nodeSelector: { disk: 'ssd' } })));
    await create('shop', pod('fast', { nodeSelector: { disk: 'nvme' } }));
    await settle();
    for (let index = 0; index < 5; index++) expect(await nodeOf('shop', `db-${index}`)).toBe('esx-03');
    expect(await nodeOf('shop', 'fast')).toBeUndefined();
    expect(await pendingReason('shop', 'fast')).toBe("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");

    await p.request('PATCH', '/api/v1/nodes/esx-02', { metadata: { labels: { disk: 'nvme' } } }, mergePatch);
    expect((await p.eventually('/api/v1/namespaces/shop/pods/fast', (body) => body.status?.phase === 'Running')).spec.nodeName).toBe('esx-02');
  });

  it('spreads 3 replicas with required anti-affinity over 3 hosts, even created at once, and keeps a 4th Pending', async () => {
    p = await startHttpPacific();
    await p.request('POST', '/api/v1/namespaces', namespace('shop'));
    const affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] },
    };
    // Other pods make esx-01 the least loaded by far: without the rule, all replicas would go there.
    await create('shop', pod('load-2', { cpu: '8', labels: { app: 'other' }, nodeSelector: onHost('esx-02') }));
    await create('shop', pod('load-3', { cpu: '8', labels: { app: 'other' }, nodeSelector: onHost('esx-03') }));
    await settle();
    await Promise.all(['db-0', 'db-1', 'db-2'].map((name) => create('shop', pod(name, { cpu: '100m', labels: { app: 'db' }, affinity }))));
    await settle();
    const hosts = await Promise.all(['db-0', 'db-1', 'db-2'].map((name) => nodeOf('shop', name)));
    expect(new Set(hosts)).toEqual(new Set(['esx-01', 'esx-02', 'esx-03']));

    await create('shop', pod('db-3', { cpu: '100m', labels: { app: 'db' }, affinity }));
    await settle();
    expect(await nodeOf('shop', 'db-3')).toBeUndefined();
    expect(await pendingReason('shop', 'db-3')).toBe("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
    // Another namespace's db pods are not affected by shop's rule.
    await p.request('POST', '/api/v1/namespaces', namespace('dev'));
    await create('dev', pod('db-0', { cpu: '100m', labels: { app: 'db' }, affinity }));
    await settle();
    expect(await nodeOf('dev', 'db-0')).toBe('esx-01');
  });

  describe('what-if: fail a host', () => {
    let whatIf: { url: string; close: () => Promise<void> } | undefined;
    afterEach(async () => {
      await whatIf?.close();
      whatIf = undefined;
    });

    /** The what-if router as the lead mounts it, served next to the API over the same inventory. */
    const serveWhatIf = async (): Promise<{ url: string; close: () => Promise<void> }> => {
      const inventory = p.application.container.get<InventoryProjector>(TOKENS.InventoryProjector).inventory;
      const app = express().use(whatIfRouter(inventory));
      const server: Server = await new Promise((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
    };

    it('answers which workloads would find no room elsewhere, from the projection alone', async () => {
      p = await startHttpPacific();
      await p.request('POST', '/api/v1/namespaces', namespace('shop'));
      for (const [name, host] of [['c', 'esx-02'], ['d', 'esx-02'], ['e', 'esx-03'], ['f', 'esx-03']]) {
        await create('shop', pod(name!, { cpu: '6', nodeSelector: onHost(host!) }));
      }
      await settle();
      await create('shop', pod('a', { cpu: '6' }));
      await settle();
      await create('shop', pod('b', { cpu: '3' }));
      await settle();
      expect([await nodeOf('shop', 'a'), await nodeOf('shop', 'b')]).toEqual(['esx-01', 'esx-01']);
      const eventsBefore = p.application.container.get<InventoryProjector>(TOKENS.InventoryProjector).inventory.eventCount;

      whatIf = await serveWhatIf();
      const response = await fetch(`${whatIf.url}/admin/whatif/fail-host/esx-01`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        host: 'esx-01',
        workloads: 2,
        placed: [{ kind: 'Pod', namespace: 'shop', name: 'b', toHost: 'esx-02' }],
        unplaceable: [{ kind: 'Pod', namespace: 'shop', name: 'a', reason: '0/3 nodes are available: 1 node(s) were not ready, 2 Insufficient cpu.' }],
      });
      const pinned = (await (await fetch(`${whatIf.url}/admin/whatif/fail-host/esx-02`)).json()) as { unplaceable: { name: string; reason: string }[] };
      expect(pinned.unplaceable.map((w) => w.name)).toEqual(['c', 'd']);
      expect(pinned.unplaceable[0]!.reason).toBe("0/3 nodes are available: 1 node(s) were not ready, 2 node(s) didn't match Pod's node affinity/selector.");

      const unknown = await fetch(`${whatIf.url}/admin/whatif/fail-host/esx-99`);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'nodes "esx-99" not found' });

      const lines: string[] = [];
      expect(await runWhatif('esx-01', { server: whatIf.url }, (line) => lines.push(line))).toBe(0);
      expect(lines.join('\n')).toMatch(/If esx-01 failed, 1 of its 2 workload\(s\) would find no room elsewhere\.\nKIND +NAMESPACE +NAME +OUTCOME +DETAILS\nPod +shop +a +Pending +0\/3 nodes/);
      expect(await runWhatif('esx-99', { server: whatIf.url }, (line) => lines.push(line))).toBe(1);
      expect(lines.at(-1)).toBe('error: nodes "esx-99" not found');

      // Nothing was changed.
      expect(p.application.container.get<InventoryProjector>(TOKENS.InventoryProjector).inventory.eventCount).toBe(eventsBefore);
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';
import { openWatch } from './support/watch-client.ts';

interface WatchEvent {
  type: string;
  object: { metadata: { name: string; resourceVersion: string }; spec?: { hard?: Record<string, string> }; status?: { used?: Record<string, string> } };
}

const pod = (name: string, cpu: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu, memory: '256Mi' } } }] },
});
const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'limits' }, spec: { hard: { pods: '10', 'requests.cpu': '4' } } };
const quotaPath = '/api/v1/namespaces/shop/resourcequotas';

const watch = (p: HttpPacific, path: string) => openWatch<WatchEvent>(p.url, path);

describe('a ResourceQuota changes with the usage it shows', () => {
  let p: HttpPacific;
  beforeEach(async () => {
    p = await startHttpPacific();
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).status).toBe(201);
    expect((await p.request('POST', quotaPath, quota)).status).toBe(201);
  });
  afterEach(async () => p.stop());

  it('is MODIFIED on its watch when a pod takes or gives back quota, with a resourceVersion GET then agrees with', async () => {
    const before = await p.request('GET', `${quotaPath}/limits`);
    const watcher = await watch(p, `${quotaPath}?watch=true&resourceVersion=${before.body.metadata.resourceVersion}`);
    try {
      expect((await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1', '500m'))).status).toBe(201);
      const taken = await watcher.until((event) => event.type === 'MODIFIED' && event.object.status?.used?.pods === '1');
      expect(taken.object.status!.used).toMatchObject({ pods: '1', 'requests.cpu': '500m' });
      expect(Number(taken.object.metadata.resourceVersion)).toBeGreaterThan(Number(before.body.metadata.resourceVersion));

      const after = await p.request('GET', `${quotaPath}/limits`);
      expect(after.body.metadata.resourceVersion).toBe(taken.object.metadata.resourceVersion);
      const listed = await p.request('GET', quotaPath);
      expect(listed.body.items[0].metadata.resourceVersion).toBe(taken.object.metadata.resourceVersion);

      expect((await p.request('DELETE', '/api/v1/namespaces/shop/pods/web-1')).status).toBe(200);
      const given = await watcher.until((event) => event.type === 'MODIFIED' && event.object.status?.used?.pods === '0');
      expect(given.object.status!.used).toMatchObject({ pods: '0', 'requests.cpu': '0' });
      expect(Number(given.object.metadata.resourceVersion)).toBeGreaterThan(Number(taken.object.metadata.resourceVersion));
    } finally {
      await watcher.stop();
    }
  });

  it('takes an update carrying the resourceVersion it shows, and refuses one from before the usage changed', async () => {
    const before = await p.request('GET', `${quotaPath}/limits`);
    expect((await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1', '1'))).status).toBe(201);
    const current = await p.request('GET', `${quotaPath}/limits`);
    expect(current.body.metadata.resourceVersion).not.toBe(before.body.metadata.resourceVersion);

    const stale = await p.request('PUT', `${quotaPath}/limits`, { ...quota, metadata: { ...quota.metadata, resourceVersion: before.body.metadata.resourceVersion }, spec: { hard: { pods: '20', 'requests.cpu': '4' } } });
    expect(stale.status).toBe(409);
    const fresh = await p.request('PUT', `${quotaPath}/limits`, { ...quota, metadata: { ...quota.metadata, resourceVersion: current.body.metadata.resourceVersion }, spec: { hard: { pods: '20', 'requests.cpu': '4' } } });
    expect(fresh.status).toBe(200);
    expect(fresh.body.spec.hard.pods).toBe('20');
    expect(fresh.body.status.used).toMatchObject({ pods: '1', 'requests.cpu': '1' });
  });

  it('is not touched by changes that leave the usage alone (a pod starting, another namespace)', async () => {
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } })).status).toBe(201);
    expect((await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1', '500m'))).status).toBe(201);
    await p.application.placement.idle();
    const settled = await p.request('GET', `${quotaPath}/limits`);
    const watcher = await watch(p, `${quotaPath}?watch=true&resourceVersion=${settled.body.metadata.resourceVersion}`);
    try {
      expect((await p.request('POST', '/api/v1/namespaces/other/pods', pod('api-1', '500m'))).status).toBe(201);
      // A change in shop after the one in other, so that the watch has certainly passed the latter.
      expect((await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-2', '250m'))).status).toBe(201);
      await watcher.until((event) => event.object.status?.used?.pods === '2');
      expect(watcher.events.map((event) => [event.type, event.object.status?.used?.pods])).toEqual([['MODIFIED', '2']]);
    } finally {
      await watcher.stop();
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedFleet } from '../../src/adapters/hypervisor/simulated-fleet.ts';
import { TOKENS } from '../../src/application/ports/tokens.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const container = (name: string) => ({ name, image: 'nginx:1.27', resources: { requests: { cpu: '250m', memory: '128Mi' } } });
const pod = (name: string, containers = [container('web')]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers } });

describe('pods/log (kubectl logs): the pod VM console', () => {
  let p: HttpPacific;
  beforeEach(async () => {
    p = await startHttpPacific();
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).status).toBe(201);
  });
  afterEach(async () => p.stop());

  const log = async (path: string): Promise<{ status: number; text: string; type: string | null }> => {
    const response = await fetch(`${p.url}/api/v1/namespaces/shop/pods/${path}`);
    return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
  };
  const running = (name: string) => p.eventually(`/api/v1/namespaces/shop/pods/${name}`, (body) => body.status?.phase === 'Running');

  it('is listed in discovery and answers a running pod VM with its console as plain text', async () => {
    const core = await p.request('GET', '/api/v1');
    expect(core.body.resources).toContainEqual(expect.objectContaining({ name: 'pods/log', kind: 'Pod', verbs: ['get'] }));
    await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'));
    const pod1 = await running('web-1');
    const answer = await log('web-1/log');
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/plain/);
    expect(answer.text).toBe(`powered on on ${pod1.spec.nodeName} (cpu 250m, memory 134217728 bytes)\n`);
    const stamped = await log('web-1/log?timestamps=true');
    expect(stamped.text).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z powered on on ${pod1.spec.nodeName} `));
    expect((await log('web-1/log?tailLines=0')).text).toBe('');
  });

  it('needs a container name for a pod of several, and refuses names the pod does not have', async () => {
    await p.request('POST', '/api/v1/namespaces/shop/pods', pod('duo', [container('web'), container('sidecar')]));
    await running('duo');
    const unnamed = await log('duo/log');
    expect(unnamed.status).toBe(400);
    expect(JSON.parse(unnamed.text)).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'a container name must be specified for pod duo, choose one of: [web sidecar]' });
    expect((await log('duo/log?container=sidecar')).status).toBe(200);
    const wrong = await log('duo/log?container=db');
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.text).message).toBe('container db is not valid for pod duo');
    expect((await log('duo/log?container=web&tailLines=-1')).status).toBe(400);
  });

  it('says a pod VM that has not started is waiting, a missing pod is not found, and only GET is served', async () => {
    // More than the fleet holds: stays Pending.
    await p.request('POST', '/api/v1/namespaces/shop/pods', pod('huge', [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '64', memory: '1Gi' } } }]));
    const waiting = await log('huge/log');
    expect(waiting.status).toBe(400);
    expect(JSON.parse(waiting.text).message).toBe('container "app" in pod "huge" is waiting to start: ContainerCreating');
    expect((await log('ghost/log')).status).toBe(404);
    expect((await p.request('POST', '/api/v1/namespaces/shop/pods/huge/log', {})).status).toBe(405);
  });

  it('with follow, stays open, carries new console lines as the host writes them, and ends when the pod VM goes', async () => {
    await p.request('POST', '/api/v1/namespaces/shop/pods', pod('web-1'));
    const running = await p.eventually('/api/v1/namespaces/shop/pods/web-1', (body) => body.status?.phase === 'Running');
    const response = await fetch(`${p.url}/api/v1/namespaces/shop/pods/web-1/log?follow=true`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    const readUntil = async (predicate: () => boolean): Promise<boolean> => {
      const deadline = Date.now() + 5000;
      while (!predicate()) {
        const chunk = await Promise.race([reader.read(), new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), Math.max(1, deadline - Date.now())))]);
        if (chunk === 'late') return false;
        if (chunk.done) return true;
        text += Buffer.from(chunk.value).toString('utf8');
      }
      return false;
    };
    await readUntil(() => text.includes('powered on'));
    // The host does something to the VM: a snapshot, taken behind the API's back.
    const fleet = p.application.container.get<SimulatedFleet>(TOKENS.Hypervisor);
    await fleet.snapshot(running.spec.nodeName, 'podVm-shop/web-1', 'manual');
    await readUntil(() => text.includes('snapshot manual taken'));
    expect(text.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^powered on on esx-0\d /), 'snapshot manual taken']);
    expect((await p.request('DELETE', '/api/v1/namespaces/shop/pods/web-1')).status).toBe(200);
    expect(await readUntil(() => false)).toBe(true);
  });
});

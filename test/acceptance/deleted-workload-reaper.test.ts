import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedFleet } from '../../src/adapters/hypervisor/simulated-fleet.ts';
import type { Hypervisor } from '../../src/application/ports/hypervisor.port.ts';
import { TOKENS } from '../../src/application/ports/tokens.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const pods = '/api/v1/namespaces/shop/pods';
const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '250m', memory: '128Mi' } } }] },
});

describe('hosts stop running what was deleted', () => {
  let p: HttpPacific;
  let fleet: SimulatedFleet;
  beforeEach(async () => {
    p = await startHttpPacific();
    fleet = p.application.container.get<Hypervisor>(TOKENS.Hypervisor) as SimulatedFleet;
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).status).toBe(201);
  });
  afterEach(async () => {
    await p.stop();
  });

  const runningOnItsHost = async (name: string): Promise<{ host: string; running: boolean }> => {
    const host = (await p.request('GET', `${pods}/${name}`)).body.spec.nodeName as string;
    return { host, running: (await fleet.runningOn(host)).includes(`podVm-shop/${name}`) };
  };

  it('destroys a deleted pod VM on its host, and leaves a pod recreated under the same name running', async () => {
    for (const name of ['web-1', 'web-2']) {
      expect((await p.request('POST', pods, pod(name))).status).toBe(201);
      await p.eventually(`${pods}/${name}`, (body) => body.status?.phase === 'Running');
    }
    const web1 = await runningOnItsHost('web-1');
    expect(web1.running).toBe(true);

    expect((await p.request('DELETE', `${pods}/web-1`)).status).toBe(200);
    await p.application.reaper.idle();
    expect(await fleet.runningOn(web1.host)).not.toContain('podVm-shop/web-1');
    expect((await runningOnItsHost('web-2')).running).toBe(true);

    expect((await p.request('POST', pods, pod('web-1'))).status).toBe(201);
    await p.eventually(`${pods}/web-1`, (body) => body.status?.phase === 'Running');
    await p.application.reaper.idle();
    expect((await runningOnItsHost('web-1')).running).toBe(true);
  });
});

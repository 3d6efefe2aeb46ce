import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedFleet } from '../../src/adapters/hypervisor/simulated-fleet.ts';
import type { Hypervisor } from '../../src/application/ports/hypervisor.port.ts';
import { TOKENS } from '../../src/application/ports/tokens.ts';
import { readyOf } from './support/ha-fixtures.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const fleetOf = (p: HttpPacific): SimulatedFleet => p.application.container.get<Hypervisor>(TOKENS.Hypervisor) as SimulatedFleet;

describe('HA settings of pacific serve', () => {
  let p: HttpPacific | undefined;
  afterEach(async () => p?.stop());

  it('declares a silent host failed after --host-failure-grace-ms and restarts its pods elsewhere', async () => {
    p = await startHttpPacific({ hostHeartbeatMs: 20, hostFailureGraceMs: 200 });
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).status).toBe(201);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } };
    expect((await p.request('POST', '/api/v1/namespaces/shop/pods', pod)).status).toBe(201);
    const running = await p.eventually('/api/v1/namespaces/shop/pods/web', (body) => body.status?.phase === 'Running');
    const host = running.spec.nodeName as string;

    const failedAt = Date.now();
    fleetOf(p).failHost(host);
    await p.eventually(`/api/v1/nodes/${host}`, (node) => readyOf(node) === 'False', 3_000);
    // Well under the default five seconds of grace.
    expect(Date.now() - failedAt).toBeLessThan(2_500);
    const moved = await p.eventually('/api/v1/namespaces/shop/pods/web', (body) => body.status?.phase === 'Running' && body.spec.nodeName !== host, 5_000);
    expect(moved.status.podIP).toBe(running.status.podIP);
  });
});

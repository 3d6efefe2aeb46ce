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

describe('a host that answers again within the grace', () => {
  let p: HttpPacific | undefined;
  afterEach(async () => p?.stop());

  it('gets back what it lost: pod VMs boot again in place (their restart recorded), VMs power on again', async () => {
    p = await startHttpPacific({ simHosts: 1, hostHeartbeatMs: 20, hostFailureGraceMs: 60_000 });
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).status).toBe(201);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } };
    expect((await p.request('POST', '/api/v1/namespaces/shop/pods', pod)).status).toBe(201);
    const vm = { apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachine', metadata: { name: 'db' }, spec: { className: 'best-effort-small', imageName: 'ubuntu-22.04', storageClass: 'gold', powerState: 'PoweredOn' } };
    expect((await p.request('POST', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines', vm)).status).toBe(201);
    const running = await p.eventually('/api/v1/namespaces/shop/pods/web', (body) => body.status?.phase === 'Running');
    await p.eventually('/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop/virtualmachines/db', (body) => body.status?.powerState === 'PoweredOn');
    const host = running.spec.nodeName as string;
    const fleet = fleetOf(p);

    expect(fleet.failHost(host).sort()).toEqual(['podVm-shop/web', 'virtualMachine-shop/db']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    fleet.recoverHost(host);

    const restarted = await p.eventually('/api/v1/namespaces/shop/pods/web', (body) => body.status?.containerStatuses?.[0]?.restartCount === 1, 5_000);
    expect(restarted.status.phase).toBe('Running');
    expect(restarted.spec.nodeName).toBe(host);
    for (let i = 0; i < 50 && (await fleet.runningOn(host)).length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fleet.runningOn(host)).sort()).toEqual(['podVm-shop/web', 'virtualMachine-shop/db']);
    expect(await p.eventTypes('podVm-shop/web')).toEqual(['PodVMCreated', 'PodVMScheduled', 'PodVMStarted', 'PodVMRestartedInPlace']);
    expect(await p.eventTypes(`host-${host}`)).not.toContain('HostFailed');
  });
});

import express from 'express';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { adminSimRouter } from '../../../src/adapters/http/admin-sim.ts';
import { SimulatedFleet } from '../../../src/adapters/hypervisor/simulated-fleet.ts';
import type { Hypervisor } from '../../../src/application/ports/hypervisor.port.ts';

describe('admin sim endpoint', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  const serve = async (hypervisor: Hypervisor) => {
    const app = express();
    app.use(adminSimRouter(hypervisor));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return async (path: string) => {
      const response = await fetch(`${base}${path}`, { method: 'POST' });
      return { status: response.status, body: (await response.json()) as any };
    };
  };

  it('fails and recovers a simulated host, answering Status objects', async () => {
    const fleet = new SimulatedFleet({ hosts: 2, hostCpuMillis: 8000, hostMemoryBytes: 2 ** 34, bootMs: 0 });
    await fleet.powerOn('esx-01', 'podVm-shop/a', { cpuMillis: 100, memoryBytes: 1 });
    const post = await serve(fleet);
    const failed = await post('/admin/sim/hosts/esx-01/fail');
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'esx-01', kind: 'nodes' } });
    expect(failed.body.message).toMatch(/^host esx-01 stopped answering; 1 running VM\(s\) and pod VM\(s\) on it were lost/);
    expect(fleet.isHealthy('esx-01')).toBe(false);
    expect((await post('/admin/sim/hosts/esx-01/fail')).body.message).toBe('host esx-01 was already down');
    expect((await post('/admin/sim/hosts/esx-01/recover')).body.message).toMatch(/^host esx-01 answers again/);
    expect(fleet.isHealthy('esx-01')).toBe(true);
    expect((await post('/admin/sim/hosts/esx-01/recover')).body.message).toBe('host esx-01 was already up');
  });

  it('answers 404 for an unknown host and 503 when the hypervisor is not simulated', async () => {
    const post = await serve(new SimulatedFleet({ hosts: 1, hostCpuMillis: 8000, hostMemoryBytes: 2 ** 34, bootMs: 0 }));
    const missing = await post('/admin/sim/hosts/esx-09/fail');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const real = await serve({} as Hypervisor);
    const unavailable = await real('/admin/sim/hosts/esx-01/recover');
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
    expect(unavailable.body.message).toMatch(/simulated fleet/);
  });
});

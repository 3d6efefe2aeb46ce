import express from 'express';
import type { Server } from 'node:http';
import { adminSimRouter } from '../../../src/adapters/http/admin-sim.ts';
import { SimulatedFleet } from '../../../src/adapters/hypervisor/simulated-fleet.ts';
import { startHaControllers, type HaControllers, type HaOptions } from '../../../src/application/controllers/ha-controllers.ts';
import type { Hypervisor } from '../../../src/application/ports/hypervisor.port.ts';
import { TOKENS } from '../../../src/application/ports/tokens.ts';
import { schedulerFor } from '../../../src/application/scheduler/scheduler.ts';
import type { Application } from '../../../src/cli/serve.ts';
import { apiServices } from '../../../src/cli/serve.ts';
import type { RawOptions } from '../../../src/config.ts';
import { startHttpPacific, type HttpPacific } from './http-pacific.ts';

/** Fast enough for tests: a host is declared failed a quarter second after it stops answering. */
export const fastHa: HaOptions = { intervalMs: 25, graceMs: 250, heartbeatRecordMs: 30_000 };

export interface HaPacific extends HttpPacific {
  ha: HaControllers;
  fleet: SimulatedFleet;
  /** Base URL of the admin endpoint (the app's own once it mounts the router). */
  adminUrl: string;
  /** POST /admin/sim/hosts/NAME/fail|recover. */
  sim(action: 'fail' | 'recover', host: string): Promise<{ status: number; body: any }>;
}

const listen = (app: express.Express): Promise<Server> =>
  new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });

/**
 * startHttpPacific with the HA controllers running on test timings (replacing those the
 * application started, if it does) and the admin sim endpoint reachable.
 */
export const startHaPacific = async (options: RawOptions = {}, haOptions: HaOptions = fastHa): Promise<HaPacific> => {
  const p = await startHttpPacific(options);
  const application = p.application as Application & { ha?: HaControllers };
  await application.ha?.stop();
  const hypervisor = application.container.get<Hypervisor>(TOKENS.Hypervisor);
  const services = apiServices(application.container);
  const dependencies = application.ha?.dependencies ?? {
    pacific: services.pacific,
    workloads: services.workloads,
    vms: services.vms,
    hypervisor,
    chooser: schedulerFor(services.pacific.inventory),
  };
  const ha = startHaControllers(dependencies, haOptions);
  let adminUrl = p.url;
  let side: Server | undefined;
  const probe = await p.request('POST', '/admin/sim/hosts/no-such-host/fail');
  if (!String(probe.body?.message ?? '').includes('simulated fleet')) {
    const app = express();
    app.use(adminSimRouter(hypervisor));
    side = await listen(app);
    const address = side.address();
    adminUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }
  const sim: HaPacific['sim'] = async (action, host) => {
    const response = await fetch(`${adminUrl}/admin/sim/hosts/${host}/${action}`, { method: 'POST' });
    return { status: response.status, body: await response.json() };
  };
  return {
    ...p,
    ha,
    fleet: hypervisor as SimulatedFleet,
    adminUrl,
    sim,
    stop: async () => {
      await ha.stop();
      if (side) {
        side.closeAllConnections();
        await new Promise<void>((resolve) => side!.close(() => resolve()));
      }
      await p.stop();
    },
  };
};

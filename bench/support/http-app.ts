/**
 * The real application listening on loopback, started the way the acceptance tests start it
 * (test/acceptance/support/http-pacific.ts): plain http on loopback, no rate limit, and an admin
 * bearer token the load generators send.
 */
import type { SimulatedFleet } from '../../src/adapters/hypervisor/simulated-fleet.ts';
import type { ApiServices } from '../../src/adapters/http/kube/mappers/kind-mapper.ts';
import type { PlacementController } from '../../src/application/controllers/placement.controller.ts';
import type { Inventory } from '../../src/application/inventory/inventory.ts';
import type { Hypervisor } from '../../src/application/ports/hypervisor.port.ts';
import { TOKENS } from '../../src/application/ports/tokens.ts';
import { apiServices } from '../../src/cli/serve.ts';
import { startHttpPacific, type HttpPacific } from '../../test/acceptance/support/http-pacific.ts';
import type { FleetOptions } from './app.ts';

export interface BenchHttp {
  url: string;
  /** What a load generator needs to reach the API: URL and headers (credentials, if any). */
  load: { url: string; headers: Record<string, string> };
  request: HttpPacific['request'];
  services: ApiServices;
  inventory: Inventory;
  placement: PlacementController;
  fleet: SimulatedFleet;
  http: HttpPacific;
  stop(): Promise<void>;
}

export const startBenchHttp = async (dataDir: string, fleet: FleetOptions): Promise<BenchHttp> => {
  const http = await startHttpPacific({
    store: 'sqlite',
    dataDir,
    simHosts: fleet.hosts,
    simHostCpu: fleet.hostCpu,
    simHostMemory: fleet.hostMemory,
    simBootMs: fleet.bootMs,
  });
  const services = apiServices(http.application.container);
  return {
    url: http.url,
    // Load generators authenticate as a real client would, so the bearer token check is part of what is measured.
    load: { url: http.url, headers: { authorization: `Bearer ${http.adminToken}` } },
    request: http.request,
    services,
    inventory: services.pacific.inventory,
    placement: http.application.placement,
    fleet: http.application.container.get<Hypervisor>(TOKENS.Hypervisor) as SimulatedFleet,
    http,
    stop: () => http.stop(),
  };
};

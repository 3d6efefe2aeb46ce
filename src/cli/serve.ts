import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { buildHttpApp } from '../adapters/http/app.ts';
import type { ApiServices } from '../adapters/http/kube/mappers/kind-mapper.ts';
import { writeKubeconfig } from '../adapters/http/ops/kubeconfig.ts';
import { createLogger } from '../adapters/http/ops/logging.ts';
import { PlacementController } from '../application/controllers/placement.controller.ts';
import { TerminatingNamespaceController } from '../application/controllers/terminating-namespace.controller.ts';
import { startHaControllers, type HaControllers } from '../application/controllers/ha-controllers.ts';
import { startGuestClusterController } from '../application/controllers/guest-cluster.controller.ts';
import { seedCatalog, startClassSeeder } from '../application/seed/index.ts';
import { startNamespaceOperationControllers, type NamespaceOperationControllers } from '../application/controllers/namespace-operations.controller.ts';
import { schedulerFor } from '../application/scheduler/scheduler.ts';
import type { FleetBootstrapper } from '../application/fleet/fleet-bootstrapper.ts';
import type { InventoryProjector } from '../application/inventory/inventory-projector.ts';
import type { EventStore } from '../application/ports/event-store.port.ts';
import type { Hypervisor } from '../application/ports/hypervisor.port.ts';
import { TOKENS } from '../application/ports/tokens.ts';
import type { CatalogService } from '../application/services/catalog.service.ts';
import type { NamespaceService } from '../application/services/namespace.service.ts';
import type { Pacific } from '../application/services/pacific.ts';
import type { VirtualMachineService } from '../application/services/virtual-machine.service.ts';
import type { WorkloadService } from '../application/services/workload.service.ts';
import { ConfigError, type PacificConfig } from '../config.ts';
import { buildContainer, type ContainerOverrides } from '../container.ts';
import { packageVersion } from './package-version.ts';
import type { Container } from 'inversify';
import type { Express } from 'express';

export interface RunningServer {
  url: string;
  kubeconfig: string | undefined;
  close(): Promise<void>;
}

export const apiServices = (container: Container): ApiServices => ({
  pacific: container.get<Pacific>(TOKENS.Pacific),
  namespaces: container.get<NamespaceService>(TOKENS.NamespaceService),
  workloads: container.get<WorkloadService>(TOKENS.WorkloadService),
  vms: container.get<VirtualMachineService>(TOKENS.VirtualMachineService),
  catalog: container.get<CatalogService>(TOKENS.CatalogService),
});

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const logLevelOf = (text: string): (typeof logLevels)[number] => {
  if ((logLevels as readonly string[]).includes(text)) return text as (typeof logLevels)[number];
  throw new ConfigError(`PACIFIC_LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${text}"`);
};

export interface Application {
  container: Container;
  app: Express;
  placement: PlacementController;
  ha: HaControllers;
  namespaceOperations: NamespaceOperationControllers;
  stop(): Promise<void>;
}

/** Store, projection caught up, fleet registered, controllers running, HTTP app built (not listening). */
export const startApplication = async (
  config: PacificConfig,
  overrides: ContainerOverrides = {},
  log: (line: string) => void = console.log,
  logLevel = process.env.PACIFIC_LOG_LEVEL ?? 'info',
): Promise<Application> => {
  const container = buildContainer(config, overrides);
  const store = container.get<EventStore>(TOKENS.EventStore);
  const projector = container.get<InventoryProjector>(TOKENS.InventoryProjector);
  const started = Date.now();
  await projector.start();
  log(`inventory caught up: ${projector.inventory.eventCount} events in ${Date.now() - started} ms`);
  const registered = await container.get<FleetBootstrapper>(TOKENS.FleetBootstrapper).registerNewHosts();
  if (registered.length > 0) log(`registered hosts: ${registered.join(', ')}`);
  const services = apiServices(container);
  const seeded = await seedCatalog(services);
  if (seeded.length > 0) log(`seeded catalog: ${seeded.length} objects`);
  const classSeeder = startClassSeeder(services);
  services.afterNamespaceCreated = () => classSeeder.idle();
  const guestClusters = startGuestClusterController(services);
  const hypervisor = container.get<Hypervisor>(TOKENS.Hypervisor);
  const app = buildHttpApp({ services, store, projector, hypervisor, version: packageVersion(), logger: createLogger({ level: logLevelOf(logLevel) }) });
  const placement = new PlacementController(projector.inventory, services.workloads, services.vms, hypervisor, services.pacific, schedulerFor(projector.inventory));
  placement.start();
  const namespaceOperations = startNamespaceOperationControllers({ ...services, inventory: projector.inventory, clock: services.pacific.clock, hypervisor });
  const ha = startHaControllers({ pacific: services.pacific, workloads: services.workloads, vms: services.vms, hypervisor, chooser: schedulerFor(projector.inventory) });
  const terminatingNamespaces = new TerminatingNamespaceController(projector.inventory, services.namespaces);
  terminatingNamespaces.start();
  return {
    container,
    app,
    placement,
    ha,
    namespaceOperations,
    stop: async () => {
      await guestClusters.stop();
      await classSeeder.stop();
      await namespaceOperations.stop();
      await ha.stop();
      await terminatingNamespaces.stop();
      await placement.stop();
      await projector.stop();
      await store.close();
    },
  };
};

/** Starts everything and listens; resolves once the server accepts requests. */
export const startServer = async (config: PacificConfig, log: (line: string) => void = console.log): Promise<RunningServer> => {
  const application = await startApplication(config, {}, log);
  const server: Server = await new Promise((resolvePromise, reject) => {
    const listening = application.app.listen(config.port, config.host, () => resolvePromise(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let kubeconfig: string | undefined;
  if (config.store !== 'memory' || config.dataDir) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(join(config.dataDir, 'server.json'), JSON.stringify({ url, pid: process.pid }) + '\n');
    kubeconfig = resolve(writeKubeconfig(config.dataDir, url));
  }
  log(`Pacific serving on ${url} (store: ${describeStore(config)}, ${config.sim.hosts} simulated hosts)`);
  if (kubeconfig) log(`kubeconfig: ${kubeconfig}  (try: KUBECONFIG=${kubeconfig} kubectl get nodes)`);
  return {
    url,
    kubeconfig,
    close: async () => {
      const closed = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      // Watches stay open for minutes: end them instead of waiting.
      server.closeAllConnections();
      await closed;
      await application.stop();
    },
  };
};

const describeStore = (config: PacificConfig): string => {
  switch (config.store) {
    case 'sqlite':
      return `sqlite at ${join(config.dataDir, 'events.db')}`;
    case 'memory':
      return 'in-memory, nothing is kept';
    case 'eventstoredb':
      return `eventstoredb at ${config.eventStoreUrl}`;
  }
};

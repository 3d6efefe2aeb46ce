import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { answerMalformedRequests } from '../adapters/http/ops/malformed-requests.ts';
import { join, resolve } from 'node:path';
import { buildHttpApp } from '../adapters/http/app.ts';
import { authenticate } from '../adapters/http/auth/authenticate.ts';
import type { RequestUser } from '../adapters/http/auth/request-user.ts';
import { ensureServingCertificates, servingNamesFor } from '../adapters/http/tls/serving-certificates.ts';
import { IdentityService } from '../application/services/identity.service.ts';
import { ensureAdminToken } from './token.ts';
import type { ApiServices } from '../adapters/http/kube/mappers/kind-mapper.ts';
import { writeKubeconfig } from '../adapters/http/ops/kubeconfig.ts';
import { createLogger } from '../adapters/http/ops/logging.ts';
import { PlacementController } from '../application/controllers/placement.controller.ts';
import { TerminatingNamespaceController } from '../application/controllers/terminating-namespace.controller.ts';
import { DeletedWorkloadReaper } from '../application/controllers/deleted-workload-reaper.ts';
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
import { PodVMConsoles } from '../application/services/pod-vm-console.service.ts';
import { DEFAULT_NAMESPACE, seedDefaultNamespace } from '../application/seed/default-namespace.ts';
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
  podConsoles: new PodVMConsoles(container.get<Pacific>(TOKENS.Pacific).inventory, container.get<Hypervisor>(TOKENS.Hypervisor)),
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
  reaper: DeletedWorkloadReaper;
  ha: HaControllers;
  namespaceOperations: NamespaceOperationControllers;
  identities: IdentityService;
  stop(): Promise<void>;
}

export interface EmbeddingOptions {
  /** Who requests without an Authorization header act as (in-process tests); `pacific serve` never sets it. */
  anonymousUser?: RequestUser;
}

/** Store, projection caught up, fleet registered, controllers running, HTTP app built (not listening). */
export const startApplication = async (
  config: PacificConfig,
  overrides: ContainerOverrides = {},
  log: (line: string) => void = console.log,
  logLevel = process.env.PACIFIC_LOG_LEVEL ?? 'info',
  embedding: EmbeddingOptions = {},
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
  if (await seedDefaultNamespace(services)) {
    // Started with its classes and images in place, as a namespace created over the API is.
    await classSeeder.idle();
    log(`created namespace ${DEFAULT_NAMESPACE}`);
  }
  services.afterNamespaceCreated = () => classSeeder.idle();
  const guestClusters = startGuestClusterController(services);
  const hypervisor = container.get<Hypervisor>(TOKENS.Hypervisor);
  const identities = new IdentityService(services.pacific);
  const authentication = authenticate((token) => identities.authenticate(token), embedding.anonymousUser ? { anonymous: embedding.anonymousUser } : {});
  const app = buildHttpApp({ services, store, projector, hypervisor, version: packageVersion(), logger: createLogger({ level: logLevelOf(logLevel) }), authentication, identities, rateLimit: config.rateLimit });
  const placement = new PlacementController(projector.inventory, services.workloads, services.vms, hypervisor, services.pacific, schedulerFor(projector.inventory));
  placement.start();
  const namespaceOperations = startNamespaceOperationControllers({ ...services, inventory: projector.inventory, clock: services.pacific.clock, hypervisor });
  const ha = startHaControllers(
    { pacific: services.pacific, workloads: services.workloads, vms: services.vms, hypervisor, chooser: schedulerFor(projector.inventory) },
    { intervalMs: config.ha.heartbeatIntervalMs, graceMs: config.ha.failureGraceMs, restartConcurrency: config.ha.restartConcurrency },
  );
  const terminatingNamespaces = new TerminatingNamespaceController(projector.inventory, services.namespaces);
  terminatingNamespaces.start();
  const reaper = new DeletedWorkloadReaper(projector.inventory, hypervisor);
  reaper.start();
  return {
    container,
    app,
    placement,
    reaper,
    ha,
    namespaceOperations,
    identities,
    stop: async () => {
      identities.close();
      await guestClusters.stop();
      await classSeeder.stop();
      await namespaceOperations.stop();
      await ha.stop();
      await terminatingNamespaces.stop();
      await reaper.stop();
      await placement.stop();
      await projector.stop();
      await store.close();
    },
  };
};

/** Starts everything and listens; resolves once the server accepts requests. */
export const startServer = async (config: PacificConfig, log: (line: string) => void = console.log): Promise<RunningServer> => {
  const application = await startApplication(config, {}, log);
  mkdirSync(config.dataDir, { recursive: true });
  const pki = join(config.dataDir, 'pki');
  const tls = config.insecureHttp ? undefined : await ensureServingCertificates(pki, servingNamesFor(config.host));
  if (tls?.generated.ca) log(`generated a CA in ${resolve(pki)}`);
  if (tls?.generated.serving) log(`issued a serving certificate in ${resolve(pki)}`);
  const server: Server = tls ? createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, application.app) : createHttpServer(application.app);
  answerMalformedRequests(server);
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolvePromise());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // A wildcard address is not one to connect to: clients on this machine use loopback.
  const clientHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host;
  const url = `${tls ? 'https' : 'http'}://${clientHost.includes(':') ? `[${clientHost}]` : clientHost}:${port}`;
  const admin = await ensureAdminToken(config.dataDir, application.identities);
  if (admin.created) log(`issued the admin token (user admin, group pacific:admins) in ${resolve(join(config.dataDir, 'admin-token'))}`);
  writeFileSync(join(config.dataDir, 'server.json'), JSON.stringify({ url, pid: process.pid }) + '\n');
  const kubeconfig = resolve(writeKubeconfig(config.dataDir, url, { token: admin.token, ...(tls ? { caData: Buffer.from(tls.caPem).toString('base64') } : {}) }));
  log(`Pacific serving on ${url} (store: ${describeStore(config)}, ${config.sim.hosts} simulated hosts)`);
  log(`kubeconfig: ${kubeconfig}  (try: KUBECONFIG=${kubeconfig} kubectl get nodes)`);
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

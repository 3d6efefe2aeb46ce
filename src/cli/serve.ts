import { writeFileSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { buildHttpApp } from '../adapters/http/app.ts';
import type { FleetBootstrapper } from '../application/fleet/fleet-bootstrapper.ts';
import type { InventoryProjector } from '../application/inventory/inventory-projector.ts';
import type { EventStore } from '../application/ports/event-store.port.ts';
import { TOKENS } from '../application/ports/tokens.ts';
import type { PacificConfig } from '../config.ts';
import { buildContainer } from '../container.ts';
import { packageVersion } from './package-version.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts store, projection, fleet and HTTP; resolves once the server accepts requests. */
export const startServer = async (config: PacificConfig, log: (line: string) => void = console.log): Promise<RunningServer> => {
  const container = buildContainer(config);
  const store = container.get<EventStore>(TOKENS.EventStore);
  const projector = container.get<InventoryProjector>(TOKENS.InventoryProjector);
  const started = Date.now();
  await projector.start();
  log(`inventory caught up: ${projector.inventory.eventCount} events in ${Date.now() - started} ms`);
  const registered = await container.get<FleetBootstrapper>(TOKENS.FleetBootstrapper).registerNewHosts();
  if (registered.length > 0) log(`registered hosts: ${registered.join(', ')}`);
  const app = buildHttpApp({ projector, version: packageVersion() });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  if (config.store === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(join(config.dataDir, 'server.json'), JSON.stringify({ url, pid: process.pid }) + '\n');
  }
  log(`Pacific serving on ${url} (store: ${describeStore(config)}, ${config.sim.hosts} simulated hosts)`);
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await projector.stop();
      await store.close();
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

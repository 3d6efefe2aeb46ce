import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Container } from 'inversify';
import { EventStoreDbEventStore } from './adapters/eventstore/eventstoredb-event-store.ts';
import { InMemoryEventStore } from './adapters/eventstore/in-memory-event-store.ts';
import { SqliteEventStore } from './adapters/eventstore/sqlite-event-store.ts';
import { SimulatedFleet } from './adapters/hypervisor/simulated-fleet.ts';
import { allAggregates } from './application/aggregates.ts';
import { CommandHandler } from './application/commands/command-handler.ts';
import { FleetBootstrapper } from './application/fleet/fleet-bootstrapper.ts';
import { Inventory } from './application/inventory/inventory.ts';
import { InventoryProjector } from './application/inventory/inventory-projector.ts';
import type { Clock } from './application/ports/clock.port.ts';
import type { EventStore } from './application/ports/event-store.port.ts';
import type { Hypervisor } from './application/ports/hypervisor.port.ts';
import { TOKENS } from './application/ports/tokens.ts';
import { CatalogService } from './application/services/catalog.service.ts';
import { NamespaceService } from './application/services/namespace.service.ts';
import { Pacific } from './application/services/pacific.ts';
import { VirtualMachineService } from './application/services/virtual-machine.service.ts';
import { WorkloadService } from './application/services/workload.service.ts';
import type { PacificConfig } from './config.ts';

/** The wall clock; the ISO string is made once per millisecond, as every command of that millisecond asks for it. */
const systemClock: Clock = (() => {
  let lastMillis = -1;
  let lastIso = '';
  return {
    now: () => {
      const millis = Date.now();
      if (millis !== lastMillis) {
        lastMillis = millis;
        lastIso = new Date(millis).toISOString();
      }
      return lastIso;
    },
  };
})();

export const openEventStore = (config: PacificConfig): EventStore => {
  switch (config.store) {
    case 'memory':
      return new InMemoryEventStore();
    case 'sqlite':
      mkdirSync(config.dataDir, { recursive: true });
      return SqliteEventStore.open(join(config.dataDir, 'events.db'));
    case 'eventstoredb':
      return new EventStoreDbEventStore(config.eventStoreUrl!);
  }
};

export interface ContainerOverrides {
  store?: EventStore;
  clock?: Clock;
  hypervisor?: Hypervisor;
}

/** The one composition root: every port bound to its adapter from configuration. */
export const buildContainer = (config: PacificConfig, overrides: ContainerOverrides = {}): Container => {
  const container = new Container();
  container.bind<PacificConfig>(TOKENS.Config).toConstantValue(config);
  container.bind<EventStore>(TOKENS.EventStore).toConstantValue(overrides.store ?? openEventStore(config));
  container.bind<Clock>(TOKENS.Clock).toConstantValue(overrides.clock ?? systemClock);
  container
    .bind<Hypervisor>(TOKENS.Hypervisor)
    .toConstantValue(
      overrides.hypervisor ??
        new SimulatedFleet({ hosts: config.sim.hosts, hostCpuMillis: config.sim.hostCpuMillis, hostMemoryBytes: config.sim.hostMemoryBytes, bootMs: config.sim.bootMs }),
    );
  container
    .bind<CommandHandler>(TOKENS.CommandHandler)
    // States the inventory already holds are not kept twice (see ProjectedStreams).
    .toDynamicValue((context) => new CommandHandler(context.get<EventStore>(TOKENS.EventStore), { projected: context.get<InventoryProjector>(TOKENS.InventoryProjector).inventory }))
    .inSingletonScope();
  container
    .bind<InventoryProjector>(TOKENS.InventoryProjector)
    .toDynamicValue((context) => new InventoryProjector(context.get<EventStore>(TOKENS.EventStore), new Inventory(allAggregates)))
    .inSingletonScope();
  container
    .bind<Pacific>(TOKENS.Pacific)
    .toDynamicValue(
      (context) =>
        new Pacific(context.get<CommandHandler>(TOKENS.CommandHandler), context.get<InventoryProjector>(TOKENS.InventoryProjector), context.get<Clock>(TOKENS.Clock)),
    )
    .inSingletonScope();
  container
    .bind<WorkloadService>(TOKENS.WorkloadService)
    .toDynamicValue((context) => new WorkloadService(context.get<Pacific>(TOKENS.Pacific)))
    .inSingletonScope();
  container
    .bind<NamespaceService>(TOKENS.NamespaceService)
    .toDynamicValue(
      (context) =>
        new NamespaceService(context.get<Pacific>(TOKENS.Pacific), [
          context.get<WorkloadService>(TOKENS.WorkloadService),
          context.get<VirtualMachineService>(TOKENS.VirtualMachineService),
          context.get<CatalogService>(TOKENS.CatalogService),
        ]),
    )
    .inSingletonScope();
  container
    .bind<CatalogService>(TOKENS.CatalogService)
    .toDynamicValue((context) => new CatalogService(context.get<Pacific>(TOKENS.Pacific)))
    .inSingletonScope();
  container
    .bind<VirtualMachineService>(TOKENS.VirtualMachineService)
    .toDynamicValue((context) => new VirtualMachineService(context.get<Pacific>(TOKENS.Pacific)))
    .inSingletonScope();
  container
    .bind<FleetBootstrapper>(TOKENS.FleetBootstrapper)
    .toDynamicValue((context) => new FleetBootstrapper(context.get<Hypervisor>(TOKENS.Hypervisor), context.get<Pacific>(TOKENS.Pacific)))
    .inSingletonScope();
  return container;
};

import type { Container } from 'inversify';
import type { FleetBootstrapper } from '../../../src/application/fleet/fleet-bootstrapper.ts';
import type { InventoryProjector } from '../../../src/application/inventory/inventory-projector.ts';
import type { Clock } from '../../../src/application/ports/clock.port.ts';
import type { EventStore } from '../../../src/application/ports/event-store.port.ts';
import { TOKENS } from '../../../src/application/ports/tokens.ts';
import type { NamespaceService } from '../../../src/application/services/namespace.service.ts';
import type { Pacific } from '../../../src/application/services/pacific.ts';
import type { VirtualMachineService } from '../../../src/application/services/virtual-machine.service.ts';
import type { WorkloadService } from '../../../src/application/services/workload.service.ts';
import { resolveConfig, type RawOptions } from '../../../src/config.ts';
import { buildContainer } from '../../../src/container.ts';

/** A clock the test moves by hand, starting at a fixed instant. */
export class ManualClock implements Clock {
  private instant: number;
  constructor(start = '2026-11-25T09:00:00.000Z') {
    this.instant = Date.parse(start);
  }
  now(): string {
    return new Date(this.instant).toISOString();
  }
  advance(milliseconds: number): void {
    this.instant += milliseconds;
  }
}

export interface PacificUnderTest {
  container: Container;
  store: EventStore;
  clock: ManualClock;
  pacific: Pacific;
  namespaces: NamespaceService;
  workloads: WorkloadService;
  vms: VirtualMachineService;
  projector: InventoryProjector;
  /** Types of the events stored in one stream, oldest first. */
  eventTypes(stream: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** The application built by the real composition root, on the in-memory store and a small simulated fleet. */
export const startPacific = async (options: RawOptions = {}, store?: EventStore): Promise<PacificUnderTest> => {
  const clock = new ManualClock();
  const config = resolveConfig({ store: 'memory', simHosts: 3, simHostCpu: '8', simHostMemory: '32Gi', ...options }, {});
  const container = buildContainer(config, { clock, ...(store ? { store } : {}) });
  const projector = container.get<InventoryProjector>(TOKENS.InventoryProjector);
  await projector.start();
  await container.get<FleetBootstrapper>(TOKENS.FleetBootstrapper).registerNewHosts();
  const eventStore = container.get<EventStore>(TOKENS.EventStore);
  return {
    container,
    store: eventStore,
    clock,
    pacific: container.get<Pacific>(TOKENS.Pacific),
    namespaces: container.get<NamespaceService>(TOKENS.NamespaceService),
    workloads: container.get<WorkloadService>(TOKENS.WorkloadService),
    vms: container.get<VirtualMachineService>(TOKENS.VirtualMachineService),
    projector,
    eventTypes: async (stream) => (await eventStore.readStream(stream)).map((event) => event.type),
    stop: async () => {
      await projector.stop();
      await eventStore.close();
    },
  };
};

export const admin = { actor: 'admin' };
export const developer = { actor: 'alice' };

export const webContainer = (cpu = 500, memoryMi = 256) => ({
  name: 'web',
  image: 'nginx:1.27',
  requests: { cpuMillis: cpu, memoryBytes: memoryMi * 2 ** 20 },
});

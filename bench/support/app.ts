/**
 * The real application as the benchmarks drive it: built by the composition root
 * (startApplication) on a SQLite store in a temp dir and a simulated fleet, silent, not listening.
 * Plus small helpers to create namespaces and pods through the application layer and to observe
 * pods reaching Running in the inventory.
 */
import type { SimulatedFleet } from '../../src/adapters/hypervisor/simulated-fleet.ts';
import type { ApiServices } from '../../src/adapters/http/kube/mappers/kind-mapper.ts';
import type { Inventory } from '../../src/application/inventory/inventory.ts';
import type { EventStore } from '../../src/application/ports/event-store.port.ts';
import type { Hypervisor } from '../../src/application/ports/hypervisor.port.ts';
import { TOKENS } from '../../src/application/ports/tokens.ts';
import type { CreatePodVMInput } from '../../src/application/services/workload.service.ts';
import { apiServices, startApplication, type Application } from '../../src/cli/serve.ts';
import { resolveConfig } from '../../src/config.ts';

export interface FleetOptions {
  hosts: number;
  /** Kubernetes quantities, e.g. "64" and "512Gi". */
  hostCpu: string;
  hostMemory: string;
  bootMs: number;
}

export interface BenchApp {
  application: Application;
  services: ApiServices;
  inventory: Inventory;
  store: EventStore;
  fleet: SimulatedFleet;
  stop(): Promise<void>;
}

export const startBenchApp = async (dataDir: string, fleet: FleetOptions, store: 'sqlite' | 'memory' = 'sqlite'): Promise<BenchApp> => {
  const config = resolveConfig(
    { store, dataDir, simHosts: fleet.hosts, simHostCpu: fleet.hostCpu, simHostMemory: fleet.hostMemory, simBootMs: fleet.bootMs },
    {},
  );
  const application = await startApplication(config, {}, () => undefined, 'silent');
  const services = apiServices(application.container);
  return {
    application,
    services,
    inventory: services.pacific.inventory,
    store: application.container.get<EventStore>(TOKENS.EventStore),
    fleet: application.container.get<Hypervisor>(TOKENS.Hypervisor) as SimulatedFleet,
    stop: () => application.stop(),
  };
};

export const benchActor = { actor: 'bench' };

export const MiB = 2 ** 20;

/** A one-container pod VM as the API would hand it to the workload service. */
export const podInput = (namespace: string, name: string, cpuMillis = 100, memoryBytes = 64 * MiB): CreatePodVMInput => ({
  namespace,
  name,
  labels: { app: 'bench' },
  annotations: {},
  containers: [{ name: 'app', image: 'registry.local/app:1.0', requests: { cpuMillis, memoryBytes } }],
  nodeSelector: {},
  restartPolicy: 'Always',
  priority: 0,
});

/** Namespaces hold at most ~4,000 addresses (a /20 each): spread pods over enough of them. */
export const namespaceNames = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

export const createNamespaces = async (app: BenchApp, names: string[]): Promise<void> => {
  for (const name of names) await app.services.namespaces.create({ name }, benchActor);
};

/** Runs `work(i)` for i in [0, total) with at most `inFlight` at once; `onDone` after each. */
export const runBounded = async (total: number, inFlight: number, work: (i: number) => Promise<unknown>, onDone: () => void = () => undefined): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      await work(i);
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
};

export interface RunningWatcher {
  /** Pods seen starting (PodVMStarted) since the watcher was made. */
  readonly count: number;
  /** Resolves once `count` reaches `target` (or rejects after `timeoutMs`). */
  until(target: number, timeoutMs: number): Promise<void>;
  close(): void;
}

/** Counts pod VMs reaching Running in the inventory (live changes only), optionally in some namespaces only. */
export const watchRunning = (inventory: Inventory, onStart: (namespace: string, name: string) => void = () => undefined, namespaces?: Set<string>): RunningWatcher => {
  let count = 0;
  let waiter: { target: number; resolve: () => void } | undefined;
  const unsubscribe = inventory.onChange(({ object, event }) => {
    if (object.kind !== 'PodVM' || event.type !== 'PodVMStarted') return;
    if (namespaces && !namespaces.has(object.namespace!)) return;
    count++;
    onStart(object.namespace!, object.name);
    if (waiter && count >= waiter.target) waiter.resolve();
  });
  return {
    get count() {
      return count;
    },
    until: (target, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        if (count >= target) return resolve();
        const timer = setTimeout(() => reject(new Error(`only ${count} of ${target} pods Running after ${timeoutMs} ms`)), timeoutMs);
        waiter = {
          target,
          resolve: () => {
            clearTimeout(timer);
            waiter = undefined;
            resolve();
          },
        };
      }),
    close: unsubscribe,
  };
};

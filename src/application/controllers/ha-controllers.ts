import type { Hypervisor } from '../ports/hypervisor.port.ts';
import type { HostChooser } from '../scheduler/scheduler.port.ts';
import type { Pacific } from '../services/pacific.ts';
import type { VirtualMachineService } from '../services/virtual-machine.service.ts';
import type { WorkloadService } from '../services/workload.service.ts';
import { HaController } from './ha.controller.ts';
import { MaintenanceController } from './host-maintenance.controller.ts';
import { defaultHostMonitorOptions, HostMonitor, type HostMonitorOptions } from './host-monitor.controller.ts';

export interface HaDependencies {
  pacific: Pacific;
  workloads: WorkloadService;
  vms: VirtualMachineService;
  hypervisor: Hypervisor;
  chooser: HostChooser;
}

export interface HaOptions extends Partial<HostMonitorOptions> {
  /** Restarts in flight at once for one failed host (default 16). */
  restartConcurrency?: number;
}

/** The running host-health, HA and maintenance controllers. */
export interface HaControllers {
  monitor: HostMonitor;
  ha: HaController;
  maintenance: MaintenanceController;
  dependencies: HaDependencies;
  /** Resolves when neither HA nor maintenance has work queued or running (tests). */
  idle(): Promise<void>;
  /** Idempotent. */
  stop(): Promise<void>;
}

/** Starts the host monitor (heartbeats, failure, recovery), HA restarts and maintenance migrations. */
export const startHaControllers = (dependencies: HaDependencies, options: HaOptions = {}): HaControllers => {
  const { pacific, workloads, vms, hypervisor, chooser } = dependencies;
  const { restartConcurrency, ...monitorOptions } = options;
  const monitor = new HostMonitor(pacific, hypervisor, { ...defaultHostMonitorOptions, ...definedOnly(monitorOptions) });
  const ha = new HaController(pacific, workloads, vms, hypervisor, chooser, { concurrency: restartConcurrency ?? 16 });
  const maintenance = new MaintenanceController(pacific, vms, hypervisor, chooser);
  ha.start();
  maintenance.start();
  monitor.start();
  let stopping: Promise<void> | undefined;
  return {
    monitor,
    ha,
    maintenance,
    dependencies,
    idle: async () => {
      await ha.idle();
      await maintenance.idle();
    },
    stop: () => (stopping ??= Promise.all([monitor.stop(), ha.stop(), maintenance.stop()]).then(() => undefined)),
  };
};

const definedOnly = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

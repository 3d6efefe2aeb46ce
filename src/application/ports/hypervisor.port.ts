import type { Resources } from '../../domain/shared/resources.ts';

/** A physical host as the hypervisor reports it. */
export interface HypervisorHost {
  name: string;
  capacity: Resources;
  maxPodVMs: number;
  healthy: boolean;
}

/** One line a VM wrote to its console. */
export interface ConsoleLine {
  /** ISO-8601 instant it was written. */
  at: string;
  text: string;
}

export interface HostHealth {
  healthy: boolean;
  /** ISO-8601 instant of the host's last heartbeat; null if it never sent one. */
  lastHeartbeat: string | null;
}

/**
 * The hypervisor fleet, shaped like a real one: the actual state controllers compare with the
 * desired state. A pod VM is a light VM. Every operation is asynchronous and fails (rejects) when
 * the host cannot do it, e.g. because it is down.
 */
export interface Hypervisor {
  listHosts(): Promise<HypervisorHost[]>;
  hostHealth(host: string): Promise<HostHealth>;
  /** Creates (if needed) and powers on a VM on a host; resolves once it runs. */
  powerOn(host: string, vmId: string, resources: Resources): Promise<void>;
  powerOff(host: string, vmId: string): Promise<void>;
  /** Removes the VM from the host entirely. */
  destroy(host: string, vmId: string): Promise<void>;
  snapshot(host: string, vmId: string, snapshotName: string): Promise<void>;
  revert(host: string, vmId: string, snapshotName: string): Promise<void>;
  /** Live migration: the VM keeps running while it moves. */
  migrate(fromHost: string, toHost: string, vmId: string): Promise<void>;
  encrypt(host: string, vmId: string): Promise<void>;
  /** VMs the host runs now (actual state), by id. */
  runningOn(host: string): Promise<string[]>;
  /** What the VM wrote to its console, oldest first (empty for a VM the host does not hold). */
  consoleLog(host: string, vmId: string): Promise<ConsoleLine[]>;
}

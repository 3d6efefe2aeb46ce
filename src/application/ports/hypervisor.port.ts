import type { Resources } from '../../domain/shared/resources.ts';

/** A physical host as the hypervisor reports it. */
export interface HypervisorHost {
  name: string;
  capacity: Resources;
  maxPodVMs: number;
  healthy: boolean;
}

/**
 * The hypervisor fleet, shaped like a real one. This cut reports the hosts and boots VMs (a pod VM
 * is a light VM); live migration, snapshots and encryption on the hosts arrive with the scheduler.
 */
export interface Hypervisor {
  listHosts(): Promise<HypervisorHost[]>;
  /** Creates and powers on a VM on a host; resolves once it runs. */
  powerOn(host: string, vmId: string): Promise<void>;
  powerOff(host: string, vmId: string): Promise<void>;
}

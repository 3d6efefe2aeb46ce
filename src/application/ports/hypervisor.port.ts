import type { Resources } from '../../domain/shared/resources.ts';

/** A physical host as the hypervisor reports it. */
export interface HypervisorHost {
  name: string;
  capacity: Resources;
  maxPodVMs: number;
  healthy: boolean;
}

/**
 * The hypervisor fleet, shaped like a real one. This first cut reports the hosts; creating,
 * powering and moving VMs on them arrives with the scheduler.
 */
export interface Hypervisor {
  listHosts(): Promise<HypervisorHost[]>;
}

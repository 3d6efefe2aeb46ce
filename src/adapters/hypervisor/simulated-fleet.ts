import type { Hypervisor, HypervisorHost } from '../../application/ports/hypervisor.port.ts';

export interface SimulatedFleetOptions {
  hosts: number;
  hostCpuMillis: number;
  hostMemoryBytes: number;
  maxPodVMs?: number;
  /** How long a simulated VM takes to boot; used once VMs run on the fleet. */
  bootMs: number;
}

export const simulatedHostName = (index: number): string => `esx-${String(index + 1).padStart(2, '0')}`;

/** A fleet of identical ESXi-like hosts living in this process. */
export class SimulatedFleet implements Hypervisor {
  private readonly hosts: HypervisorHost[];

  constructor(readonly options: SimulatedFleetOptions) {
    this.hosts = Array.from({ length: options.hosts }, (_, index) => ({
      name: simulatedHostName(index),
      capacity: { cpuMillis: options.hostCpuMillis, memoryBytes: options.hostMemoryBytes },
      maxPodVMs: options.maxPodVMs ?? 1000,
      healthy: true,
    }));
  }

  async listHosts(): Promise<HypervisorHost[]> {
    return this.hosts.map((host) => ({ ...host, capacity: { ...host.capacity } }));
  }

  async powerOn(host: string, _vmId: string): Promise<void> {
    this.requireHost(host);
    if (this.options.bootMs > 0) await new Promise((resolve) => setTimeout(resolve, this.options.bootMs));
  }

  async powerOff(host: string, _vmId: string): Promise<void> {
    this.requireHost(host);
  }

  private requireHost(name: string): HypervisorHost {
    const host = this.hosts.find((candidate) => candidate.name === name);
    if (!host) throw new Error(`no host named ${name} in the simulated fleet`);
    return host;
  }
}

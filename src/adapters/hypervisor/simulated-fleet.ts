import type { ConsoleLine, HostHealth, Hypervisor, HypervisorHost } from '../../application/ports/hypervisor.port.ts';
import type { Resources } from '../../domain/shared/resources.ts';

export interface SimulatedFleetOptions {
  hosts: number;
  hostCpuMillis: number;
  hostMemoryBytes: number;
  maxPodVMs?: number;
  /** How long a simulated VM takes to boot. */
  bootMs: number;
}

export const simulatedHostName = (index: number): string => `esx-${String(index + 1).padStart(2, '0')}`;

/**
 * A VM's console is what the host did to it: simulated VMs run no guest code. Its first line (the
 * first power-on) is written out when read, and the rest, which most VMs never have, kept as they
 * come: a fleet of many thousand VMs holds little more than a timestamp each.
 */
interface SimulatedVm {
  resources: Resources;
  poweredOn: boolean;
  encrypted: boolean;
  snapshots?: Set<string>;
  firstPoweredOnAt: string;
  firstPoweredOnHost: string;
  laterLines?: ConsoleLine[];
}

/** Lines kept per VM; older ones are dropped, as a console's ring buffer does. */
const CONSOLE_LINES = 200;

interface SimulatedHost extends HypervisorHost {
  vms: Map<string, SimulatedVm>;
  lastHeartbeat: string;
}

const poweredOnText = (host: string, resources: Resources): string => `powered on on ${host} (cpu ${resources.cpuMillis}m, memory ${resources.memoryBytes} bytes)`;

/** A fleet of identical ESXi-like hosts living in this process, with its own view of what runs where. */
export class SimulatedFleet implements Hypervisor {
  private readonly hosts = new Map<string, SimulatedHost>();

  constructor(
    readonly options: SimulatedFleetOptions,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    for (let index = 0; index < options.hosts; index++) {
      const name = simulatedHostName(index);
      this.hosts.set(name, {
        name,
        capacity: { cpuMillis: options.hostCpuMillis, memoryBytes: options.hostMemoryBytes },
        maxPodVMs: options.maxPodVMs ?? 1000,
        healthy: true,
        vms: new Map(),
        lastHeartbeat: now(),
      });
    }
  }

  async listHosts(): Promise<HypervisorHost[]> {
    return [...this.hosts.values()].map(({ name, capacity, maxPodVMs, healthy }) => ({ name, capacity: { ...capacity }, maxPodVMs, healthy }));
  }

  async hostHealth(host: string): Promise<HostHealth> {
    const found = this.host(host);
    if (found.healthy) found.lastHeartbeat = this.now();
    return { healthy: found.healthy, lastHeartbeat: found.lastHeartbeat };
  }

  async powerOn(host: string, vmId: string, resources: Resources): Promise<void> {
    const target = this.upHost(host);
    if (this.options.bootMs > 0) await new Promise((resolve) => setTimeout(resolve, this.options.bootMs));
    this.upHost(host);
    const existing = target.vms.get(vmId);
    if (existing) {
      existing.poweredOn = true;
      this.write(existing, poweredOnText(host, existing.resources));
      return;
    }
    target.vms.set(vmId, { resources, poweredOn: true, encrypted: false, firstPoweredOnAt: this.now(), firstPoweredOnHost: host });
  }

  async powerOff(host: string, vmId: string): Promise<void> {
    const vm = this.upHost(host).vms.get(vmId);
    if (!vm) return;
    vm.poweredOn = false;
    this.write(vm, `powered off on ${host}`);
  }

  async destroy(host: string, vmId: string): Promise<void> {
    const found = this.host(host);
    found.vms.delete(vmId);
  }

  async snapshot(host: string, vmId: string, snapshotName: string): Promise<void> {
    const vm = this.vm(host, vmId);
    (vm.snapshots ??= new Set()).add(snapshotName);
    this.write(vm, `snapshot ${snapshotName} taken`);
  }

  async revert(host: string, vmId: string, snapshotName: string): Promise<void> {
    const vm = this.vm(host, vmId);
    if (!vm.snapshots?.has(snapshotName)) throw new Error(`VM ${vmId} on ${host} has no snapshot ${snapshotName}`);
    this.write(vm, `reverted to snapshot ${snapshotName}`);
  }

  async migrate(fromHost: string, toHost: string, vmId: string): Promise<void> {
    const vm = this.vm(fromHost, vmId);
    const target = this.upHost(toHost);
    target.vms.set(vmId, vm);
    this.host(fromHost).vms.delete(vmId);
    this.write(vm, `migrated live from ${fromHost} to ${toHost}`);
  }

  async encrypt(host: string, vmId: string): Promise<void> {
    const vm = this.vm(host, vmId);
    vm.encrypted = true;
    this.write(vm, 'disks encrypted');
  }

  async consoleLog(host: string, vmId: string): Promise<ConsoleLine[]> {
    const vm = this.upHost(host).vms.get(vmId);
    if (!vm) return [];
    const first = { at: vm.firstPoweredOnAt, text: poweredOnText(vm.firstPoweredOnHost, vm.resources) };
    return [first, ...(vm.laterLines ?? [])].slice(-CONSOLE_LINES);
  }

  async runningOn(host: string): Promise<string[]> {
    const found = this.host(host);
    return found.healthy ? [...found.vms.entries()].filter(([, vm]) => vm.poweredOn).map(([id]) => id) : [];
  }

  /** Failure injection: the host stops answering and everything on it is lost. Returns the ids of the VMs it ran. */
  failHost(name: string): string[] {
    const host = this.host(name);
    const lost = [...host.vms.entries()].filter(([, vm]) => vm.poweredOn).map(([id]) => id);
    host.healthy = false;
    host.vms.clear();
    return lost;
  }

  /** The host answers again, empty: what ran there before the failure is gone. */
  recoverHost(name: string): void {
    const host = this.host(name);
    host.healthy = true;
    host.lastHeartbeat = this.now();
  }

  hasHost(name: string): boolean {
    return this.hosts.has(name);
  }

  isHealthy(name: string): boolean {
    return this.host(name).healthy;
  }

  private write(vm: SimulatedVm, text: string): void {
    const lines = (vm.laterLines ??= []);
    lines.push({ at: this.now(), text });
    if (lines.length > CONSOLE_LINES) lines.shift();
  }

  private host(name: string): SimulatedHost {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no host named ${name} in the simulated fleet`);
    return host;
  }

  private upHost(name: string): SimulatedHost {
    const host = this.host(name);
    if (!host.healthy) throw new Error(`host ${name} is not responding`);
    return host;
  }

  private vm(host: string, vmId: string): SimulatedVm {
    const vm = this.upHost(host).vms.get(vmId);
    if (!vm) throw new Error(`no VM ${vmId} on host ${host}`);
    return vm;
  }
}

import type { HostReady } from '../../domain/host/index.ts';
import { hostAggregate } from '../aggregates.ts';
import type { HostHealth, Hypervisor } from '../ports/hypervisor.port.ts';
import type { Pacific } from '../services/pacific.ts';

export interface HostMonitorOptions {
  /** How often every host is asked for its health. */
  intervalMs: number;
  /** How long a host may stay silent before it is marked failed. */
  graceMs: number;
  /** At most one HostHeartbeatRecorded per host per this period, so the log is not flooded. */
  heartbeatRecordMs: number;
}

export const defaultHostMonitorOptions: HostMonitorOptions = { intervalMs: 1000, graceMs: 5000, heartbeatRecordMs: 30_000 };

const actor = { actor: 'system:host-monitor' };

/**
 * Turns the hypervisor's host health into host events, level-based: a healthy host gets a
 * (throttled) heartbeat and is recovered if it was failed; a host silent for longer than the
 * grace period is marked failed. Time comes from the Pacific clock.
 */
export class HostMonitor {
  /** When each host last answered healthy, as this monitor saw it (ms since epoch). */
  private readonly lastHealthy = new Map<string, number>();
  /** Hosts seen silent since they last answered: one answering again gets a heartbeat at once. */
  private readonly silent = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly pacific: Pacific,
    private readonly hypervisor: Hypervisor,
    private readonly options: HostMonitorOptions = defaultHostMonitorOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Checks every registered host once; ticks never overlap. */
  tick(): Promise<void> {
    this.running ??= this.checkAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().then(
        () => this.schedule(this.options.intervalMs),
        () => this.schedule(this.options.intervalMs),
      );
    }, delayMs);
    this.timer.unref();
  }

  private async checkAll(): Promise<void> {
    const hosts = this.pacific.inventory.list('Host').map((object) => object.state as HostReady);
    const results = await Promise.allSettled(hosts.map((host) => this.check(host)));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async check(host: HostReady): Promise<void> {
    const health = await this.hypervisor.hostHealth(host.name).catch((): HostHealth => ({ healthy: false, lastHeartbeat: null }));
    const now = Date.parse(this.pacific.clock.now());
    const { name } = host;
    if (health.healthy) {
      this.lastHealthy.set(name, now);
      const answersAgain = this.silent.delete(name);
      if (host.failed) await this.pacific.execute(hostAggregate, name, { type: 'RecoverHost', data: { name } }, actor);
      // Back after a silence shorter than the grace: the heartbeat says so now, so what it ran is checked at once.
      if (host.failed || answersAgain || host.lastHeartbeat === null || now - Date.parse(host.lastHeartbeat) >= this.options.heartbeatRecordMs) {
        await this.pacific.execute(hostAggregate, name, { type: 'RecordHostHeartbeat', data: { name } }, actor);
      }
      return;
    }
    this.silent.add(name);
    // A host first seen silent (e.g. just after Pacific started) gets the whole grace period.
    const since = this.lastHealthy.get(name) ?? now;
    this.lastHealthy.set(name, since);
    if (host.failed || now - since < this.options.graceMs) return;
    const last = health.lastHeartbeat ?? new Date(since).toISOString();
    const reason = `heartbeat lost: host ${name} did not answer for ${((now - since) / 1000).toFixed(1)}s (last heartbeat ${last})`;
    await this.pacific.execute(hostAggregate, name, { type: 'MarkHostFailed', data: { name, reason } }, actor);
  }
}

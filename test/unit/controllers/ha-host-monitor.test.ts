import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../../src/adapters/eventstore/in-memory-event-store.ts';
import { allAggregates, hostAggregate } from '../../../src/application/aggregates.ts';
import { CommandHandler } from '../../../src/application/commands/command-handler.ts';
import { HostMonitor } from '../../../src/application/controllers/host-monitor.controller.ts';
import { Inventory } from '../../../src/application/inventory/inventory.ts';
import { InventoryProjector } from '../../../src/application/inventory/inventory-projector.ts';
import type { Clock } from '../../../src/application/ports/clock.port.ts';
import type { HostHealth, Hypervisor } from '../../../src/application/ports/hypervisor.port.ts';
import { Pacific } from '../../../src/application/services/pacific.ts';

class ManualClock implements Clock {
  instant = Date.parse('2026-11-25T09:00:00.000Z');
  now(): string {
    return new Date(this.instant).toISOString();
  }
  advance(seconds: number): void {
    this.instant += seconds * 1000;
  }
}

/** Only hostHealth is used by the monitor; a host answers or it does not (or throws when unknown). */
const fakeHypervisor = (health: Map<string, boolean | 'throws'>): Hypervisor =>
  ({
    hostHealth: async (host: string): Promise<HostHealth> => {
      const state = health.get(host);
      if (state === 'throws' || state === undefined) throw new Error(`no host ${host}`);
      return { healthy: state, lastHeartbeat: null };
    },
  }) as unknown as Hypervisor;

describe('HostMonitor (manual clock)', () => {
  let store: InMemoryEventStore;
  let projector: InventoryProjector;
  let clock: ManualClock;
  let health: Map<string, boolean | 'throws'>;
  let monitor: HostMonitor;

  const events = async () => (await store.readStream('host-esx-01')).map((event) => event.type).slice(1);
  const tickAt = async (seconds: number) => {
    clock.advance(seconds);
    await monitor.tick();
  };

  beforeEach(async () => {
    store = new InMemoryEventStore();
    projector = new InventoryProjector(store, new Inventory(allAggregates));
    await projector.start();
    clock = new ManualClock();
    const pacific = new Pacific(new CommandHandler(store), projector, clock);
    await pacific.execute(hostAggregate, 'esx-01', { type: 'RegisterHost', data: { name: 'esx-01', uid: 'u1', capacity: { cpuMillis: 8000, memoryBytes: 2 ** 34 } } }, { actor: 'test' });
    health = new Map([['esx-01', true]]);
    monitor = new HostMonitor(pacific, fakeHypervisor(health), { intervalMs: 1000, graceMs: 5000, heartbeatRecordMs: 30_000 });
  });
  afterEach(async () => {
    await monitor.stop();
    await projector.stop();
  });

  it('records a heartbeat for a healthy host at most once per heartbeat period', async () => {
    await tickAt(0);
    await tickAt(1);
    await tickAt(28);
    expect(await events()).toEqual(['HostHeartbeatRecorded']);
    await tickAt(1);
    expect(await events()).toEqual(['HostHeartbeatRecorded', 'HostHeartbeatRecorded']);
    expect((await store.readStream('host-esx-01')).at(-1)!.data).toEqual({ name: 'esx-01', at: '2026-11-25T09:00:30.000Z' });
  });

  it('marks a host failed only once it has been silent for the whole grace period, and only once', async () => {
    await tickAt(0);
    health.set('esx-01', false);
    await tickAt(1);
    await tickAt(3.999);
    expect(await events()).toEqual(['HostHeartbeatRecorded']);
    await tickAt(0.001);
    expect(await events()).toEqual(['HostHeartbeatRecorded', 'HostFailed']);
    const failed = (await store.readStream('host-esx-01')).at(-1)!;
    expect(failed.data).toMatchObject({ name: 'esx-01', at: '2026-11-25T09:00:05.000Z' });
    expect((failed.data as { reason: string }).reason).toBe('heartbeat lost: host esx-01 did not answer for 5.0s (last heartbeat 2026-11-25T09:00:00.000Z)');
    expect(failed.metadata.actor).toBe('system:host-monitor');
    await tickAt(10);
    expect(await events()).toEqual(['HostHeartbeatRecorded', 'HostFailed']);
  });

  it('forgives a silence shorter than the grace period, recording at once the heartbeat that ends it', async () => {
    await tickAt(0);
    health.set('esx-01', false);
    await tickAt(4);
    health.set('esx-01', true);
    await tickAt(1);
    health.set('esx-01', false);
    await tickAt(4);
    // The second heartbeat, inside the 30 s throttle, is what lets HA check what the host still runs.
    expect(await events()).toEqual(['HostHeartbeatRecorded', 'HostHeartbeatRecorded']);
  });

  it('recovers a failed host as soon as it answers again, with a fresh heartbeat', async () => {
    await tickAt(0);
    health.set('esx-01', false);
    await tickAt(6);
    health.set('esx-01', true);
    await tickAt(1);
    expect(await events()).toEqual(['HostHeartbeatRecorded', 'HostFailed', 'HostRecovered', 'HostHeartbeatRecorded']);
    await tickAt(1);
    expect(await events()).toHaveLength(4);
  });

  it('gives a host first seen silent the whole grace period, and treats a host the hypervisor does not know as silent', async () => {
    health.set('esx-01', 'throws');
    await tickAt(0);
    await tickAt(4.5);
    expect(await events()).toEqual([]);
    await tickAt(0.5);
    expect(await events()).toEqual(['HostFailed']);
    expect(((await store.readStream('host-esx-01')).at(-1)!.data as { reason: string }).reason).toMatch(/^heartbeat lost: host esx-01 did not answer for 5\.0s/);
  });

  it('runs by itself every interval once started, until stopped', async () => {
    monitor = new HostMonitor(new Pacific(new CommandHandler(store), projector, clock), fakeHypervisor(health), { intervalMs: 10, graceMs: 5000, heartbeatRecordMs: 30_000 });
    monitor.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await monitor.stop();
    expect(await events()).toEqual(['HostHeartbeatRecorded']);
  });
});

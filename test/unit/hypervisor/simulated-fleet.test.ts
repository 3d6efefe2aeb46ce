import { describe, expect, it } from 'vitest';
import { SimulatedFleet } from '../../../src/adapters/hypervisor/simulated-fleet.ts';

const fleet = () => {
  let now = Date.parse('2026-11-25T09:00:00.000Z');
  const clock = { advance: (ms: number) => void (now += ms), now: () => new Date(now).toISOString() };
  return { clock, sim: new SimulatedFleet({ hosts: 2, hostCpuMillis: 8000, hostMemoryBytes: 2 ** 34, bootMs: 0 }, clock.now) };
};

const small = { cpuMillis: 500, memoryBytes: 2 ** 28 };

describe('SimulatedFleet failure injection', () => {
  it('reports heartbeats while healthy and keeps the last one once a host fails', async () => {
    const { clock, sim } = fleet();
    expect(await sim.hostHealth('esx-01')).toEqual({ healthy: true, lastHeartbeat: '2026-11-25T09:00:00.000Z' });
    clock.advance(1000);
    expect((await sim.hostHealth('esx-01')).lastHeartbeat).toBe('2026-11-25T09:00:01.000Z');
    sim.failHost('esx-01');
    clock.advance(1000);
    expect(await sim.hostHealth('esx-01')).toEqual({ healthy: false, lastHeartbeat: '2026-11-25T09:00:01.000Z' });
    await expect(sim.hostHealth('esx-09')).rejects.toThrow(/no host named esx-09/);
  });

  it('loses what a failed host ran, refuses work there, and comes back empty', async () => {
    const { sim } = fleet();
    await sim.powerOn('esx-01', 'podVm-shop/a', small);
    await sim.powerOn('esx-01', 'virtualMachine-shop/db', small);
    await sim.powerOff('esx-01', 'virtualMachine-shop/db');
    expect(sim.failHost('esx-01')).toEqual(['podVm-shop/a']);
    expect(sim.isHealthy('esx-01')).toBe(false);
    expect(await sim.runningOn('esx-01')).toEqual([]);
    await expect(sim.powerOn('esx-01', 'podVm-shop/b', small)).rejects.toThrow(/not responding/);
    await expect(sim.migrate('esx-02', 'esx-01', 'x')).rejects.toThrow();
    sim.recoverHost('esx-01');
    expect(sim.isHealthy('esx-01')).toBe(true);
    expect(await sim.runningOn('esx-01')).toEqual([]);
    await sim.powerOn('esx-01', 'podVm-shop/b', small);
    expect(await sim.runningOn('esx-01')).toEqual(['podVm-shop/b']);
    expect(sim.hasHost('esx-01')).toBe(true);
    expect(sim.hasHost('esx-09')).toBe(false);
  });

  it('live-migrates a running VM between hosts', async () => {
    const { sim } = fleet();
    await sim.powerOn('esx-01', 'virtualMachine-shop/db', small);
    await sim.migrate('esx-01', 'esx-02', 'virtualMachine-shop/db');
    expect(await sim.runningOn('esx-01')).toEqual([]);
    expect(await sim.runningOn('esx-02')).toEqual(['virtualMachine-shop/db']);
  });
});

describe('SimulatedFleet consoles', () => {
  it('writes what the host does to a VM to its console, which moves with the VM and goes with it', async () => {
    const { clock, sim } = fleet();
    await sim.powerOn('esx-01', 'podVm-shop/a', small);
    clock.advance(1000);
    await sim.snapshot('esx-01', 'podVm-shop/a', 'before-upgrade');
    await sim.migrate('esx-01', 'esx-02', 'podVm-shop/a');
    await sim.encrypt('esx-02', 'podVm-shop/a');
    await sim.powerOff('esx-02', 'podVm-shop/a');
    expect(await sim.consoleLog('esx-02', 'podVm-shop/a')).toEqual([
      { at: '2026-11-25T09:00:00.000Z', text: 'powered on on esx-01 (cpu 500m, memory 268435456 bytes)' },
      { at: '2026-11-25T09:00:01.000Z', text: 'snapshot before-upgrade taken' },
      { at: '2026-11-25T09:00:01.000Z', text: 'migrated live from esx-01 to esx-02' },
      { at: '2026-11-25T09:00:01.000Z', text: 'disks encrypted' },
      { at: '2026-11-25T09:00:01.000Z', text: 'powered off on esx-02' },
    ]);
    expect(await sim.consoleLog('esx-01', 'podVm-shop/a')).toEqual([]);
    await sim.destroy('esx-02', 'podVm-shop/a');
    expect(await sim.consoleLog('esx-02', 'podVm-shop/a')).toEqual([]);
  });

  it('keeps the last 200 lines of a console', async () => {
    const { sim } = fleet();
    await sim.powerOn('esx-01', 'podVm-shop/a', small);
    for (let i = 0; i < 250; i++) await sim.snapshot('esx-01', 'podVm-shop/a', `s-${i}`);
    const lines = await sim.consoleLog('esx-01', 'podVm-shop/a');
    expect(lines).toHaveLength(200);
    expect(lines[0]!.text).toBe('snapshot s-50 taken');
    expect(lines.at(-1)!.text).toBe('snapshot s-249 taken');
  });
});

/**
 * Scheduling throughput, end to end through the application layer on the SQLite store: pod VMs
 * created by the workload service (200 in flight), placed by the placement controller, booted on
 * the simulated fleet (boot 0) and started; pods/s is measured from the first create to the last
 * PodVMStarted in the inventory. Once on an empty fleet, once on a fleet whose CPU is 90% taken.
 * Ceilings in the same run: the store alone appending as many events (200 in flight), and for
 * placement-only decisions a bare least-loaded pick over the same hosts.
 * Usage: node --import ./src/typescript/register.mjs bench/schedule.bench.ts [--quick] [--pods N] [--hosts N] [--out FILE]
 */
import { join } from 'node:path';
import { SqliteEventStore } from '../src/adapters/eventstore/sqlite-event-store.ts';
import { benchActor, createNamespaces, MiB, namespaceNames, podInput, runBounded, startBenchApp, watchRunning, type BenchApp } from './support/app.ts';
import {
  isMain,
  isQuick,
  nowMs,
  numberFlag,
  percentile,
  printMachine,
  printTable,
  progress,
  round,
  saveResults,
  timed,
  verdict,
  withTempDir,
} from './support/common.ts';
import { measurePlacementOnly } from './support/placement-only.ts';
import { profiled } from './support/profiler.ts';
import { appendConcurrently, eventPool } from './support/store-bench.ts';

export const TARGET_PODS_PER_SEC = 2_000;
const IN_FLIGHT = 200;
const POD_CPU_MILLIS = 100;
const POD_MEMORY = 64 * MiB;
/** Host CPU such that nine fillers of a tenth each leave exactly the room 100 pods per host need, plus a little. */
const HOST_CPU_MILLIS = 112_000;
const FILLERS_PER_HOST = 9;
const FILLER_CPU_MILLIS = HOST_CPU_MILLIS / 10;

export interface ScheduleSizes {
  pods: number;
  hosts: number;
  namespaces: number;
  /** Pods started on the empty fleet before measuring. */
  warmup: number;
}

export const scheduleSizes = (args: string[] = process.argv.slice(2)): ScheduleSizes => {
  const quick = isQuick(args);
  const pods = numberFlag('--pods', quick ? 300 : 10_000, args);
  const hosts = numberFlag('--hosts', quick ? 10 : 100, args);
  return { pods, hosts, namespaces: Math.max(1, Math.ceil(pods / 1000)), warmup: quick ? 0 : 1_000 };
};

export interface EndToEnd {
  pods: number;
  seconds: number;
  podsPerSec: number;
  createsPerSec: number;
  /** create call -> PodVMStarted in the inventory, per pod. */
  p50Ms: number;
  p99Ms: number;
  eventsPerPod: number;
  /** Share of the fleet's CPU allocated before the measured pods were created. */
  cpuUsedBefore: number;
  cpuUsedAfter: number;
}

const cpuUsed = (app: BenchApp): number => {
  let used = 0;
  let capacity = 0;
  for (const host of app.inventory.list('Host')) {
    const state = host.state as { allocated: { cpuMillis: number }; capacity: { cpuMillis: number } };
    used += state.allocated.cpuMillis;
    capacity += state.capacity.cpuMillis;
  }
  return capacity === 0 ? 0 : used / capacity;
};

/** Pods created and started before the measured ones, so that the code measured is warm (the prefill does this for the full fleet). */
const warmUp = async (app: BenchApp, pods: number): Promise<void> => {
  if (pods === 0) return;
  await createNamespaces(app, ['warm']);
  const running = watchRunning(app.inventory, undefined, new Set(['warm']));
  await runBounded(pods, IN_FLIGHT, (i) => app.services.workloads.createPodVM(podInput('warm', `warm-${i}`, POD_CPU_MILLIS, POD_MEMORY), benchActor));
  await running.until(pods, 120_000);
  running.close();
  await app.application.placement.idle();
};

/** Fills every host's CPU to 90% with big pods, placed by the scheduler itself (not measured). */
const prefill = async (app: BenchApp, hosts: number): Promise<void> => {
  await createNamespaces(app, ['filler']);
  const total = hosts * FILLERS_PER_HOST;
  const running = watchRunning(app.inventory, undefined, new Set(['filler']));
  const bar = progress('prefill to 90% CPU', total);
  await runBounded(total, IN_FLIGHT, (i) => app.services.workloads.createPodVM(podInput('filler', `filler-${i}`, FILLER_CPU_MILLIS, POD_MEMORY), benchActor), () => bar.increment());
  await running.until(total, 300_000);
  bar.stop();
  running.close();
  await app.application.placement.idle();
};

export const measureEndToEnd = async (sizes: ScheduleSizes, fullFirst: boolean): Promise<EndToEnd> =>
  withTempDir(async (dir) => {
    const app = await startBenchApp(dir, { hosts: sizes.hosts, hostCpu: `${HOST_CPU_MILLIS}m`, hostMemory: '512Gi', bootMs: 0 });
    try {
      if (fullFirst) await prefill(app, sizes.hosts);
      else await warmUp(app, sizes.warmup);
      const namespaces = namespaceNames('sched', sizes.namespaces);
      await createNamespaces(app, namespaces);
      const cpuUsedBefore = cpuUsed(app);
      const headBefore = await app.store.headPosition();
      const createdAt = new Map<string, number>();
      const latencies: number[] = [];
      const bar = progress(fullFirst ? 'schedule (fleet 90% full)' : 'schedule (empty fleet)', sizes.pods);
      const running = watchRunning(
        app.inventory,
        (namespace, name) => {
          const key = `${namespace}/${name}`;
          const started = createdAt.get(key);
          if (started !== undefined) latencies.push(nowMs() - started);
          bar.increment();
        },
        new Set(namespaces),
      );
      const start = nowMs();
      await runBounded(sizes.pods, IN_FLIGHT, async (i) => {
        const namespace = namespaces[i % namespaces.length]!;
        const name = `pod-${i}`;
        createdAt.set(`${namespace}/${name}`, nowMs());
        await app.services.workloads.createPodVM(podInput(namespace, name, POD_CPU_MILLIS, POD_MEMORY), benchActor);
      });
      const createsDone = nowMs();
      await running.until(sizes.pods, 600_000);
      const seconds = (nowMs() - start) / 1000;
      bar.stop();
      running.close();
      await app.application.placement.idle();
      const events = (await app.store.headPosition()) - headBefore;
      return {
        pods: sizes.pods,
        seconds: round(seconds, 3),
        podsPerSec: Math.round(sizes.pods / seconds),
        createsPerSec: Math.round(sizes.pods / ((createsDone - start) / 1000)),
        p50Ms: round(percentile(latencies, 50), 1),
        p99Ms: round(percentile(latencies, 99), 1),
        eventsPerPod: round(events / sizes.pods, 2),
        cpuUsedBefore: round(cpuUsedBefore, 3),
        cpuUsedAfter: round(cpuUsed(app), 3),
      };
    } finally {
      await app.stop();
    }
  });

/** The store alone: as many events as the end-to-end run wrote, appended by 200 concurrent single-event writers. */
export const measureStoreCeiling = async (events: number): Promise<number> =>
  withTempDir(async (dir) => {
    const store = SqliteEventStore.open(join(dir, 'ceiling.db'));
    try {
      return events / (await timed(() => appendConcurrently(store, eventPool(), events, IN_FLIGHT, 1)));
    } finally {
      await store.close();
    }
  });

export const runScheduleBench = async (): Promise<Record<string, unknown>> => {
  const sizes = scheduleSizes();
  printMachine();
  console.log(`${sizes.pods} pod VMs over ${sizes.hosts} simulated hosts, boot 0, SQLite store (synchronous=FULL), ${IN_FLIGHT} creates in flight\n`);
  const placement = { hosts: sizes.hosts, hostCpuMillis: HOST_CPU_MILLIS, hostMemoryBytes: 512 * 2 ** 30, fillersPerHost: FILLERS_PER_HOST, fillerCpuMillis: FILLER_CPU_MILLIS, pods: sizes.pods, podCpuMillis: POD_CPU_MILLIS, podMemoryBytes: POD_MEMORY };
  const empty = await profiled('schedule-empty', () => measureEndToEnd(sizes, false));
  const full = await profiled('schedule-full', () => measureEndToEnd(sizes, true));
  const ceilingEvents = Math.round(Math.max(empty.eventsPerPod, full.eventsPerPod) * sizes.pods);
  const storeEventsPerSec = await measureStoreCeiling(ceilingEvents);
  const ceilingPodsPerSec = (eventsPerPod: number) => storeEventsPerSec / eventsPerPod;
  const placementEmpty = measurePlacementOnly({ ...placement, fillersPerHost: 0 });
  const placementFull = measurePlacementOnly(placement);

  const row = (name: string, figures: EndToEnd): (string | number)[] => {
    const ceiling = ceilingPodsPerSec(figures.eventsPerPod);
    return [name, figures.podsPerSec, Math.round(ceiling), round(figures.podsPerSec / ceiling, 2), figures.p50Ms, figures.p99Ms, `${Math.round(figures.cpuUsedBefore * 100)}% -> ${Math.round(figures.cpuUsedAfter * 100)}%`, verdict(figures.podsPerSec >= TARGET_PODS_PER_SEC)];
  };
  printTable(
    ['end to end (create -> Running)', 'pods/s', 'store-only pods/s', 'ratio', 'p50 ms', 'p99 ms', 'fleet CPU', `>= ${TARGET_PODS_PER_SEC}/s`],
    [row('empty fleet', empty), row('fleet 90% full', full)],
  );
  console.log(`(store-only: ${Math.round(storeEventsPerSec).toLocaleString('en-US')} durable events/s with ${IN_FLIGHT} writers, divided by the ${empty.eventsPerPod} events each pod writes)\n`);
  printTable(
    ['placement only (choose + assume)', 'decisions/s', 'bare pick/s', 'ratio'],
    [
      ['empty fleet', placementEmpty.decisionsPerSec, placementEmpty.bareDecisionsPerSec, placementEmpty.ratio],
      ['fleet 90% full', placementFull.decisionsPerSec, placementFull.bareDecisionsPerSec, placementFull.ratio],
    ],
  );
  const figures = {
    sizes: { ...sizes, inFlight: IN_FLIGHT, bootMs: 0, store: 'sqlite' },
    target: { podsPerSec: TARGET_PODS_PER_SEC },
    endToEnd: { ...empty, storeOnlyPodsPerSec: Math.round(ceilingPodsPerSec(empty.eventsPerPod)), ratio: round(empty.podsPerSec / ceilingPodsPerSec(empty.eventsPerPod), 3), met: empty.podsPerSec >= TARGET_PODS_PER_SEC },
    endToEndFull: { ...full, storeOnlyPodsPerSec: Math.round(ceilingPodsPerSec(full.eventsPerPod)), ratio: round(full.podsPerSec / ceilingPodsPerSec(full.eventsPerPod), 3), met: full.podsPerSec >= TARGET_PODS_PER_SEC },
    storeOnlyEventsPerSec: Math.round(storeEventsPerSec),
    placementOnly: placementEmpty,
    placementOnlyFull: placementFull,
  };
  saveResults('schedule', figures);
  return figures;
};

if (isMain(import.meta.url)) await runScheduleBench();

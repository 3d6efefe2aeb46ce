/**
 * Placement-only throughput: the scheduler's decisions over an inventory fed with hand-made events
 * (hosts, optionally filled with big pods already allocated, and pending pods), with no store or
 * controller involved, beside a bare least-loaded pick over a plain array.
 */
import { allAggregates } from '../../src/application/aggregates.ts';
import { Inventory } from '../../src/application/inventory/inventory.ts';
import { podPlacementRequest } from '../../src/application/scheduler/placement-requests.ts';
import { Scheduler } from '../../src/application/scheduler/scheduler.ts';
import type { PodVMLive } from '../../src/domain/podvm/index.ts';
import { nowMs, round } from './common.ts';

export interface PlacementFleetOptions {
  hosts: number;
  hostCpuMillis: number;
  hostMemoryBytes: number;
  fillersPerHost: number;
  fillerCpuMillis: number;
  pods: number;
  podCpuMillis: number;
  /** Of the pods to place and of the fillers alike. */
  podMemoryBytes: number;
}

export interface PlacementOnly {
  decisionsPerSec: number;
  bareDecisionsPerSec: number;
  ratio: number;
}

const at = '2026-11-25T09:00:00.000Z';

export const placementFleet = (fleet: PlacementFleetOptions): { inventory: Inventory; pods: PodVMLive[] } => {
  const inventory = new Inventory(allAggregates);
  const revisions = new Map<string, number>();
  let position = 0;
  const append = (streamName: string, type: string, data: Record<string, unknown>): void => {
    const revision = (revisions.get(streamName) ?? -1) + 1;
    revisions.set(streamName, revision);
    position++;
    inventory.applyEvent({ streamName, type, data, revision, position, metadata: { eventId: `e${position}`, time: at, actor: 'bench', correlationId: 'c', causationId: null } });
  };
  const created = (namespace: string, name: string, cpuMillis: number): void =>
    append(`podVm-${namespace}/${name}`, 'PodVMCreated', {
      namespace,
      name,
      uid: `${namespace}-${name}`,
      labels: { app: 'bench' },
      annotations: {},
      containers: [{ name: 'app', image: 'registry.local/app:1.0', requests: { cpuMillis, memoryBytes: fleet.podMemoryBytes } }],
      nodeSelector: {},
      restartPolicy: 'Always',
      priority: 0,
      givenSpec: {},
      createdAt: at,
    });
  const names = Array.from({ length: fleet.hosts }, (_, i) => `esx-${String(i + 1).padStart(2, '0')}`);
  for (const name of names) {
    append(`host-${name}`, 'HostRegistered', { name, uid: name, capacity: { cpuMillis: fleet.hostCpuMillis, memoryBytes: fleet.hostMemoryBytes }, maxPodVMs: 1000, labels: {}, registeredAt: at });
  }
  for (const host of names) {
    for (let f = 0; f < fleet.fillersPerHost; f++) {
      const name = `filler-${host}-${f}`;
      created('filler', name, fleet.fillerCpuMillis);
      const objectRef = `podVm-filler/${name}`;
      append(`host-${host}`, 'HostResourcesAllocated', { name: host, objectRef, workload: 'PodVM', resources: { cpuMillis: fleet.fillerCpuMillis, memoryBytes: fleet.podMemoryBytes } });
      append(objectRef, 'PodVMScheduled', { namespace: 'filler', name, host });
    }
  }
  for (let i = 0; i < fleet.pods; i++) created(`sched-${i % 10}`, `pod-${i}`, fleet.podCpuMillis);
  const pending = Array.from({ length: fleet.pods }, (_, i) => inventory.get('PodVM', `sched-${i % 10}`, `pod-${i}`)!.state as PodVMLive);
  return { inventory, pods: pending };
};

/** choose + assume per pod, as placeWith does before committing; the assumptions accumulate like real load. */
export const measurePlacementOnly = (fleet: PlacementFleetOptions): PlacementOnly => {
  const { inventory, pods } = placementFleet(fleet);
  const scheduler = new Scheduler(inventory);
  const requests = pods.map(podPlacementRequest);
  const started = nowMs();
  for (const request of requests) {
    const decision = scheduler.choose(request);
    if (decision.host === null) throw new Error(`placement-only: no room for ${request.objectRef}: ${decision.reason}`);
    scheduler.assume(request, decision.host);
  }
  const seconds = (nowMs() - started) / 1000;
  scheduler.close();

  const free = Array.from({ length: fleet.hosts }, () => ({
    cpu: fleet.hostCpuMillis - fleet.fillersPerHost * fleet.fillerCpuMillis,
    memory: fleet.hostMemoryBytes - fleet.fillersPerHost * fleet.podMemoryBytes,
    pods: 1000 - fleet.fillersPerHost,
  }));
  const bareStarted = nowMs();
  for (let i = 0; i < fleet.pods; i++) {
    let best = -1;
    for (let h = 0; h < free.length; h++) {
      const host = free[h]!;
      if (host.cpu < fleet.podCpuMillis || host.memory < fleet.podMemoryBytes || host.pods < 1) continue;
      if (best < 0 || host.cpu > free[best]!.cpu) best = h;
    }
    if (best < 0) throw new Error('bare placement: no room');
    free[best]!.cpu -= fleet.podCpuMillis;
    free[best]!.memory -= fleet.podMemoryBytes;
    free[best]!.pods--;
  }
  const bareSeconds = (nowMs() - bareStarted) / 1000;
  const decisionsPerSec = fleet.pods / seconds;
  const bareDecisionsPerSec = fleet.pods / bareSeconds;
  return { decisionsPerSec: Math.round(decisionsPerSec), bareDecisionsPerSec: Math.round(bareDecisionsPerSec), ratio: round(decisionsPerSec / bareDecisionsPerSec, 3) };
};

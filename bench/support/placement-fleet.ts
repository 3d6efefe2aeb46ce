/**
 * An inventory fed with hand-made events, as the projector would feed it: hosts, optionally
 * filled with big pods already allocated, and pending pods to place. For placement-only runs,
 * where no store or controller is involved.
 */
import { allAggregates } from '../../src/application/aggregates.ts';
import { Inventory } from '../../src/application/inventory/inventory.ts';

const at = '2026-11-25T09:00:00.000Z';

export const placementFleet = (
  hosts: number,
  hostCpuMillis: number,
  hostMemoryBytes: number,
  fillersPerHost: number,
  fillerCpuMillis: number,
  pods: number,
  podCpuMillis: number,
  podMemoryBytes: number,
): { inventory: Inventory; pods: unknown[] } => {
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
      containers: [{ name: 'app', image: 'registry.local/app:1.0', requests: { cpuMillis, memoryBytes: podMemoryBytes } }],
      nodeSelector: {},
      restartPolicy: 'Always',
      priority: 0,
      givenSpec: {},
      createdAt: at,
    });
  const names = Array.from({ length: hosts }, (_, i) => `esx-${String(i + 1).padStart(2, '0')}`);
  for (const name of names) {
    append(`host-${name}`, 'HostRegistered', { name, uid: name, capacity: { cpuMillis: hostCpuMillis, memoryBytes: hostMemoryBytes }, maxPodVMs: 1000, labels: {}, registeredAt: at });
  }
  for (const host of names) {
    for (let f = 0; f < fillersPerHost; f++) {
      const name = `filler-${host}-${f}`;
      created('filler', name, fillerCpuMillis);
      const objectRef = `podVm-filler/${name}`;
      append(`host-${host}`, 'HostResourcesAllocated', { name: host, objectRef, workload: 'PodVM', resources: { cpuMillis: fillerCpuMillis, memoryBytes: podMemoryBytes } });
      append(objectRef, 'PodVMScheduled', { namespace: 'filler', name, host });
    }
  }
  for (let i = 0; i < pods; i++) created(`sched-${i % 10}`, `pod-${i}`, podCpuMillis);
  const pending = Array.from({ length: pods }, (_, i) => inventory.get('PodVM', `sched-${i % 10}`, `pod-${i}`)!.state);
  return { inventory, pods: pending };
};

import { allAggregates } from '../../../src/application/aggregates.ts';
import { Inventory } from '../../../src/application/inventory/inventory.ts';

const at = '2026-11-25T09:00:00.000Z';

/** An inventory fed by hand-written events, as the projector would feed it. */
export const inventoryFeed = () => {
  const inventory = new Inventory(allAggregates);
  const revisions = new Map<string, number>();
  let position = 0;
  const append = (streamName: string, type: string, data: Record<string, unknown>): void => {
    const revision = (revisions.get(streamName) ?? -1) + 1;
    revisions.set(streamName, revision);
    inventory.applyEvent({ streamName, type, data, revision, position: ++position, metadata: { eventId: `e${position}`, time: at, actor: 'test', correlationId: 'c', causationId: null } });
  };
  return {
    inventory,
    host: (name: string, cpuMillis = 16_000, memoryBytes = 64 * 2 ** 30, maxPodVMs = 1000) =>
      append(`host-${name}`, 'HostRegistered', { name, uid: name, capacity: { cpuMillis, memoryBytes }, maxPodVMs, labels: {}, registeredAt: at }),
    hostEvent: (name: string, type: string, data: Record<string, unknown> = {}) => append(`host-${name}`, type, { name, ...data }),
    pod: (namespace: string, name: string, labels: Record<string, string>, cpuMillis = 1000) =>
      append(`podVm-${namespace}/${name}`, 'PodVMCreated', {
        namespace,
        name,
        uid: name,
        labels,
        annotations: {},
        containers: [{ name: 'c', image: 'i', requests: { cpuMillis, memoryBytes: 0 } }],
        nodeSelector: {},
        restartPolicy: 'Always',
        priority: 0,
        givenSpec: {},
        createdAt: at,
      }),
    podEvent: (namespace: string, name: string, type: string, data: Record<string, unknown> = {}) => append(`podVm-${namespace}/${name}`, type, { namespace, name, ...data }),
    /** Allocation on the host, then the pod scheduled there: what WorkloadService.schedulePodVM writes. */
    schedule: (namespace: string, name: string, host: string, cpuMillis = 1000) => {
      append(`host-${host}`, 'HostResourcesAllocated', { name: host, objectRef: `podVm-${namespace}/${name}`, workload: 'PodVM', resources: { cpuMillis, memoryBytes: 0 } });
      append(`podVm-${namespace}/${name}`, 'PodVMScheduled', { namespace, name, host });
    },
  };
};

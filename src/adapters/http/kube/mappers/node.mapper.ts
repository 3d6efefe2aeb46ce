import type { HostReady } from '../../../../domain/host/index.ts';
import { hostAggregate } from '../../../../application/aggregates.ts';
import { forbidden } from '../../../../domain/shared/errors.ts';
import type { ApiServices, KindMapper } from './kind-mapper.ts';
import { formatBytes, formatCpu, objectMeta, stringMap } from './meta.ts';

/** Hosts are Nodes. The fleet registers them; users label, annotate, cordon and remove them. */
export const nodeMapper = ({ pacific }: ApiServices): KindMapper => ({
  apiKind: 'Node',
  aggregateKind: 'Host',
  render: (object, state) => {
    const host = state as HostReady;
    const capacity = { cpu: formatCpu(host.capacity.cpuMillis), memory: formatBytes(host.capacity.memoryBytes), pods: String(host.maxPodVMs) };
    const heartbeat = host.lastHeartbeat ?? host.registeredAt;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: objectMeta(object, {
        uid: host.uid,
        createdAt: host.registeredAt,
        labels: { 'kubernetes.io/hostname': host.name, 'kubernetes.io/os': 'esxi', 'node-role.kubernetes.io/esxi': '', ...host.labels },
        annotations: host.annotations,
      }),
      spec: host.cordoned ? { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } : {},
      status: {
        capacity,
        allocatable: capacity,
        conditions: [
          {
            type: 'Ready',
            status: host.failed ? 'False' : 'True',
            reason: host.failed ? 'HostFailed' : 'HostReady',
            message: host.failed ? (host.failureReason ?? 'host failed') : 'host is healthy',
            lastHeartbeatTime: heartbeat,
            lastTransitionTime: heartbeat,
          },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.0-pacific',
          osImage: 'ESXi (simulated)',
          operatingSystem: 'esxi',
          architecture: 'amd64',
          kernelVersion: '8.0.3',
          containerRuntimeVersion: 'pacific://podvm',
        },
        addresses: [{ type: 'Hostname', address: host.name }],
        allocated: {
          cpu: formatCpu(host.allocated.cpuMillis),
          memory: formatBytes(host.allocated.memoryBytes),
          podVMs: host.podVMCount,
          virtualMachines: host.virtualMachineCount,
        },
      },
    };
  },
  create: async () => {
    throw forbidden('nodes are registered by the hypervisor fleet; they cannot be created through the API');
  },
  update: async (current, body, context) => {
    const host = current.state as HostReady;
    const labels = stripServerLabels(stringMap(body.metadata.labels, 'metadata.labels'));
    await pacific.execute(hostAggregate, current.name, { type: 'ChangeHostMetadata', data: { name: current.name, labels, annotations: stringMap(body.metadata.annotations, 'metadata.annotations') } }, context);
    const unschedulable = (body.spec as { unschedulable?: unknown } | undefined)?.unschedulable === true;
    if (unschedulable !== host.cordoned) {
      await pacific.execute(hostAggregate, current.name, { type: unschedulable ? 'CordonHost' : 'UncordonHost', data: { name: current.name } }, context);
    }
  },
  delete: async (current, context) => {
    await pacific.execute(hostAggregate, current.name, { type: 'RemoveHost', data: { name: current.name } }, context);
  },
});

const serverLabels = new Set(['kubernetes.io/hostname', 'kubernetes.io/os', 'node-role.kubernetes.io/esxi']);

const stripServerLabels = (labels: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(labels).filter(([key]) => !serverLabels.has(key)));

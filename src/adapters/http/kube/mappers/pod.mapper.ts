import type { CommandContext } from '../../../../application/commands/command-handler.ts';
import type { PodVMContainer, PodVMLive } from '../../../../domain/podvm/index.ts';
import { invalid, type FieldCause } from '../../../../domain/shared/errors.ts';
import { cpuToMillis, quantityToBytes, type Resources } from '../../../../domain/shared/resources.ts';
import { DomainError } from '../../../../domain/shared/errors.ts';
import type { KubeObject } from '../kube-object.ts';
import { evictPodVM } from '../../../../application/controllers/host-drain.ts';
import type { ApiServices, KindMapper } from './kind-mapper.ts';
import { objectMeta, specOf, stringList, stringMap } from './meta.ts';

const resourcesOf = (value: unknown, field: string, causes: FieldCause[]): Resources | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    causes.push({ field, message: 'must be a map of resource names to quantities' });
    return undefined;
  }
  const { cpu, memory } = value as Record<string, unknown>;
  const parse = (quantity: unknown, name: string, parser: (q: string, f: string) => number): number => {
    if (quantity === undefined) return 0;
    try {
      if (typeof quantity !== 'string' && typeof quantity !== 'number') throw invalid('not a quantity');
      return parser(String(quantity), `${field}.${name}`);
    } catch (error) {
      causes.push({ field: `${field}.${name}`, message: error instanceof DomainError && error.causes[0] ? error.causes[0].message : `quantities must match the regular expression` });
      return 0;
    }
  };
  return { cpuMillis: parse(cpu, 'cpu', cpuToMillis), memoryBytes: parse(memory, 'memory', quantityToBytes) };
};

/** spec.containers[] to the domain's containers; like Kubernetes, missing requests default to the limits. */
export const containersOf = (spec: Record<string, unknown>): PodVMContainer[] => {
  const causes: FieldCause[] = [];
  const list = spec.containers;
  if (!Array.isArray(list)) throw invalid('spec.containers: Required value', [{ field: 'spec.containers', message: 'Required value' }]);
  const containers = list.map((raw: unknown, index): PodVMContainer => {
    const field = `spec.containers[${index}]`;
    const container = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const resources = (container.resources ?? {}) as Record<string, unknown>;
    const limits = resourcesOf(resources.limits, `${field}.resources.limits`, causes);
    const requests = resourcesOf(resources.requests, `${field}.resources.requests`, causes) ?? limits;
    return {
      name: typeof container.name === 'string' ? container.name : '',
      image: typeof container.image === 'string' ? container.image : '',
      ...(requests ? { requests } : {}),
      ...(limits ? { limits } : {}),
    };
  });
  if (causes.length > 0) throw invalid(`Pod is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join('; ')}`, causes);
  return containers;
};

const conditions = (pod: PodVMLive) => {
  const scheduled = pod.host !== null;
  const running = pod.status === 'Running';
  const since = pod.startedAt ?? pod.createdAt;
  return [
    { type: 'PodScheduled', status: scheduled ? 'True' : 'False', lastTransitionTime: pod.createdAt, ...(!scheduled && pod.reason ? { reason: 'Unschedulable', message: pod.reason } : {}) },
    { type: 'Initialized', status: scheduled ? 'True' : 'False', lastTransitionTime: since },
    { type: 'ContainersReady', status: running ? 'True' : 'False', lastTransitionTime: since },
    { type: 'Ready', status: running ? 'True' : 'False', lastTransitionTime: since },
    // Pods have no encryption field: a custom condition type (as readiness gates use) says it.
    ...(pod.encrypted ? [{ type: 'pacific.io/Encrypted', status: 'True', reason: 'NamespaceEncryption', lastProbeTime: null, lastTransitionTime: null }] : []),
  ];
};

const containerStatuses = (pod: PodVMLive) =>
  pod.containers.map((container) => ({
    name: container.name,
    image: container.image,
    imageID: '',
    ready: pod.status === 'Running',
    started: pod.status === 'Running',
    restartCount: pod.restartCount,
    state:
      pod.status === 'Running'
        ? { running: { startedAt: pod.startedAt } }
        : pod.status === 'Failed'
          ? { terminated: { exitCode: 1, reason: pod.reason ?? 'Error', message: pod.message ?? '' } }
          : { waiting: { reason: pod.host ? 'ContainerCreating' : 'Pending' } },
  }));

/** Kubernetes QoS: Guaranteed when every container's requests equal its limits, BestEffort when none asks for anything. */
const qosClassOf = (pod: PodVMLive): string => {
  const asks = pod.containers.some((c) => (c.requests && (c.requests.cpuMillis > 0 || c.requests.memoryBytes > 0)) || (c.limits && (c.limits.cpuMillis > 0 || c.limits.memoryBytes > 0)));
  if (!asks) return 'BestEffort';
  const guaranteed = pod.containers.every(
    (c) => c.limits && c.requests && c.limits.cpuMillis > 0 && c.limits.memoryBytes > 0 && c.limits.cpuMillis === c.requests.cpuMillis && c.limits.memoryBytes === c.requests.memoryBytes,
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
};

const phaseOf = (pod: PodVMLive): string => (pod.status === 'Running' ? 'Running' : pod.status === 'Failed' ? 'Failed' : 'Pending');

const renderPod = (object: Parameters<KindMapper['render']>[0], state: unknown): KubeObject => {
  const pod = state as PodVMLive;
  const status: Record<string, unknown> = { phase: phaseOf(pod), conditions: conditions(pod), containerStatuses: containerStatuses(pod), qosClass: qosClassOf(pod) };
  if (pod.ip) {
    status.podIP = pod.ip;
    status.podIPs = [{ ip: pod.ip }];
  }
  if (pod.startedAt) status.startTime = pod.startedAt;
  if (pod.status === 'Failed') {
    status.reason = pod.reason;
    status.message = pod.message;
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: objectMeta(object, { ...pod, deletionTimestamp: pod.deletionTimestamp }),
    spec: { ...pod.givenSpec, ...(pod.host ? { nodeName: pod.host } : {}) },
    status,
  };
};

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Pods: each runs in its own light VM on a host. */
export const podMapper = ({ pacific, workloads }: ApiServices): KindMapper => ({
  apiKind: 'Pod',
  aggregateKind: 'PodVM',
  render: renderPod,
  create: async (body, namespace, context) => {
    const spec = specOf(body);
    const { nodeName: _ignored, ...givenSpec } = spec;
    await workloads.createPodVM(
      {
        namespace: namespace!,
        name: body.metadata.name!,
        labels: stringMap(body.metadata.labels, 'metadata.labels'),
        annotations: stringMap(body.metadata.annotations, 'metadata.annotations'),
        containers: containersOf(spec),
        nodeSelector: stringMap(spec.nodeSelector, 'spec.nodeSelector'),
        ...(spec.restartPolicy !== undefined ? { restartPolicy: spec.restartPolicy as PodVMLive['restartPolicy'] } : {}),
        ...(typeof spec.priority === 'number' ? { priority: spec.priority } : {}),
        givenSpec,
        finalizers: stringList(body.metadata.finalizers, 'metadata.finalizers'),
      },
      context,
    );
  },
  update: async (current, body, context: CommandContext) => {
    const pod = current.state as PodVMLive;
    const { nodeName: _ignored, ...givenSpec } = specOf(body);
    if (!sameJson(givenSpec, pod.givenSpec)) {
      throw invalid(`Pod "${pod.name}" is invalid: spec: Forbidden: pod updates may not change fields other than metadata`, [
        { field: 'spec', message: 'Forbidden: pod updates may not change fields other than metadata' },
      ]);
    }
    await workloads.updatePodVMMetadata(
      {
        namespace: pod.namespace,
        name: pod.name,
        labels: stringMap(body.metadata.labels, 'metadata.labels'),
        annotations: stringMap(body.metadata.annotations, 'metadata.annotations'),
        finalizers: stringList(body.metadata.finalizers, 'metadata.finalizers'),
      },
      { ...context, expectedRevision: current.revision },
    );
  },
  delete: async (current, context) => {
    await workloads.deletePodVM(current.namespace!, current.name, context);
  },
  evict: async (current, context) => {
    await evictPodVM({ pacific, workloads }, current.namespace!, current.name, context);
  },
});

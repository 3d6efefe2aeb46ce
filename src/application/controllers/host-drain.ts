import type { PodVMLive } from '../../domain/podvm/index.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { hostAggregate, namespaceAggregate, podVmAggregate } from '../aggregates.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import type { Hypervisor } from '../ports/hypervisor.port.ts';
import type { Pacific } from '../services/pacific.ts';
import type { CreatePodVMInput, WorkloadService } from '../services/workload.service.ts';
import { compensated } from '../services/compensated.ts';
import { namespacedId, streamName } from '../streams.ts';

export interface EvictionServices {
  pacific: Pacific;
  workloads: WorkloadService;
  /** When given, the old incarnation is also removed from its host's hypervisor. */
  hypervisor?: Hypervisor;
}

const specOf = (pod: PodVMLive): CreatePodVMInput => ({
  namespace: pod.namespace,
  name: pod.name,
  labels: pod.labels,
  annotations: pod.annotations,
  containers: pod.containers,
  nodeSelector: pod.nodeSelector,
  restartPolicy: pod.restartPolicy,
  priority: pod.priority,
  givenSpec: pod.givenSpec,
});

/**
 * pods/eviction (kubectl drain): the pod VM restarts elsewhere as a new incarnation. It is
 * evicted (the reason is in its stream) and deleted, then created again from its spec with a new
 * uid; the scheduler places it on a host that is not cordoned. Its quota reservation is kept
 * throughout, so the namespace never counts it twice nor lets another object take its share.
 * A pod already being deleted, or held by finalizers (its name cannot be taken again until they are
 * gone), is simply deleted, as Kubernetes evicts. Returns the new incarnation, or null.
 */
export const evictPodVM = async (services: EvictionServices, namespace: string, name: string, context: CommandContext): Promise<PodVMLive | null> => {
  const { pacific, workloads, hypervisor } = services;
  const id = namespacedId(namespace, name);
  const objectRef = streamName('podVm', id);
  const { state } = await pacific.commands.load(podVmAggregate, id);
  if (state.status === 'Absent' || state.status === 'Deleted') throw notFound(`pods "${name}"`);
  const pod = state as PodVMLive;
  if (pod.deletionTimestamp !== null || pod.finalizers.length > 0) {
    await workloads.deletePodVM(namespace, name, context);
    return null;
  }
  const from = pod.host;
  await pacific.execute(podVmAggregate, id, { type: 'EvictPodVM', data: { namespace, name, reason: `evicted through the API${from ? ` from host ${from}` : ''}` } }, context);
  const deleted = await pacific.execute(podVmAggregate, id, { type: 'DeletePodVM', data: { namespace, name } }, context);
  // Between the two commands a scheduler may have placed the evicted pod: free that room too.
  const lastHost = (deleted.events.at(-1)?.data as { host?: string | null } | undefined)?.host;
  for (const host of new Set([from, lastHost].filter((h): h is string => typeof h === 'string'))) {
    await pacific.execute(hostAggregate, host, { type: 'ReleaseHostResources', data: { name: host, objectRef } }, context);
    if (hypervisor) await hypervisor.destroy(host, objectRef).catch(() => undefined);
  }
  await pacific.execute(namespaceAggregate, namespace, { type: 'ReleaseNamespaceIp', data: { name: namespace, objectRef } }, context);
  return compensated(
    () => workloads.createPodVM(specOf(pod), context),
    () => pacific.execute(namespaceAggregate, namespace, { type: 'ReleaseNamespaceQuota', data: { name: namespace, objectRef } }, context),
  );
};

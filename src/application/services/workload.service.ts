import type { QuotaAmounts } from '../../domain/namespace/index.ts';
import { podVmLimits, podVmRequests, type CreatePodVM, type PodVMLive, type PodVMState, type UpdatePodVMMetadata } from '../../domain/podvm/index.ts';
import { hostAggregate, namespaceAggregate, podVmAggregate } from '../aggregates.ts';
import { admitPodVM } from '../controllers/namespace-ops-admission.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import { namespacedId, streamName } from '../streams.ts';
import { compensated, followUp, type NamespaceContents } from './compensated.ts';
import { releaseIfDeleted } from './release-deleted-workload.ts';
import type { Pacific } from './pacific.ts';

export type CreatePodVMInput = Omit<CreatePodVM['data'], 'uid'>;

/**
 * Pod VMs across aggregates: a pod holds a quota reservation in its namespace, an allocation on
 * its host and an address from the namespace's segment. Each step is one command on one stream;
 * a step that fails undoes the ones before it, so a refused request leaves nothing behind.
 */
export class WorkloadService implements NamespaceContents {
  constructor(private readonly pacific: Pacific) {}

  async createPodVM(input: CreatePodVMInput, context: CommandContext): Promise<PodVMLive> {
    const id = namespacedId(input.namespace, input.name);
    const objectRef = streamName('podVm', id);
    const command = { type: 'CreatePodVM' as const, data: { ...input, uid: this.pacific.newUid(), ...admitPodVM(this.pacific.inventory, input.namespace) } };
    // Refuse invalid or duplicate pods before touching the namespace's quota (the projection is
    // enough for that: the create itself is decided on the stream).
    const current = (this.pacific.inventory.get('PodVM', input.namespace, input.name)?.state as PodVMState | undefined) ?? podVmAggregate.decider.initialState();
    podVmAggregate.decider.decide({ ...command, metadata: { now: this.pacific.clock.now() } }, current);
    await this.pacific.execute(
      namespaceAggregate,
      input.namespace,
      { type: 'ReserveNamespaceQuota', data: { name: input.namespace, objectRef, amounts: podQuotaAmounts(input.containers) } },
      context,
    );
    const result = await compensated(
      () => this.pacific.execute(podVmAggregate, id, command, context),
      () => this.releaseQuota(input.namespace, objectRef, context),
    );
    return result.state as PodVMLive;
  }

  async schedulePodVM(namespace: string, name: string, host: string, context: CommandContext): Promise<PodVMLive> {
    const id = namespacedId(namespace, name);
    const objectRef = streamName('podVm', id);
    const pod = await this.livePod(namespace, name);
    const command = { type: 'SchedulePodVM' as const, data: { namespace, name, host } };
    podVmAggregate.decider.decide({ ...command, metadata: { now: this.pacific.clock.now() } }, pod);
    await this.pacific.execute(
      hostAggregate,
      host,
      { type: 'AllocateHostResources', data: { name: host, objectRef, workload: 'PodVM', resources: podVmRequests(pod.containers) } },
      context,
    );
    const result = await compensated(
      () => this.pacific.execute(podVmAggregate, id, command, context),
      () => this.pacific.execute(hostAggregate, host, { type: 'ReleaseHostResources', data: { name: host, objectRef } }, context),
    );
    return result.state as PodVMLive;
  }

  async startPodVM(namespace: string, name: string, context: CommandContext): Promise<PodVMLive> {
    const id = namespacedId(namespace, name);
    const objectRef = streamName('podVm', id);
    const allocated = await this.pacific.execute(namespaceAggregate, namespace, { type: 'AllocateNamespaceIp', data: { name: namespace, objectRef } }, context);
    const ip = allocated.state.status === 'Active' || allocated.state.status === 'Terminating' ? allocated.state.ips.get(objectRef)! : '';
    const result = await compensated(
      () => this.pacific.execute(podVmAggregate, id, { type: 'StartPodVM', data: { namespace, name, ip } }, context),
      () => this.pacific.execute(namespaceAggregate, namespace, { type: 'ReleaseNamespaceIp', data: { name: namespace, objectRef } }, context),
    );
    return result.state as PodVMLive;
  }

  /** Moves a pod VM to another host (HA, drain): its quota reservation and address stay as they are. */
  async restartPodVMElsewhere(namespace: string, name: string, toHost: string, reason: string, context: CommandContext): Promise<PodVMLive> {
    const id = namespacedId(namespace, name);
    const objectRef = streamName('podVm', id);
    const pod = await this.livePod(namespace, name);
    const command = { type: 'RestartPodVMElsewhere' as const, data: { namespace, name, host: toHost, reason } };
    podVmAggregate.decider.decide({ ...command, metadata: { now: this.pacific.clock.now() } }, pod);
    await this.pacific.execute(
      hostAggregate,
      toHost,
      { type: 'AllocateHostResources', data: { name: toHost, objectRef, workload: 'PodVM', resources: podVmRequests(pod.containers) } },
      context,
    );
    const result = await compensated(
      () => this.pacific.execute(podVmAggregate, id, command, context),
      () => this.pacific.execute(hostAggregate, toHost, { type: 'ReleaseHostResources', data: { name: toHost, objectRef } }, context),
    );
    if (pod.host) await this.pacific.execute(hostAggregate, pod.host, { type: 'ReleaseHostResources', data: { name: pod.host, objectRef } }, context);
    return result.state as PodVMLive;
  }

  /** Records that a pod VM lost on a host still in the fleet boots again there; the hypervisor side is the caller's. */
  async restartPodVMInPlace(namespace: string, name: string, reason: string, context: CommandContext): Promise<PodVMLive> {
    const result = await this.pacific.execute(podVmAggregate, namespacedId(namespace, name), { type: 'RestartPodVMInPlace', data: { namespace, name, reason } }, context);
    return result.state as PodVMLive;
  }

  /** Namespace-wide encryption; the hypervisor side is the caller's. */
  async encryptPodVM(namespace: string, name: string, context: CommandContext): Promise<PodVMLive> {
    return (await this.pacific.execute(podVmAggregate, namespacedId(namespace, name), { type: 'EncryptPodVM', data: { namespace, name } }, context)).state as PodVMLive;
  }

  /**
   * Deletes the pod VM and frees what it held; a pod held by finalizers is only marked for deletion
   * (it keeps running and holding its resources until the last finalizer is removed).
   */
  async deletePodVM(namespace: string, name: string, context: CommandContext): Promise<void> {
    const id = namespacedId(namespace, name);
    await this.livePod(namespace, name);
    const result = await this.pacific.execute(podVmAggregate, id, { type: 'DeletePodVM', data: { namespace, name } }, context);
    await releaseIfDeleted(this.pacific, 'podVm', 'PodVMDeleted', result.events, context);
  }

  /** Labels, annotations and finalizers; removing the last finalizer of a pod being deleted completes its deletion. */
  async updatePodVMMetadata(data: UpdatePodVMMetadata['data'], context: CommandContext): Promise<PodVMState> {
    const result = await this.pacific.execute(podVmAggregate, namespacedId(data.namespace, data.name), { type: 'UpdatePodVMMetadata', data }, context);
    await releaseIfDeleted(this.pacific, 'podVm', 'PodVMDeleted', result.events, followUp(context));
    return result.state;
  }

  holdsAnyIn(namespace: string): boolean {
    return this.pacific.inventory.count('PodVM', namespace) > 0;
  }

  /** Deletes every workload object of a namespace (namespace deletion). */
  async deleteAllIn(namespace: string, context: CommandContext): Promise<void> {
    for (const pod of this.pacific.inventory.list('PodVM', namespace)) await this.deletePodVM(namespace, pod.name, context);
  }

  /** From the projection, which holds every event this process wrote: the commands that follow decide on the stream itself. */
  private async livePod(namespace: string, name: string): Promise<PodVMLive> {
    const state = (this.pacific.inventory.get('PodVM', namespace, name)?.state as PodVMState | undefined) ?? podVmAggregate.decider.initialState();
    if (state.status === 'Absent' || state.status === 'Deleted') {
      // Let the decider raise the domain's own NotFound.
      podVmAggregate.decider.decide({ type: 'DeletePodVM', data: { namespace, name }, metadata: { now: this.pacific.clock.now() } }, state);
    }
    return state as PodVMLive;
  }

  private async releaseQuota(namespace: string, objectRef: string, context: CommandContext): Promise<void> {
    await this.pacific.execute(namespaceAggregate, namespace, { type: 'ReleaseNamespaceQuota', data: { name: namespace, objectRef } }, context);
  }
}

export const podQuotaAmounts = (containers: CreatePodVMInput['containers']): QuotaAmounts => {
  const requests = podVmRequests(containers);
  const limits = podVmLimits(containers);
  return {
    pods: 1,
    'requests.cpu': requests.cpuMillis,
    'requests.memory': requests.memoryBytes,
    'limits.cpu': limits.cpuMillis,
    'limits.memory': limits.memoryBytes,
  };
};

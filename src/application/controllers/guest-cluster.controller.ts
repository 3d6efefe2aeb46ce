import { randomInt } from 'node:crypto';
import type { GuestClusterCommand, GuestClusterLive } from '../../domain/guestcluster/index.ts';
import type { NamespaceLive } from '../../domain/namespace/index.ts';
import { assertNever } from '../../domain/shared/decider.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import { guestClusterAggregate } from '../aggregates.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import type { Pacific, WithoutMetadata } from '../services/pacific.ts';
import type { VirtualMachineService } from '../services/virtual-machine.service.ts';
import { namespacedId } from '../streams.ts';
import { clusterLabel, nodeImage, nodeResources, nodeVmInput, nodeVmName, ownedVms, ownerAnnotation } from './guest-cluster-node-vm.ts';
import { planGuestCluster, type GuestClusterStep, type PlannedNode } from './guest-cluster-plan.ts';
import { KeyedQueue } from './keyed-queue.ts';

const actor: CommandContext = { actor: 'system:guest-cluster' };

export interface GuestClusterServices {
  pacific: Pacific;
  vms: VirtualMachineService;
}

export interface RunningGuestClusterController {
  stop(): Promise<void>;
  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void>;
}

const sameStatus = (a: unknown, b: unknown): boolean => (a as { status?: unknown } | undefined)?.status === (b as { status?: unknown } | undefined)?.status;

/** Cluster API names machines with five characters from an alphabet without vowels (no words). */
const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
export const randomNodeSuffix = (): string => Array.from({ length: 5 }, () => suffixAlphabet[randomInt(suffixAlphabet.length)]).join('');

/**
 * TanzuKubernetesCluster reconciler with Cluster API semantics: every node is a VirtualMachine
 * built through the VM path (quota, placement and power by the placement controller), recorded
 * on the cluster, and marked ready once its VM runs. Level-based and keyed by cluster: each
 * reconcile plans from the inventory afresh (see planGuestCluster) and acts on the plan.
 */
export class GuestClusterController {
  private readonly queue: KeyedQueue;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly services: GuestClusterServices,
    private readonly newSuffix: () => string = randomNodeSuffix,
  ) {
    this.queue = new KeyedQueue((key) => this.reconcile(key));
  }

  private get inventory() {
    return this.services.pacific.inventory;
  }

  start(): void {
    this.stopListening = this.inventory.onChange(({ object, live, previousState }) => {
      if (object.kind === 'GuestCluster') this.queue.add(`${object.namespace}/${object.name}`);
      else if (object.kind === 'VirtualMachine') {
        const labels = ((live ? object.state : previousState) as { labels?: Record<string, string> } | undefined)?.labels;
        const cluster = labels?.[clusterLabel];
        if (cluster) this.queue.add(`${object.namespace}/${cluster}`);
      } else if ((object.kind === 'VirtualMachineClass' && live) || (object.kind === 'Namespace' && !sameStatus(previousState, object.state))) {
        // Clusters waiting for a class their nodes use, or whose namespace is going away.
        for (const cluster of this.inventory.list('GuestCluster', object.namespace ?? object.name)) this.queue.add(`${cluster.namespace}/${cluster.name}`);
      }
    });
    for (const cluster of this.inventory.list('GuestCluster')) this.queue.add(`${cluster.namespace}/${cluster.name}`);
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    await this.queue.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async reconcile(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const cluster = this.inventory.get('GuestCluster', key.slice(0, slash), key.slice(slash + 1))?.state as GuestClusterLive | undefined;
    if (!cluster) return;
    const namespace = this.inventory.get('Namespace', null, cluster.namespace)?.state as NamespaceLive | undefined;
    if (namespace?.status !== 'Active' && cluster.deletionTimestamp === null) {
      // The namespace is being deleted (it deletes the VMs itself): the cluster goes with it.
      await this.run(cluster, { type: 'RequestGuestClusterDeletion', data: { namespace: cluster.namespace, name: cluster.name } });
      return;
    }
    const vms = ownedVms(this.inventory, cluster).map(({ node }) => node);
    const taken = new Set([...Object.keys(cluster.nodes), ...vms.map((vm) => vm.name)]);
    const steps = planGuestCluster(cluster, vms, (role, pool) => {
      for (;;) {
        const name = nodeVmName(cluster.name, role, pool, this.newSuffix());
        if (taken.has(name) || this.inventory.get('VirtualMachine', cluster.namespace, name)) continue;
        taken.add(name);
        return name;
      }
    });
    try {
      for (const step of steps) await this.apply(cluster, step);
    } catch (error) {
      // The cluster went away under us: nothing left to do. Other refusals retry with backoff.
      if (error instanceof DomainError && error.reason === 'NotFound' && !this.inventory.get('GuestCluster', cluster.namespace, cluster.name)) return;
      throw error;
    }
  }

  private async apply(cluster: GuestClusterLive, step: GuestClusterStep): Promise<void> {
    const ref = { namespace: cluster.namespace, name: cluster.name };
    switch (step.type) {
      case 'RequestNode':
        // Nothing is recorded while the node's class is missing; the class's arrival requeues the cluster.
        if (!this.resourcesFor(cluster, step.node)) return;
        await this.run(cluster, { type: 'RequestGuestClusterNode', data: { ...ref, ...step.node } });
        await this.createVm(cluster, step.node);
        return;
      case 'CreateNodeVm':
        await this.createVm(cluster, step.node);
        return;
      case 'MarkNodeReady':
        await this.run(cluster, { type: 'MarkGuestClusterNodeReady', data: { ...ref, nodeName: step.nodeName } });
        return;
      case 'RemoveNode':
        await this.run(cluster, { type: 'RemoveGuestClusterNode', data: { ...ref, nodeName: step.nodeName } });
        await this.deleteVm(cluster, step.nodeName);
        return;
      case 'DeleteVm':
        await this.deleteVm(cluster, step.vmName);
        return;
      case 'CreateSurgeVm':
        await this.createVm(cluster, step.node, step.replaces);
        return;
      case 'ReplaceNode':
        await this.run(cluster, { type: 'ReplaceGuestClusterNode', data: { ...ref, oldNode: step.oldNode, newNode: step.newNode } });
        await this.run(cluster, { type: 'MarkGuestClusterNodeReady', data: { ...ref, nodeName: step.newNode } });
        await this.deleteVm(cluster, step.oldNode);
        return;
      case 'CompleteUpgrade':
        await this.run(cluster, { type: 'CompleteGuestClusterUpgrade', data: ref });
        return;
      case 'DeleteCluster':
        await this.run(cluster, { type: 'DeleteGuestCluster', data: ref });
        return;
      default:
        assertNever(step);
    }
  }

  private run(cluster: GuestClusterLive, command: WithoutMetadata<GuestClusterCommand>): Promise<unknown> {
    return this.services.pacific.execute(guestClusterAggregate, namespacedId(cluster.namespace, cluster.name), command, actor);
  }

  private resourcesFor(cluster: GuestClusterLive, node: PlannedNode) {
    const group = node.role === 'ControlPlane' ? cluster.spec.controlPlane : cluster.spec.nodePools.find((pool) => pool.name === node.pool);
    return group ? nodeResources(this.inventory, cluster.namespace, group.vmClass) : undefined;
  }

  private async createVm(cluster: GuestClusterLive, node: PlannedNode, replaces?: string): Promise<void> {
    const resources = this.resourcesFor(cluster, node);
    if (!resources) return;
    const image = nodeImage(this.inventory, cluster, node.version);
    await this.services.vms.create(nodeVmInput(cluster, node, image, resources, replaces), actor);
  }

  private async deleteVm(cluster: GuestClusterLive, name: string): Promise<void> {
    const vm = this.inventory.get('VirtualMachine', cluster.namespace, name)?.state as VirtualMachineLive | undefined;
    if (!vm || vm.deletionTimestamp !== null || vm.annotations[ownerAnnotation] !== cluster.uid) return;
    // A namespace being deleted deletes its VMs itself; deleting them here too would race it.
    if ((this.inventory.get('Namespace', null, cluster.namespace)?.state as NamespaceLive | undefined)?.status !== 'Active') return;
    try {
      await this.services.vms.delete(cluster.namespace, name, actor);
    } catch (error) {
      if (!(error instanceof DomainError && error.reason === 'NotFound')) throw error;
    }
  }
}

const running = new WeakMap<object, RunningGuestClusterController>();

/** Starts the reconciler; one per inventory: starting it again returns the running one. */
export const startGuestClusterController = (services: GuestClusterServices, options: { newSuffix?: () => string } = {}): RunningGuestClusterController => {
  const already = running.get(services.pacific.inventory);
  if (already) return { stop: async () => undefined, idle: () => already.idle() };
  const controller = new GuestClusterController(services, options.newSuffix);
  controller.start();
  const handle: RunningGuestClusterController = {
    stop: async () => {
      await controller.stop();
      running.delete(services.pacific.inventory);
    },
    idle: () => controller.idle(),
  };
  running.set(services.pacific.inventory, handle);
  return handle;
};

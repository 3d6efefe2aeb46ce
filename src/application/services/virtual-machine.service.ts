import type { QuotaAmounts } from '../../domain/namespace/index.ts';
import type { Resources } from '../../domain/shared/resources.ts';
import type { CreateVirtualMachine, UpdateVirtualMachineMetadata, VirtualMachineCommand, VirtualMachineLive, VirtualMachineState } from '../../domain/virtualmachine/index.ts';
import { hostAggregate, namespaceAggregate, virtualMachineAggregate } from '../aggregates.ts';
import { admitVirtualMachine, assertVirtualMachineClassAllowed } from '../controllers/namespace-ops-admission.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import { namespacedId, streamName } from '../streams.ts';
import { compensated, followUp, type NamespaceContents } from './compensated.ts';
import { releaseIfDeleted } from './release-deleted-workload.ts';
import type { Pacific, WithoutMetadata } from './pacific.ts';

export type CreateVirtualMachineInput = Omit<CreateVirtualMachine['data'], 'uid'>;

const vmQuotaAmounts = (resources: Resources): QuotaAmounts => ({
  virtualmachines: 1,
  'requests.cpu': resources.cpuMillis,
  'requests.memory': resources.memoryBytes,
});

/**
 * Virtual machines across aggregates, as pod VMs: a quota reservation in the namespace, an
 * allocation on the host it is placed on, an address while powered on.
 */
export class VirtualMachineService implements NamespaceContents {
  constructor(private readonly pacific: Pacific) {}

  async create(given: CreateVirtualMachineInput, context: CommandContext): Promise<VirtualMachineLive> {
    // The namespace's policy: default storage class, allowed classes, inherited encryption.
    const input = admitVirtualMachine(this.pacific.inventory, given);
    const id = namespacedId(input.namespace, input.name);
    const objectRef = streamName('virtualMachine', id);
    const command = { type: 'CreateVirtualMachine' as const, data: { ...input, uid: this.pacific.newUid() } };
    const current = await this.pacific.commands.load(virtualMachineAggregate, id);
    virtualMachineAggregate.decider.decide({ ...command, metadata: { now: this.pacific.clock.now() } }, current.state);
    await this.reserve(input.namespace, objectRef, vmQuotaAmounts(input.resources), context);
    const result = await compensated(
      () => this.pacific.execute(virtualMachineAggregate, id, command, context),
      () => this.pacific.execute(namespaceAggregate, input.namespace, { type: 'ReleaseNamespaceQuota', data: { name: input.namespace, objectRef } }, context),
    );
    return result.state as VirtualMachineLive;
  }

  async place(namespace: string, name: string, host: string, context: CommandContext): Promise<VirtualMachineLive> {
    const objectRef = streamName('virtualMachine', namespacedId(namespace, name));
    const vm = await this.live(namespace, name);
    await this.allocate(host, objectRef, vm.resources, context);
    return compensated(
      () => this.run(namespace, name, { type: 'PlaceVirtualMachine', data: { namespace, name, host } }, context),
      () => this.release(host, objectRef, context),
    );
  }

  async powerOn(namespace: string, name: string, context: CommandContext): Promise<VirtualMachineLive> {
    const objectRef = streamName('virtualMachine', namespacedId(namespace, name));
    const allocated = await this.pacific.execute(namespaceAggregate, namespace, { type: 'AllocateNamespaceIp', data: { name: namespace, objectRef } }, context);
    const ip = allocated.state.status === 'Active' || allocated.state.status === 'Terminating' ? allocated.state.ips.get(objectRef)! : '';
    // A VM deleted while it booted must not keep the address.
    return compensated(
      () => this.run(namespace, name, { type: 'PowerOnVirtualMachine', data: { namespace, name, ip } }, context),
      async () => {
        const { state } = await this.pacific.commands.load(virtualMachineAggregate, namespacedId(namespace, name));
        if (!isLive(state)) await this.pacific.execute(namespaceAggregate, namespace, { type: 'ReleaseNamespaceIp', data: { name: namespace, objectRef } }, context);
      },
    );
  }

  powerOff(namespace: string, name: string, mode: 'Hard' | 'Soft' | 'TrySoft', context: CommandContext): Promise<VirtualMachineLive> {
    return this.run(namespace, name, { type: 'PowerOffVirtualMachine', data: { namespace, name, mode } }, context);
  }

  suspend(namespace: string, name: string, mode: 'Hard' | 'Soft' | 'TrySoft', context: CommandContext): Promise<VirtualMachineLive> {
    return this.run(namespace, name, { type: 'SuspendVirtualMachine', data: { namespace, name, mode } }, context);
  }

  /** Resizing to another class re-checks the namespace quota and the host's room for the growth. */
  async resize(namespace: string, name: string, className: string, resources: Resources, context: CommandContext): Promise<VirtualMachineLive> {
    const objectRef = streamName('virtualMachine', namespacedId(namespace, name));
    const vm = await this.live(namespace, name);
    if (className !== vm.className) assertVirtualMachineClassAllowed(this.pacific.inventory, namespace, className);
    await this.reserve(namespace, objectRef, vmQuotaAmounts(resources), context);
    const undoQuota = () => this.reserve(namespace, objectRef, vmQuotaAmounts(vm.resources), context);
    if (vm.host) await compensated(() => this.allocate(vm.host!, objectRef, resources, context), undoQuota);
    return compensated(
      () => this.run(namespace, name, { type: 'ResizeVirtualMachine', data: { namespace, name, className, resources } }, context),
      async () => {
        if (vm.host) await this.allocate(vm.host, objectRef, vm.resources, context);
        await undoQuota();
      },
    );
  }

  takeSnapshot(namespace: string, name: string, snapshotName: string, context: CommandContext): Promise<VirtualMachineLive> {
    return this.run(namespace, name, { type: 'TakeVirtualMachineSnapshot', data: { namespace, name, snapshotName } }, context);
  }

  revertSnapshot(namespace: string, name: string, snapshotName: string, context: CommandContext): Promise<VirtualMachineLive> {
    return this.run(namespace, name, { type: 'RevertVirtualMachineSnapshot', data: { namespace, name, snapshotName } }, context);
  }

  /** Live migration: room is taken on the target before the VM moves, and freed on the source after. */
  async migrate(namespace: string, name: string, toHost: string, context: CommandContext): Promise<VirtualMachineLive> {
    const objectRef = streamName('virtualMachine', namespacedId(namespace, name));
    const vm = await this.live(namespace, name);
    await this.allocate(toHost, objectRef, vm.resources, context);
    const moved = await compensated(
      () => this.run(namespace, name, { type: 'MigrateVirtualMachine', data: { namespace, name, toHost } }, context),
      () => this.release(toHost, objectRef, context),
    );
    if (vm.host) await this.release(vm.host, objectRef, context);
    return moved;
  }

  /** HA: the VM's host failed; room is taken on the new host, and the dead host's allocation freed. Quota is untouched. */
  async restartElsewhere(namespace: string, name: string, toHost: string, reason: string, context: CommandContext): Promise<VirtualMachineLive> {
    const objectRef = streamName('virtualMachine', namespacedId(namespace, name));
    const vm = await this.live(namespace, name);
    await this.allocate(toHost, objectRef, vm.resources, context);
    const moved = await compensated(
      () => this.run(namespace, name, { type: 'RestartVirtualMachineElsewhere', data: { namespace, name, host: toHost, reason } }, context),
      () => this.release(toHost, objectRef, context),
    );
    if (vm.host) await this.release(vm.host, objectRef, context);
    return moved;
  }

  encrypt(namespace: string, name: string, context: CommandContext): Promise<VirtualMachineLive> {
    return this.run(namespace, name, { type: 'EncryptVirtualMachine', data: { namespace, name } }, context);
  }

  /** Deletes the VM and frees what it held; a VM held by finalizers stays marked for deletion until the last is removed. */
  async delete(namespace: string, name: string, context: CommandContext): Promise<void> {
    const vm = await this.live(namespace, name);
    if (!vm.deletionTimestamp) await this.run(namespace, name, { type: 'RequestVirtualMachineDeletion', data: { namespace, name } }, context);
    const result = await this.pacific.execute(virtualMachineAggregate, namespacedId(namespace, name), { type: 'DeleteVirtualMachine', data: { namespace, name } }, context);
    await releaseIfDeleted(this.pacific, 'virtualMachine', 'VirtualMachineDeleted', result.events, context);
  }

  /** Labels, annotations, finalizers; removing the last finalizer of a VM marked for deletion deletes it. */
  async updateMetadata(data: UpdateVirtualMachineMetadata['data'], context: CommandContext): Promise<VirtualMachineState> {
    const result = await this.pacific.execute(virtualMachineAggregate, namespacedId(data.namespace, data.name), { type: 'UpdateVirtualMachineMetadata', data }, context);
    await releaseIfDeleted(this.pacific, 'virtualMachine', 'VirtualMachineDeleted', result.events, followUp(context));
    return result.state;
  }

  holdsAnyIn(namespace: string): boolean {
    return this.pacific.inventory.count('VirtualMachine', namespace) > 0;
  }

  async deleteAllIn(namespace: string, context: CommandContext): Promise<void> {
    for (const vm of this.pacific.inventory.list('VirtualMachine', namespace)) await this.delete(namespace, vm.name, context);
  }

  private async run(
    namespace: string,
    name: string,
    command: WithoutMetadata<VirtualMachineCommand>,
    context: CommandContext,
  ): Promise<VirtualMachineLive> {
    const result = await this.pacific.execute(virtualMachineAggregate, namespacedId(namespace, name), command, context);
    return result.state as VirtualMachineLive;
  }

  private async live(namespace: string, name: string): Promise<VirtualMachineLive> {
    const { state } = await this.pacific.commands.load(virtualMachineAggregate, namespacedId(namespace, name));
    if (!isLive(state)) {
      // Let the decider raise the domain's own NotFound.
      virtualMachineAggregate.decider.decide({ type: 'DeleteVirtualMachine', data: { namespace, name }, metadata: { now: this.pacific.clock.now() } }, state);
    }
    return state as VirtualMachineLive;
  }

  private async reserve(namespace: string, objectRef: string, amounts: QuotaAmounts, context: CommandContext): Promise<void> {
    await this.pacific.execute(namespaceAggregate, namespace, { type: 'ReserveNamespaceQuota', data: { name: namespace, objectRef, amounts } }, context);
  }

  private async allocate(host: string, objectRef: string, resources: Resources, context: CommandContext): Promise<void> {
    await this.pacific.execute(hostAggregate, host, { type: 'AllocateHostResources', data: { name: host, objectRef, workload: 'VirtualMachine', resources } }, context);
  }

  private async release(host: string, objectRef: string, context: CommandContext): Promise<void> {
    await this.pacific.execute(hostAggregate, host, { type: 'ReleaseHostResources', data: { name: host, objectRef } }, context);
  }
}

const isLive = (state: VirtualMachineState): state is VirtualMachineLive => state.status !== 'Absent' && state.status !== 'Deleted';

import type { CatalogItemLive } from '../../domain/catalog/index.ts';
import type { NamespaceLive } from '../../domain/namespace/index.ts';
import type { PodVMLive } from '../../domain/podvm/index.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import type { InventoryChange } from '../inventory/inventory.ts';
import { namespacedId, streamName } from '../streams.ts';
import { isDomainError, itemsIn, liveItem, noKeys, operationContext, writeStatus, type NamespaceOperationDeps, type OperationController } from './namespace-ops-context.ts';
import { governingPolicy, parsePolicySpec, type NamespacePolicySpec } from './namespace-ops-spec.ts';
import { encryptionCounts, policyStatus, refusedStatus } from './namespace-ops-status.ts';

const actor = 'system:namespace-policy';
/** Objects encrypted at once; status records progress after each round. */
const ROUND = 16;

const wasAbsent = (state: unknown): boolean => ['Absent', 'Deleted'].includes((state as { status: string }).status);

/**
 * NamespacePolicy: puts the policy's allowed classes and encryption on the Namespace aggregate
 * (which the services enforce at admission) and, while encryption is on, encrypts every VM and
 * pod VM of the namespace that is not yet. Deleting the policy lifts the class restrictions and
 * leaves what is encrypted encrypted.
 */
export class NamespacePolicyController implements OperationController {
  readonly kind = 'NamespacePolicy' as const;

  constructor(private readonly deps: NamespaceOperationDeps) {}

  initialKeys(): string[] {
    return this.deps.inventory.list('NamespacePolicy').map((object) => namespacedId(object.namespace!, object.name));
  }

  keysFor({ object, live, previousState }: InventoryChange): readonly string[] {
    const namespace = object.namespace;
    if (namespace === null) return noKeys;
    if (object.kind === 'NamespacePolicy') {
      // A policy coming or going changes which one governs the namespace.
      if (live && !wasAbsent(previousState)) return [namespacedId(namespace, object.name)];
      return [namespacedId(namespace, object.name), ...this.policyKeys(namespace)];
    }
    if (object.kind === 'VirtualMachine' || object.kind === 'PodVM') {
      // An object that escaped encryption (created while the switch was under way) is caught up.
      const state = object.state as { encrypted: boolean; deletionTimestamp: string | null };
      if (!live || state.encrypted || state.deletionTimestamp !== null) return noKeys;
      const ns = this.deps.inventory.get('Namespace', null, namespace)?.state as NamespaceLive | undefined;
      return ns?.encrypted ? this.policyKeys(namespace) : noKeys;
    }
    return noKeys;
  }

  async reconcile(namespace: string, name: string): Promise<void> {
    const { inventory, clock, namespaces } = this.deps;
    const item = liveItem(inventory, 'NamespacePolicy', namespace, name);
    const governing = governingPolicy(itemsIn(inventory, 'NamespacePolicy', namespace));
    if (!item) {
      if (!governing) await this.liftRestrictions(namespace);
      return;
    }
    if (item.deletionTimestamp !== null) return;
    const context = operationContext(actor, item);
    const extra = { observedGeneration: item.generation };
    if (governing && governing.uid !== item.uid) {
      const message = `NamespacePolicy "${governing.name}" already governs namespace "${namespace}"`;
      await writeStatus(this.deps, 'NamespacePolicy', item, refusedStatus(item.itemStatus, 'PolicyExists', message, clock.now(), extra), context);
      return;
    }
    const parsed = parsePolicySpec(item.spec);
    if (!parsed.ok) {
      await writeStatus(this.deps, 'NamespacePolicy', item, refusedStatus(item.itemStatus, 'InvalidSpec', parsed.problems.join('; '), clock.now(), extra), context);
      return;
    }
    const spec = parsed.value;
    await namespaces.assignStorageClasses(namespace, spec.allowedStorageClasses, context);
    await namespaces.assignVirtualMachineClasses(namespace, spec.allowedVirtualMachineClasses, context);
    await namespaces.switchEncryption(namespace, spec.encryption, context);
    if (spec.encryption) await this.encryptAll(item, spec, context);
    await this.record(item, spec, false, context);
  }

  private async encryptAll(item: CatalogItemLive, spec: NamespacePolicySpec, context: CommandContext): Promise<void> {
    const namespace = item.namespace!;
    const vms = this.deps.inventory.list('VirtualMachine', namespace).map((object) => object.state as VirtualMachineLive);
    const pods = this.deps.inventory.list('PodVM', namespace).map((object) => object.state as PodVMLive);
    const work = [
      ...vms.filter((vm) => !vm.encrypted && vm.deletionTimestamp === null).map((vm) => () => this.encryptVirtualMachine(vm, context)),
      ...pods.filter((pod) => !pod.encrypted && pod.deletionTimestamp === null).map((pod) => () => this.encryptPodVM(pod, context)),
    ];
    if (work.length === 0) return;
    await this.record(item, spec, true, context);
    for (let start = 0; start < work.length; start += ROUND) {
      const results = await Promise.allSettled(work.slice(start, start + ROUND).map((encrypt) => encrypt()));
      await this.record(item, spec, true, context);
      // An object deleted meanwhile needs no encryption; anything else is retried.
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected' && !isDomainError(result.reason, 'NotFound', 'Conflict'));
      if (failure) throw failure.reason;
    }
  }

  private async encryptVirtualMachine(vm: VirtualMachineLive, context: CommandContext): Promise<void> {
    if (vm.host && vm.powerState !== 'PoweredOff') await this.deps.hypervisor.encrypt(vm.host, streamName('virtualMachine', namespacedId(vm.namespace, vm.name)));
    await this.deps.vms.encrypt(vm.namespace, vm.name, context);
  }

  private async encryptPodVM(pod: PodVMLive, context: CommandContext): Promise<void> {
    if (pod.status === 'Running' && pod.host) await this.deps.hypervisor.encrypt(pod.host, streamName('podVm', namespacedId(pod.namespace, pod.name)));
    await this.deps.workloads.encryptPodVM(pod.namespace, pod.name, context);
  }

  private async record(item: CatalogItemLive, spec: NamespacePolicySpec, applying: boolean, context: CommandContext): Promise<void> {
    const { inventory, clock } = this.deps;
    const namespace = item.namespace!;
    const current = liveItem(inventory, 'NamespacePolicy', namespace, item.name) ?? item;
    const counts = encryptionCounts(
      inventory.list('VirtualMachine', namespace).map((object) => object.state as VirtualMachineLive),
      inventory.list('PodVM', namespace).map((object) => object.state as PodVMLive),
    );
    await writeStatus(this.deps, 'NamespacePolicy', item, policyStatus(current.itemStatus, { generation: item.generation, spec, counts, applying }, clock.now()), context);
  }

  private async liftRestrictions(namespace: string): Promise<void> {
    if (!this.deps.inventory.get('Namespace', null, namespace)) return;
    const context = { actor };
    await this.deps.namespaces.assignStorageClasses(namespace, [], context);
    await this.deps.namespaces.assignVirtualMachineClasses(namespace, [], context);
  }

  private policyKeys(namespace: string): string[] {
    return this.deps.inventory.list('NamespacePolicy', namespace).map((object) => namespacedId(namespace, object.name));
  }
}

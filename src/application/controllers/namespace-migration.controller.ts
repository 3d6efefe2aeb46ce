import type { CatalogItemLive } from '../../domain/catalog/index.ts';
import { podVmRequests, type PodVMLive } from '../../domain/podvm/index.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import type { InventoryChange } from '../inventory/inventory.ts';
import { schedulerFor } from '../scheduler/scheduler.ts';
import type { HostChooser } from '../scheduler/scheduler.port.ts';
import { namespacedId, streamName } from '../streams.ts';
import {
  isDomainError,
  liveItem,
  noKeys,
  operationContext,
  RetryLater,
  runPending,
  writeStatus,
  type NamespaceOperationDeps,
  type OperationController,
  type RunOptions,
} from './namespace-ops-context.ts';
import { chooseTarget, type TargetRequest } from './namespace-ops-hosts.ts';
import { parseMigrationSpec, type NamespaceMigrationSpec } from './namespace-ops-spec.ts';
import { isTerminal, operationStatus, recordedSet, refusedStatus, type ObjectProgress } from './namespace-ops-status.ts';

const actor = 'system:namespace-migration';
const REASON = 'NamespaceMigration';

class NoRoom extends Error {}

interface Progress {
  virtualMachines: ObjectProgress[];
  podVMs: ObjectProgress[];
}

/** Room races with other placements and stream conflicts pass; a lack of room may too. */
const options: RunOptions = {
  concurrency: 1,
  round: 16,
  retryable: (error) => !isDomainError(error) || isDomainError(error, 'Forbidden', 'Conflict'),
};

/**
 * NamespaceMigration: moves every workload of the namespace off `fromHosts`. VMs live-migrate and
 * keep their power state; pod VMs restart on the new host (the placement controller boots them).
 * Destinations come from the scheduler, minus the hosts being emptied (and outside `toHosts`).
 * Workloads are moved one at a time so that each choice sees the room the previous one took.
 * What finds no room stays Pending with the scheduler's reason and is retried with backoff.
 */
export class NamespaceMigrationController implements OperationController {
  readonly kind = 'NamespaceMigration' as const;

  private readonly chooser: HostChooser;

  constructor(private readonly deps: NamespaceOperationDeps) {
    this.chooser = deps.chooser ?? schedulerFor(deps.inventory);
  }

  initialKeys(): string[] {
    return this.deps.inventory.list('NamespaceMigration').map((object) => namespacedId(object.namespace!, object.name));
  }

  keysFor({ object, live }: InventoryChange): readonly string[] {
    return object.kind === 'NamespaceMigration' && live ? [namespacedId(object.namespace!, object.name)] : noKeys;
  }

  async reconcile(namespace: string, name: string): Promise<void> {
    const { inventory, clock } = this.deps;
    const item = liveItem(inventory, 'NamespaceMigration', namespace, name);
    if (!item || item.deletionTimestamp !== null || isTerminal(item.itemStatus)) return;
    const context = operationContext(actor, item);
    const parsed = parseMigrationSpec(item.spec);
    const unknown = parsed.ok ? [...parsed.value.fromHosts, ...parsed.value.toHosts].filter((host) => !inventory.get('Host', null, host)) : [];
    if (!parsed.ok || unknown.length > 0) {
      const [reason, message] = parsed.ok ? ['UnknownHost', `host(s) not found: ${unknown.join(', ')}`] : ['InvalidSpec', parsed.problems.join('; ')];
      await writeStatus(this.deps, 'NamespaceMigration', item, refusedStatus(item.itemStatus, reason, message, clock.now()), context);
      return;
    }
    const spec = parsed.value;
    const progress = this.discover(item, spec);
    const record = () => this.record(item, progress, context);
    await record();
    // VMs and pod VMs both get their turn before a retry is asked for.
    const retries: RetryLater[] = [];
    const settle = (run: Promise<unknown>) =>
      run.catch((error: unknown) => {
        if (!(error instanceof RetryLater)) throw error;
        retries.push(error);
      });
    const recordVirtualMachines = (done: readonly ObjectProgress[]) => {
      progress.virtualMachines = [...done];
      return record();
    };
    const recordPodVMs = (done: readonly ObjectProgress[]) => {
      progress.podVMs = [...done];
      return record();
    };
    await settle(runPending(progress.virtualMachines, (object) => this.moveVirtualMachine(namespace, spec, object, context), recordVirtualMachines, options));
    await settle(runPending(progress.podVMs, (object) => this.movePodVM(namespace, spec, object, context), recordPodVMs, options));
    if (retries.length > 0) throw retries[0];
  }

  /** The recorded set, plus whatever of the namespace still runs on the hosts being emptied. */
  private discover(item: CatalogItemLive, spec: NamespaceMigrationSpec): Progress {
    const namespace = item.namespace!;
    const add = (recorded: ObjectProgress[], found: { name: string; host: string | null; deletionTimestamp: string | null }[]) => {
      const known = new Set(recorded.map((object) => object.name));
      const fresh = found
        .filter((object) => object.host !== null && spec.fromHosts.includes(object.host) && object.deletionTimestamp === null && !known.has(object.name))
        .map((object): ObjectProgress => ({ name: object.name, phase: 'Pending', fromHost: object.host! }));
      return [...recorded, ...fresh];
    };
    return {
      virtualMachines: add(recordedSet(item.itemStatus) ?? [], this.deps.inventory.list('VirtualMachine', namespace).map((object) => object.state as VirtualMachineLive)),
      podVMs: add(recordedSet(item.itemStatus, 'podVMs') ?? [], this.deps.inventory.list('PodVM', namespace).map((object) => object.state as PodVMLive)),
    };
  }

  private async moveVirtualMachine(namespace: string, spec: NamespaceMigrationSpec, object: ObjectProgress, context: CommandContext): Promise<ObjectProgress> {
    const vm = this.deps.inventory.get('VirtualMachine', namespace, object.name)?.state as VirtualMachineLive | undefined;
    const settled = this.settled(object, vm, spec);
    if (settled) return settled;
    const fromHost = vm!.host!;
    const objectRef = streamName('virtualMachine', namespacedId(namespace, object.name));
    const toHost = this.target(spec, { workload: 'VirtualMachine', objectRef, namespace, resources: vm!.resources, labels: vm!.labels, nodeSelector: {} });
    // Something runs on the host only once the VM was powered on; a powered-off VM moves on paper.
    const running = vm!.powerState !== 'PoweredOff';
    if (running) await this.deps.hypervisor.migrate(fromHost, toHost, objectRef);
    try {
      await this.deps.vms.migrate(namespace, object.name, toHost, context);
    } catch (error) {
      if (running) await this.deps.hypervisor.migrate(toHost, fromHost, objectRef).catch(() => undefined);
      throw error;
    }
    return { name: object.name, phase: 'Completed', fromHost, toHost };
  }

  private async movePodVM(namespace: string, spec: NamespaceMigrationSpec, object: ObjectProgress, context: CommandContext): Promise<ObjectProgress> {
    const pod = this.deps.inventory.get('PodVM', namespace, object.name)?.state as PodVMLive | undefined;
    const settled = this.settled(object, pod, spec);
    if (settled) return settled;
    const fromHost = pod!.host!;
    const objectRef = streamName('podVm', namespacedId(namespace, object.name));
    const toHost = this.target(spec, { workload: 'PodVM', objectRef, namespace, resources: podVmRequests(pod!.containers), labels: pod!.labels, nodeSelector: pod!.nodeSelector });
    await this.deps.workloads.restartPodVMElsewhere(namespace, object.name, toHost, REASON, context);
    await this.deps.hypervisor.destroy(fromHost, objectRef).catch(() => undefined);
    return { name: object.name, phase: 'Completed', fromHost, toHost };
  }

  /** The outcome for an object with nothing (more) to move, if so. */
  private settled(object: ObjectProgress, workload: { host: string | null; deletionTimestamp: string | null } | undefined, spec: NamespaceMigrationSpec): ObjectProgress | undefined {
    const { name, fromHost } = object;
    if (!workload) return { name, phase: 'Skipped', ...(fromHost ? { fromHost } : {}), message: 'deleted before it was moved' };
    if (workload.host === null || !spec.fromHosts.includes(workload.host)) {
      return { name, phase: 'Completed', ...(fromHost ? { fromHost } : {}), ...(workload.host ? { toHost: workload.host } : {}) };
    }
    if (workload.deletionTimestamp !== null) return { name, phase: 'Skipped', fromHost: workload.host, message: 'being deleted' };
    return undefined;
  }

  private target(spec: NamespaceMigrationSpec, request: Omit<TargetRequest, 'fromHosts' | 'toHosts'>): string {
    const decision = chooseTarget(this.deps.inventory, this.chooser, { ...request, ...spec });
    if (decision.host !== null) return decision.host;
    throw new NoRoom(`no destination${spec.toHosts.length > 0 ? ` among ${spec.toHosts.join(', ')}` : ''}: ${decision.reason}`);
  }

  private async record(item: CatalogItemLive, progress: Progress, context: CommandContext): Promise<void> {
    const current = liveItem(this.deps.inventory, 'NamespaceMigration', item.namespace!, item.name) ?? item;
    const status = operationStatus(current.itemStatus, progress, 'workloads moved', this.deps.clock.now());
    await writeStatus(this.deps, 'NamespaceMigration', item, status, context);
  }
}

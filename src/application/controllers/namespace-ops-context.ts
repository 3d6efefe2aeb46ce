import type { CatalogItemLive, CatalogKind, Document } from '../../domain/catalog/index.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import type { Inventory, InventoryChange } from '../inventory/inventory.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { Hypervisor } from '../ports/hypervisor.port.ts';
import type { HostChooser } from '../scheduler/scheduler.port.ts';
import type { CatalogService } from '../services/catalog.service.ts';
import type { NamespaceService } from '../services/namespace.service.ts';
import type { VirtualMachineService } from '../services/virtual-machine.service.ts';
import type { WorkloadService } from '../services/workload.service.ts';
import type { ObjectProgress } from './namespace-ops-status.ts';

/** What the namespace-wide operation controllers work with. */
export interface NamespaceOperationDeps {
  inventory: Inventory;
  clock: Clock;
  namespaces: NamespaceService;
  vms: VirtualMachineService;
  workloads: WorkloadService;
  catalog: CatalogService;
  hypervisor: Hypervisor;
  /** Chooses migration destinations; the inventory's shared scheduler when not given. */
  chooser?: HostChooser;
}

/** The keys of a change that concerns no operation: every pod and VM change, so shared rather than allocated. */
export const noKeys: readonly string[] = Object.freeze([]);

/** One kind's reconciler; keys are `namespace/name` of that kind. */
export interface OperationController {
  readonly kind: CatalogKind;
  initialKeys(): string[];
  /** Which objects of this kind to reconcile after an inventory change (most changes: noKeys). */
  keysFor(change: InventoryChange): readonly string[];
  reconcile(namespace: string, name: string): Promise<void>;
}

export const liveItem = (inventory: Inventory, kind: CatalogKind, namespace: string, name: string): CatalogItemLive | undefined =>
  inventory.get(kind, namespace, name)?.state as CatalogItemLive | undefined;

export const itemsIn = (inventory: Inventory, kind: CatalogKind, namespace: string): CatalogItemLive[] =>
  inventory.list(kind, namespace).map((object) => object.state as CatalogItemLive);

/** Every command an operation issues carries its object's uid as correlation id: the audit trail groups them. */
export const operationContext = (actor: string, item: CatalogItemLive): CommandContext => ({ actor, correlationId: item.uid });

export const isDomainError = (error: unknown, ...reasons: DomainError['reason'][]): boolean =>
  error instanceof DomainError && (reasons.length === 0 || reasons.includes(error.reason));

/** Writes status unless it is already what the object holds; an object deleted meanwhile is let go. */
export const writeStatus = async (deps: NamespaceOperationDeps, kind: CatalogKind, item: CatalogItemLive, status: Document, context: CommandContext): Promise<void> => {
  const current = liveItem(deps.inventory, kind, item.namespace ?? '', item.name);
  if (!current || current.uid !== item.uid) return;
  if (JSON.stringify(current.itemStatus) === JSON.stringify(status)) return;
  try {
    await deps.catalog.changeStatus(kind, item.namespace, item.name, status, context);
  } catch (error) {
    if (!isDomainError(error, 'NotFound')) throw error;
  }
};

/** Thrown after progress is recorded, so that the queue retries the object with backoff. */
export class RetryLater extends Error {}

export interface RunOptions {
  /** Objects acted on at once. */
  concurrency: number;
  /** Objects acted on between two progress records; defaults to `concurrency`. */
  round?: number;
  /** Whether a failed step may succeed later (leave the object Pending) or not (mark it Failed). */
  retryable: (error: unknown) => boolean;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs `step` on every Pending object, `concurrency` at a time, and records progress after each
 * round. Objects already Completed, Failed or Skipped are never touched again. Retryable failures
 * leave their objects Pending and end the run with RetryLater, after the record.
 */
export const runPending = async <T extends ObjectProgress>(
  objects: readonly T[],
  step: (object: T) => Promise<T>,
  record: (objects: readonly T[]) => Promise<void>,
  options: RunOptions,
): Promise<T[]> => {
  const result = [...objects];
  const pending = result.flatMap((object, index) => (object.phase === 'Pending' ? [index] : []));
  const round = options.round ?? options.concurrency;
  let retry: unknown;
  const run = async (index: number): Promise<void> => {
    const object = result[index]!;
    try {
      result[index] = await step(object);
    } catch (error) {
      const retryable = options.retryable(error);
      if (retryable) retry ??= error;
      result[index] = { ...object, phase: retryable ? 'Pending' : 'Failed', message: messageOf(error) };
    }
  };
  for (let start = 0; start < pending.length; start += round) {
    const indexes = pending.slice(start, start + round);
    for (let at = 0; at < indexes.length; at += options.concurrency) await Promise.all(indexes.slice(at, at + options.concurrency).map(run));
    await record(result);
  }
  if (retry !== undefined) throw new RetryLater(`will retry: ${messageOf(retry)}`);
  return result;
};

import type { CatalogItemLive, CatalogKind, Document } from '../../domain/catalog/index.ts';
import type { QuotaAmounts, QuotaResource } from '../../domain/namespace/index.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { cpuToMillis, parseQuantity, quantityToBytes } from '../../domain/shared/resources.ts';
import { namespaceAggregate } from '../aggregates.ts';
import { catalogAggregates } from '../catalog-aggregates.ts';
import { admitClaim } from '../controllers/namespace-ops-admission.ts';
import type { CommandContext } from '../commands/command-handler.ts';
import { namespacedId, streamName } from '../streams.ts';
import { compensated, followUp, type NamespaceContents } from './compensated.ts';
import type { Pacific } from './pacific.ts';

export interface CatalogItemInput {
  namespace: string | null;
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  spec: Document;
  status?: Document;
}

/** ResourceQuota `spec.hard` names Pacific enforces, mapped to the namespace's quota resources. */
const quotaNames: Record<string, QuotaResource> = {
  cpu: 'requests.cpu',
  'requests.cpu': 'requests.cpu',
  memory: 'requests.memory',
  'requests.memory': 'requests.memory',
  'limits.cpu': 'limits.cpu',
  'limits.memory': 'limits.memory',
  'requests.storage': 'requests.storage',
  pods: 'pods',
  'count/pods': 'pods',
  'count/virtualmachines.vmoperator.vmware.com': 'virtualmachines',
  persistentvolumeclaims: 'persistentvolumeclaims',
  'count/persistentvolumeclaims': 'persistentvolumeclaims',
};

/** The namespace quota resource a ResourceQuota `spec.hard` name stands for, if Pacific enforces it. */
export const quotaResourceFor = (name: string): QuotaResource | undefined => quotaNames[name];

const toQuotaAmount = (resource: QuotaResource, quantity: unknown, field: string): number => {
  const text = typeof quantity === 'number' ? quantity : String(quantity);
  if (resource.endsWith('.cpu')) return cpuToMillis(text, field);
  if (resource.endsWith('.memory') || resource === 'requests.storage') return quantityToBytes(text, field);
  return Math.ceil(parseQuantity(text, field));
};

/** Translates one ResourceQuota's spec.hard; names Pacific does not enforce are kept but ignored. */
export const quotaAmountsOf = (spec: Document): QuotaAmounts => {
  const amounts: QuotaAmounts = {};
  for (const [name, quantity] of Object.entries((spec.hard ?? {}) as Record<string, unknown>)) {
    const resource = quotaNames[name];
    if (resource) amounts[resource] = toQuotaAmount(resource, quantity, `spec.hard[${name}]`);
  }
  return amounts;
};

const claimAmounts = (spec: Document): QuotaAmounts => {
  const storage = ((spec.resources as { requests?: Record<string, unknown> } | undefined)?.requests ?? {}).storage;
  return { persistentvolumeclaims: 1, 'requests.storage': quantityToBytes(String(storage), 'spec.resources.requests.storage') };
};

/**
 * Declarative objects kept as given (storage classes, VM classes, images, claims, quotas, ...).
 * A claim holds storage quota in its namespace; quotas combine into the namespace's effective
 * quota (the tightest limit of each resource wins, as Kubernetes enforces every quota object).
 */
export class CatalogService implements NamespaceContents {
  constructor(private readonly pacific: Pacific) {}

  async create(kind: CatalogKind, given: CatalogItemInput, context: CommandContext): Promise<CatalogItemLive> {
    const aggregate = catalogAggregates[kind];
    // A claim gets its namespace's default storage class and must use an assigned one.
    const input = kind === 'PersistentVolumeClaim' && given.namespace !== null ? { ...given, spec: admitClaim(this.pacific.inventory, given.namespace, given.spec) } : given;
    const id = this.id(kind, input.namespace, input.name);
    const command = { type: 'CreateCatalogItem' as const, data: { ...input, uid: this.pacific.newUid() } };
    const current = await this.pacific.commands.load(aggregate, id);
    aggregate.decider.decide({ ...command, metadata: { now: this.pacific.clock.now() } }, current.state);
    if (kind === 'ResourceQuota') quotaAmountsOf(input.spec);
    if (input.namespace !== null) this.requireNamespace(input.namespace);
    const objectRef = streamName(aggregate.category, id);
    if (kind === 'PersistentVolumeClaim') {
      await this.pacific.execute(namespaceAggregate, input.namespace!, { type: 'ReserveNamespaceQuota', data: { name: input.namespace!, objectRef, amounts: claimAmounts(input.spec) } }, context);
    }
    const result = await compensated(
      () => this.pacific.execute(aggregate, id, command, context),
      () => (kind === 'PersistentVolumeClaim' ? this.release(input.namespace!, objectRef, context) : Promise.resolve()),
    );
    if (kind === 'ResourceQuota') await this.applyQuotas(input.namespace!, context);
    return result.state as CatalogItemLive;
  }

  async change(kind: CatalogKind, input: Required<Omit<CatalogItemInput, 'status'>>, context: CommandContext): Promise<CatalogItemLive> {
    const aggregate = catalogAggregates[kind];
    if (kind === 'ResourceQuota') quotaAmountsOf(input.spec);
    const id = this.id(kind, input.namespace, input.name);
    const result = await this.pacific.execute(aggregate, id, { type: 'ChangeCatalogItem', data: input }, context);
    // Removing the last finalizer of an object being deleted completes its deletion.
    if (result.state.status === 'Deleted') await this.afterDeletion(kind, input.namespace, id, followUp(context));
    else if (kind === 'ResourceQuota') await this.applyQuotas(input.namespace!, followUp(context));
    return result.state as CatalogItemLive;
  }

  async changeStatus(kind: CatalogKind, namespace: string | null, name: string, status: Document, context: CommandContext): Promise<CatalogItemLive> {
    const result = await this.pacific.execute(catalogAggregates[kind], this.id(kind, namespace, name), { type: 'ChangeCatalogItemStatus', data: { namespace, name, status } }, context);
    return result.state as CatalogItemLive;
  }

  async delete(kind: CatalogKind, namespace: string | null, name: string, context: CommandContext): Promise<void> {
    const aggregate = catalogAggregates[kind];
    const id = this.id(kind, namespace, name);
    const result = await this.pacific.execute(aggregate, id, { type: 'DeleteCatalogItem', data: { namespace, name } }, context);
    if (result.state.status === 'Deleted') await this.afterDeletion(kind, namespace, id, context);
  }

  private async afterDeletion(kind: CatalogKind, namespace: string | null, id: string, context: CommandContext): Promise<void> {
    if (kind === 'PersistentVolumeClaim') await this.release(namespace!, streamName(catalogAggregates[kind].category, id), context);
    if (kind === 'ResourceQuota') await this.applyQuotas(namespace!, context);
  }

  holdsAnyIn(namespace: string): boolean {
    return Object.values(catalogAggregates).some((aggregate) => aggregate.namespaced && this.pacific.inventory.count(aggregate.kind, namespace) > 0);
  }

  async deleteAllIn(namespace: string, context: CommandContext): Promise<void> {
    for (const aggregate of Object.values(catalogAggregates)) {
      if (!aggregate.namespaced) continue;
      for (const item of this.pacific.inventory.list(aggregate.kind, namespace)) {
        await this.delete(aggregate.kind as CatalogKind, namespace, item.name, context);
      }
    }
  }

  private async applyQuotas(namespace: string, context: CommandContext): Promise<void> {
    const hard: QuotaAmounts = {};
    for (const quota of this.pacific.inventory.list('ResourceQuota', namespace)) {
      for (const [resource, amount] of Object.entries(quotaAmountsOf((quota.state as CatalogItemLive).spec)) as [QuotaResource, number][]) {
        hard[resource] = Math.min(hard[resource] ?? Number.MAX_SAFE_INTEGER, amount);
      }
    }
    await this.pacific.execute(namespaceAggregate, namespace, { type: 'SetNamespaceQuota', data: { name: namespace, hard } }, context);
  }

  private requireNamespace(namespace: string): void {
    if (!this.pacific.inventory.get('Namespace', null, namespace)) throw notFound(`namespaces "${namespace}"`);
  }

  private release(namespace: string, objectRef: string, context: CommandContext): Promise<unknown> {
    return this.pacific.execute(namespaceAggregate, namespace, { type: 'ReleaseNamespaceQuota', data: { name: namespace, objectRef } }, context);
  }

  private id(kind: CatalogKind, namespace: string | null, name: string): string {
    return catalogAggregates[kind].namespaced ? namespacedId(namespace ?? '', name) : name;
  }
}

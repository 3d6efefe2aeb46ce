import type { CatalogItemLive, Document } from '../../domain/catalog/index.ts';
import type { NamespaceLive } from '../../domain/namespace/index.ts';
import { forbidden } from '../../domain/shared/errors.ts';
import type { Inventory } from '../inventory/inventory.ts';
import { governingPolicy, parsePolicySpec, type NamespacePolicySpec } from './namespace-ops-spec.ts';

/**
 * What a namespace's policy asks of new objects, as the services admit them: encryption and the
 * allowed classes come from the Namespace aggregate (where the policy controller put them), the
 * default storage class from the governing NamespacePolicy itself.
 */
export interface NamespaceAdmission {
  encrypted: boolean;
  allowedStorageClasses: readonly string[];
  allowedVirtualMachineClasses: readonly string[];
  defaultStorageClass: string | null;
}

/** The namespace's policy as its governing NamespacePolicy states it, if it states a valid one. */
export const namespacePolicyOf = (inventory: Inventory, namespace: string): NamespacePolicySpec | undefined => {
  const policy = governingPolicy(inventory.list('NamespacePolicy', namespace).map((object) => object.state as CatalogItemLive));
  if (!policy) return undefined;
  const parsed = parsePolicySpec(policy.spec);
  return parsed.ok ? parsed.value : undefined;
};

export const namespaceAdmission = (inventory: Inventory, namespace: string): NamespaceAdmission => {
  const live = inventory.get('Namespace', null, namespace)?.state as NamespaceLive | undefined;
  return {
    encrypted: live?.encrypted ?? false,
    allowedStorageClasses: live?.storageClasses ?? [],
    allowedVirtualMachineClasses: live?.virtualMachineClasses ?? [],
    defaultStorageClass: namespacePolicyOf(inventory, namespace)?.defaultStorageClass ?? null,
  };
};

/** An empty list allows every class. */
const assertAssigned = (kind: string, name: string, allowed: readonly string[], namespace: string): void => {
  // A missing name is the domain's to refuse (Invalid), not a policy matter.
  if (name === '' || allowed.length === 0 || allowed.includes(name)) return;
  throw forbidden(`${kind} "${name}" is not assigned to namespace "${namespace}" (assigned: ${allowed.join(', ')})`);
};

export const assertVirtualMachineClassAllowed = (inventory: Inventory, namespace: string, className: string): void =>
  assertAssigned('VirtualMachineClass', className, namespaceAdmission(inventory, namespace).allowedVirtualMachineClasses, namespace);

/** A new VM: the default storage class fills a missing one, both classes must be assigned, and it inherits encryption. */
export const admitVirtualMachine = <T extends { namespace: string; className: string; storageClass: string; encrypted?: boolean }>(inventory: Inventory, input: T): T => {
  const admission = namespaceAdmission(inventory, input.namespace);
  const storageClass = input.storageClass || admission.defaultStorageClass || input.storageClass;
  assertAssigned('VirtualMachineClass', input.className, admission.allowedVirtualMachineClasses, input.namespace);
  assertAssigned('StorageClass', storageClass, admission.allowedStorageClasses, input.namespace);
  return { ...input, storageClass, ...(admission.encrypted ? { encrypted: true } : {}) };
};

/** A new pod VM inherits its namespace's encryption. */
export const admitPodVM = (inventory: Inventory, namespace: string): { encrypted?: true } =>
  (inventory.get('Namespace', null, namespace)?.state as NamespaceLive | undefined)?.encrypted ? { encrypted: true } : {};

/**
 * A new PersistentVolumeClaim: the default storage class fills an absent one (as in Kubernetes,
 * an explicit "" asks for no class); a named class must be assigned.
 */
export const admitClaim = (inventory: Inventory, namespace: string, spec: Document): Document => {
  const admission = namespaceAdmission(inventory, namespace);
  const named = spec.storageClassName === undefined || spec.storageClassName === null ? admission.defaultStorageClass : spec.storageClassName;
  if (typeof named !== 'string') return spec;
  assertAssigned('StorageClass', named, admission.allowedStorageClasses, namespace);
  return named === spec.storageClassName ? spec : { ...spec, storageClassName: named };
};

import type { AggregateKind } from '../../../../application/commands/aggregate-definition.ts';
import type { CommandContext } from '../../../../application/commands/command-handler.ts';
import type { InventoryObject } from '../../../../application/inventory/inventory.ts';
import type { CatalogService } from '../../../../application/services/catalog.service.ts';
import type { NamespaceService } from '../../../../application/services/namespace.service.ts';
import type { Pacific } from '../../../../application/services/pacific.ts';
import type { PodVMConsoles } from '../../../../application/services/pod-vm-console.service.ts';
import type { VirtualMachineService } from '../../../../application/services/virtual-machine.service.ts';
import type { WorkloadService } from '../../../../application/services/workload.service.ts';
import type { KubeObject } from '../kube-object.ts';

export interface ApiServices {
  pacific: Pacific;
  namespaces: NamespaceService;
  workloads: WorkloadService;
  vms: VirtualMachineService;
  catalog: CatalogService;
  /** Pod VM consoles, for pods/log. */
  podConsoles: PodVMConsoles;
  /**
   * Waits until a new namespace holds its seeded content (VM classes and images), so a manifest
   * that creates a namespace and then one of those names finds it instead of racing the seeder.
   */
  afterNamespaceCreated?: (namespace: string) => Promise<void>;
}

/** Renders a live object; `state` may be an earlier state of it (for DELETED watch events). */
export type Render = (object: InventoryObject, state: unknown) => KubeObject;

/**
 * Translates one API kind between Kubernetes objects and the domain: rendering an inventory
 * object, and turning create / update / delete requests into commands through the services.
 */
export interface KindMapper {
  apiKind: string;
  aggregateKind: AggregateKind;
  render: Render;
  /** Set when rendering reads other objects from the inventory: such objects are rendered as they change, never later. */
  rendersFromInventory?: boolean;
  /**
   * The object's resourceVersion when more than its own stream changes what it shows (a
   * ResourceQuota's usage); the position of its stream's last event otherwise.
   */
  resourceVersion?(object: InventoryObject): number;
  create(body: KubeObject, namespace: string | null, context: CommandContext): Promise<void>;
  update(current: InventoryObject, body: KubeObject, context: CommandContext): Promise<void>;
  /** `/status` writes; kinds whose status Pacific owns answer with what they have. */
  updateStatus?(current: InventoryObject, body: KubeObject, context: CommandContext): Promise<void>;
  delete(current: InventoryObject, context: CommandContext): Promise<void>;
  /** `pods/eviction` (kubectl drain); kinds without it are deleted. */
  evict?(current: InventoryObject, context: CommandContext): Promise<void>;
}

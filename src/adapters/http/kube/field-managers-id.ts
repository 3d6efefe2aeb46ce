import type { Inventory } from '../../../application/inventory/inventory.ts';
import type { FieldManagersState } from '../../../domain/fieldmanagers/index.ts';
import { resourceKey, type ResourceType } from './resource-type.ts';

/** The name, within its namespace, of an object's FieldManagers record: `RESOURCE:NAME`. */
export const fieldManagersName = (type: ResourceType, name: string): string => `${resourceKey(type)}:${name}`;

/** The FieldManagers aggregate's id of an object: `NAMESPACE/RESOURCE:NAME`, the namespace empty for cluster-scoped objects. */
export const fieldManagersId = (type: ResourceType, namespace: string | null, name: string): string => `${namespace ?? ''}/${fieldManagersName(type, name)}`;

/** The object's FieldManagers record as the inventory holds it, of whichever incarnation. */
export const fieldManagersRecord = (inventory: Inventory, type: ResourceType, namespace: string | null, name: string): FieldManagersState | undefined =>
  inventory.get('FieldManagers', namespace ?? '', fieldManagersName(type, name))?.state as FieldManagersState | undefined;

import type { CatalogItemLive } from '../../domain/catalog/index.ts';
import type { Inventory, InventoryChange } from '../inventory/inventory.ts';
import type { Identity } from './identity.ts';
import { permissionOf, strongest, type NamespaceRole, type SubjectKind } from './namespace-permission.ts';

/** What the policy needs from the bindings: a user's strongest role in a namespace. */
export interface RoleLookup {
  roleOf(user: Identity, namespace: string): NamespaceRole | undefined;
}

interface Binding {
  subject: string;
  namespace: string;
  role: NamespaceRole;
}

const subjectKey = (kind: SubjectKind, name: string): string => `${kind}:${name}`;

/**
 * Subject (user or group) -> namespace -> role, kept from the NamespacePermission objects of the
 * inventory as they change, so a request looks up a few map entries instead of scanning objects.
 */
export class PermissionIndex implements RoleLookup {
  /** By `namespace/name` of the NamespacePermission object. */
  private readonly bindings = new Map<string, Binding>();
  /** subject -> namespace -> binding name -> role. */
  private readonly bySubject = new Map<string, Map<string, Map<string, NamespaceRole>>>();

  /** An index of the inventory's permissions now, following every later change. */
  static follow(inventory: Inventory): PermissionIndex {
    const index = new PermissionIndex();
    for (const object of inventory.list('NamespacePermission')) index.put(object.namespace!, object.name, (object.state as CatalogItemLive).spec);
    inventory.onChange((change) => index.onChange(change));
    return index;
  }

  onChange({ object, live }: InventoryChange): void {
    if (object.kind !== 'NamespacePermission') return;
    if (live) this.put(object.namespace!, object.name, (object.state as CatalogItemLive).spec);
    else this.remove(object.namespace!, object.name);
  }

  /** Records (or replaces) the binding named `namespace/name`; an invalid spec grants nothing. */
  put(namespace: string, name: string, spec: Record<string, unknown>): void {
    this.remove(namespace, name);
    const permission = permissionOf(spec);
    if (!permission) return;
    const subject = subjectKey(permission.subject.kind, permission.subject.name);
    this.bindings.set(`${namespace}/${name}`, { subject, namespace, role: permission.role });
    let namespaces = this.bySubject.get(subject);
    if (!namespaces) this.bySubject.set(subject, (namespaces = new Map()));
    let named = namespaces.get(namespace);
    if (!named) namespaces.set(namespace, (named = new Map()));
    named.set(name, permission.role);
  }

  remove(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const binding = this.bindings.get(key);
    if (!binding) return;
    this.bindings.delete(key);
    const namespaces = this.bySubject.get(binding.subject)!;
    const named = namespaces.get(namespace)!;
    named.delete(name);
    if (named.size === 0) namespaces.delete(namespace);
    if (namespaces.size === 0) this.bySubject.delete(binding.subject);
  }

  roleOf(user: Identity, namespace: string): NamespaceRole | undefined {
    let role = this.roleOfSubject(subjectKey('User', user.name), namespace);
    for (const group of user.groups) role = strongest(role, this.roleOfSubject(subjectKey('Group', group), namespace));
    return role;
  }

  /** Every namespace where the user holds a role, with the strongest one. */
  rolesOf(user: Identity): Map<string, NamespaceRole> {
    const roles = new Map<string, NamespaceRole>();
    for (const subject of [subjectKey('User', user.name), ...user.groups.map((group) => subjectKey('Group', group))]) {
      for (const [namespace, named] of this.bySubject.get(subject) ?? []) {
        for (const role of named.values()) roles.set(namespace, strongest(roles.get(namespace), role)!);
      }
    }
    return roles;
  }

  private roleOfSubject(subject: string, namespace: string): NamespaceRole | undefined {
    const named = this.bySubject.get(subject)?.get(namespace);
    if (!named) return undefined;
    let role: NamespaceRole | undefined;
    for (const candidate of named.values()) role = strongest(role, candidate);
    return role;
  }
}

import type { Document } from '../../domain/catalog/index.ts';
import type { FieldCause } from '../../domain/shared/errors.ts';

/** The roles of a vSphere namespace, weakest first: each includes what the previous ones allow. */
export const namespaceRoles = ['View', 'Edit', 'Owner'] as const;
export type NamespaceRole = (typeof namespaceRoles)[number];

export const subjectKinds = ['User', 'Group'] as const;
export type SubjectKind = (typeof subjectKinds)[number];

/** The spec of a NamespacePermission: one role on its namespace for one user or group. */
export interface NamespacePermissionSpec {
  subject: { kind: SubjectKind; name: string };
  role: NamespaceRole;
}

export const roleRank = (role: NamespaceRole): number => namespaceRoles.indexOf(role);

export const atLeast = (role: NamespaceRole | undefined, required: NamespaceRole): boolean => role !== undefined && roleRank(role) >= roleRank(required);

export const strongest = (a: NamespaceRole | undefined, b: NamespaceRole | undefined): NamespaceRole | undefined =>
  a === undefined ? b : b === undefined ? a : roleRank(a) >= roleRank(b) ? a : b;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Field problems of a NamespacePermission spec (empty when valid). */
export const validatePermissionSpec = (spec: Document): FieldCause[] => {
  const causes: FieldCause[] = [];
  const subject = spec.subject;
  if (!isObject(subject)) causes.push({ field: 'spec.subject', message: 'Required value' });
  else {
    if (!(subjectKinds as readonly unknown[]).includes(subject.kind)) causes.push({ field: 'spec.subject.kind', message: `Unsupported value: ${JSON.stringify(subject.kind ?? null)}: supported values: "User", "Group"` });
    if (typeof subject.name !== 'string' || subject.name.trim() === '') causes.push({ field: 'spec.subject.name', message: 'Required value' });
  }
  if (!(namespaceRoles as readonly unknown[]).includes(spec.role)) causes.push({ field: 'spec.role', message: `Unsupported value: ${JSON.stringify(spec.role ?? null)}: supported values: "Owner", "Edit", "View"` });
  return causes;
};

/** The spec as a permission, or undefined when it is not a valid one. */
export const permissionOf = (spec: Document): NamespacePermissionSpec | undefined =>
  validatePermissionSpec(spec).length === 0 ? (spec as unknown as NamespacePermissionSpec) : undefined;

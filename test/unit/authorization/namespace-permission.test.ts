import { describe, expect, it } from 'vitest';
import { catalogAggregates } from '../../../src/application/catalog-aggregates.ts';
import { atLeast, strongest, validatePermissionSpec } from '../../../src/application/authorization/index.ts';
import { at, deciderSpec } from '../support/decider-spec.ts';

const spec = deciderSpec(catalogAggregates.NamespacePermission.decider);
const ref = { namespace: 'shop', name: 'alice-edit' };
const valid = { subject: { kind: 'User', name: 'alice' }, role: 'Edit' };

describe('NamespacePermission', () => {
  it('is a namespaced catalog kind whose events are prefixed with its name', () => {
    expect(catalogAggregates.NamespacePermission).toMatchObject({ kind: 'NamespacePermission', category: 'namespacePermission', namespaced: true });
    spec.given([]).when({ type: 'CreateCatalogItem', data: { ...ref, uid: 'u1', spec: valid }, metadata: at() }).then([
      { type: 'NamespacePermissionCreated', data: { ...ref, uid: 'u1', labels: {}, annotations: {}, finalizers: [], spec: valid, status: {}, createdAt: '2026-11-25T10:00:00.000Z' } },
    ]);
  });

  it('refuses a spec without a subject, with an unknown subject kind or an unknown role', () => {
    spec.given([]).when({ type: 'CreateCatalogItem', data: { ...ref, uid: 'u1', spec: { role: 'View' } }, metadata: at() }).thenThrows('Invalid', /spec.subject/);
    spec.given([]).when({ type: 'CreateCatalogItem', data: { ...ref, uid: 'u1', spec: { ...valid, role: 'CanEdit' } }, metadata: at() }).thenThrows('Invalid', /spec.role/);
    expect(validatePermissionSpec({ subject: { kind: 'Robot', name: '' }, role: 'Owner' }).map((cause) => cause.field)).toEqual(['spec.subject.kind', 'spec.subject.name']);
    expect(validatePermissionSpec(valid)).toEqual([]);
  });

  it('orders the roles View < Edit < Owner', () => {
    expect(atLeast('Owner', 'Edit')).toBe(true);
    expect(atLeast('Edit', 'Edit')).toBe(true);
    expect(atLeast('View', 'Edit')).toBe(false);
    expect(atLeast(undefined, 'View')).toBe(false);
    expect(strongest('View', 'Owner')).toBe('Owner');
    expect(strongest(undefined, 'View')).toBe('View');
  });
});

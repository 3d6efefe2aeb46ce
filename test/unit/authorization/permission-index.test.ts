import { describe, expect, it } from 'vitest';
import { allAggregates } from '../../../src/application/aggregates.ts';
import { PermissionIndex } from '../../../src/application/authorization/index.ts';
import { Inventory } from '../../../src/application/inventory/inventory.ts';

const at = '2026-11-25T09:00:00.000Z';
const alice = { name: 'alice', groups: ['devs'] };

const feed = () => {
  const inventory = new Inventory(allAggregates);
  const revisions = new Map<string, number>();
  let position = 0;
  const append = (namespace: string, name: string, type: string, data: Record<string, unknown>): void => {
    const streamName = `namespacePermission-${namespace}/${name}`;
    const revision = (revisions.get(streamName) ?? -1) + 1;
    revisions.set(streamName, revision);
    inventory.applyEvent({ streamName, type, data: { namespace, name, ...data }, revision, position: ++position, metadata: { eventId: `e${position}`, time: at, actor: 'test', correlationId: 'c', causationId: null } });
  };
  const spec = (kind: string, subject: string, role: string) => ({ subject: { kind, name: subject }, role });
  return {
    inventory,
    grant: (namespace: string, name: string, kind: string, subject: string, role: string) =>
      append(namespace, name, 'NamespacePermissionCreated', { uid: name, labels: {}, annotations: {}, finalizers: [], spec: spec(kind, subject, role), status: {}, createdAt: at }),
    change: (namespace: string, name: string, kind: string, subject: string, role: string, generation: number) =>
      append(namespace, name, 'NamespacePermissionChanged', { labels: {}, annotations: {}, finalizers: [], spec: spec(kind, subject, role), generation }),
    revoke: (namespace: string, name: string) => append(namespace, name, 'NamespacePermissionDeleted', { deletedAt: at }),
  };
};

describe('PermissionIndex', () => {
  it('gives a user the strongest role held directly or through any of their groups', () => {
    const index = new PermissionIndex();
    index.put('shop', 'a', { subject: { kind: 'User', name: 'alice' }, role: 'View' });
    index.put('shop', 'b', { subject: { kind: 'Group', name: 'devs' }, role: 'Edit' });
    index.put('bank', 'c', { subject: { kind: 'Group', name: 'devs' }, role: 'View' });
    index.put('bank', 'd', { subject: { kind: 'Group', name: 'ops' }, role: 'Owner' });
    expect(index.roleOf(alice, 'shop')).toBe('Edit');
    expect(index.roleOf(alice, 'bank')).toBe('View');
    expect(index.roleOf(alice, 'zoo')).toBeUndefined();
    expect(index.roleOf({ name: 'devs', groups: [] }, 'shop')).toBeUndefined();
    expect([...index.rolesOf(alice)]).toEqual([['shop', 'Edit'], ['bank', 'View']]);
  });

  it('replaces a binding that changes and forgets one that is removed', () => {
    const index = new PermissionIndex();
    index.put('shop', 'a', { subject: { kind: 'User', name: 'alice' }, role: 'Owner' });
    index.put('shop', 'b', { subject: { kind: 'User', name: 'alice' }, role: 'View' });
    index.put('shop', 'a', { subject: { kind: 'User', name: 'bob' }, role: 'Owner' });
    expect(index.roleOf(alice, 'shop')).toBe('View');
    expect(index.roleOf({ name: 'bob', groups: [] }, 'shop')).toBe('Owner');
    index.remove('shop', 'b');
    index.remove('shop', 'missing');
    expect(index.roleOf(alice, 'shop')).toBeUndefined();
    expect(index.rolesOf(alice).size).toBe(0);
  });

  it('ignores a spec that grants no valid role', () => {
    const index = new PermissionIndex();
    index.put('shop', 'a', { subject: { kind: 'User', name: 'alice' }, role: 'Admin' });
    index.put('shop', 'b', { subject: { kind: 'Robot', name: 'alice' }, role: 'Owner' });
    expect(index.roleOf(alice, 'shop')).toBeUndefined();
  });

  it('follows the inventory: existing permissions first, then every change', () => {
    const { inventory, grant, change, revoke } = feed();
    grant('shop', 'alice-view', 'User', 'alice', 'View');
    const index = PermissionIndex.follow(inventory);
    expect(index.roleOf(alice, 'shop')).toBe('View');
    change('shop', 'alice-view', 'User', 'alice', 'Owner', 1);
    expect(index.roleOf(alice, 'shop')).toBe('Owner');
    grant('bank', 'devs', 'Group', 'devs', 'Edit');
    expect(index.roleOf(alice, 'bank')).toBe('Edit');
    revoke('shop', 'alice-view');
    expect(index.roleOf(alice, 'shop')).toBeUndefined();
    grant('shop', 'alice-view', 'User', 'alice', 'View');
    expect(index.roleOf(alice, 'shop')).toBe('View');
  });
});

import { describe, expect, it } from 'vitest';
import { AuthorizationPolicy, PermissionIndex, type Identity, type ResourceAttributes } from '../../../src/application/authorization/index.ts';

const index = new PermissionIndex();
index.put('shop', 'viewer', { subject: { kind: 'User', name: 'vera' }, role: 'View' });
index.put('shop', 'editors', { subject: { kind: 'Group', name: 'devs' }, role: 'Edit' });
index.put('shop', 'owner', { subject: { kind: 'User', name: 'olga' }, role: 'Owner' });
const policy = new AuthorizationPolicy(index);

const vera: Identity = { name: 'vera', groups: [] };
const eddie = { name: 'eddie', groups: ['devs'] };
const olga = { name: 'olga', groups: [] };
const root = { name: 'root', groups: ['pacific:admins'] };
const nobody = { name: 'nobody', groups: [] };

const on = (verb: string, group: string, resource: string, namespace = 'shop', name = '', subresource = ''): ResourceAttributes => ({ verb, group, resource, namespace, name, subresource });
const allowed = (user: Identity, attributes: ResourceAttributes): boolean => policy.decide(user, attributes).allowed;

describe('AuthorizationPolicy', () => {
  it('lets View read every namespaced kind of its namespace and write nothing', () => {
    for (const [group, resource] of [['', 'pods'], ['', 'resourcequotas'], ['', 'events'], ['vmoperator.vmware.com', 'virtualmachineclasses'], ['pacific.io', 'namespacepermissions'], ['pacific.io', 'namespacepolicies']]) {
      for (const verb of ['get', 'list', 'watch']) expect(allowed(vera, on(verb, group!, resource!)), `${verb} ${resource}`).toBe(true);
      for (const verb of ['create', 'update', 'patch', 'delete', 'deletecollection']) expect(allowed(vera, on(verb, group!, resource!)), `${verb} ${resource}`).toBe(false);
    }
    expect(allowed(vera, on('get', '', 'pods', 'bank'))).toBe(false);
  });

  it('lets Edit write the developer kinds but not quotas, policies, classes, images, migrations or permissions', () => {
    const writable = [['', 'pods'], ['', 'persistentvolumeclaims'], ['vmoperator.vmware.com', 'virtualmachines'], ['run.tanzu.vmware.com', 'tanzukubernetesclusters'], ['pacific.io', 'namespacesnapshots'], ['pacific.io', 'namespacerestores']];
    const adminOnly = [['', 'resourcequotas'], ['pacific.io', 'namespacepolicies'], ['vmoperator.vmware.com', 'virtualmachineclasses'], ['vmoperator.vmware.com', 'virtualmachineimages'], ['pacific.io', 'namespacemigrations'], ['pacific.io', 'namespacepermissions']];
    for (const verb of ['create', 'update', 'patch', 'delete', 'deletecollection']) {
      for (const [group, resource] of writable) expect(allowed(eddie, on(verb, group!, resource!)), `${verb} ${resource}`).toBe(true);
      for (const [group, resource] of adminOnly) expect(allowed(eddie, on(verb, group!, resource!)), `${verb} ${resource}`).toBe(false);
    }
    expect(allowed(eddie, on('create', '', 'pods', 'shop', 'web', 'eviction'))).toBe(true);
    expect(allowed(vera, on('create', '', 'pods', 'shop', 'web', 'eviction'))).toBe(false);
    expect(allowed(eddie, on('update', '', 'pods', 'shop', 'web', 'status'))).toBe(false);
    expect(allowed(eddie, on('get', '', 'pods', 'shop', 'web', 'status'))).toBe(true);
  });

  it('lets Owner also manage the namespace permissions', () => {
    for (const verb of ['create', 'update', 'patch', 'delete', 'deletecollection']) {
      expect(allowed(olga, on(verb, 'pacific.io', 'namespacepermissions'))).toBe(true);
      expect(allowed(olga, on(verb, '', 'pods'))).toBe(true);
      expect(allowed(olga, on(verb, '', 'resourcequotas'))).toBe(false);
      expect(allowed(olga, on(verb, 'pacific.io', 'namespacepermissions', 'bank'))).toBe(false);
    }
  });

  it('lets every user read the cluster-wide catalog, and only admins change it or the namespaces', () => {
    for (const [group, resource] of [['', 'nodes'], ['storage.k8s.io', 'storageclasses'], ['vmoperator.vmware.com', 'clustervirtualmachineimages'], ['run.tanzu.vmware.com', 'tanzukubernetesreleases']]) {
      expect(allowed(nobody, on('list', group!, resource!, ''))).toBe(true);
      expect(allowed(nobody, on('get', group!, resource!, '', 'x'))).toBe(true);
      expect(allowed(olga, on('create', group!, resource!, ''))).toBe(false);
      expect(allowed(root, on('delete', group!, resource!, '', 'x'))).toBe(true);
    }
    expect(allowed(olga, on('create', '', 'namespaces', ''))).toBe(false);
    expect(allowed(olga, on('delete', '', 'namespaces', '', 'shop'))).toBe(false);
    expect(allowed(root, on('delete', '', 'namespaces', '', 'shop'))).toBe(true);
  });

  it('shows a user the namespaces where they hold a role only', () => {
    expect(allowed(vera, on('get', '', 'namespaces', '', 'shop'))).toBe(true);
    expect(allowed(vera, on('get', '', 'namespaces', '', 'bank'))).toBe(false);
    expect(policy.decide(vera, on('list', '', 'namespaces', ''))).toMatchObject({ allowed: true, perNamespace: true });
    expect(policy.mayReadIn(vera, 'shop')).toBe(true);
    expect(policy.mayReadIn(vera, 'bank')).toBe(false);
    expect(policy.mayReadIn(root, 'bank')).toBe(true);
  });

  it('allows lists and watches across namespaces per namespace, and refuses other verbs there', () => {
    expect(policy.decide(nobody, on('list', '', 'pods', ''))).toMatchObject({ allowed: true, perNamespace: true });
    expect(policy.decide(nobody, on('watch', 'vmoperator.vmware.com', 'virtualmachines', ''))).toMatchObject({ allowed: true, perNamespace: true });
    expect(allowed(olga, on('deletecollection', '', 'pods', ''))).toBe(false);
    expect(policy.decide(root, on('list', '', 'pods', '')).perNamespace).toBeUndefined();
  });

  it('refuses unknown resources, unknown verbs and wildcards to non-admins; * needs every verb', () => {
    expect(allowed(olga, on('get', '', 'secrets'))).toBe(false);
    expect(allowed(olga, on('escalate', '', 'pods'))).toBe(false);
    expect(allowed(olga, on('*', '', 'pods'))).toBe(true);
    expect(allowed(eddie, on('*', '', 'pods'))).toBe(true);
    expect(allowed(vera, on('*', '', 'pods'))).toBe(false);
    expect(allowed(olga, on('get', '', '*'))).toBe(false);
    expect(allowed(root, on('*', '*', '*'))).toBe(true);
  });

  it('explains its answers', () => {
    expect(policy.decide(eddie, on('create', '', 'pods')).reason).toBe('User "eddie" holds role Edit in namespace "shop"');
    expect(policy.decide(root, on('create', '', 'pods')).reason).toBe('User "root" is a cluster administrator');
  });

  it('lets every user read discovery, OpenAPI, the version and health, and only admins the rest', () => {
    for (const path of ['/api', '/api/v1', '/apis', '/apis/pacific.io/v1alpha1', '/openapi/v3', '/openapi/v3/api/v1', '/version', '/livez', '/ui/']) {
      expect(policy.decideNonResource(nobody, { verb: 'get', path }).allowed, path).toBe(true);
    }
    for (const path of ['/metrics', '/admin/inventory/digest', '/admin/whatif/fail-host/esx-01']) {
      expect(policy.decideNonResource(olga, { verb: 'get', path }).allowed, path).toBe(false);
      expect(policy.decideNonResource(root, { verb: 'get', path }).allowed, path).toBe(true);
    }
    expect(policy.decideNonResource(olga, { verb: 'post', path: '/api/v1' }).allowed).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRbacPacific, type RbacPacific, type TestUser } from './support/rbac-pacific.ts';

/**
 * Every role × verb × resource × own/other namespace, through the in-process HTTP app.
 * Each user holds its role in "shop" (own) and none in "bank" (other); the admin holds none but is
 * in pacific:admins. Allowed requests must succeed (the object exists, the write is valid), refused
 * ones must be a 403 Status whatever the object, so the answers show authorization alone.
 */

const admin: TestUser = { name: 'root', groups: ['pacific:admins'] };
const users: Record<string, TestUser> = {
  View: { name: 'vera', groups: ['readers'] },
  Edit: { name: 'eddie', groups: ['devs'] },
  Owner: { name: 'olga', groups: [] },
  none: { name: 'nora', groups: ['devs-elsewhere'] },
  admin,
};
type Role = keyof typeof users;
const roles = Object.keys(users) as Role[];
const OWN = 'shop';
const OTHER = 'bank';

const permission = (name: string, kind: 'User' | 'Group', subject: string, role: string) => ({
  apiVersion: 'pacific.io/v1alpha1',
  kind: 'NamespacePermission',
  metadata: { name },
  spec: { subject: { kind, name: subject }, role },
});

interface Resource {
  name: string;
  collection: (namespace: string) => string;
  body: (name: string) => Record<string, unknown>;
  /** Who may write it in their own namespace (admins may everywhere). */
  writers: Role[];
}

const resources: Resource[] = [
  {
    name: 'pods',
    collection: (ns) => `/api/v1/namespaces/${ns}/pods`,
    body: (name) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } }),
    writers: ['Edit', 'Owner', 'admin'],
  },
  {
    name: 'virtualmachines',
    collection: (ns) => `/apis/vmoperator.vmware.com/v1alpha3/namespaces/${ns}/virtualmachines`,
    body: (name) => ({ apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachine', metadata: { name }, spec: { className: 'best-effort-xsmall', imageName: 'ubuntu-22.04', storageClass: 'rbac-gold', powerState: 'PoweredOff' } }),
    writers: ['Edit', 'Owner', 'admin'],
  },
  {
    name: 'persistentvolumeclaims',
    collection: (ns) => `/api/v1/namespaces/${ns}/persistentvolumeclaims`,
    body: (name) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'rbac-gold', resources: { requests: { storage: '1Gi' } } } }),
    writers: ['Edit', 'Owner', 'admin'],
  },
  {
    name: 'resourcequotas',
    collection: (ns) => `/api/v1/namespaces/${ns}/resourcequotas`,
    body: (name) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard: { pods: '1000', 'requests.cpu': '400', 'requests.memory': '1Ti', 'requests.storage': '10Ti' } } }),
    writers: ['admin'],
  },
  {
    name: 'namespacepermissions',
    collection: (ns) => `/apis/pacific.io/v1alpha1/namespaces/${ns}/namespacepermissions`,
    body: (name) => permission(name, 'User', `someone-${name}`, 'View'),
    writers: ['Owner', 'admin'],
  },
];

const verbs = ['get', 'list', 'watch', 'create', 'update', 'delete'] as const;
type Verb = (typeof verbs)[number];
const readers: Role[] = ['View', 'Edit', 'Owner', 'admin'];

const expected = (role: Role, verb: Verb, resource: Resource, namespace: string): number => {
  const mayRead = role === 'admin' || (namespace === OWN && readers.includes(role));
  const mayWrite = role === 'admin' || (namespace === OWN && resource.writers.includes(role));
  const allowed = ['get', 'list', 'watch'].includes(verb) ? mayRead : mayWrite;
  if (!allowed) return 403;
  return verb === 'create' ? 201 : 200;
};

describe('RBAC matrix: role × verb × resource × own/other namespace', () => {
  let p: RbacPacific;

  const ok = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await p.request(admin, method, path, body);
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  beforeAll(async () => {
    p = await startRbacPacific();
    await ok('POST', '/apis/storage.k8s.io/v1/storageclasses', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'rbac-gold' }, provisioner: 'csi.vsphere.vmware.com' });
    for (const ns of [OWN, OTHER]) {
      await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      // What get, update and delete act on: one shared object, and one to delete per role.
      for (const resource of resources) {
        for (const name of ['fixture', ...roles.map((role) => `del-${role.toLowerCase()}`)]) await ok('POST', resource.collection(ns), resource.body(name));
      }
    }
    await ok('POST', `/apis/pacific.io/v1alpha1/namespaces/${OWN}/namespacepermissions`, permission('vera-view', 'User', 'vera', 'View'));
    await ok('POST', `/apis/pacific.io/v1alpha1/namespaces/${OWN}/namespacepermissions`, permission('devs-edit', 'Group', 'devs', 'Edit'));
    await ok('POST', `/apis/pacific.io/v1alpha1/namespaces/${OWN}/namespacepermissions`, permission('olga-owner', 'User', 'olga', 'Owner'));
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  const attempt = async (user: TestUser, role: Role, verb: Verb, resource: Resource, namespace: string): Promise<number> => {
    const collection = resource.collection(namespace);
    switch (verb) {
      case 'get':
        return (await p.request(user, 'GET', `${collection}/fixture`)).status;
      case 'list':
        return (await p.request(user, 'GET', collection)).status;
      case 'watch':
        return (await p.watch(user, `${collection}?watch=true`)).status;
      case 'create':
        return (await p.request(user, 'POST', collection, resource.body(`new-${role.toLowerCase()}`))).status;
      case 'update': {
        const current = await ok('GET', `${collection}/fixture`);
        const { resourceVersion: _, ...metadata } = current.metadata;
        return (await p.request(user, 'PUT', `${collection}/fixture`, { ...current, metadata: { ...metadata, labels: { ...metadata.labels, touchedBy: user.name } } })).status;
      }
      case 'delete':
        return (await p.request(user, 'DELETE', `${collection}/del-${role.toLowerCase()}`)).status;
    }
  };

  for (const role of roles) {
    for (const resource of resources) {
      it(`${role} on ${resource.name}`, async () => {
        const actual: Record<string, number> = {};
        const wanted: Record<string, number> = {};
        for (const namespace of [OWN, OTHER]) {
          for (const verb of verbs) {
            const key = `${verb} ${namespace === OWN ? 'own' : 'other'}`;
            actual[key] = await attempt(users[role]!, role, verb, resource, namespace);
            wanted[key] = expected(role, verb, resource, namespace);
          }
        }
        expect(actual).toEqual(wanted);
      });
    }
  }

  it('refuses as Kubernetes words it, with a 403 Status', async () => {
    const refused = await p.request(users.View!, 'GET', `/api/v1/namespaces/${OTHER}/pods`);
    expect(refused).toEqual({
      status: 403,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods is forbidden: User "vera" cannot list resource "pods" in API group "" in the namespace "bank"',
        reason: 'Forbidden',
        details: { kind: 'pods' },
        code: 403,
      },
    });
    const vm = await p.request(users.View!, 'DELETE', `/apis/vmoperator.vmware.com/v1alpha3/namespaces/${OWN}/virtualmachines/fixture`);
    expect(vm.body.message).toBe('virtualmachines.vmoperator.vmware.com "fixture" is forbidden: User "vera" cannot delete resource "virtualmachines" in API group "vmoperator.vmware.com" in the namespace "shop"');
  });

  it('records who made each change', async () => {
    const created = await ok('GET', `/api/v1/namespaces/${OWN}/pods/new-edit`);
    const events = await p.pacific.store.readStream(`podVm-${OWN}/new-edit`);
    expect(created.metadata.name).toBe('new-edit');
    expect(events[0]!.metadata.actor).toBe('eddie');
  });
});

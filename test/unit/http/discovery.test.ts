import { describe, expect, it } from 'vitest';
import { apiGroupList, apiResourceList, apiResourcesOf, apiVersions, discoveryRouter } from '../../../src/adapters/http/kube/discovery.ts';
import { findByApiVersionKind, findByKind, findByPlural, resourceTypes } from '../../../src/adapters/http/kube/resource-types.ts';
import { StatusError } from '../../../src/adapters/http/kube/status.ts';
import { appWith, useServedApps } from './support/serve-app.ts';

describe('resource registry', () => {
  it('serves every kind of the issue once, with its short names', () => {
    const byKind = Object.fromEntries(resourceTypes.map((t) => [`${t.group}/${t.kind}`, t.shortNames]));
    expect(byKind).toEqual({
      '/Namespace': ['ns'],
      '/Node': ['no'],
      '/Pod': ['po'],
      '/PersistentVolumeClaim': ['pvc'],
      '/ResourceQuota': ['quota'],
      '/Event': ['ev'],
      'storage.k8s.io/StorageClass': ['sc'],
      'vmoperator.vmware.com/VirtualMachine': ['vm'],
      'vmoperator.vmware.com/VirtualMachineClass': ['vmclass'],
      'vmoperator.vmware.com/VirtualMachineImage': ['vmi'],
      'vmoperator.vmware.com/ClusterVirtualMachineImage': ['cvmi'],
      'run.tanzu.vmware.com/TanzuKubernetesCluster': ['tkc'],
      'run.tanzu.vmware.com/TanzuKubernetesRelease': ['tkr'],
      'pacific.io/NamespacePolicy': ['nspol'],
      'pacific.io/NamespaceSnapshot': ['nssnap'],
      'pacific.io/NamespaceRestore': ['nsrestore'],
      'pacific.io/NamespaceMigration': ['nsmig'],
      'pacific.io/NamespacePermission': ['nsperm'],
    });
  });

  it('finds kinds by plural, by kind and by any served apiVersion', () => {
    expect(findByPlural('', 'pods')?.kind).toBe('Pod');
    expect(findByPlural('vmoperator.vmware.com', 'virtualmachines')?.kind).toBe('VirtualMachine');
    expect(findByPlural('', 'virtualmachines')).toBeUndefined();
    expect(findByKind('run.tanzu.vmware.com', 'TanzuKubernetesCluster')?.plural).toBe('tanzukubernetesclusters');
    for (const version of ['v1alpha2', 'v1alpha3', 'v1alpha4', 'v1alpha5', 'v1alpha6']) {
      expect(findByApiVersionKind(`vmoperator.vmware.com/${version}`, 'VirtualMachine')?.plural).toBe('virtualmachines');
    }
    expect(findByApiVersionKind('vmoperator.vmware.com/v1alpha1', 'VirtualMachine')).toBeUndefined();
    expect(findByApiVersionKind('v1', 'Pod')?.plural).toBe('pods');
    expect(findByApiVersionKind('apps/v1', 'Pod')).toBeUndefined();
  });

  it('makes Event read-only and every other kind fully writable', () => {
    for (const type of resourceTypes) {
      if (type.kind === 'Event') expect([type.verbs, type.readOnly]).toEqual([['get', 'list', 'watch'], true]);
      else expect([...type.verbs].sort()).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    }
  });

  it('puts pods, virtual machines and guest clusters in the "all" category', () => {
    expect(resourceTypes.filter((t) => t.categories.includes('all')).map((t) => t.plural).sort()).toEqual(['pods', 'tanzukubernetesclusters', 'virtualmachines']);
  });
});

describe('discovery documents', () => {
  it('GET /api lists v1 and the server address', () => {
    expect(apiVersions('127.0.0.1:6443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
  });

  it('GET /api/v1 lists the core kinds with their subresources', () => {
    const list = apiResourceList('', 'v1');
    expect(list).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'v1' });
    const names = list.resources.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['namespaces', 'nodes', 'pods', 'pods/status', 'pods/eviction', 'persistentvolumeclaims', 'resourcequotas', 'events']));
    expect(names).not.toContain('storageclasses');
    const pods = list.resources.find((r) => r.name === 'pods')!;
    expect(pods).toMatchObject({ singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'], categories: ['all'] });
    expect(pods.storageVersionHash).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect(list.resources.find((r) => r.name === 'pods/status')).toEqual({ name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    expect(list.resources.find((r) => r.name === 'pods/eviction')).toMatchObject({ group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    expect(list.resources.find((r) => r.name === 'nodes')).toMatchObject({ namespaced: false, shortNames: ['no'] });
    expect(list.resources.find((r) => r.name === 'events/status')).toBeUndefined();
  });

  it('GET /apis lists each named group with its versions, preferred first', () => {
    const groups = apiGroupList();
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g) => g.name)).toEqual(['storage.k8s.io', 'vmoperator.vmware.com', 'run.tanzu.vmware.com', 'pacific.io', 'authorization.k8s.io']);
    const vmop = groups.groups.find((g) => g.name === 'vmoperator.vmware.com')!;
    expect(vmop.preferredVersion).toEqual({ groupVersion: 'vmoperator.vmware.com/v1alpha3', version: 'v1alpha3' });
    expect(vmop.versions.map((v) => v.version)).toEqual(['v1alpha3', 'v1alpha2', 'v1alpha4', 'v1alpha5', 'v1alpha6']);
  });

  it('every served version of a group lists the same resources', () => {
    const v3 = apiResourceList('vmoperator.vmware.com', 'v1alpha3');
    const v6 = apiResourceList('vmoperator.vmware.com', 'v1alpha6');
    expect(v6.groupVersion).toBe('vmoperator.vmware.com/v1alpha6');
    expect(v6.resources).toEqual(v3.resources);
    expect(v3.resources.map((r) => r.name)).toEqual([
      'virtualmachines',
      'virtualmachines/status',
      'virtualmachineclasses',
      'virtualmachineimages',
      'clustervirtualmachineimages',
    ]);
  });

  it('an unknown group or version is a NotFound Status', () => {
    expect(() => apiResourceList('apps', 'v1')).toThrow(StatusError);
    expect(() => apiResourceList('vmoperator.vmware.com', 'v1alpha1')).toThrow(expect.objectContaining({ reason: 'NotFound', code: 404 }));
  });

  it('subresource entries follow the kind', () => {
    const vm = findByKind('vmoperator.vmware.com', 'VirtualMachine')!;
    expect(apiResourcesOf(vm).map((r) => r.name)).toEqual(['virtualmachines', 'virtualmachines/status']);
  });
});

describe('discoveryRouter', () => {
  const serve = useServedApps();
  const start = (): Promise<string> => serve(appWith(discoveryRouter()));

  it('answers aggregated-discovery requests with plain JSON so kubectl falls back to the legacy documents', async () => {
    const base = await start();
    const res = await fetch(`${base}/api`, { headers: { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
    expect(res.headers.get('content-type')).not.toContain('apidiscovery');
    expect(await res.json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
  });

  it('serves /api/v1, /apis, /apis/G and /apis/G/V, and a 404 Status for unknown ones', async () => {
    const base = await start();
    expect(await (await fetch(`${base}/api/v1`)).json()).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    expect(await (await fetch(`${base}/apis`)).json()).toMatchObject({ kind: 'APIGroupList' });
    expect(await (await fetch(`${base}/apis/pacific.io`)).json()).toMatchObject({ kind: 'APIGroup', name: 'pacific.io' });
    expect(await (await fetch(`${base}/apis/run.tanzu.vmware.com/v1alpha3`)).json()).toMatchObject({ groupVersion: 'run.tanzu.vmware.com/v1alpha3' });
    const missing = await fetch(`${base}/apis/apps/v1`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });
});

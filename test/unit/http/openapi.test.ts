import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openApiDocument, openApiIndex, openApiRouter } from '../../../src/adapters/http/kube/openapi.ts';
import { StatusError } from '../../../src/adapters/http/kube/status.ts';
import { appWith, useServedApps } from './support/serve-app.ts';

type Json = Record<string, any>;

const schemasOf = (doc: Json): Record<string, Json> => doc.components.schemas;
const schemaFor = (doc: Json, kind: string): Json =>
  Object.values(schemasOf(doc)).find((s) => (s['x-kubernetes-group-version-kind'] ?? []).some((g: Json) => g.kind === kind))!;

const refsIn = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === '$ref' ? [v as string] : refsIn(v)));
};

const operations = (doc: Json): [string, string, Json][] =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    ['get', 'put', 'post', 'patch', 'delete'].filter((m) => item[m]).map((m): [string, string, Json] => [path, m, item[m]]));

describe('OpenAPI v3 index', () => {
  it('lists one document per served group-version with a content hash', () => {
    const { paths } = openApiIndex();
    expect(Object.keys(paths).sort()).toEqual([
      'api/v1',
      'apis/pacific.io/v1alpha1',
      'apis/run.tanzu.vmware.com/v1alpha3',
      'apis/storage.k8s.io/v1',
      'apis/vmoperator.vmware.com/v1alpha2',
      'apis/vmoperator.vmware.com/v1alpha3',
      'apis/vmoperator.vmware.com/v1alpha4',
      'apis/vmoperator.vmware.com/v1alpha5',
      'apis/vmoperator.vmware.com/v1alpha6',
    ]);
    expect(paths['api/v1']!.serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    expect(openApiIndex()).toEqual(openApiIndex());
  });

  it('hashes the served document with sha512', () => {
    const url = openApiIndex().paths['apis/run.tanzu.vmware.com/v1alpha3']!.serverRelativeURL;
    const expected = createHash('sha512').update(JSON.stringify(openApiDocument('run.tanzu.vmware.com', 'v1alpha3'))).digest('hex').toUpperCase();
    expect(url.endsWith(`hash=${expected}`)).toBe(true);
  });
});

describe('OpenAPI v3 documents', () => {
  it('describe each kind as a full object with its group-version-kind', () => {
    const doc = openApiDocument('vmoperator.vmware.com', 'v1alpha6') as Json;
    expect(doc.openapi).toBe('3.0.0');
    const vm = schemasOf(doc)['com.vmware.vmoperator.v1alpha6.VirtualMachine']!;
    expect(vm['x-kubernetes-group-version-kind']).toEqual([{ group: 'vmoperator.vmware.com', version: 'v1alpha6', kind: 'VirtualMachine' }]);
    expect(Object.keys(vm.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(vm.properties.metadata.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    const spec = vm.properties.spec;
    expect(spec.properties.className).toMatchObject({ type: 'string', description: expect.any(String) });
    expect(spec.properties.powerState.enum).toEqual(['PoweredOn', 'PoweredOff', 'Suspended']);
    expect(spec.properties.powerOffMode.enum).toEqual(['Hard', 'Soft', 'TrySoft']);
    expect(spec.properties.image.properties.kind.enum).toEqual(['VirtualMachineImage', 'ClusterVirtualMachineImage']);
    expect(spec.properties.bootstrap['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(spec.properties.volumes.items.properties.persistentVolumeClaim.properties.claimName.type).toBe('string');
    expect(spec.properties.network.properties.interfaces.type).toBe('array');
    expect(vm.properties.status.properties.network.properties.primaryIP4.type).toBe('string');
    const list = schemasOf(doc)['com.vmware.vmoperator.v1alpha6.VirtualMachineList']!;
    expect(list['x-kubernetes-group-version-kind']).toEqual([{ group: 'vmoperator.vmware.com', version: 'v1alpha6', kind: 'VirtualMachineList' }]);
    expect(list.properties.items.items).toEqual({ $ref: '#/components/schemas/com.vmware.vmoperator.v1alpha6.VirtualMachine' });
  });

  it('names core definitions as kube-apiserver does and keeps Event and StorageClass fields at the top level', () => {
    const core = openApiDocument('', 'v1') as Json;
    expect(schemasOf(core)['io.k8s.api.core.v1.Pod']!.properties.spec.properties.containers.items.properties.image.type).toBe('string');
    const event = schemasOf(core)['io.k8s.api.core.v1.Event']!;
    expect(event.properties.spec).toBeUndefined();
    expect(event.properties.involvedObject.properties.kind.type).toBe('string');
    const storage = openApiDocument('storage.k8s.io', 'v1') as Json;
    expect(schemasOf(storage)['io.k8s.api.storage.v1.StorageClass']!.properties.provisioner.type).toBe('string');
  });

  it('publishes quantities as the shared Quantity definition', () => {
    const doc = openApiDocument('vmoperator.vmware.com', 'v1alpha3') as Json;
    const memory = schemaFor(doc, 'VirtualMachineClass').properties.spec.properties.hardware.properties.memory;
    expect(memory.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' }]);
  });

  it('resolves every $ref inside the same document', () => {
    for (const [group, version] of [['', 'v1'], ['storage.k8s.io', 'v1'], ['vmoperator.vmware.com', 'v1alpha3'], ['run.tanzu.vmware.com', 'v1alpha3'], ['pacific.io', 'v1alpha1']] as const) {
      const doc = openApiDocument(group, version) as Json;
      for (const ref of refsIn(doc)) expect(schemasOf(doc)[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    }
  });

  it('lists fieldValidation on every PATCH, with the patch types the server accepts', () => {
    const core = openApiDocument('', 'v1') as Json;
    const vmop = openApiDocument('vmoperator.vmware.com', 'v1alpha3') as Json;
    const patches = (doc: Json) => operations(doc).filter(([, method]) => method === 'patch');
    expect(patches(core).length).toBeGreaterThan(5);
    for (const [, , op] of [...patches(core), ...patches(vmop)]) {
      expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query' }));
      expect(op['x-kubernetes-action']).toBe('patch');
      expect(op['x-kubernetes-group-version-kind']).toEqual(expect.objectContaining({ kind: expect.any(String), version: expect.any(String) }));
    }
    const podPatch = core.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
    expect(Object.keys(podPatch.requestBody.content).sort()).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
    const vmPatch = vmop.paths['/apis/vmoperator.vmware.com/v1alpha3/namespaces/{namespace}/virtualmachines/{name}'].patch;
    expect(Object.keys(vmPatch.requestBody.content).sort()).toEqual(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json']);
    expect(vmPatch['x-kubernetes-group-version-kind']).toEqual({ group: 'vmoperator.vmware.com', version: 'v1alpha3', kind: 'VirtualMachine' });
  });

  it('documents the resource URLs that kubectl explain looks the kind up by', () => {
    const core = openApiDocument('', 'v1') as Json;
    expect(core.paths['/api/v1/namespaces/{namespace}/pods'].get['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(core.paths['/api/v1/pods'].get['x-kubernetes-action']).toBe('list');
    expect(core.paths['/api/v1/nodes/{name}/status'].patch).toBeDefined();
    expect(core.paths['/api/v1/namespaces/{namespace}/events'].post).toBeUndefined();
    expect(core.paths['/api/v1/namespaces/{namespace}/events/{name}'].patch).toBeUndefined();
    const ids = operations(core).map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('patchCoreV1NamespacedPod');
  });

  it('refuses group-versions it does not serve', () => {
    expect(() => openApiDocument('apps', 'v1')).toThrow(StatusError);
  });
});

describe('openApiRouter', () => {
  const serve = useServedApps();
  const start = (): Promise<string> => serve(appWith(openApiRouter()));

  it('serves the index and each document at its serverRelativeURL', async () => {
    const base = await start();
    const index = (await (await fetch(`${base}/openapi/v3`)).json()) as Json;
    const url = index.paths['apis/vmoperator.vmware.com/v1alpha3'].serverRelativeURL as string;
    const res = await fetch(`${base}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.text();
    expect(createHash('sha512').update(body).digest('hex').toUpperCase()).toBe(url.split('hash=')[1]);
    expect((JSON.parse(body) as Json).components.schemas['com.vmware.vmoperator.v1alpha3.VirtualMachine']).toBeDefined();
    expect((await fetch(`${base}/openapi/v3/api/v1`)).status).toBe(200);
  });

  it('answers /openapi/v2 and unknown documents with a NotFound Status', async () => {
    const base = await start();
    for (const path of ['/openapi/v2', '/openapi/v3/apis/apps/v1']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
    }
  });
});

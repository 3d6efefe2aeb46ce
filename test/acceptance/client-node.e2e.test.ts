import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  Watch,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { servePacific, type ServedPacific } from './support/spawn.ts';

interface StatusBody {
  kind: string;
  reason: string;
  code: number;
}

/** The Kubernetes Status a failed client-node call carried, checked to be what the caller expected. */
const rejection = async (call: Promise<unknown>, code: number): Promise<StatusBody> => {
  const error = await call.then(
    () => expect.fail(`expected HTTP ${code}, the call succeeded`),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiException);
  const { code: actual, body } = error as ApiException<string>;
  expect(actual, String(body)).toBe(code);
  const status = JSON.parse(body) as StatusBody;
  expect(status).toMatchObject({ kind: 'Status', code });
  return status;
};

const pod = (name: string, namespace: string, labels: Record<string, string> = {}): V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
});

const vmoperator = { group: 'vmoperator.vmware.com' } as const;

interface VirtualMachine {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels?: Record<string, string>; resourceVersion?: string };
  spec: Record<string, unknown>;
  status?: { powerState?: string };
}

/** The kubeconfig pacific wrote, as the official client loads it. */
const loadKubeconfig = (path: string): KubeConfig => {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
};

describe('@kubernetes/client-node against pacific serve', () => {
  let pacific: ServedPacific;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    pacific = await servePacific(['--sim-boot-ms', '600']);
    kc = loadKubeconfig(pacific.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
  }, 30_000);

  afterAll(async () => {
    await pacific?.stop();
  });

  it('talks to the server with the kubeconfig exactly as pacific wrote it', async () => {
    const asWritten = loadKubeconfig(pacific.kubeconfig).makeApiClient(CoreV1Api);
    const nodes = await asWritten.listNode();
    expect(nodes.items.length).toBeGreaterThan(0);
  });

  it('creates, reads, lists, replaces and deletes a namespace and a pod with CoreV1Api', async () => {
    const namespace = await core.createNamespace({ body: { metadata: { name: 'client-crud', labels: { team: 'blue' } } } });
    expect(namespace.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await core.readNamespace({ name: 'client-crud' })).metadata?.labels).toMatchObject({ team: 'blue' });
    expect((await core.listNamespace({ labelSelector: 'team=blue' })).items.map((item) => item.metadata?.name)).toEqual(['client-crud']);

    const created = await core.createNamespacedPod({ namespace: 'client-crud', body: pod('api-pod', 'client-crud', { app: 'api' }) });
    expect(created.metadata).toMatchObject({ name: 'api-pod', namespace: 'client-crud' });
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    await core.createNamespacedPod({ namespace: 'client-crud', body: pod('other-pod', 'client-crud', { app: 'other' }) });
    await rejection(core.createNamespacedPod({ namespace: 'client-crud', body: pod('api-pod', 'client-crud') }), 409);

    const read = await core.readNamespacedPod({ name: 'api-pod', namespace: 'client-crud' });
    expect(read.spec?.containers[0]).toMatchObject({ name: 'app', image: 'nginx:1.27' });
    const selected = await core.listNamespacedPod({ namespace: 'client-crud', labelSelector: 'app=api' });
    expect(selected.items.map((item) => item.metadata?.name)).toEqual(['api-pod']);
    expect(selected.metadata?.resourceVersion).toMatch(/^\d+$/);
    const byName = await core.listNamespacedPod({ namespace: 'client-crud', fieldSelector: 'metadata.name=other-pod' });
    expect(byName.items.map((item) => item.metadata?.name)).toEqual(['other-pod']);

    const current = await core.readNamespacedPod({ name: 'api-pod', namespace: 'client-crud' });
    const replaced = await core.replaceNamespacedPod({
      name: 'api-pod',
      namespace: 'client-crud',
      body: { ...current, metadata: { ...current.metadata, labels: { ...current.metadata?.labels, version: 'v2' } } },
    });
    expect(replaced.metadata?.labels).toMatchObject({ app: 'api', version: 'v2' });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(current.metadata?.resourceVersion));
    expect((await core.readNamespacedPod({ name: 'api-pod', namespace: 'client-crud' })).metadata?.labels).toMatchObject({ version: 'v2' });

    // `current` now carries a resourceVersion the server has moved past.
    const stale = await rejection(
      core.replaceNamespacedPod({
        name: 'api-pod',
        namespace: 'client-crud',
        body: { ...current, metadata: { ...current.metadata, labels: { version: 'stale' } } },
      }),
      409,
    );
    expect(stale.reason).toBe('Conflict');

    await core.deleteNamespacedPod({ name: 'api-pod', namespace: 'client-crud' });
    await core.deleteNamespacedPod({ name: 'other-pod', namespace: 'client-crud' });
    await vi.waitFor(() => rejection(core.readNamespacedPod({ name: 'api-pod', namespace: 'client-crud' }), 404), { timeout: 10_000, interval: 100 });
    expect(await rejection(core.readNamespacedPod({ name: 'nope', namespace: 'client-crud' }), 404)).toMatchObject({ reason: 'NotFound' });

    await core.deleteNamespace({ name: 'client-crud' });
    await vi.waitFor(() => rejection(core.readNamespace({ name: 'client-crud' }), 404), { timeout: 10_000, interval: 100 });
  });

  it('creates, gets, lists, merge-patches and deletes VirtualMachines with CustomObjectsApi', async () => {
    await core.createNamespace({ body: { metadata: { name: 'client-vms' } } });
    await custom.createClusterCustomObject({
      group: 'storage.k8s.io',
      version: 'v1',
      plural: 'storageclasses',
      body: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'silver' }, provisioner: 'csi.vsphere.vmware.com' },
    });
    await custom.createNamespacedCustomObject({
      ...vmoperator,
      version: 'v1alpha3',
      namespace: 'client-vms',
      plural: 'virtualmachineclasses',
      body: { apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachineClass', metadata: { name: 'small' }, spec: { hardware: { cpus: 1, memory: '2Gi' } } },
    });
    const created = (await custom.createNamespacedCustomObject({
      ...vmoperator,
      version: 'v1alpha6',
      namespace: 'client-vms',
      plural: 'virtualmachines',
      body: {
        apiVersion: 'vmoperator.vmware.com/v1alpha6',
        kind: 'VirtualMachine',
        metadata: { name: 'app', labels: { role: 'app' } },
        spec: { className: 'small', image: { kind: 'VirtualMachineImage', name: 'photon-5' }, storageClass: 'silver', powerState: 'PoweredOn' },
      },
    })) as VirtualMachine;
    expect(created).toMatchObject({ apiVersion: 'vmoperator.vmware.com/v1alpha6', kind: 'VirtualMachine', metadata: { name: 'app', namespace: 'client-vms' } });
    await custom.createNamespacedCustomObject({
      ...vmoperator,
      version: 'v1alpha3',
      namespace: 'client-vms',
      plural: 'virtualmachines',
      body: {
        apiVersion: 'vmoperator.vmware.com/v1alpha3',
        kind: 'VirtualMachine',
        metadata: { name: 'side', labels: { role: 'side' } },
        spec: { className: 'small', imageName: 'ubuntu-22.04', storageClass: 'silver', powerState: 'PoweredOff' },
      },
    });

    const read = (await custom.getNamespacedCustomObject({ ...vmoperator, version: 'v1alpha3', namespace: 'client-vms', plural: 'virtualmachines', name: 'app' })) as VirtualMachine;
    expect(read.apiVersion).toBe('vmoperator.vmware.com/v1alpha3');
    expect(read.spec).toMatchObject({ className: 'small', image: { kind: 'VirtualMachineImage', name: 'photon-5' }, powerState: 'PoweredOn' });

    const listed = (await custom.listNamespacedCustomObject({ ...vmoperator, version: 'v1alpha3', namespace: 'client-vms', plural: 'virtualmachines', labelSelector: 'role=app' })) as {
      items: VirtualMachine[];
    };
    expect(listed.items.map((vm) => vm.metadata.name)).toEqual(['app']);

    await vi.waitFor(
      async () => {
        const vm = (await custom.getNamespacedCustomObject({ ...vmoperator, version: 'v1alpha3', namespace: 'client-vms', plural: 'virtualmachines', name: 'app' })) as VirtualMachine;
        expect(vm.status?.powerState).toBe('PoweredOn');
      },
      { timeout: 10_000, interval: 100 },
    );

    const patched = (await custom.patchNamespacedCustomObject(
      { ...vmoperator, version: 'v1alpha3', namespace: 'client-vms', plural: 'virtualmachines', name: 'app', body: { spec: { powerState: 'PoweredOff' }, metadata: { labels: { patched: 'merge' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as VirtualMachine;
    expect(patched.spec).toMatchObject({ powerState: 'PoweredOff', className: 'small' });
    expect(patched.metadata.labels).toEqual({ role: 'app', patched: 'merge' });
    await vi.waitFor(
      async () => {
        const vm = (await custom.getNamespacedCustomObject({ ...vmoperator, version: 'v1alpha3', namespace: 'client-vms', plural: 'virtualmachines', name: 'app' })) as VirtualMachine;
        expect(vm.status?.powerState).toBe('PoweredOff');
      },
      { timeout: 10_000, interval: 100 },
    );

    await custom.deleteNamespacedCustomObject({ ...vmoperator, version: 'v1alpha3', namespace: 'client-vms', plural: 'virtualmachines', name: 'app' });
    await vi.waitFor(
      () => rejection(custom.getNamespacedCustomObject({ ...vmoperator, version: 'v1alpha3', namespace: 'client-vms', plural: 'virtualmachines', name: 'app' }), 404),
      { timeout: 10_000, interval: 100 },
    );
    const remaining = (await custom.listNamespacedCustomObject({ ...vmoperator, version: 'v1alpha3', namespace: 'client-vms', plural: 'virtualmachines' })) as { items: VirtualMachine[] };
    expect(remaining.items.map((vm) => vm.metadata.name)).toEqual(['side']);
  });

  it('watches a pod through ADDED (Pending) and MODIFIED until Running', async () => {
    await core.createNamespace({ body: { metadata: { name: 'client-watch' } } });
    const seen: { type: string; name: string | undefined; phase: string | undefined }[] = [];
    let running: () => void = () => undefined;
    const sawRunning = new Promise<void>((resolve) => (running = resolve));
    let ended: unknown = 'still open';
    const controller = await new Watch(kc).watch(
      '/api/v1/namespaces/client-watch/pods',
      {},
      (type, object: V1Pod) => {
        seen.push({ type, name: object.metadata?.name, phase: object.status?.phase });
        if (type === 'MODIFIED' && object.metadata?.name === 'watched' && object.status?.phase === 'Running') running();
      },
      (error) => (ended = error),
    );
    try {
      await core.createNamespacedPod({ namespace: 'client-watch', body: pod('watched', 'client-watch') });
      await Promise.race([sawRunning, new Promise((_, reject) => setTimeout(() => reject(new Error(`no Running in ${JSON.stringify(seen)}; done: ${String(ended)}`)), 15_000))]);
    } finally {
      controller.abort();
    }
    const forPod = seen.filter((event) => event.name === 'watched');
    expect(forPod[0]).toEqual({ type: 'ADDED', name: 'watched', phase: 'Pending' });
    expect(forPod.slice(1).every((event) => event.type === 'MODIFIED')).toBe(true);
    expect(forPod.at(-1)).toEqual({ type: 'MODIFIED', name: 'watched', phase: 'Running' });
  });
});

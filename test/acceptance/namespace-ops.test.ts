import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNamespaceOperationControllers, type NamespaceOperationControllers } from '../../src/application/controllers/namespace-operations.controller.ts';
import type { Hypervisor } from '../../src/application/ports/hypervisor.port.ts';
import { TOKENS } from '../../src/application/ports/tokens.ts';
import { apiServices } from '../../src/cli/serve.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const vmoperator = '/apis/vmoperator.vmware.com/v1alpha3/namespaces/shop';
const pacificApi = '/apis/pacific.io/v1alpha1/namespaces/shop';

const vmClass = (name: string, cpus: number) => ({ apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachineClass', metadata: { name }, spec: { hardware: { cpus, memory: '2Gi' } } });
const storageClass = (name: string) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'csi.vsphere.vmware.com' });
const vm = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'vmoperator.vmware.com/v1alpha3',
  kind: 'VirtualMachine',
  metadata: { name },
  spec: { className: 'small', imageName: 'ubuntu-22.04', storageClass: 'gold', powerState: 'PoweredOn', ...spec },
});
const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '250m', memory: '128Mi' } } }] },
});
const claim = (name: string, storageClassName?: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(storageClassName ? { storageClassName } : {}) },
});
const admin = (kind: string, name: string, spec: Record<string, unknown>) => ({ apiVersion: 'pacific.io/v1alpha1', kind, metadata: { name }, spec });

describe('namespace-wide operations (HTTP, in-memory store, simulated fleet)', () => {
  let p: HttpPacific;
  let operations: NamespaceOperationControllers;
  let startedHere = false;

  const created = async (path: string, body: unknown) => {
    const response = await p.request('POST', path, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };
  const vmNames = (count: number) => Array.from({ length: count }, (_, index) => `vm-${String(index).padStart(2, '0')}`);
  /** Creates the VMs and waits until every VM of the namespace runs. */
  const createRunningVms = async (names: string[]) => {
    for (const name of names) await created(`${vmoperator}/virtualmachines`, vm(name));
    await p.eventually(`${vmoperator}/virtualmachines`, (list) => list.items.every((item: any) => item.status?.powerState === 'PoweredOn'), 10_000);
  };
  const createRunningPods = async (names: string[]) => {
    for (const name of names) await created('/api/v1/namespaces/shop/pods', pod(name));
    await p.eventually('/api/v1/namespaces/shop/pods', (list) => list.items.length === names.length && list.items.every((item: any) => item.status.phase === 'Running'), 10_000);
  };
  const phaseOf = (kind: string, name: string, phase: string, timeoutMs = 10_000) =>
    p.eventually(`${pacificApi}/${kind}/${name}`, (body) => body.status?.phase === phase, timeoutMs);

  beforeEach(async () => {
    p = await startHttpPacific({ simHosts: 4, simHostCpu: '32', simHostMemory: '128Gi', simBootMs: 30 });
    // The composition root runs them once wired (Application.namespaceOperations); until then, this test does.
    const wired = (p.application as { namespaceOperations?: NamespaceOperationControllers }).namespaceOperations;
    startedHere = wired === undefined;
    const services = apiServices(p.application.container);
    operations =
      wired ??
      startNamespaceOperationControllers({
        ...services,
        inventory: services.pacific.inventory,
        clock: services.pacific.clock,
        hypervisor: p.application.container.get<Hypervisor>(TOKENS.Hypervisor),
      });
    await created('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    for (const name of ['gold', 'silver']) await created('/apis/storage.k8s.io/v1/storageclasses', storageClass(name));
    await created(`${vmoperator}/virtualmachineclasses`, vmClass('small', 1));
    await created(`${vmoperator}/virtualmachineclasses`, vmClass('large', 4));
  });
  afterEach(async () => {
    if (startedHere) await operations.stop();
    await p.stop();
  });

  it('encrypts every VM and pod VM of a namespace of 20 VMs, and new ones on creation', async () => {
    const names = vmNames(20);
    await createRunningVms(names);
    await createRunningPods(['web-1', 'web-2', 'web-3']);

    await created(`${pacificApi}/namespacepolicies`, admin('NamespacePolicy', 'shop-policy', { encryption: 'Enabled', haRestartPriority: 'High' }));
    const applied = await phaseOf('namespacepolicies', 'shop-policy', 'Applied');
    expect(applied.status).toMatchObject({ encryption: 'Enabled', encryptedVirtualMachines: 20, totalVirtualMachines: 20, encryptedPodVMs: 3, totalPodVMs: 3 });
    expect(applied.status.conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'True', reason: 'Applied' })]);

    const vms = (await p.request('GET', `${vmoperator}/virtualmachines`)).body.items;
    expect(vms.filter((item: any) => item.status.crypto?.encrypted)).toHaveLength(20);
    for (const name of names) expect(await p.eventTypes(`virtualMachine-shop/${name}`)).toContain('VirtualMachineEncrypted');
    const pods = (await p.request('GET', '/api/v1/namespaces/shop/pods')).body.items;
    for (const item of pods) expect(item.status.conditions).toContainEqual(expect.objectContaining({ type: 'pacific.io/Encrypted', status: 'True' }));
    expect(await p.eventTypes('namespace-shop')).toContain('NamespaceEncryptionSwitched');
    const history = await p.store.readStream('virtualMachine-shop/vm-00');
    expect(history.find((event) => event.type === 'VirtualMachineEncrypted')!.metadata.actor).toBe('system:namespace-policy');

    // New objects inherit the namespace's encryption when they are created.
    const late = await created(`${vmoperator}/virtualmachines`, vm('late'));
    expect(late.status.crypto.encrypted).toEqual(['Config', 'Disks']);
    expect(await p.eventTypes('virtualMachine-shop/late')).not.toContain('VirtualMachineEncrypted');
    const latePod = await created('/api/v1/namespaces/shop/pods', pod('web-4'));
    expect(latePod.status.conditions).toContainEqual(expect.objectContaining({ type: 'pacific.io/Encrypted' }));

    // Level-based and idempotent: once the counts include the newcomers, reconciling again records nothing new.
    await p.eventually(`${vmoperator}/virtualmachines/late`, (body) => body.status.powerState === 'PoweredOn');
    await p.eventually('/api/v1/namespaces/shop/pods/web-4', (body) => body.status.phase === 'Running');
    const touch = async (value: string) => {
      await operations.idle();
      const policy = (await p.request('GET', `${pacificApi}/namespacepolicies/shop-policy`)).body;
      await p.request('PUT', `${pacificApi}/namespacepolicies/shop-policy`, { ...policy, metadata: { ...policy.metadata, labels: { touched: value } } });
      await operations.idle();
    };
    await touch('once');
    expect((await p.request('GET', `${pacificApi}/namespacepolicies/shop-policy`)).body.status).toMatchObject({ encryptedVirtualMachines: 21, totalVirtualMachines: 21, encryptedPodVMs: 4 });
    const before = (await p.store.readAll()).length;
    await touch('twice');
    expect((await p.store.readAll()).slice(before).map((event) => event.type)).toEqual(['NamespacePolicyChanged']);
  });

  it('admits only the classes assigned to the namespace, with a clear 403, and fills the default storage class', async () => {
    await created(
      `${pacificApi}/namespacepolicies`,
      admin('NamespacePolicy', 'classes', { allowedVirtualMachineClasses: ['small'], allowedStorageClasses: ['gold'], defaultStorageClass: 'gold' }),
    );
    await phaseOf('namespacepolicies', 'classes', 'Applied');

    const wrongClass = await p.request('POST', `${vmoperator}/virtualmachines`, vm('big', { className: 'large' }));
    expect(wrongClass.status).toBe(403);
    expect(wrongClass.body).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    expect(wrongClass.body.message).toMatch(/VirtualMachineClass "large" is not assigned to namespace "shop"/);
    const wrongStorage = await p.request('POST', `${vmoperator}/virtualmachines`, vm('slow', { storageClass: 'silver' }));
    expect(wrongStorage.status).toBe(403);
    expect(wrongStorage.body.message).toMatch(/StorageClass "silver" is not assigned to namespace "shop"/);
    const wrongClaim = await p.request('POST', '/api/v1/namespaces/shop/persistentvolumeclaims', claim('data', 'silver'));
    expect(wrongClaim.status).toBe(403);
    expect(wrongClaim.body.message).toMatch(/StorageClass "silver" is not assigned to namespace "shop"/);
    expect(await p.eventTypes('virtualMachine-shop/big')).toEqual([]);
    expect(await p.eventTypes('persistentVolumeClaim-shop/data')).toEqual([]);

    await created(`${vmoperator}/virtualmachines`, vm('ok'));
    const defaulted = await created('/api/v1/namespaces/shop/persistentvolumeclaims', claim('logs'));
    expect(defaulted.spec.storageClassName).toBe('gold');

    // Resizing into a class not assigned is refused too.
    const current = (await p.request('GET', `${vmoperator}/virtualmachines/ok`)).body;
    const resized = await p.request('PUT', `${vmoperator}/virtualmachines/ok`, { ...current, spec: { ...current.spec, className: 'large' } });
    expect(resized.status).toBe(403);

    // Without a policy every class is allowed again.
    expect((await p.request('DELETE', `${pacificApi}/namespacepolicies/classes`)).status).toBe(200);
    await operations.idle();
    expect((await p.request('POST', `${vmoperator}/virtualmachines`, vm('big', { className: 'large' }))).status).toBe(201);
  });

  it('refuses a second policy in the same namespace and an invalid one, in their status', async () => {
    await created(`${pacificApi}/namespacepolicies`, admin('NamespacePolicy', 'first', { encryption: 'Disabled' }));
    await phaseOf('namespacepolicies', 'first', 'Applied');
    await created(`${pacificApi}/namespacepolicies`, admin('NamespacePolicy', 'second', { encryption: 'Enabled' }));
    const second = await phaseOf('namespacepolicies', 'second', 'Failed');
    expect(second.status).toMatchObject({ reason: 'PolicyExists', message: 'NamespacePolicy "first" already governs namespace "shop"' });
    await p.request('DELETE', `${pacificApi}/namespacepolicies/first`);
    await p.eventually(`${pacificApi}/namespacepolicies/second`, (body) => body.status?.phase === 'Applied' && body.status.encryption === 'Enabled');

    await p.request('DELETE', `${pacificApi}/namespacepolicies/second`);
    await created(`${pacificApi}/namespacepolicies`, admin('NamespacePolicy', 'bad', { encryption: 'Maybe' }));
    const bad = await phaseOf('namespacepolicies', 'bad', 'Failed');
    expect(bad.status.message).toMatch(/spec.encryption: Unsupported value: "Maybe"/);
  });

  it('snapshots every VM of the namespace as one set and restores the set, with events on every VM', async () => {
    const names = vmNames(6);
    await createRunningVms(names);

    await created(`${pacificApi}/namespacesnapshots`, admin('NamespaceSnapshot', 'before-upgrade', {}));
    const snapshot = await phaseOf('namespacesnapshots', 'before-upgrade', 'Completed');
    expect(snapshot.status.virtualMachines).toEqual(names.map((name) => ({ name, phase: 'Completed' })));
    expect(snapshot.status.completedAt).toEqual(expect.any(String));
    expect(snapshot.status.message).toBe('6/6 virtual machines snapshotted');
    for (const name of names) {
      expect(await p.eventTypes(`virtualMachine-shop/${name}`)).toContain('VirtualMachineSnapshotTaken');
      expect((await p.request('GET', `${vmoperator}/virtualmachines/${name}`)).body.status.currentSnapshot).toEqual({ name: 'before-upgrade' });
    }

    // A VM created after the snapshot is not part of its set.
    await createRunningVms(['newcomer']);
    await created(`${pacificApi}/namespacerestores`, admin('NamespaceRestore', 'rollback', { snapshotName: 'before-upgrade' }));
    const restore = await phaseOf('namespacerestores', 'rollback', 'Completed');
    expect(restore.status).toMatchObject({ snapshotName: 'before-upgrade', message: '6/6 virtual machines reverted' });
    expect(restore.status.virtualMachines.map((object: { name: string }) => object.name)).toEqual(names);
    for (const name of names) {
      expect(await p.eventTypes(`virtualMachine-shop/${name}`)).toContain('VirtualMachineSnapshotReverted');
      const events = await p.request('GET', `/api/v1/namespaces/shop/events?fieldSelector=involvedObject.name%3D${name}`);
      expect(events.body.items.map((event: { reason: string }) => event.reason)).toEqual(expect.arrayContaining(['SnapshotTaken', 'SnapshotReverted']));
    }
    expect(await p.eventTypes('virtualMachine-shop/newcomer')).not.toContain('VirtualMachineSnapshotReverted');

    // Finished operations stay finished: nothing is reverted twice.
    await operations.idle();
    const reverts = (await p.store.readAll()).filter((event) => event.type === 'VirtualMachineSnapshotReverted').length;
    const current = (await p.request('GET', `${pacificApi}/namespacerestores/rollback`)).body;
    await p.request('PUT', `${pacificApi}/namespacerestores/rollback`, { ...current, metadata: { ...current.metadata, labels: { again: 'yes' } } });
    await operations.idle();
    expect((await p.store.readAll()).filter((event) => event.type === 'VirtualMachineSnapshotReverted')).toHaveLength(reverts);
  });

  it('fails a restore of an unknown snapshot, with the reason in its status', async () => {
    await created(`${pacificApi}/namespacerestores`, admin('NamespaceRestore', 'oops', { snapshotName: 'never-taken' }));
    const failed = await phaseOf('namespacerestores', 'oops', 'Failed');
    expect(failed.status).toMatchObject({ reason: 'SnapshotNotFound', message: 'NamespaceSnapshot "never-taken" not found in namespace "shop"' });
    expect(failed.status.conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'False', reason: 'SnapshotNotFound' })]);
  });

  it('moves every workload of the namespace off the given hosts, keeping VMs powered on', async () => {
    const names = vmNames(8);
    await createRunningVms(names);
    await createRunningPods(['web-1', 'web-2', 'web-3', 'web-4']);
    const hostOf = async () => {
      const vms = (await p.request('GET', `${vmoperator}/virtualmachines`)).body.items;
      const pods = (await p.request('GET', '/api/v1/namespaces/shop/pods')).body.items;
      return [...vms.map((item: any) => item.status.nodeName), ...pods.map((item: any) => item.spec.nodeName)] as string[];
    };
    const fromHosts = ['esx-01', 'esx-02'];
    expect((await hostOf()).some((host) => fromHosts.includes(host))).toBe(true);

    await created(`${pacificApi}/namespacemigrations`, admin('NamespaceMigration', 'evacuate', { fromHosts }));
    const done = await phaseOf('namespacemigrations', 'evacuate', 'Completed');
    const moved = [...done.status.virtualMachines, ...done.status.podVMs];
    expect(moved.length).toBeGreaterThan(0);
    for (const object of moved) {
      expect(object.phase).toBe('Completed');
      expect(fromHosts).toContain(object.fromHost);
      expect(fromHosts).not.toContain(object.toHost);
    }
    const pods = await p.eventually('/api/v1/namespaces/shop/pods', (list) => list.items.every((item: any) => item.status.phase === 'Running'));
    expect(pods.items.every((item: any) => !fromHosts.includes(item.spec.nodeName))).toBe(true);
    const vms = (await p.request('GET', `${vmoperator}/virtualmachines`)).body.items;
    for (const item of vms) {
      expect(item.status.powerState).toBe('PoweredOn');
      expect(fromHosts).not.toContain(item.status.nodeName);
    }
    for (const object of done.status.virtualMachines) {
      const types = await p.eventTypes(`virtualMachine-shop/${object.name}`);
      expect(types).toContain('VirtualMachineMigrated');
      expect(types).not.toContain('VirtualMachinePoweredOff');
    }
    const hypervisor = p.application.container.get<Hypervisor>(TOKENS.Hypervisor);
    for (const host of fromHosts) expect((await hypervisor.runningOn(host)).filter((id) => id.includes('-shop/'))).toEqual([]);
  });

  it('keeps what finds no room Pending with the reason, and moves it once room is freed', async () => {
    await created(`${vmoperator}/virtualmachineclasses`, vmClass('whole-host', 32));
    const names = ['big-1', 'big-2', 'big-3', 'big-4'];
    for (const name of names) await created(`${vmoperator}/virtualmachines`, vm(name, { className: 'whole-host' }));
    const running = await p.eventually(`${vmoperator}/virtualmachines`, (list) => list.items.every((item: any) => item.status?.powerState === 'PoweredOn'), 10_000);
    const on = (host: string) => running.items.find((item: any) => item.status.nodeName === host).metadata.name as string;
    const [leaving, blocking] = [on('esx-01'), on('esx-02')];

    await created(`${pacificApi}/namespacemigrations`, admin('NamespaceMigration', 'squeeze', { fromHosts: ['esx-01'], toHosts: ['esx-02'] }));
    const waiting = await p.eventually(`${pacificApi}/namespacemigrations/squeeze`, (body) => body.status?.virtualMachines?.[0]?.message !== undefined);
    expect(waiting.status.phase).toBe('InProgress');
    expect(waiting.status.virtualMachines).toEqual([{ name: leaving, phase: 'Pending', fromHost: 'esx-01', message: expect.stringMatching(/^no destination among esx-02: /) }]);

    expect((await p.request('DELETE', `${vmoperator}/virtualmachines/${blocking}`)).status).toBe(200);
    const done = await phaseOf('namespacemigrations', 'squeeze', 'Completed');
    expect(done.status.virtualMachines).toEqual([{ name: leaving, phase: 'Completed', fromHost: 'esx-01', toHost: 'esx-02' }]);
    const moved = (await p.request('GET', `${vmoperator}/virtualmachines/${leaving}`)).body;
    expect(moved.status).toMatchObject({ nodeName: 'esx-02', powerState: 'PoweredOn' });
  });

  it('refuses a migration naming an unknown host', async () => {
    await created(`${pacificApi}/namespacemigrations`, admin('NamespaceMigration', 'nowhere', { fromHosts: ['esx-99'] }));
    const failed = await phaseOf('namespacemigrations', 'nowhere', 'Failed');
    expect(failed.status).toMatchObject({ reason: 'UnknownHost', message: 'host(s) not found: esx-99' });
  });
});

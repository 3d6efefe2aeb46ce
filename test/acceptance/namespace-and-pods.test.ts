import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostAggregate } from '../../src/application/aggregates.ts';
import type { HostReady } from '../../src/domain/host/index.ts';
import type { NamespaceLive } from '../../src/domain/namespace/index.ts';
import type { PodVMLive } from '../../src/domain/podvm/index.ts';
import { admin, developer, startPacific, webContainer, type PacificUnderTest } from './support/pacific-under-test.ts';
import { refusal } from './support/refusal.ts';

const namespaceState = (p: PacificUnderTest, name: string) => p.pacific.inventory.get('Namespace', null, name)?.state as NamespaceLive | undefined;
const hostState = (p: PacificUnderTest, name: string) => p.pacific.inventory.get('Host', null, name)?.state as HostReady;
const podState = (p: PacificUnderTest, namespace: string, name: string) => p.pacific.inventory.get('PodVM', namespace, name)?.state as PodVMLive | undefined;


describe('Namespaces and pod VMs through the application layer', () => {
  let p: PacificUnderTest;
  beforeEach(async () => {
    p = await startPacific();
    await p.namespaces.create({ name: 'shop', labels: { team: 'web' } }, admin);
  });
  afterEach(async () => p.stop());

  it('registers the simulated fleet as hosts, once', async () => {
    expect(p.pacific.inventory.list('Host').map((host) => host.name)).toEqual(['esx-01', 'esx-02', 'esx-03']);
    expect(hostState(p, 'esx-01').capacity).toEqual({ cpuMillis: 8000, memoryBytes: 32 * 2 ** 30 });
    expect(await p.eventTypes('host-esx-01')).toEqual(['HostRegistered']);
  });

  it('gives each namespace its own network segment', async () => {
    await p.namespaces.create({ name: 'dev' }, admin);
    const shop = namespaceState(p, 'shop')!.networkSegment;
    const dev = namespaceState(p, 'dev')!.networkSegment;
    expect(shop).toMatch(/^10\.\d+\.\d+\.0\/20$/);
    expect(dev).not.toBe(shop);
  });

  it('admits pod VMs within the quota and refuses the one over it, leaving nothing behind', async () => {
    await p.namespaces.setQuota('shop', { pods: 2, 'requests.cpu': 2000 }, admin);
    await p.workloads.createPodVM({ namespace: 'shop', name: 'web-1', containers: [webContainer()] }, developer);
    await p.workloads.createPodVM({ namespace: 'shop', name: 'web-2', containers: [webContainer()] }, developer);
    const error = await refusal(p.workloads.createPodVM({ namespace: 'shop', name: 'web-3', containers: [webContainer()] }, developer));
    expect(error.reason).toBe('Forbidden');
    expect(error.message).toMatch(/exceeded quota.*pods/);
    expect(await p.eventTypes('podVm-shop/web-3')).toEqual([]);
    expect(namespaceState(p, 'shop')!.used).toMatchObject({ pods: 2, 'requests.cpu': 1000 });
    expect(p.pacific.inventory.list('PodVM', 'shop').map((pod) => pod.name)).toEqual(['web-1', 'web-2']);
  });

  it('refuses an invalid pod before touching the quota', async () => {
    const error = await refusal(p.workloads.createPodVM({ namespace: 'shop', name: 'bad', containers: [{ name: 'web', image: '' }] }, developer));
    expect(error.reason).toBe('Invalid');
    expect(error.causes.map((cause) => cause.field)).toContain('spec.containers[0].image');
    expect(await p.eventTypes('namespace-shop')).toEqual(['NamespaceCreated']);
  });

  it('runs a pod VM on a host with an address from its namespace, and deleting it releases everything', async () => {
    await p.workloads.createPodVM({ namespace: 'shop', name: 'web-1', containers: [webContainer(500, 256)] }, developer);
    await p.workloads.schedulePodVM('shop', 'web-1', 'esx-02', admin);
    const running = await p.workloads.startPodVM('shop', 'web-1', admin);
    expect(running.status).toBe('Running');
    expect(running.ip).toBe(namespaceState(p, 'shop')!.networkSegment.replace(/0\/20$/, '1'));
    expect(podState(p, 'shop', 'web-1')).toMatchObject({ status: 'Running', host: 'esx-02', ip: running.ip });
    expect(hostState(p, 'esx-02')).toMatchObject({ allocated: { cpuMillis: 500, memoryBytes: 256 * 2 ** 20 }, podVMCount: 1 });

    await p.workloads.deletePodVM('shop', 'web-1', developer);
    expect(podState(p, 'shop', 'web-1')).toBeUndefined();
    expect(hostState(p, 'esx-02')).toMatchObject({ allocated: { cpuMillis: 0, memoryBytes: 0 }, podVMCount: 0 });
    expect(namespaceState(p, 'shop')!.used.pods).toBe(0);
    expect(namespaceState(p, 'shop')!.ips.size).toBe(0);
    expect(await p.eventTypes('podVm-shop/web-1')).toEqual(['PodVMCreated', 'PodVMScheduled', 'PodVMStarted', 'PodVMDeleted']);
    expect(await p.eventTypes('host-esx-02')).toEqual(['HostRegistered', 'HostResourcesAllocated', 'HostResourcesReleased']);
    expect(await p.eventTypes('namespace-shop')).toEqual([
      'NamespaceCreated',
      'NamespaceQuotaReserved',
      'NamespaceIpAllocated',
      'NamespaceIpReleased',
      'NamespaceQuotaReleased',
    ]);
  });

  it('refuses to schedule onto a cordoned or failed host and leaves the pod pending', async () => {
    await p.workloads.createPodVM({ namespace: 'shop', name: 'web-1', containers: [webContainer()] }, developer);
    await p.pacific.execute(hostAggregate, 'esx-01', { type: 'CordonHost', data: { name: 'esx-01' } }, admin);
    await p.pacific.execute(hostAggregate, 'esx-02', { type: 'MarkHostFailed', data: { name: 'esx-02', reason: 'power loss' } }, admin);
    expect((await refusal(p.workloads.schedulePodVM('shop', 'web-1', 'esx-01', admin))).message).toMatch(/cordoned/);
    expect((await refusal(p.workloads.schedulePodVM('shop', 'web-1', 'esx-02', admin))).message).toMatch(/failed/);
    expect(podState(p, 'shop', 'web-1')!.status).toBe('Pending');
    expect(hostState(p, 'esx-01').podVMCount).toBe(0);
    expect(hostState(p, 'esx-02').podVMCount).toBe(0);
  });

  it('refuses a host that has no room', async () => {
    await p.workloads.createPodVM({ namespace: 'shop', name: 'big', containers: [webContainer(9000, 256)] }, developer);
    const error = await refusal(p.workloads.schedulePodVM('shop', 'big', 'esx-01', admin));
    expect(error.reason).toBe('Forbidden');
    expect(podState(p, 'shop', 'big')!.status).toBe('Pending');
  });

  it('restarts a pod VM elsewhere when its host fails, without counting it twice against the quota', async () => {
    await p.namespaces.setQuota('shop', { pods: 1 }, admin);
    await p.workloads.createPodVM({ namespace: 'shop', name: 'web-1', containers: [webContainer()] }, developer);
    await p.workloads.schedulePodVM('shop', 'web-1', 'esx-01', admin);
    const { ip } = await p.workloads.startPodVM('shop', 'web-1', admin);
    await p.pacific.execute(hostAggregate, 'esx-01', { type: 'MarkHostFailed', data: { name: 'esx-01', reason: 'heartbeat lost' } }, admin);
    const moved = await p.workloads.restartPodVMElsewhere('shop', 'web-1', 'esx-03', 'host esx-01 failed', { actor: 'system:ha' });
    expect(moved).toMatchObject({ status: 'Scheduled', host: 'esx-03', restartCount: 1 });
    expect(hostState(p, 'esx-01').podVMCount).toBe(0);
    expect(hostState(p, 'esx-03').podVMCount).toBe(1);
    expect(namespaceState(p, 'shop')!.used.pods).toBe(1);
    expect(namespaceState(p, 'shop')!.ips.get('podVm-shop/web-1')).toBe(ip);
    expect(await p.eventTypes('podVm-shop/web-1')).toEqual(['PodVMCreated', 'PodVMScheduled', 'PodVMStarted', 'PodVMRestartedElsewhere']);
  });

  it('keeps a namespace terminating until its objects are gone, and admits nothing new meanwhile', async () => {
    await p.workloads.createPodVM({ namespace: 'shop', name: 'web-1', containers: [webContainer()] }, developer);
    await p.workloads.createPodVM({ namespace: 'shop', name: 'web-2', containers: [webContainer()] }, developer);
    await p.workloads.schedulePodVM('shop', 'web-1', 'esx-01', admin);
    await p.namespaces.delete('shop', admin);
    expect(namespaceState(p, 'shop')).toBeUndefined();
    expect(p.pacific.inventory.list('PodVM', 'shop')).toEqual([]);
    expect(hostState(p, 'esx-01').podVMCount).toBe(0);
    const types = await p.eventTypes('namespace-shop');
    expect(types.indexOf('NamespaceTerminating')).toBeLessThan(types.lastIndexOf('NamespaceQuotaReleased'));
    expect(types.at(-1)).toBe('NamespaceDeleted');
    const error = await refusal(p.workloads.createPodVM({ namespace: 'shop', name: 'web-3', containers: [webContainer()] }, developer));
    expect(error.reason).toBe('NotFound');
  });

  it('records who did what on every event', async () => {
    await p.workloads.createPodVM({ namespace: 'shop', name: 'web-1', containers: [webContainer()] }, { actor: 'alice', correlationId: 'req-42' });
    const [created] = await p.store.readStream('podVm-shop/web-1');
    expect(created!.metadata).toMatchObject({ actor: 'alice', correlationId: 'req-42', time: '2026-11-25T09:00:00.000Z' });
    expect(created!.metadata.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

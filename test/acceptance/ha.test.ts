import { afterEach, describe, expect, it } from 'vitest';
import { allRunning, expectCreated, namespace, pod, podsPath, policy, readyOf, setCordoned } from './support/ha-fixtures.ts';
import { startHaPacific, type HaPacific } from './support/ha-pacific.ts';

const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '1000', 'requests.cpu': '200', 'requests.memory': '100Gi' } } };

describe('HA: a failed host\'s pod VMs restart elsewhere', () => {
  let p: HaPacific;
  afterEach(async () => p?.stop());

  it('restarts all 200 pod VMs of a failed host on healthy hosts within seconds, every step an event, quota and addresses unchanged', async () => {
    p = await startHaPacific({ simHosts: 4, simHostCpu: '64', simHostMemory: '256Gi', simBootMs: 20 });
    await expectCreated(p, '/api/v1/namespaces', namespace('shop'));
    await expectCreated(p, '/api/v1/namespaces/shop/resourcequotas', quota);
    // Everything lands on esx-01 while the others are cordoned.
    for (const node of ['esx-02', 'esx-03', 'esx-04']) await setCordoned(p, node, true);
    for (let i = 0; i < 200; i++) await expectCreated(p, podsPath('shop'), pod(`web-${String(i).padStart(3, '0')}`));
    const before = await p.eventually(podsPath('shop'), (list) => allRunning(list, 200), 15_000);
    expect(new Set(before.items.map((item: any) => item.spec.nodeName))).toEqual(new Set(['esx-01']));
    for (const node of ['esx-02', 'esx-03', 'esx-04']) await setCordoned(p, node, false);
    const usedBefore = (await p.request('GET', '/api/v1/namespaces/shop/resourcequotas/q')).body.status.used;
    const ipsBefore = new Map(before.items.map((item: any) => [item.metadata.name, item.status.podIP]));

    const failed = await p.sim('fail', 'esx-01');
    expect(failed.status).toBe(200);
    expect(failed.body.message).toMatch(/esx-01 stopped answering; 200 running/);
    const started = Date.now();
    const node = await p.eventually('/api/v1/nodes/esx-01', (n) => readyOf(n) === 'False', 5_000);
    expect(node.status.conditions[0].message).toMatch(/heartbeat lost/);
    const after = await p.eventually(podsPath('shop'), (list) => allRunning(list, 200, 'esx-01'), 10_000);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(new Set(after.items.map((item: any) => item.spec.nodeName)).size).toBe(3);
    expect(after.items.every((item: any) => item.status.containerStatuses[0].restartCount === 1)).toBe(true);
    expect(new Map(after.items.map((item: any) => [item.metadata.name, item.status.podIP]))).toEqual(ipsBefore);

    for (const item of after.items) {
      const types = await p.eventTypes(`podVm-shop/${item.metadata.name}`);
      expect(types).toEqual(['PodVMCreated', 'PodVMScheduled', 'PodVMStarted', 'PodVMRestartedElsewhere', 'PodVMStarted']);
    }
    const restarted = (await p.store.readStream('podVm-shop/web-000')).find((event) => event.type === 'PodVMRestartedElsewhere')!;
    expect(restarted.data).toMatchObject({ fromHost: 'esx-01', reason: expect.stringContaining('host esx-01 failed: heartbeat lost') });
    expect(restarted.metadata.actor).toBe('system:ha');
    const hostEvents = await p.eventTypes('host-esx-01');
    expect(hostEvents).toContain('HostFailed');
    expect(hostEvents.filter((type) => type === 'HostResourcesReleased')).toHaveLength(200);
    expect((await p.request('GET', '/api/v1/nodes/esx-01')).body.status.allocated.podVMs).toBe(0);
    expect((await p.request('GET', '/api/v1/namespaces/shop/resourcequotas/q')).body.status.used).toEqual(usedBefore);

    // Level-based: running HA again finds nothing to do.
    const position = await p.store.headPosition();
    await (p.ha.ha as unknown as { reconcile(key: string): Promise<void> }).reconcile('host:esx-01');
    expect(await p.store.headPosition()).toBe(position);

    expect((await p.sim('recover', 'esx-01')).status).toBe(200);
    await p.eventually('/api/v1/nodes/esx-01', (n) => readyOf(n) === 'True', 5_000);
    expect(await p.eventTypes('host-esx-01')).toContain('HostRecovered');
  });

  it('restarts namespaces of High HA priority before Low ones', async () => {
    p = await startHaPacific({ simHosts: 2, simHostCpu: '64', simHostMemory: '256Gi', simBootMs: 0 });
    for (const ns of ['batch', 'critical']) {
      await expectCreated(p, '/api/v1/namespaces', namespace(ns));
      await expectCreated(p, `/apis/pacific.io/v1alpha1/namespaces/${ns}/namespacepolicies`, policy(ns === 'critical' ? 'High' : 'Low'));
    }
    await setCordoned(p, 'esx-02', true);
    for (let i = 0; i < 20; i++) for (const ns of ['batch', 'critical']) await expectCreated(p, podsPath(ns), pod(`p-${i}`));
    for (const ns of ['batch', 'critical']) await p.eventually(podsPath(ns), (list) => allRunning(list, 20));
    await setCordoned(p, 'esx-02', false);
    await p.sim('fail', 'esx-01');
    for (const ns of ['batch', 'critical']) await p.eventually(podsPath(ns), (list) => allRunning(list, 20, 'esx-01'), 10_000);
    const positions = async (ns: string) =>
      Promise.all(Array.from({ length: 20 }, async (_, i) => (await p.store.readStream(`podVm-${ns}/p-${i}`)).find((e) => e.type === 'PodVMRestartedElsewhere')!.position));
    expect(Math.max(...(await positions('critical')))).toBeLessThan(Math.min(...(await positions('batch'))));
  });

  it('leaves what finds no room Pending with the reason, and places it once the host is back', async () => {
    p = await startHaPacific({ simHosts: 2, simHostCpu: '4', simHostMemory: '16Gi', simBootMs: 0 });
    await expectCreated(p, '/api/v1/namespaces', namespace('shop'));
    await setCordoned(p, 'esx-02', true);
    for (const name of ['a', 'b']) await expectCreated(p, podsPath('shop'), pod(name, '1500m'));
    await p.eventually(podsPath('shop'), (list) => allRunning(list, 2));
    await setCordoned(p, 'esx-02', false);
    await setCordoned(p, 'esx-01', true);
    for (const name of ['c', 'd']) await expectCreated(p, podsPath('shop'), pod(name, '1500m'));
    await p.eventually(podsPath('shop'), (list) => allRunning(list, 4));
    await setCordoned(p, 'esx-01', false);

    await p.sim('fail', 'esx-01');
    const pending = await p.eventually(
      podsPath('shop'),
      (list) => ['a', 'b'].every((name) => list.items.find((i: any) => i.metadata.name === name)?.status.conditions[0].reason === 'Unschedulable'),
      5_000,
    );
    for (const name of ['a', 'b']) {
      const item = pending.items.find((i: any) => i.metadata.name === name);
      expect(item.status.phase).toBe('Pending');
      expect(item.spec.nodeName).toBeUndefined();
      expect(item.status.conditions[0].message).toMatch(/Insufficient cpu/);
      const evicted = (await p.store.readStream(`podVm-shop/${name}`)).find((event) => event.type === 'PodVMEvicted')!;
      expect(evicted.metadata.actor).toBe('system:ha');
      expect(evicted.data).toMatchObject({ fromHost: 'esx-01', reason: expect.stringMatching(/^host esx-01 failed: heartbeat lost.*; no host to restart on: .*Insufficient cpu/) });
    }
    expect((await p.request('GET', '/api/v1/nodes/esx-01')).body.status.allocated.podVMs).toBe(0);

    await p.sim('recover', 'esx-01');
    await p.eventually('/api/v1/nodes/esx-01', (n) => readyOf(n) === 'True', 5_000);
    const placed = await p.eventually(podsPath('shop'), (list) => allRunning(list, 4), 5_000);
    expect(placed.items.filter((i: any) => ['a', 'b'].includes(i.metadata.name)).map((i: any) => i.spec.nodeName)).toEqual(['esx-01', 'esx-01']);
  });
});

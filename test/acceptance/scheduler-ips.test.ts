import { afterEach, describe, expect, it } from 'vitest';
import type { NamespaceLive } from '../../src/domain/namespace/index.ts';
import type { PodVMLive } from '../../src/domain/podvm/index.ts';
import { ipToNumber, parseSegment } from '../../src/domain/shared/ipv4.ts';
import { apiServices } from '../../src/cli/serve.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const developer = { actor: 'alice' };
const container = (cpuMillis = 10) => ({ name: 'web', image: 'nginx:1.27', requests: { cpuMillis, memoryBytes: 16 * 2 ** 20 } });

describe('Addresses for 5,000 pod VMs placed by the scheduler (application layer, real controllers)', () => {
  let p: HttpPacific;
  afterEach(async () => p.stop());

  it('gives every pod VM a unique address from its namespace segment, and reuses an address after delete', async () => {
    p = await startHttpPacific({ simHosts: '6', simHostCpu: '64', simHostMemory: '512Gi' });
    const { namespaces, workloads, pacific } = apiServices(p.application.container);
    const segment = '10.250.0.0/19';
    await namespaces.create({ name: 'big', networkSegment: segment }, { actor: 'admin' });
    const total = 5000;
    for (let start = 0; start < total; start += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, offset) => workloads.createPodVM({ namespace: 'big', name: `pod-${start + offset}`, labels: { app: 'web' }, containers: [container()] }, developer)),
      );
    }
    await p.application.placement.idle();

    const pods = pacific.inventory.list('PodVM', 'big').map((object) => object.state as PodVMLive);
    expect(pods).toHaveLength(total);
    expect(pods.filter((pod) => pod.status !== 'Running')).toEqual([]);
    const ips = pods.map((pod) => pod.ip!);
    expect(new Set(ips).size).toBe(total);
    const { first, last } = parseSegment(segment);
    expect(ips.every((ip) => ipToNumber(ip) >= first && ipToNumber(ip) <= last)).toBe(true);
    // Spread: six hosts share the load evenly.
    const perHost = pacific.inventory.list('Host').map((host) => (host.state as { podVMCount: number }).podVMCount);
    expect(Math.max(...perHost) - Math.min(...perHost)).toBeLessThanOrEqual(1);

    const freed = pods.find((pod) => pod.name === 'pod-1234')!.ip!;
    await workloads.deletePodVM('big', 'pod-1234', developer);
    expect((pacific.inventory.get('Namespace', null, 'big')!.state as NamespaceLive).ips.size).toBe(total - 1);
    await workloads.createPodVM({ namespace: 'big', name: 'newcomer', containers: [container()] }, developer);
    await p.application.placement.idle();
    const newcomer = pacific.inventory.get('PodVM', 'big', 'newcomer')!.state as PodVMLive;
    expect(newcomer.status).toBe('Running');
    expect(newcomer.ip).toBe(freed);
    expect((pacific.inventory.get('Namespace', null, 'big')!.state as NamespaceLive).ips.size).toBe(total);
  });
});

/**
 * Writes a realistic domain log straight into a store file (raw inserts: generation is not what
 * the replay benchmark measures): hosts and namespaces first, then pod VMs going through their
 * life: quota reserved, created, host allocated, scheduled, address allocated, started; one in
 * ten is deleted again, releasing everything. Every event is valid for the deciders' evolve.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { INSERT_EVENT_SQL } from '../../src/adapters/eventstore/sqlite-schema.ts';
import { numberToIp, ipToNumber } from '../../src/domain/shared/ipv4.ts';

const HOSTS = 200;
const NAMESPACES = 60;

export const writeReplayLog = (db: Database.Database, totalEvents: number): number => {
  const insert = db.prepare(INSERT_EVENT_SQL);
  const revisions = new Map<string, number>();
  let position = 0;
  let second = 0;
  const append = (stream: string, type: string, data: unknown): void => {
    const revision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, revision);
    position++;
    if (position % 1000 === 0) second++;
    const time = new Date(Date.UTC(2026, 10, 25, 8) + second * 1000).toISOString();
    const metadata = { eventId: randomUUID(), time, actor: 'bench', correlationId: `c-${position}`, causationId: null };
    insert.run(position, stream, revision, type, JSON.stringify(data), JSON.stringify(metadata));
  };
  const write = db.transaction(() => {
    for (let h = 0; h < HOSTS; h++) {
      const name = `esx-${h}`;
      append(`host-${name}`, 'HostRegistered', { name, uid: randomUUID(), capacity: { cpuMillis: 512_000, memoryBytes: 4 * 2 ** 40 }, maxPodVMs: 1000, labels: {}, registeredAt: '2026-11-25T08:00:00.000Z' });
    }
    const segments: number[] = [];
    for (let n = 0; n < NAMESPACES; n++) {
      const name = `team-${n}`;
      const base = ipToNumber('10.16.0.0') + n * 4096;
      segments.push(base);
      append(`namespace-${name}`, 'NamespaceCreated', { name, uid: randomUUID(), labels: { team: String(n) }, networkSegment: `${numberToIp(base)}/20`, createdAt: '2026-11-25T08:00:00.000Z' });
    }
    const nextIp = new Array<number>(NAMESPACES).fill(1);
    for (let pod = 0; position < totalEvents; pod++) {
      const n = pod % NAMESPACES;
      const namespace = `team-${n}`;
      const name = `web-${pod}`;
      const host = `esx-${pod % HOSTS}`;
      const objectRef = `podVm-${namespace}/${name}`;
      const requests = { cpuMillis: 250 + (pod % 4) * 250, memoryBytes: 268_435_456 * (1 + (pod % 4)) };
      const ip = numberToIp(segments[n]! + nextIp[n]!++);
      append(`namespace-${namespace}`, 'NamespaceQuotaReserved', { name: namespace, objectRef, amounts: { pods: 1, 'requests.cpu': requests.cpuMillis, 'requests.memory': requests.memoryBytes } });
      append(objectRef, 'PodVMCreated', {
        namespace, name, uid: randomUUID(), labels: { app: 'web', pod: String(pod) }, annotations: {},
        containers: [{ name: 'web', image: 'registry.local/web:1.4.2', requests }], nodeSelector: {}, restartPolicy: 'Always', priority: 0, createdAt: '2026-11-25T08:00:00.000Z',
      });
      append(`host-${host}`, 'HostResourcesAllocated', { name: host, objectRef, workload: 'PodVM', resources: requests });
      append(objectRef, 'PodVMScheduled', { namespace, name, host });
      append(`namespace-${namespace}`, 'NamespaceIpAllocated', { name: namespace, objectRef, ip });
      append(objectRef, 'PodVMStarted', { namespace, name, host, ip, startedAt: '2026-11-25T08:00:01.000Z' });
      if (pod % 10 === 9) {
        append(objectRef, 'PodVMDeleted', { namespace, name, host, deletedAt: '2026-11-25T09:00:00.000Z' });
        append(`host-${host}`, 'HostResourcesReleased', { name: host, objectRef });
        append(`namespace-${namespace}`, 'NamespaceIpReleased', { name: namespace, objectRef, ip });
        append(`namespace-${namespace}`, 'NamespaceQuotaReleased', { name: namespace, objectRef });
      }
    }
  });
  write.immediate();
  return position;
};

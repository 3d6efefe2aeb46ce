import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const WRITERS = 100;

/** Objects of different paths through the server: a pod (workload service), a class and a quota (catalog). */
const cases = [
  {
    kind: 'Pod',
    collection: '/api/v1/namespaces/race/pods',
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'contended' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } },
  },
  {
    kind: 'VirtualMachineClass',
    collection: '/apis/vmoperator.vmware.com/v1alpha3/namespaces/race/virtualmachineclasses',
    body: { apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachineClass', metadata: { name: 'contended' }, spec: { hardware: { cpus: 2, memory: '4Gi' } } },
  },
  {
    kind: 'ResourceQuota',
    collection: '/api/v1/namespaces/race/resourcequotas',
    body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'contended' }, spec: { hard: { pods: '50' } } },
  },
];

describe('optimistic concurrency: many writers, one resourceVersion', () => {
  let p: HttpPacific;
  beforeAll(async () => {
    p = await startHttpPacific();
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'race' } })).status).toBe(201);
  });
  afterAll(async () => p?.stop());

  it.each(cases)(`$kind: ${WRITERS} concurrent PUTs with the same resourceVersion, exactly one succeeds and the rest are 409 Conflict`, async ({ collection, body }) => {
    expect((await p.request('POST', collection, body)).status).toBe(201);
    const path = `${collection}/contended`;
    // A pod is scheduled and started after its creation: wait until nothing else writes to it.
    const settled = await p.eventually(path, (object) => object.kind !== 'Pod' || object.status?.phase === 'Running');
    const before = (await p.request('GET', path)).body;
    expect(before.metadata.resourceVersion).toBe(settled.metadata.resourceVersion);
    const headBefore = await p.store.headPosition();

    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        p.request('PUT', path, { ...before, metadata: { ...before.metadata, labels: { ...before.metadata.labels, writer: String(writer) } } }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(WRITERS - 1);
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409 });
      expect(refused.body.message).toMatch(/the object has been modified; please apply your changes to the latest version and try again/);
    }
    const winner = responses.find((response) => response.status === 200)!.body;
    const after = (await p.request('GET', path)).body;
    expect(after.metadata.labels.writer).toBe(winner.metadata.labels.writer);
    expect(after.metadata.resourceVersion).toBe(winner.metadata.resourceVersion);
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
    // The winner's write is the only one in the log.
    const appended = await p.store.readAll({ after: headBefore });
    expect(appended.filter((event) => event.metadata && JSON.stringify(event.data).includes('"writer"'))).toHaveLength(1);
  });
});

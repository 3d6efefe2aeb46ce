import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

/** Each admission limit, one hostile request at a time: the refusal is a clear Status and nothing is written. */

const pods = '/api/v1/namespaces/limits/pods';
const pod = (name: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string>; resources?: unknown } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}), ...(extra.annotations ? { annotations: extra.annotations } : {}) },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...(extra.resources ? { resources: extra.resources } : {}) }] },
});

describe('admission limits over HTTP', () => {
  let p: HttpPacific;
  let head: number;

  beforeAll(async () => {
    p = await startHttpPacific();
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'limits' } })).status).toBe(201);
    expect((await p.request('POST', pods, pod('existing'))).status).toBe(201);
    await p.eventually(`${pods}/existing`, (body) => body.status?.phase === 'Running');
    await p.application.ha.stop();
  });
  afterAll(async () => p?.stop());

  /** Sends the request and checks the refusal: its code, a Status with the message, and an untouched log. */
  const refused = async (code: number, message: RegExp, method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    head = await p.store.headPosition();
    const response = await p.request(method, path, body, headers);
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(code);
    expect(response.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code });
    expect(response.body.message).toMatch(message);
    expect(await p.store.headPosition()).toBe(head);
    return response.body;
  };
  const fields = (status: { details?: { causes?: { field: string }[] } }) => status.details?.causes?.map((cause) => cause.field);

  it('refuses a body over 3 MiB with 413', async () => {
    await refused(413, /request body is larger than the limit of 3145728 bytes/, 'POST', pods, JSON.stringify(pod('big', { annotations: { a: 'x'.repeat(3 * 1024 * 1024) } })));
  });

  it('refuses an object over 1.5 MiB once decoded with 413, whether created or grown by a patch', async () => {
    const big = { ...pod('big'), spec: { containers: [{ name: 'app', image: 'nginx', args: ['x'.repeat(1_600_000)] }] } };
    await refused(413, /Pod "big" is too large: \d+ bytes once encoded as JSON, the limit is 1572864 bytes/, 'POST', pods, big);
    await refused(413, /Pod "existing" is too large/, 'PATCH', `${pods}/existing`, { spec: { hostname: 'x'.repeat(1_600_000) } }, { 'content-type': 'application/merge-patch+json' });
    const bomb = Array.from({ length: 40 }, (_, i) => ({ op: 'copy', from: '/spec', path: `/spec/c${i}` }));
    await refused(413, /copy operations add up to more than 1572864 bytes/, 'PATCH', `${pods}/existing`, bomb, { 'content-type': 'application/json-patch+json' });
  });

  it('wants DNS-1123 names: subdomains for objects, labels for namespaces', async () => {
    expect(fields(await refused(422, /Pod "Bad_Name" is invalid: metadata.name/, 'POST', pods, pod('Bad_Name')))).toEqual(['metadata.name']);
    expect(fields(await refused(422, /metadata.name/, 'POST', pods, pod('a'.repeat(254))))).toEqual(['metadata.name']);
    const namespace = await refused(422, /Namespace "team.a" is invalid: metadata.name: .*RFC 1123 label/, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } });
    expect(fields(namespace)).toEqual(['metadata.name']);
  });

  it('validates metadata whose fields are named constructor or __proto__ like any other (422, never 500)', async () => {
    const hostile = '{"apiVersion":"v1","kind":"Namespace","metadata":{"constructor":null,"__proto__":{},"prototype":1,"name":"' + 'x'.repeat(300) + '"}}';
    expect(new Set(fields(await refused(422, /metadata.name/, 'POST', '/api/v1/namespaces', hostile)))).toEqual(new Set(['metadata.name']));
    const podBody = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"Bad_Name"},"spec":{"constructor":null,"containers":[{"constructor":null,"name":"app","image":"nginx"}]}}';
    expect(fields(await refused(422, /metadata.name/, 'POST', pods, podBody))).toEqual(['metadata.name']);
  });

  it('checks quantity syntax and range in pods, quotas, claims and classes, naming the field', async () => {
    const cpu = await refused(422, /spec.containers\[0\].resources.requests\[cpu\]: Invalid value: "lots": quantities must match the regular expression/, 'POST', pods, pod('q1', { resources: { requests: { cpu: 'lots' } } }));
    expect(fields(cpu)).toEqual(['spec.containers[0].resources.requests[cpu]']);
    await refused(422, /limits\[memory\]: Invalid value: "-1Gi": must be greater than or equal to 0/, 'POST', pods, pod('q2', { resources: { limits: { memory: '-1Gi' } } }));
    await refused(422, /requests\[cpu\]: Invalid value: "2M": must be less than or equal to 1000000 \(cores\)/, 'POST', pods, pod('q3', { resources: { requests: { cpu: '2M' } } }));
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'requests.cpu': '1e400', pods: '10' } } };
    expect(fields(await refused(422, /spec.hard\[requests.cpu\]/, 'POST', '/api/v1/namespaces/limits/resourcequotas', quota))).toEqual(['spec.hard[requests.cpu]']);
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20GB' } } } };
    expect(fields(await refused(422, /spec.resources.requests\[storage\]/, 'POST', '/api/v1/namespaces/limits/persistentvolumeclaims', claim))).toEqual(['spec.resources.requests[storage]']);
    const vmClass = { apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachineClass', metadata: { name: 'c' }, spec: { hardware: { cpus: 2, memory: 'four gigs' } } };
    expect(fields(await refused(422, /spec.hardware.memory/, 'POST', '/apis/vmoperator.vmware.com/v1alpha3/namespaces/limits/virtualmachineclasses', vmClass))).toEqual(['spec.hardware.memory']);
  });

  it('bounds label values (63 characters) and annotations (256 KiB in all)', async () => {
    await refused(422, /metadata.labels/, 'POST', pods, pod('l1', { labels: { app: 'x'.repeat(64) } }));
    await refused(422, /metadata.annotations: .*at most 262144 bytes/, 'POST', pods, pod('a1', { annotations: { a: 'x'.repeat(200_000), b: 'y'.repeat(100_000) } }));
  });

  it('refuses documents nested deeper than 100 levels, in bodies and patches, and YAML alias bombs', async () => {
    const deep = '{"a":'.repeat(101) + '1' + '}'.repeat(101);
    await refused(400, /nested deeper than 100 levels/, 'POST', pods, deep, { 'content-type': 'application/json' });
    await refused(400, /nested deeper than 100 levels/, 'PATCH', `${pods}/existing`, '{"metadata":{"labels":' + deep + '}}', { 'content-type': 'application/merge-patch+json' });
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n');
    await refused(400, /could not be decoded: .*alias/i, 'POST', pods, bomb, { 'content-type': 'application/yaml' });
  });
});

describe('writes the fuzz test found to slip through, now refused or dry', () => {
  let p: HttpPacific;
  beforeAll(async () => {
    p = await startHttpPacific();
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dry' } })).status).toBe(201);
    expect((await p.request('POST', '/api/v1/namespaces/dry/pods', pod('kept'))).status).toBe(201);
    await p.eventually('/api/v1/namespaces/dry/pods/kept', (body) => body.status?.phase === 'Running');
    await p.application.ha.stop();
  });
  afterAll(async () => p?.stop());

  const unchanged = async (send: () => Promise<{ status: number; body: any }>, code: number) => {
    const head = await p.store.headPosition();
    const response = await send();
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(code);
    expect(await p.store.headPosition()).toBe(head);
    return response.body;
  };

  it('does not delete an object through its status or eviction subresource, nor replace it through eviction', async () => {
    expect((await unchanged(() => p.request('DELETE', '/api/v1/namespaces/dry/pods/kept/status'), 405)).reason).toBe('MethodNotAllowed');
    await unchanged(() => p.request('DELETE', '/api/v1/namespaces/dry/status'), 405);
    const current = (await p.request('GET', '/api/v1/namespaces/dry/pods/kept')).body;
    await unchanged(() => p.request('PUT', '/api/v1/namespaces/dry/pods/kept/eviction', { ...current, metadata: { ...current.metadata, labels: { evicted: 'no' } } }), 405);
  });

  it('creates nothing through an apply to /status of an object that does not exist', async () => {
    const apply = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ghost' }, spec: { containers: [{ name: 'a', image: 'nginx' }] } };
    await unchanged(() => p.request('PATCH', '/api/v1/namespaces/dry/pods/ghost/status?fieldManager=t', apply, { 'content-type': 'application/apply-patch+yaml' }), 404);
  });

  it('honours dryRun=All when an apply would create, and in deletecollection', async () => {
    const apply = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'dry-apply' }, spec: { containers: [{ name: 'a', image: 'nginx' }] } };
    const created = await unchanged(() => p.request('PATCH', '/api/v1/namespaces/dry/pods/dry-apply?fieldManager=t&dryRun=All', apply, { 'content-type': 'application/apply-patch+yaml' }), 201);
    expect(created.metadata.name).toBe('dry-apply');
    expect((await p.request('GET', '/api/v1/namespaces/dry/pods/dry-apply')).status).toBe(404);
    const listed = await unchanged(() => p.request('DELETE', '/api/v1/namespaces/dry/pods?dryRun=All'), 200);
    expect(listed.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual(['kept']);
    expect((await p.request('GET', '/api/v1/namespaces/dry/pods/kept')).status).toBe(200);
  });

  it('answers 400, not 500, to malformed percent-encoding, a kind or apiVersion that is no string, and a patch that drops metadata', async () => {
    await unchanged(() => p.request('GET', '/api/v1/namespaces/%ZZ/pods'), 400);
    const hostile = { apiVersion: [{ toString: 'not a function' }], kind: 'Pod', metadata: { name: 'x' } };
    await unchanged(() => p.request('POST', '/api/v1/namespaces/dry/pods', hostile), 400);
    await unchanged(() => p.request('PATCH', '/api/v1/namespaces/dry/pods/kept', [{ op: 'copy', from: '/metadata/name', path: '' }], { 'content-type': 'application/json-patch+json' }), 422);
    await unchanged(() => p.request('PATCH', '/api/v1/namespaces/dry/pods/kept?fieldManager=t', { metadata: 'x' }, { 'content-type': 'application/apply-patch+yaml' }), 400);
  });
});

describe('per-token rate limit over HTTP', () => {
  let p: HttpPacific;
  beforeAll(async () => {
    p = await startHttpPacific({ rateLimitQps: 1, rateLimitBurst: 5 });
  });
  afterAll(async () => p?.stop());

  it('answers 429 TooManyRequests with Retry-After past the burst, per token, and never throttles health checks', async () => {
    const alice = { authorization: `Bearer ${p.adminToken}` };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await p.request('GET', '/api/v1/namespaces', undefined, alice)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const throttled = await p.request('GET', '/api/v1/namespaces', undefined, alice);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(throttled.body).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 1 } });
    for (let i = 0; i < 10; i++) expect((await p.request('GET', '/readyz')).status).toBe(200);
    // Requests without a token are counted by address, apart from the token's.
    expect((await p.request('GET', '/api/v1/namespaces')).status).toBe(200);
  });
});

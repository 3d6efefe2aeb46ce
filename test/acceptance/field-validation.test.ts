import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const pods = '/api/v1/namespaces/shop/pods';
const pod = (name: string, container: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } }, ...container }], ...spec },
});
const warningsOf = (headers: Headers): string[] => (headers.get('warning') ?? '').split(/,\s*(?=299 )/).filter((warning) => warning !== '');

describe('fieldValidation: unknown fields in written objects', () => {
  let p: HttpPacific;
  beforeEach(async () => {
    p = await startHttpPacific();
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).status).toBe(201);
  });
  afterEach(async () => p.stop());

  it('Strict refuses a create naming every unknown field, and writes nothing', async () => {
    const typo = pod('typo', { imagee: 'nginx', resources: { requets: { cpu: '1' } } }, { nodeSelectr: { zone: 'a' } });
    const refused = await p.request('POST', `${pods}?fieldValidation=Strict`, { ...typo, metadata: { name: 'typo', labelz: { a: 'b' } } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
    expect(refused.body.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.labelz", unknown field "spec.containers[0].resources.requets", ' +
        'unknown field "spec.containers[0].imagee", unknown field "spec.nodeSelectr"',
    );
    expect((await p.request('GET', `${pods}/typo`)).status).toBe(404);
    expect(await p.eventTypes('podVm-shop/typo')).toEqual([]);
  });

  it('Strict accepts every core/v1 field a manifest may carry, and fields kept open (probes, volumes, env sources)', async () => {
    const full = pod(
      'full',
      { imagePullPolicy: 'IfNotPresent', startupProbe: { httpGet: { path: '/', port: 80 } }, lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } }, terminationMessagePolicy: 'File', tty: false, env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] },
      { dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', enableServiceLinks: true, volumes: [{ name: 'scratch', emptyDir: { medium: 'Memory' } }], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }] },
    );
    const created = await p.request('POST', `${pods}?fieldValidation=Strict`, full);
    expect(created.status).toBe(201);
    expect(created.headers.get('warning')).toBeNull();
  });

  it('Warn (the default) creates the object without the unknown fields and warns once per field', async () => {
    const created = await p.request('POST', pods, pod('warned', { imagee: 'nginx' }, { nodeSelectr: { zone: 'a' } }));
    expect(created.status).toBe(201);
    expect(warningsOf(created.headers)).toEqual(['299 - "unknown field \\"spec.containers[0].imagee\\""', '299 - "unknown field \\"spec.nodeSelectr\\""']);
    const stored = (await p.request('GET', `${pods}/warned`)).body;
    expect(stored.spec).not.toHaveProperty('nodeSelectr');
    expect(stored.spec.containers[0]).not.toHaveProperty('imagee');
    expect(stored.spec.containers[0].image).toBe('nginx:1.27');
  });

  it('Ignore drops the unknown fields without a warning', async () => {
    const created = await p.request('POST', `${pods}?fieldValidation=Ignore`, pod('quiet', { imagee: 'nginx' }));
    expect(created.status).toBe(201);
    expect(created.headers.get('warning')).toBeNull();
    expect((await p.request('GET', `${pods}/quiet`)).body.spec.containers[0]).not.toHaveProperty('imagee');
  });

  it('applies to replace, merge patch, JSON patch and server-side apply; a refused write changes nothing', async () => {
    const created = await p.request('POST', pods, pod('target'));
    expect(created.status).toBe(201);
    const before = await p.eventTypes('podVm-shop/target');

    const replaced = await p.request('PUT', `${pods}/target?fieldValidation=Strict`, { ...created.body, spec: { ...created.body.spec, restartPolicyy: 'Never' } });
    expect(replaced.status).toBe(400);
    expect(replaced.body.message).toContain('unknown field "spec.restartPolicyy"');

    const merge = { 'content-type': 'application/merge-patch+json' };
    const mergePatched = await p.request('PATCH', `${pods}/target?fieldValidation=Strict`, { metadata: { labels: { tier: 'web' } }, spec: { hostnamee: 'x' } }, merge);
    expect(mergePatched.status).toBe(400);
    expect(mergePatched.body.message).toContain('unknown field "spec.hostnamee"');

    const jsonPatched = await p.request('PATCH', `${pods}/target?fieldValidation=Strict`, [{ op: 'add', path: '/spec/containers/0/imagee', value: 'x' }], { 'content-type': 'application/json-patch+json' });
    expect(jsonPatched.status).toBe(400);
    expect(jsonPatched.body.message).toContain('unknown field "spec.containers[0].imagee"');

    const applied = await p.request('PATCH', `${pods}/target?fieldManager=me&fieldValidation=Strict`, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'target' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', imagee: 'x' }] } }), { 'content-type': 'application/apply-patch+yaml' });
    expect(applied.status).toBe(400);
    expect(applied.body.message).toContain('unknown field "spec.containers[0].imagee"');

    expect(await p.eventTypes('podVm-shop/target')).toEqual(before);
    const unchanged = (await p.request('GET', `${pods}/target`)).body;
    expect(unchanged.metadata.labels ?? {}).not.toHaveProperty('tier');

    const warned = await p.request('PATCH', `${pods}/target`, { metadata: { labels: { tier: 'web' } }, spec: { hostnamee: 'x' } }, merge);
    expect(warned.status).toBe(200);
    expect(warningsOf(warned.headers)).toEqual(['299 - "unknown field \\"spec.hostnamee\\""']);
    expect(warned.body.metadata.labels).toMatchObject({ tier: 'web' });
    expect(warned.body.spec).not.toHaveProperty('hostnamee');
  });

  it('refuses an unknown directive, and keeps header values printable whatever the field is called', async () => {
    const bad = await p.request('POST', `${pods}?fieldValidation=Loud`, pod('loud'));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('fieldValidation: Unsupported value: "Loud": supported values: "Ignore", "Warn", "Strict"');

    const odd = await p.request('POST', pods, pod('odd', { 'ünïcode\n"quoted"': 1, constructor: 2 }));
    expect(odd.status).toBe(201);
    expect(warningsOf(odd.headers)).toEqual(['299 - "unknown field \\"spec.containers[0].?n?code?\\"quoted\\"\\""', '299 - "unknown field \\"spec.containers[0].constructor\\""']);
  });

  it('Strict also refuses keys repeated in the body, JSON or YAML; without Strict the last one wins', async () => {
    const json = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"dup","labels":{"a":"1","a":"2"}},"spec":{"containers":[{"name":"web","image":"busybox","image":"nginx:1.27"}]}}';
    const refused = await p.request('POST', `${pods}?fieldValidation=Strict`, json);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('Pod in version "v1" cannot be handled as a Pod: strict decoding error: duplicate field "metadata.labels.a", duplicate field "spec.containers[0].image"');
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: dup\n  name: dup\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n';
    const yamlRefused = await p.request('POST', `${pods}?fieldValidation=Strict`, yaml, { 'content-type': 'application/yaml' });
    expect(yamlRefused.status).toBe(400);
    expect(yamlRefused.body.message).toContain('duplicate field "metadata.name"');
    expect((await p.request('GET', `${pods}/dup`)).status).toBe(404);

    const accepted = await p.request('POST', pods, json);
    expect(accepted.status).toBe(201);
    expect(accepted.body.metadata.labels).toEqual({ a: '2' });
    expect(accepted.body.spec.containers[0].image).toBe('nginx:1.27');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

const pods = '/api/v1/namespaces/shop/pods';
const applyType = { 'content-type': 'application/apply-patch+yaml' };
const intent = (labels: Record<string, string>) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
const managers = (body: any): string[] => (body.metadata.managedFields ?? []).map((entry: { manager: string; operation: string }) => `${entry.manager}/${entry.operation}`);

describe('server-side apply keeps managedFields between requests', () => {
  let p: HttpPacific;
  beforeEach(async () => {
    p = await startHttpPacific();
    expect((await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).status).toBe(201);
  });
  afterEach(async () => p.stop());

  it('a second manager changing a field the first applied is a 409 conflict unless forced; forcing moves the field', async () => {
    const first = await p.request('PATCH', `${pods}/web?fieldManager=alice`, intent({ tier: 'web' }), applyType);
    expect(first.status).toBe(201);
    expect(managers(first.body)).toEqual(['alice/Apply']);
    expect(managers((await p.request('GET', `${pods}/web`)).body)).toEqual(['alice/Apply']);
    expect((await p.request('GET', pods)).body.items.map(managers)).toEqual([['alice/Apply']]);
    const watched = await fetch(`${p.url}${pods}?watch=true&resourceVersion=0&timeoutSeconds=1`, { headers: { authorization: `Bearer ${p.adminToken}` } });
    const added = (await watched.text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(added.map((event: { type: string; object: unknown }) => [event.type, managers(event.object)])).toEqual([['ADDED', ['alice/Apply']]]);

    const clash = await p.request('PATCH', `${pods}/web?fieldManager=bob`, intent({ tier: 'db' }), applyType);
    expect(clash.status).toBe(409);
    expect(clash.body.message).toBe('Apply failed with 1 conflict: conflict with "alice": .metadata.labels.tier');
    expect((await p.request('GET', `${pods}/web`)).body.metadata.labels).toEqual({ tier: 'web' });

    const forced = await p.request('PATCH', `${pods}/web?fieldManager=bob&force=true`, intent({ tier: 'db' }), applyType);
    expect(forced.status).toBe(200);
    expect(forced.body.metadata.labels).toEqual({ tier: 'db' });
    const entries = (await p.request('GET', `${pods}/web`)).body.metadata.managedFields as { manager: string; fieldsV1: { 'f:metadata'?: { 'f:labels'?: Record<string, unknown> } } }[];
    const owner = entries.filter((entry) => entry.fieldsV1['f:metadata']?.['f:labels']?.['f:tier'] !== undefined).map((entry) => entry.manager);
    expect(owner).toEqual(['bob']);
    expect(await p.eventTypes('fieldManagers-shop/pods:web')).toEqual(['FieldManagersRecorded', 'FieldManagersRecorded']);
  });

  it('a named writer that is not applying owns what it changed: an apply then conflicts with it', async () => {
    expect((await p.request('PATCH', `${pods}/web?fieldManager=alice`, intent({ tier: 'web' }), applyType)).status).toBe(201);
    const edited = await p.request('PATCH', `${pods}/web?fieldManager=kubectl-edit`, { metadata: { labels: { tier: 'cache' } } }, { 'content-type': 'application/merge-patch+json' });
    expect(edited.status).toBe(200);
    expect(managers(edited.body)).toEqual(['alice/Apply', 'kubectl-edit/Update']);
    // alice lost the field to the edit: applying her old value again is a conflict with the editor.
    const again = await p.request('PATCH', `${pods}/web?fieldManager=alice`, intent({ tier: 'web' }), applyType);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/^Apply failed with 1 conflict: conflict with "kubectl-edit" using v1 at .*: \.metadata\.labels\.tier$/);
  });

  it('tracks nothing for objects nobody applied to and no writer named, and forgets the managers of a deleted object', async () => {
    const plain = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'plain' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
    const created = await p.request('POST', pods, plain);
    expect(created.body.metadata.managedFields).toBeUndefined();
    expect(await p.eventTypes('fieldManagers-shop/pods:plain')).toEqual([]);

    expect((await p.request('PATCH', `${pods}/web?fieldManager=alice`, intent({ tier: 'web' }), applyType)).status).toBe(201);
    expect((await p.request('DELETE', `${pods}/web`)).status).toBe(200);
    // The record of the deleted incarnation goes too.
    for (let i = 0; i < 50 && (await p.eventTypes('fieldManagers-shop/pods:web')).length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await p.eventTypes('fieldManagers-shop/pods:web')).toEqual(['FieldManagersRecorded', 'FieldManagersForgotten']);
    const recreated = await p.request('POST', pods, { ...plain, metadata: { name: 'web' } });
    expect(recreated.status).toBe(201);
    expect(recreated.body.metadata.managedFields).toBeUndefined();
    const byCreate = await p.request('POST', `${pods}?fieldManager=kubectl-create`, { ...plain, metadata: { name: 'named' } });
    expect(managers(byCreate.body)).toEqual(['kubectl-create/Update']);
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { applyPatch, readManagedFields, recordUpdateManager } from '../../../src/adapters/http/kube/patch/index.ts';

const T1 = '2026-11-25T09:00:00Z';
const T2 = '2026-11-25T10:00:00Z';

const pod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', resourceVersion: '3', labels: { app: 'shop' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
  status: { phase: 'Pending' },
});

const fieldsOf = (object: KubeObject, manager: string): unknown =>
  (object.metadata.managedFields as Record<string, unknown>[] | undefined)?.find((e) => e.manager === manager)?.fieldsV1;

describe('recordUpdateManager', () => {
  it('on create, the manager owns every field it set except server-set metadata and status', () => {
    const created = recordUpdateManager(undefined, pod(), 'kubectl-create', 'Update', { now: T1 });
    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    ]);
  });

  it('moves ownership of changed fields to the updater and drops removed fields from everyone', () => {
    const created = recordUpdateManager(undefined, pod(), 'kubectl-create', 'Update', { now: T1 });
    const patched = applyPatch('application/strategic-merge-patch+json', created, '{"metadata":{"labels":{"app":null,"tier":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}', { kind: 'Pod' });
    const recorded = recordUpdateManager(created, patched, 'kubectl-patch', 'Update', { now: T2 });
    expect(fieldsOf(recorded, 'kubectl-create')).toEqual({ 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {} } } } });
    expect(fieldsOf(recorded, 'kubectl-patch')).toEqual({
      'f:metadata': { 'f:labels': { 'f:tier': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } },
    });
    expect(recorded.metadata.labels).toEqual({ tier: 'web' });
  });

  it('a no-op update leaves managedFields as they were', () => {
    const created = recordUpdateManager(undefined, pod(), 'kubectl-create', 'Update', { now: T1 });
    expect(recordUpdateManager(created, structuredClone(created), 'other', 'Update', { now: T2 })).toEqual(created);
  });

  it('keeps the live managedFields when a PUT body carries none', () => {
    const created = recordUpdateManager(undefined, pod(), 'kubectl-create', 'Update', { now: T1 });
    const put = structuredClone(created);
    delete put.metadata.managedFields;
    (put.spec?.containers as Record<string, unknown>[])[0]!.image = 'nginx:2';
    const recorded = recordUpdateManager(created, put, 'kubectl-replace', 'Update', { now: T2 });
    expect(readManagedFields(recorded).map((e) => e.manager)).toEqual(['kubectl-create', 'kubectl-replace']);
  });

  it('updates the time of an existing entry of the same manager', () => {
    const created = recordUpdateManager(undefined, pod(), 'm', 'Update', { now: T1 });
    const changed = structuredClone(created);
    changed.metadata.labels = { app: 'other' };
    const again = recordUpdateManager(created, changed, 'm', 'Update', { now: T2 });
    expect(again.metadata.managedFields).toHaveLength(1);
    expect((again.metadata.managedFields as Record<string, unknown>[])[0]?.time).toBe(T2);
  });

  it('drops a manager left owning nothing', () => {
    const labelsOnly: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', labels: { app: 'shop' } } };
    const created = recordUpdateManager(undefined, labelsOnly, 'm', 'Update');
    const relabelled = recordUpdateManager(created, { ...created, metadata: { ...created.metadata, labels: { app: 'x' } } }, 'n', 'Update');
    expect(readManagedFields(relabelled).map((e) => e.manager)).toEqual(['n']);
    const { labels: _, ...unlabelled } = relabelled.metadata;
    const emptied = recordUpdateManager(relabelled, { ...relabelled, metadata: unlabelled }, 'm', 'Update');
    expect(emptied.metadata.managedFields).toBeUndefined();
  });

  it('records writes through the status subresource separately', () => {
    const created = recordUpdateManager(undefined, pod(), 'kubectl-create', 'Update');
    const running = { ...structuredClone(created), status: { phase: 'Running' } };
    const recorded = recordUpdateManager(created, running, 'pacific-scheduler', 'Update', { subresource: 'status', now: T2 });
    expect((recorded.metadata.managedFields as Record<string, unknown>[])[1]).toEqual({
      manager: 'pacific-scheduler',
      operation: 'Update',
      apiVersion: 'v1',
      time: T2,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:phase': {} } },
      subresource: 'status',
    });
  });

  it('does not mutate its arguments', () => {
    const before = pod();
    const after = { ...pod(), metadata: { ...pod().metadata, labels: { app: 'x' } } };
    const snapshots = [structuredClone(before), structuredClone(after)];
    recordUpdateManager(before, after, 'm');
    expect([before, after]).toEqual(snapshots);
  });

  it('then a server-side apply of a different value conflicts with the recorded updater', () => {
    const created = recordUpdateManager(undefined, pod(), 'kubectl-client-side-apply', 'Update');
    expect(() =>
      applyPatch('application/apply-patch+yaml', created, '{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"other"}}}', { kind: 'Pod', fieldManager: 'kubectl' }),
    ).toThrow('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .metadata.labels.app');
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { applyPatch, recordUpdateManager, type PatchOptions } from '../../../src/adapters/http/kube/patch/index.ts';
import { statusFailure as failure } from './support/status-failure.ts';


const T1 = '2026-11-25T09:00:00Z';
const T2 = '2026-11-25T10:00:00Z';

const apply = (original: KubeObject, intent: unknown, options: Partial<PatchOptions> = {}): KubeObject =>
  applyPatch('application/apply-patch+yaml', original, typeof intent === 'string' ? intent : JSON.stringify(intent), {
    kind: original.kind,
    fieldManager: 'kubectl',
    now: T2,
    ...options,
  });

/** What the caller passes when `kubectl apply --server-side` creates the object. */
const stub = (kind: string, apiVersion: string, name = 'web-1'): KubeObject => ({ apiVersion, kind, metadata: { name, namespace: 'shop', uid: 'u-1', resourceVersion: '1', creationTimestamp: T1 } });

const podYaml = (image: string, labels = '    app: shop\n    tier: web\n'): string => `apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: shop
  labels:
${labels}spec:
  containers:
  - name: web
    image: ${image}
    ports:
    - containerPort: 80
`;

const entries = (object: KubeObject): Record<string, unknown>[] => (object.metadata.managedFields ?? []) as Record<string, unknown>[];
const entryOf = (object: KubeObject, manager: string): Record<string, unknown> | undefined => entries(object).find((e) => e.manager === manager);

describe('server-side apply (application/apply-patch+yaml)', () => {
  it('creates from a YAML manifest and records the manager in FieldsV1 notation', () => {
    const result = apply(stub('Pod', 'v1'), podYaml('nginx:1.27'));
    expect(result.metadata.labels).toEqual({ app: 'shop', tier: 'web' });
    expect(result.spec).toEqual({ containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] });
    expect(result.metadata.uid).toBe('u-1');
    expect(result.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'v1',
        time: T2,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {}, 'f:tier': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    ]);
  });

  it('accepts JSON, which is what kubectl actually sends', () => {
    const result = apply(stub('Pod', 'v1'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', labels: { a: 'b' } } });
    expect(result.metadata.labels).toEqual({ a: 'b' });
  });

  it('a second identical apply changes nothing, not even the time of the entry', () => {
    const first = apply(stub('Pod', 'v1'), podYaml('nginx:1.27'), { now: T1 });
    expect(apply(first, podYaml('nginx:1.27'), { now: T2 })).toEqual(first);
    expect(entryOf(apply(first, podYaml('nginx:1.28'), { now: T2 }), 'kubectl')?.time).toBe(T2);
  });

  it('a changed manifest updates the image and removes the label the manager dropped, keeping server fields', () => {
    const first = apply(stub('Pod', 'v1'), podYaml('nginx:1.27'));
    const live: KubeObject = {
      ...first,
      spec: { ...first.spec, nodeName: 'esx-01', containers: [{ ...(first.spec?.containers as object[])[0], terminationMessagePath: '/dev/termination-log' }] },
      status: { phase: 'Running' },
    };
    const second = apply(live, podYaml('nginx:1.28', '    app: shop\n'));
    expect(second.metadata.labels).toEqual({ app: 'shop' });
    expect(second.spec).toEqual({
      nodeName: 'esx-01',
      containers: [{ name: 'web', image: 'nginx:1.28', ports: [{ containerPort: 80 }], terminationMessagePath: '/dev/termination-log' }],
    });
    expect(second.status).toEqual({ phase: 'Running' });
    expect(entryOf(second, 'kubectl')?.fieldsV1).toMatchObject({ 'f:metadata': { 'f:labels': { 'f:app': {} } } });
    expect(JSON.stringify(entryOf(second, 'kubectl')?.fieldsV1)).not.toContain('f:tier');
  });

  it('removes a whole container the manager no longer applies', () => {
    const twoContainers = `apiVersion: v1
kind: Pod
metadata:
  name: web-1
spec:
  containers:
  - name: web
    image: nginx
  - name: log
    image: busybox
`;
    const first = apply(stub('Pod', 'v1'), twoContainers);
    const second = apply(first, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\nspec:\n  containers:\n  - name: web\n    image: nginx\n');
    expect(second.spec?.containers).toEqual([{ name: 'web', image: 'nginx' }]);
  });

  it('does not own or touch the fields the server sets (name, uid, resourceVersion, ...)', () => {
    const result = apply(stub('Pod', 'v1'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop' } });
    expect(result.metadata.managedFields).toBeUndefined();
    expect(result.metadata.resourceVersion).toBe('1');
  });

  it('ignores nulls in the intent', () => {
    const result = apply(stub('Pod', 'v1'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  labels:\n    a: b\n    c: null\nspec: null\n');
    expect(result.metadata.labels).toEqual({ a: 'b' });
    expect(result.spec).toBeUndefined();
  });

  it('owns finalizers item by item and removes only the ones it dropped', () => {
    const live = stub('Pod', 'v1');
    live.metadata.finalizers = ['server/keep'];
    const first = apply(live, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', finalizers: ['mine/a', 'mine/b'] } });
    expect(first.metadata.finalizers).toEqual(['server/keep', 'mine/a', 'mine/b']);
    expect(entryOf(first, 'kubectl')?.fieldsV1).toEqual({ 'f:metadata': { 'f:finalizers': { 'v:"mine/a"': {}, 'v:"mine/b"': {} } } });
    const second = apply(first, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', finalizers: ['mine/b'] } });
    expect(second.metadata.finalizers).toEqual(['server/keep', 'mine/b']);
  });

  it('never mutates the original', () => {
    const first = apply(stub('Pod', 'v1'), podYaml('nginx:1.27'));
    const snapshot = structuredClone(first);
    apply(first, podYaml('nginx:1.28', ''), { fieldManager: 'other', force: true });
    expect(first).toEqual(snapshot);
  });

  it('refreshes an existing client-side apply annotation when the manager is kubectl, as the API server does', () => {
    const annotation = 'kubectl.kubernetes.io/last-applied-configuration';
    const live = stub('Pod', 'v1');
    live.metadata.annotations = { [annotation]: '{"old":true}\n', other: 'x' };
    const intent = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'web-1', annotations: { note: 'n' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
    const result = apply(live, intent);
    expect(result.metadata.annotations?.[annotation]).toBe(
      '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{"note":"n"},"name":"web-1"},"spec":{"containers":[{"image":"nginx","name":"web"}]}}\n',
    );
    expect(apply(live, intent, { fieldManager: 'helm' }).metadata.annotations?.[annotation]).toBe('{"old":true}\n');
    expect(apply(stub('Pod', 'v1'), intent).metadata.annotations).toEqual({ note: 'n' });
  });

  it('applies through the status subresource, owning only status', () => {
    const live = apply(stub('Pod', 'v1'), podYaml('nginx:1.27'));
    const result = apply(live, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { fieldManager: 'kubelet', subresource: 'status' });
    expect(result.status).toEqual({ conditions: [{ type: 'Ready', status: 'True' }] });
    expect(entryOf(result, 'kubelet')).toMatchObject({
      operation: 'Apply',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } } } },
    });
    expect(JSON.stringify(entryOf(result, 'kubectl')?.fieldsV1)).not.toContain('f:status');
  });
});

describe('server-side apply: ownership and conflicts', () => {
  const tkcYaml = (replicas: number, vmClass = 'best-effort-small'): string => `apiVersion: run.tanzu.vmware.com/v1alpha3
kind: TanzuKubernetesCluster
metadata:
  name: dev
  namespace: shop
spec:
  topology:
    controlPlane:
      replicas: ${replicas}
      vmClass: ${vmClass}
    nodePools:
    - name: workers
      replicas: 2
`;
  const tkc = (): KubeObject => stub('TanzuKubernetesCluster', 'run.tanzu.vmware.com/v1alpha3', 'dev');

  /** An object created by client-side `kubectl apply`, recorded as an Update by its manager. */
  const clientSideApplied = (): KubeObject => {
    const created: KubeObject = {
      ...tkc(),
      spec: { topology: { controlPlane: { replicas: 1, vmClass: 'best-effort-small' }, nodePools: [{ name: 'workers', replicas: 2 }] } },
    };
    return recordUpdateManager(undefined, created, 'kubectl-client-side-apply', 'Update', { now: T1 });
  };

  it('conflicts with a field another manager set to a different value', () => {
    const error = failure(() => apply(clientSideApplied(), tkcYaml(3)));
    expect(error.reason).toBe('Conflict');
    expect(error.code).toBe(409);
    expect(error.message).toBe(
      `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using run.tanzu.vmware.com/v1alpha3 at ${T1}: .spec.topology.controlPlane.replicas`,
    );
    expect(error.details.causes).toEqual([
      { reason: 'FieldManagerConflict', message: `conflict with "kubectl-client-side-apply" using run.tanzu.vmware.com/v1alpha3 at ${T1}`, field: '.spec.topology.controlPlane.replicas' },
    ]);
  });

  it('prints an Update manager without a time the way the brief example shows', () => {
    const live = clientSideApplied();
    for (const entry of entries(live)) delete entry.time;
    expect(failure(() => apply(live, tkcYaml(3))).message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using run.tanzu.vmware.com/v1alpha3: .spec.topology.controlPlane.replicas',
    );
  });

  it('lists every conflict, grouped by manager', () => {
    const live = clientSideApplied();
    for (const entry of entries(live)) delete entry.time;
    const error = failure(() => apply(live, tkcYaml(3, 'guaranteed-large')));
    expect(error.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using run.tanzu.vmware.com/v1alpha3:\n- .spec.topology.controlPlane.replicas\n- .spec.topology.controlPlane.vmClass',
    );
    expect(error.details.causes).toHaveLength(2);
  });

  it('shares ownership of fields set to the same value, without conflict', () => {
    const result = apply(clientSideApplied(), tkcYaml(1));
    expect(result.spec).toEqual(clientSideApplied().spec);
    const owners = entries(result).map((e) => e.manager);
    expect(owners).toEqual(['kubectl-client-side-apply', 'kubectl']);
    expect(JSON.stringify(entryOf(result, 'kubectl-client-side-apply')?.fieldsV1)).toContain('f:replicas');
  });

  it('force takes ownership of the conflicting fields only', () => {
    const result = apply(clientSideApplied(), tkcYaml(3), { force: true });
    expect((result.spec?.topology as { controlPlane: { replicas: number } }).controlPlane.replicas).toBe(3);
    const other = entryOf(result, 'kubectl-client-side-apply')?.fieldsV1 as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    expect(other['f:spec']?.['f:topology']?.['f:controlPlane']).toEqual({ 'f:vmClass': {} });
    expect(entryOf(result, 'kubectl')?.time).toBe(T2);
  });

  it('conflicts between two appliers name the other applier without a version', () => {
    const first = apply(tkc(), tkcYaml(1), { fieldManager: 'team-a' });
    const error = failure(() => apply(first, tkcYaml(5), { fieldManager: 'team-b' }));
    expect(error.message).toBe('Apply failed with 1 conflict: conflict with "team-a": .spec.topology.controlPlane.replicas');
  });

  it('a field dropped by one applier stays while another manager owns it', () => {
    const a = apply(tkc(), tkcYaml(1), { fieldManager: 'team-a' });
    const both = apply(a, tkcYaml(1), { fieldManager: 'team-b' });
    const dropped = apply(both, 'apiVersion: run.tanzu.vmware.com/v1alpha3\nkind: TanzuKubernetesCluster\nmetadata:\n  name: dev\n', { fieldManager: 'team-a' });
    expect(dropped.spec).toEqual(a.spec);
    expect(entryOf(dropped, 'team-a')).toBeUndefined();
    const gone = apply(dropped, 'apiVersion: run.tanzu.vmware.com/v1alpha3\nkind: TanzuKubernetesCluster\nmetadata:\n  name: dev\n', { fieldManager: 'team-b' });
    expect(gone.spec).toEqual({});
    expect(gone.metadata.managedFields).toBeUndefined();
  });

  it('two managers owning different containers each keep theirs', () => {
    const a = apply(stub('Pod', 'v1'), { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'web', image: 'nginx' }] } }, { fieldManager: 'a' });
    const ab = apply(a, { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'sidecar', image: 'envoy' }] } }, { fieldManager: 'b' });
    expect((ab.spec?.containers as { name: string }[]).map((c) => c.name)).toEqual(['web', 'sidecar']);
    const aDropsWeb = apply(ab, { apiVersion: 'v1', kind: 'Pod', spec: { containers: [] } }, { fieldManager: 'a' });
    expect(aDropsWeb.spec?.containers).toEqual([{ name: 'sidecar', image: 'envoy' }]);
  });

  it('keeps a list item another manager still has fields in, removing only the dropped fields', () => {
    const a = apply(stub('Pod', 'v1'), { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'web', image: 'nginx', args: ['-v'] }] } }, { fieldManager: 'a' });
    const ab = apply(a, { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'web', resources: { limits: { cpu: '1' } } }] } }, { fieldManager: 'b' });
    const result = apply(ab, { apiVersion: 'v1', kind: 'Pod', spec: { containers: [] } }, { fieldManager: 'a' });
    expect(result.spec?.containers).toEqual([{ name: 'web', resources: { limits: { cpu: '1' } } }]);
  });

  it('atomic lists conflict as a whole', () => {
    const a = apply(stub('Pod', 'v1'), { apiVersion: 'v1', kind: 'Pod', spec: { tolerations: [{ key: 'x', operator: 'Exists' }] } }, { fieldManager: 'a' });
    const error = failure(() => apply(a, { apiVersion: 'v1', kind: 'Pod', spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } }, { fieldManager: 'b' }));
    expect(error.message).toBe('Apply failed with 1 conflict: conflict with "a": .spec.tolerations');
  });

  it('keyed list items are addressed by key in conflicts', () => {
    const a = apply(stub('Pod', 'v1'), podYaml('nginx:1.27'), { fieldManager: 'a' });
    const error = failure(() => apply(a, podYaml('nginx:1.28'), { fieldManager: 'b' }));
    expect(error.message).toBe('Apply failed with 1 conflict: conflict with "a": .spec.containers[name="web"].image');
  });

  it('ignores malformed managedFields entries instead of failing', () => {
    const live = stub('Pod', 'v1');
    live.metadata.managedFields = [null, { manager: 3 }, { manager: 'x', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'k:notjson': {}, 'f:spec': 'no' } }];
    const result = apply(live, { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { a: 'b' } } });
    expect(entries(result).map((e) => e.manager)).toEqual(['kubectl']);
  });
});

describe('server-side apply: bad requests', () => {
  it('requires a fieldManager', () => {
    const error = failure(() => applyPatch('application/apply-patch+yaml', stub('Pod', 'v1'), podYaml('x'), { kind: 'Pod' }));
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toBe('fieldManager is required for apply patch');
  });

  const cases: [string, string, RegExp][] = [
    ['invalid YAML', 'metadata: [unclosed', /not valid YAML or JSON/],
    ['invalid JSON', '{"metadata":', /not valid YAML or JSON/],
    ['several documents', 'a: 1\n---\nb: 2\n', /not valid YAML or JSON/],
    ['a scalar', 'just text', /single object/],
    ['a list', '- a\n- b\n', /single object/],
    ['an empty body', '  \n', /empty/],
    ['duplicate keys', 'metadata: {}\nmetadata: {}\n', /not valid YAML or JSON/],
    ['managedFields in the intent', 'metadata:\n  managedFields:\n  - manager: x\n', /metadata.managedFields must be nil/],
    ['a __proto__ key', 'metadata:\n  __proto__:\n    polluted: true\n', /__proto__/],
    ['a container without its name', 'spec:\n  containers:\n  - image: nginx\n', /omits key field "name"/],
  ];
  for (const [what, body, message] of cases) {
    it(`answers 400 for ${what}`, () => {
      const error = failure(() => apply(stub('Pod', 'v1'), body));
      expect(error.reason).toBe('BadRequest');
      expect(error.message).toMatch(message);
    });
  }
});

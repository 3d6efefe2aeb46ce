import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { applyPatch, maxJsonPatchOperations } from '../../../src/adapters/http/kube/patch/index.ts';
import { statusFailure as failure } from './support/status-failure.ts';


const pod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'shop', 'app.kubernetes.io/name': 'web' }, finalizers: ['pacific.io/disk'] },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] },
});

const jsonPatch = (original: KubeObject, ops: unknown): KubeObject =>
  applyPatch('application/json-patch+json', original, JSON.stringify(ops), { kind: original.kind });

describe('JSON patch (RFC 6902)', () => {
  it('applies add, replace, remove, copy, move and test in order', () => {
    const result = jsonPatch(pod(), [
      { op: 'test', path: '/spec/containers/0/name', value: 'web' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.28' },
      { op: 'add', path: '/metadata/labels/tier', value: 'web' },
      { op: 'remove', path: '/metadata/labels/app' },
      { op: 'copy', from: '/metadata/labels/tier', path: '/metadata/annotations' },
      { op: 'move', from: '/metadata/annotations', path: '/spec/role' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'sidecar', image: 'envoy' } },
    ]);
    expect(result.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'web', tier: 'web' });
    expect(result.metadata.annotations).toBeUndefined();
    expect(result.spec?.role).toBe('web');
    expect(result.spec?.containers).toEqual([
      { name: 'web', image: 'nginx:1.28' },
      { name: 'log', image: 'busybox' },
      { name: 'sidecar', image: 'envoy' },
    ]);
  });

  it('handles escaped pointer segments (~1 for "/")', () => {
    const result = jsonPatch(pod(), [{ op: 'remove', path: '/metadata/labels/app.kubernetes.io~1name' }]);
    expect(result.metadata.labels).toEqual({ app: 'shop' });
  });

  it('clears finalizers the way `kubectl patch --type json` is commonly used to', () => {
    const result = jsonPatch(pod(), [{ op: 'remove', path: '/metadata/finalizers' }]);
    expect(result.metadata.finalizers).toBeUndefined();
  });

  it('is all or nothing and never mutates the original', () => {
    const original = pod();
    const snapshot = structuredClone(original);
    const error = failure(() =>
      jsonPatch(original, [
        { op: 'replace', path: '/spec/containers/0/image', value: 'changed' },
        { op: 'test', path: '/metadata/labels/app', value: 'other' },
      ]),
    );
    expect(error.reason).toBe('Invalid');
    expect(original).toEqual(snapshot);
    const result = jsonPatch(original, [{ op: 'replace', path: '/spec/containers/0/image', value: 'changed' }]);
    expect(original).toEqual(snapshot);
    expect(result.spec?.containers).not.toBe(original.spec?.containers);
  });

  it('answers 422 Invalid when a test operation fails, naming the operation and path', () => {
    const error = failure(() => jsonPatch(pod(), [{ op: 'test', path: '/metadata/labels/app', value: 'other' }]));
    expect(error.code).toBe(422);
    expect(error.reason).toBe('Invalid');
    expect(error.message).toBe('the JSON patch could not be applied: operation 0 (test /metadata/labels/app): the value at /metadata/labels/app is not "other"');
  });

  it('answers 422 for a move into one of its own children (RFC 6902 4.4), and leaves the object whole', () => {
    const original = pod();
    const error = failure(() => jsonPatch(original, [{ op: 'move', from: '/metadata', path: '/metadata/resourceVersion' }]));
    expect(error.code).toBe(422);
    expect(error.message).toMatch(/operation 0 \(move \/metadata\/resourceVersion\): "from" \/metadata cannot be moved into one of its children/);
    expect(original).toEqual(pod());
    // A sibling that merely shares a prefix is not a child.
    expect(jsonPatch(pod(), [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/application' }]).metadata.labels).toMatchObject({ application: 'shop' });
  });

  it('answers 422 for paths that do not exist', () => {
    const cases: [unknown, RegExp][] = [
      [{ op: 'remove', path: '/metadata/labels/missing' }, /path \/metadata\/labels\/missing does not exist/],
      [{ op: 'replace', path: '/spec/missing', value: 1 }, /does not exist/],
      [{ op: 'add', path: '/spec/missing/deeper', value: 1 }, /parent of \/spec\/missing\/deeper does not exist/],
      [{ op: 'move', from: '/spec/nothing', path: '/spec/x' }, /path \/spec\/nothing does not exist/],
      [{ op: 'add', path: '/spec/containers/7', value: {} }, /not a valid index/],
    ];
    for (const [op, message] of cases) {
      const error = failure(() => jsonPatch(pod(), [op]));
      expect(error.reason).toBe('Invalid');
      expect(error.message).toMatch(message);
    }
  });

  it('answers 400 BadRequest for a malformed patch document', () => {
    const cases: [string, RegExp][] = [
      ['{"op":"add"}', /must be a JSON array/],
      ['[{"op":"add","path":"/a"', /not valid JSON/],
      ['[1]', /operation 0: not a JSON object/],
      ['[{"op":"merge","path":"/a","value":1}]', /"op" must be one of/],
      ['[{"op":"add","value":1}]', /"path" must be a string/],
      ['[{"op":"add","path":"metadata","value":1}]', /must be a JSON pointer/],
      ['[{"op":"add","path":"/a"}]', /"value" is required for add/],
      ['[{"op":"test","path":"/a"}]', /"value" is required for test/],
      ['[{"op":"copy","path":"/a"}]', /"from" must be a string/],
      ['[{"op":"add","path":"/__proto__/polluted","value":true}]', /may not address/],
      ['', /empty/],
    ];
    for (const [body, message] of cases) {
      const error = failure(() => applyPatch('application/json-patch+json', pod(), body, { kind: 'Pod' }));
      expect(error.reason, body).toBe('BadRequest');
      expect(error.message, body).toMatch(message);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses more operations than Kubernetes allows with 413', () => {
    const ops = Array.from({ length: maxJsonPatchOperations + 1 }, () => ({ op: 'test', path: '/kind', value: 'Pod' }));
    const error = failure(() => jsonPatch(pod(), ops));
    expect(error.reason).toBe('RequestEntityTooLarge');
    expect(error.code).toBe(413);
  });

  it('refuses a patch that replaces the whole object with something that is not an object', () => {
    const error = failure(() => jsonPatch(pod(), [{ op: 'replace', path: '', value: [1] }]));
    expect(error.reason).toBe('Invalid');
  });

  it('accepts an empty list of operations', () => {
    expect(jsonPatch(pod(), [])).toEqual(pod());
  });
});

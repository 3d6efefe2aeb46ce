import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { applyPatch } from '../../../src/adapters/http/kube/patch/index.ts';
import { statusFailure as failure } from './support/status-failure.ts';


const vm = (): KubeObject => ({
  apiVersion: 'vmoperator.vmware.com/v1alpha3',
  kind: 'VirtualMachine',
  metadata: { name: 'db', namespace: 'shop', uid: 'u-1', labels: { app: 'shop', tier: 'db' }, annotations: { note: 'x' } },
  spec: {
    className: 'best-effort-small',
    powerState: 'PoweredOn',
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'db-data' } }],
    network: { interfaces: [{ name: 'eth0' }] },
  },
});

const merge = (original: KubeObject, patch: unknown, kind = original.kind): KubeObject =>
  applyPatch('application/merge-patch+json', original, JSON.stringify(patch), { kind });

describe('merge patch (RFC 7386)', () => {
  it('adds a label the way `kubectl label vm db a=b` sends it', () => {
    const result = merge(vm(), { metadata: { labels: { a: 'b' } } });
    expect(result.metadata.labels).toEqual({ app: 'shop', tier: 'db', a: 'b' });
  });

  it('removes a label the way `kubectl label vm db tier-` sends it', () => {
    const result = merge(vm(), { metadata: { labels: { tier: null } } });
    expect(result.metadata.labels).toEqual({ app: 'shop' });
  });

  it('merges nested objects and leaves untouched fields alone', () => {
    const result = merge(vm(), { spec: { powerState: 'PoweredOff' } });
    expect(result.spec).toEqual({ ...vm().spec, powerState: 'PoweredOff' });
    expect(result.metadata).toEqual(vm().metadata);
  });

  it('replaces arrays whole instead of merging their items', () => {
    const result = merge(vm(), { spec: { volumes: [{ name: 'logs', persistentVolumeClaim: { claimName: 'logs' } }] } });
    expect(result.spec?.volumes).toEqual([{ name: 'logs', persistentVolumeClaim: { claimName: 'logs' } }]);
  });

  it('deletes a whole subtree with null and creates missing objects', () => {
    const result = merge(vm(), { spec: { network: null, bootstrap: { cloudInit: { rawCloudConfig: { key: 'user-data' } } } } });
    expect(result.spec?.network).toBeUndefined();
    expect(result.spec?.bootstrap).toEqual({ cloudInit: { rawCloudConfig: { key: 'user-data' } } });
  });

  it('drops nulls nested inside a newly created object', () => {
    const result = merge(vm(), { spec: { reserved: { a: null, b: 1 } } });
    expect(result.spec?.reserved).toEqual({ b: 1 });
  });

  it('replaces a primitive with an object and an object with a primitive', () => {
    const result = merge(vm(), { spec: { className: { name: 'x' }, network: 'none' } });
    expect(result.spec?.className).toEqual({ name: 'x' });
    expect(result.spec?.network).toBe('none');
  });

  it('never mutates the original object', () => {
    const original = vm();
    const snapshot = structuredClone(original);
    const result = merge(original, { metadata: { labels: { tier: null, a: 'b' } }, spec: { network: { interfaces: [] } } });
    expect(original).toEqual(snapshot);
    (result.metadata.labels as Record<string, string>).x = 'y';
    expect(original).toEqual(snapshot);
  });

  it('accepts a Buffer body and a content type with parameters', () => {
    const result = applyPatch('Application/Merge-Patch+JSON; charset=utf-8', vm(), Buffer.from('{"spec":{"powerState":"Suspended"}}'), { kind: 'VirtualMachine' });
    expect(result.spec?.powerState).toBe('Suspended');
  });

  it('an empty patch changes nothing', () => {
    expect(merge(vm(), {})).toEqual(vm());
  });

  it('treats "constructor" as an ordinary field and refuses "__proto__"', () => {
    const result = merge(vm(), { spec: { constructor: { a: 1 } } });
    expect(result.spec?.constructor).toEqual({ a: 1 });
    const error = failure(() => applyPatch('application/merge-patch+json', vm(), '{"spec":{"__proto__":{"polluted":true}}}', { kind: 'VirtualMachine' }));
    expect(error.reason).toBe('BadRequest');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 400 for a body that is not JSON, is empty, or is not an object', () => {
    for (const body of ['{"metadata":', '', '[]', '"text"', 'null']) {
      const error = failure(() => applyPatch('application/merge-patch+json', vm(), body, { kind: 'VirtualMachine' }));
      expect(error.reason).toBe('BadRequest');
      expect(error.code).toBe(400);
    }
    expect(failure(() => applyPatch('application/merge-patch+json', vm(), '{"metadata":', { kind: 'VirtualMachine' })).message).toMatch(/not valid JSON/);
  });
});

describe('patch content types', () => {
  it('answers 415 for an unknown media type, listing the accepted ones', () => {
    const error = failure(() => applyPatch('application/json', vm(), '{}', { kind: 'VirtualMachine' }));
    expect(error.reason).toBe('UnsupportedMediaType');
    expect(error.code).toBe(415);
    expect(error.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });

  it('lists strategic merge patch among the accepted types of a core kind', () => {
    const error = failure(() => applyPatch('text/plain', vm(), '{}', { kind: 'Pod' }));
    expect(error.message).toContain('application/strategic-merge-patch+json');
  });

  it('refuses strategic merge patch for a custom kind with 415, as Kubernetes does for CRDs', () => {
    const error = failure(() => applyPatch('application/strategic-merge-patch+json', vm(), '{"spec":{}}', { kind: 'VirtualMachine' }));
    expect(error.reason).toBe('UnsupportedMediaType');
    expect(error.message).not.toContain('strategic');
  });

  it('refuses force on a patch that is not an apply patch with 422, as Kubernetes validates PatchOptions', () => {
    const error = failure(() => applyPatch('application/merge-patch+json', vm(), '{}', { kind: 'VirtualMachine', force: true }));
    expect(error.reason).toBe('Invalid');
    expect(error.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
    expect(error.details.causes).toEqual([{ reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' }]);
    expect(applyPatch('application/merge-patch+json', vm(), '{}', { kind: 'VirtualMachine', force: false })).toEqual(vm());
  });
});

import { describe, expect, it } from 'vitest';
import { admitObject } from '../../../src/adapters/http/admission/admit-object.ts';
import { MAX_OBJECT_BYTES } from '../../../src/adapters/http/admission/limits.ts';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { findByKind } from '../../../src/adapters/http/kube/resource-types.ts';
import { StatusError } from '../../../src/adapters/http/kube/status.ts';

const podType = findByKind('', 'Pod')!;
const namespaceType = findByKind('', 'Namespace')!;
const pod = (metadata: Record<string, unknown> = {}, container: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', ...metadata },
  spec: { containers: [{ name: 'web', image: 'nginx', ...container }] },
});

const refusal = (run: () => void): StatusError => {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('admitObject', () => {
  it('lets a well-formed object through', () => {
    expect(() => admitObject(podType, pod({ labels: { app: 'web' } }, { resources: { requests: { cpu: '500m', memory: '1Gi' } } }))).not.toThrow();
  });

  it('refuses an object larger than 1.5 MiB once encoded, with 413', () => {
    const status = refusal(() => admitObject(podType, pod({ annotations: { big: 'x'.repeat(200_000) } }, { args: ['y'.repeat(MAX_OBJECT_BYTES)] })));
    expect(status.code).toBe(413);
    expect(status.message).toMatch(/Pod "web" is too large: \d+ bytes once encoded as JSON, the limit is 1572864 bytes/);
  });

  it('checks the size of /status writes too, but not their spec', () => {
    expect(() => admitObject(podType, pod({}, { resources: { requests: { cpu: 'lots' } } }), 'status')).not.toThrow();
    expect(refusal(() => admitObject(podType, { ...pod(), status: { message: 'x'.repeat(MAX_OBJECT_BYTES) } }, 'status')).code).toBe(413);
  });

  it('refuses objects nested deeper than a body may be', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 120; i++) deep = { a: deep };
    const status = refusal(() => admitObject(podType, { ...pod(), spec: { containers: [{ name: 'web', image: 'x' }], extra: deep } }));
    expect(status.code).toBe(422);
    expect(status.message).toMatch(/nested deeper than 100 levels/);
  });

  it('reports metadata, name and quantity problems together, one cause per field', () => {
    const status = refusal(() => admitObject(podType, pod({ labels: { app: 'not ok!' }, namespace: 'Not_A_Label' }, { resources: { limits: { memory: '12 GB' } } })));
    expect(status.code).toBe(422);
    expect(status.details.causes!.map((cause) => cause.field)).toEqual(['metadata.labels', 'metadata.namespace', 'spec.containers[0].resources.limits[memory]']);
    expect(status.message).toMatch(/^Pod "web" is invalid: metadata.labels: .*, metadata.namespace: .*, spec.containers\[0\].resources.limits\[memory\]: Invalid value: "12 GB": quantities must match/);
  });

  it('wants a namespace name to be a DNS-1123 label: no dots, at most 63 characters', () => {
    expect(() => admitObject(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } })).not.toThrow();
    for (const name of ['team.a', 'a'.repeat(64)]) {
      const status = refusal(() => admitObject(namespaceType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
      expect(status.details.causes).toEqual([expect.objectContaining({ field: 'metadata.name', message: expect.stringMatching(/RFC 1123 label/) })]);
    }
  });

  it('keeps the existing metadata limits: 253-character names, 63-character label values, 256 KiB of annotations', () => {
    expect(refusal(() => admitObject(podType, pod({ name: 'a'.repeat(254) }))).details.causes![0]!.field).toBe('metadata.name');
    expect(refusal(() => admitObject(podType, pod({ labels: { app: 'x'.repeat(64) } }))).details.causes![0]!.field).toBe('metadata.labels');
    expect(refusal(() => admitObject(podType, pod({ annotations: { note: 'x'.repeat(256 * 1024) } }))).details.causes![0]!.field).toBe('metadata.annotations');
  });
});

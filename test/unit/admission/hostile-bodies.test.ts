import { describe, expect, it } from 'vitest';
import { parseApiPath } from '../../../src/adapters/http/kube/api-path.ts';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { applyPatch } from '../../../src/adapters/http/kube/patch/index.ts';
import { parseKubeDocument } from '../../../src/adapters/http/ops/body.ts';
import { statusFailure as failure } from '../http/support/status-failure.ts';

/** Inputs the fuzz test found to crash a request (500) or the process (out of memory); each is now a 4xx Status. */

const pod = (): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
const deepJson = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('hostile request bodies', () => {
  it('caps what JSON-patch copies add up to, so doubling the object in a loop cannot exhaust memory', () => {
    const bomb = Array.from({ length: 60 }, (_, i) => ({ op: 'copy', from: '/spec', path: `/spec/c${i}` }));
    const status = failure(() => applyPatch('application/json-patch+json', pod(), JSON.stringify(bomb), { kind: 'Pod' }));
    expect(status.code).toBe(413);
    expect(status.message).toMatch(/copy operations add up to more than 1572864 bytes/);
    // A few honest copies still apply.
    const copied = applyPatch('application/json-patch+json', pod(), JSON.stringify(bomb.slice(0, 3)), { kind: 'Pod' });
    expect(Object.keys(copied.spec!)).toEqual(['containers', 'c0', 'c1', 'c2']);
  });

  it.each(['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json'])('refuses a %s nested deeper than 100 levels (it would overflow the stack)', (type) => {
    const status = failure(() => applyPatch(type, pod(), deepJson(5000), { kind: 'Pod' }));
    expect(status.code).toBe(400);
    expect(status.message).toMatch(/nested deeper than 100 levels/);
  });

  it('refuses an apply patch nested deeper than 100 levels, in JSON or YAML', () => {
    const yaml = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n';
    for (const body of [deepJson(300), yaml]) {
      const status = failure(() => applyPatch('application/apply-patch+yaml', pod(), body, { kind: 'Pod', fieldManager: 'x' }));
      expect(status.message).toMatch(/nested deeper than 100 levels/);
    }
  });

  it('keeps the YAML warnings of an apply patch (an unknown tag) off the server process', async () => {
    const warnings: Error[] = [];
    const listen = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', listen);
    try {
      applyPatch('application/apply-patch+yaml', pod(), 'metadata:\n  labels: !unknown {a: b}\n', { kind: 'Pod', fieldManager: 'x' });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listen);
    }
    expect(warnings).toEqual([]);
  });

  it('refuses a YAML document whose top level is a tagged scalar such as !!binary', () => {
    const status = failure(() => parseKubeDocument(Buffer.from('--- !!binary aGVsbG8=\n'), 'application/yaml'));
    expect(status.code).toBe(400);
    expect(status.message).toMatch(/expected an object at the top level, got (Buffer|Uint8Array)/);
  });

  it('answers 400 for malformed percent-encoding in the path', () => {
    const status = failure(() => parseApiPath('/api/v1/namespaces/%ZZ/pods'));
    expect(status.code).toBe(400);
    expect(status.message).toMatch(/malformed percent-encoding in "%ZZ"/);
  });
});

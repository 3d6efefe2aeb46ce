import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { findByApiVersionKind, findByKind } from '../../../src/adapters/http/kube/resource-types.ts';
import { enforceFieldValidation, fieldValidationOf, unknownFields } from '../../../src/adapters/http/kube/validation/unknown-fields.ts';
import { duplicateFields } from '../../../src/adapters/http/ops/yaml-body.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const podType = findByKind('', 'Pod')!;
const vmType = findByKind('vmoperator.vmware.com', 'VirtualMachine')!;
const tkcType = findByKind('run.tanzu.vmware.com', 'TanzuKubernetesCluster')!;
const paths = (type: typeof podType, object: unknown): string[] => unknownFields(type, object as KubeObject).map((field) => field.path);

/** Manifests from the README and the test fixtures: all of them must pass kubectl's default (Strict). */
const shippedManifests = (): KubeObject[] => {
  const fixtures = join(root, 'test/acceptance/fixtures');
  const texts = readdirSync(fixtures)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => readFileSync(join(fixtures, file), 'utf8'));
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const block of readme.matchAll(/```yaml\n([\s\S]*?)```/g)) texts.push(block[1]!);
  return texts.flatMap((text) => parseAllDocuments(text).map((document) => document.toJS() as KubeObject)).filter((object) => object?.kind);
};

describe('unknown fields', () => {
  it('names unknown fields of closed objects with kube-apiserver paths; maps and open objects take any key', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { anything: 'goes' }, annotationz: {} },
      spec: {
        nodeSelector: { 'any/key': 'x' },
        containers: [{ name: 'a', image: 'x', livenessProbe: { anyProbeField: 1 } }, { name: 'b', image: 'y', imagee: 'z', resources: { requests: { cpu: '1' }, limitz: {} } }],
        volumes: [{ name: 'v', csi: { driver: 'kept-open' } }],
        bogus: true,
      },
      status: { phase: 'Pending', anyStatusField: 1 },
      extra: 1,
    };
    expect(paths(podType, pod)).toEqual(['metadata.annotationz', 'spec.containers[1].imagee', 'spec.containers[1].resources.limitz', 'spec.bogus', 'extra']);
  });

  it('does not take fields named like Object.prototype members for known ones', () => {
    expect(paths(podType, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', constructor: 1, toString: 2 }, spec: { containers: [] } })).toEqual(['metadata.constructor', 'metadata.toString']);
  });

  it('accepts the shipped manifests and the richer shapes of the vSphere kinds as they are', () => {
    const manifests = shippedManifests();
    expect(manifests.length).toBeGreaterThan(3);
    for (const object of manifests) {
      const type = findByApiVersionKind(object.apiVersion, object.kind);
      expect(type, `${object.apiVersion} ${object.kind}`).toBeDefined();
      expect(paths(type!, object), `${object.kind} ${object.metadata?.name}`).toEqual([]);
    }
    const vm = {
      apiVersion: 'vmoperator.vmware.com/v1alpha3',
      kind: 'VirtualMachine',
      metadata: { name: 'db' },
      spec: {
        className: 'best-effort-small',
        imageName: 'ubuntu-22.04',
        storageClass: 'gold',
        network: { interfaces: [{ name: 'eth0', network: { kind: 'SubnetSet', name: 'default' }, nameservers: ['10.0.0.2'] }] },
        bootstrap: { cloudInit: { cloudConfig: { users: [{ name: 'dev' }] } } },
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      },
    };
    expect(paths(vmType, vm)).toEqual([]);
    const tkc = {
      apiVersion: 'run.tanzu.vmware.com/v1alpha3',
      kind: 'TanzuKubernetesCluster',
      metadata: { name: 'c' },
      spec: {
        topology: {
          controlPlane: { replicas: 1, vmClass: 'x', storageClass: 'gold', tkr: { reference: { kind: 'TanzuKubernetesRelease', name: 'v1.29.4' } } },
          nodePools: [{ name: 'w', replicas: 2, vmClass: 'x', storageClass: 'gold', volumes: [{ name: 'containerd', mountPath: '/var/lib/containerd', capacity: { storage: '50Gi' } }] }],
        },
        settings: { network: { cni: { name: 'antrea' }, pods: { cidrBlocks: ['192.0.2.0/16'] }, services: { cidrBlocks: ['198.51.100.0/12'] } }, storage: { defaultClass: 'gold' } },
      },
    };
    expect(paths(tkcType, tkc)).toEqual([]);
    expect(paths(tkcType, { ...tkc, spec: { ...tkc.spec, topology: { ...tkc.spec.topology, workers: [] } } })).toEqual(['spec.topology.workers']);
  });

  it('Strict refuses, Warn drops and reports, Ignore drops quietly; fields already unknown before a patch are not the writer\'s', () => {
    const object = (): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], typo: 1 } }) as unknown as KubeObject;
    expect(() => enforceFieldValidation(podType, 'v1', 'Strict', object())).toThrow('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.typo"');
    const warned = object();
    expect(enforceFieldValidation(podType, 'v1', 'Warn', warned)).toEqual(['unknown field "spec.typo"']);
    expect(warned.spec).toEqual({ containers: [] });
    const ignored = object();
    expect(enforceFieldValidation(podType, 'v1', 'Ignore', ignored)).toEqual([]);
    expect(ignored.spec).toEqual({ containers: [] });
    const patched = object();
    expect(enforceFieldValidation(podType, 'v1', 'Strict', patched, object())).toEqual([]);
    expect(patched.spec).toHaveProperty('typo');
  });

  it('reads the directive as kube-apiserver does: Warn when absent, 400 for anything unknown', () => {
    expect(fieldValidationOf(undefined)).toBe('Warn');
    expect(fieldValidationOf('Strict')).toBe('Strict');
    expect(fieldValidationOf('ignore')).toBe('Ignore');
    expect(() => fieldValidationOf('Loud')).toThrow(/Unsupported value: "Loud"/);
  });

  it('finds keys repeated within one mapping, in JSON or YAML, by path; the same key in two mappings is no duplicate', () => {
    expect(duplicateFields('{"a":1,"a":2,"b":{"c":[{"d":1,"e":2,"d":3}],"a":4}}')).toEqual(['a', 'b.c[0].d']);
    expect(duplicateFields('metadata:\n  labels:\n    x: "1"\n    x: "2"\nspec: {}\n')).toEqual(['metadata.labels.x']);
    expect(duplicateFields('{"a":1}')).toEqual([]);
    expect(duplicateFields('{not json or yaml: [')).toEqual([]);
  });
});

import fc from 'fast-check';
import protobuf from 'protobufjs/minimal.js';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiPath } from '../../src/adapters/http/kube/api-path.ts';
import { resourceTypes } from '../../src/adapters/http/kube/resource-types.ts';
import type { ResourceType } from '../../src/adapters/http/kube/resource-type.ts';
import { startHttpPacific, type HttpPacific } from './support/http-pacific.ts';

/**
 * Hostile input against the whole HTTP app: every generated request is malformed, adversarial, a read,
 * or a write that is refused by construction (a "poison": an absent namespace or object, an invalid name,
 * a name that already exists, a stale resourceVersion, a failing JSON-patch test, dryRun=All, a body that
 * decodes to no object, ...). So no response may be a 5xx, every error is a Status, and the log and the
 * inventory must not move at all. Requests go in concurrent batches; FUZZ_RUNS (batches), FUZZ_BATCH
 * and FUZZ_SEED reproduce or extend a run. Under CI the seed is fixed (a run that passes keeps
 * passing); elsewhere each run draws a new one and prints it, to keep exploring.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const BATCH = Number(process.env.FUZZ_BATCH ?? 40);
/** A seed that once found a 500 (a JSON-patch move into its own child). */
const CI_SEED = 637488631;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? CI_SEED : undefined;
const NS = 'fuzz';
const ABSENT_NS = 'fuzz-absent';

// ---------- the world the fuzzer attacks ----------

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'fuzz' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } } }] },
});
const templates: Record<string, (name: string) => Record<string, unknown>> = {
  Namespace: (name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
  Pod: pod,
  PersistentVolumeClaim: (name) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fuzz-gold', resources: { requests: { storage: '1Gi' } } } }),
  ResourceQuota: (name) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard: { pods: '100', 'requests.cpu': '40', 'requests.memory': '64Gi', 'requests.storage': '1Ti' } } }),
  StorageClass: (name) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'csi.vsphere.vmware.com' }),
  VirtualMachine: (name) => ({ apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachine', metadata: { name }, spec: { className: 'best-effort-small', imageName: 'ubuntu-22.04', storageClass: 'fuzz-gold', powerState: 'PoweredOn' } }),
  VirtualMachineClass: (name) => ({ apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachineClass', metadata: { name }, spec: { hardware: { cpus: 2, memory: '4Gi' } } }),
  TanzuKubernetesCluster: (name) => ({
    apiVersion: 'run.tanzu.vmware.com/v1alpha3',
    kind: 'TanzuKubernetesCluster',
    metadata: { name },
    spec: { topology: { controlPlane: { replicas: 1, vmClass: 'best-effort-small', storageClass: 'fuzz-gold' }, nodePools: [{ name: 'workers', replicas: 1, vmClass: 'best-effort-small', storageClass: 'fuzz-gold' }] } },
  }),
};

/** What the fixture creates: [path of the collection, body]. */
const fixtures: [string, Record<string, unknown>][] = [
  ['/api/v1/namespaces', templates.Namespace!(NS)],
  ['/apis/storage.k8s.io/v1/storageclasses', templates.StorageClass!('fuzz-gold')],
  [`/api/v1/namespaces/${NS}/resourcequotas`, templates.ResourceQuota!('quota-1')],
  [`/api/v1/namespaces/${NS}/pods`, templates.Pod!('pod-1')],
  [`/api/v1/namespaces/${NS}/persistentvolumeclaims`, templates.PersistentVolumeClaim!('claim-1')],
  [`/apis/vmoperator.vmware.com/v1alpha3/namespaces/${NS}/virtualmachines`, templates.VirtualMachine!('vm-1')],
];
const existingNames = ['pod-1', 'claim-1', 'quota-1', 'vm-1', 'fuzz-gold', NS, 'best-effort-small', 'ubuntu-22.04', 'esx-01', 'default'];

// ---------- building blocks ----------

const invalidNames = ['UPPER', 'a_b', 'x.', '-x', 'x'.repeat(254), 'ñame', '..', '.', 'a/b', ' ', 'a b', 'é'.repeat(10), '\u0000', 'pod-1\n'];
const pathSegment = fc.oneof(
  fc.constantFrom(...invalidNames.map(encodeURIComponent), '%ZZ', '%', '%00', '%2F', '%2e%2e', '..', '', '~', 'a%20b', '%E0%A4%A', 'status', 'eviction', 'scale'),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
  fc.webSegment(),
);
const missingName = fc.constantFrom('fuzz-missing', 'nope-0', 'x'.repeat(60));
const invalidName = fc.constantFrom(...invalidNames);

const weirdValue = fc.oneof(
  fc.constantFrom('', ' ', 'true', 'false', '1', '0', '-1', '1e309', 'NaN', 'Infinity', '0x10', '9007199254740993', 'All', 'None', 'Object', 'Metadata', 'null', '[]', '{}'),
  fc.constantFrom('a=b', 'a==b', 'a!=b', 'a in (b,c)', 'a notin (b)', '!a', 'a in (b', 'a,', ',', '=', '!=', 'a=b,c', 'metadata.name=pod-1', 'status.phase=Running', 'spec.nodeName!=', 'x.y.z=1', 'a=' + 'b'.repeat(300)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.base64String({ maxLength: 40 }),
  fc.integer().map(String),
);
const queryKeys = ['labelSelector', 'fieldSelector', 'limit', 'continue', 'watch', 'resourceVersion', 'resourceVersionMatch', 'timeoutSeconds', 'allowWatchBookmarks', 'sendInitialEvents', 'includeObject', 'fieldManager', 'force', 'pretty', 'propagationPolicy', 'gracePeriodSeconds', 'fieldValidation', 'dryRun'];
const queryPairs = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...queryKeys), fc.string({ maxLength: 10 })), weirdValue), { maxLength: 5 });

const accepts = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=Table;v=v1beta1;g=meta.k8s.io',
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
  'application/json;as=Table;v=v9;g=meta.k8s.io',
  'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
  'application/json;as=Table',
  '*/*',
  'text/html',
  '',
  ';;;',
  'application/json;q=abc',
];
const acceptHeader = fc.oneof(fc.constantFrom(...accepts), fc.string({ unit: 'grapheme-ascii', maxLength: 30 }));
const printable = (text: string): string => text.replace(/[^\x20-\x7e]/g, '');

/** JSON values with the keys attackers like: prototype pollution and Kubernetes patch directives. */
const nastyKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$patch', '$retainKeys', '$setElementOrder/containers', '$deleteFromPrimitiveList/finalizers', 'metadata', 'spec', 'status', 'kind', 'apiVersion', ''),
  fc.string({ maxLength: 12 }),
);
const scalar = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('500m', '1Gi', '-1', '1e400', '1.5.5', 'Ki', '0x1f', '∞', '1Zi', '9'.repeat(40), '.', '+', '1e-400'));
const { value: jsonish } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(nastyKey, tie('value'), { maxKeys: 4 })),
}));
/** Text of a JSON object whose `__proto__` keys are real keys (an object literal would set the prototype). */
const withProtoKeys = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) => (inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner)) : inner));

const deepJson = (depth: number, array: boolean): string => (array ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
const deepYaml = (depth: number): string => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n';
const aliasBomb = (levels: number): string => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  return lines.join('\n') + '\nkind: Pod\n';
};

/** The Kubernetes protobuf envelope (magic, runtime.Unknown) around arbitrary bytes, maybe cut short. */
const protobufBody = (apiVersion: string, kind: string, raw: Uint8Array, cut: number | null): Uint8Array => {
  const typeMeta = protobuf.Writer.create().uint32(10).string(apiVersion).uint32(18).string(kind).finish();
  const unknown = protobuf.Writer.create().uint32(10).bytes(typeMeta).uint32(18).bytes(raw).uint32(26).string('').uint32(34).string('').finish();
  const whole = Buffer.concat([Buffer.from('k8s\0', 'binary'), Buffer.from(unknown)]);
  return cut === null ? whole : whole.subarray(0, Math.min(cut, whole.length));
};

/** Sets `value` at a path of keys inside a copy of `object`, creating objects on the way. */
const setAt = (object: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> => {
  const copy = structuredClone(object);
  let cursor: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(cursor, key) ? cursor[key] : undefined;
    if (typeof next !== 'object' || next === null) Object.defineProperty(cursor, key, { value: {}, enumerable: true, writable: true, configurable: true });
    cursor = cursor[key] as Record<string, unknown>;
  }
  Object.defineProperty(cursor, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return copy;
};

const specPaths = [
  ['spec'], ['spec', 'containers'], ['spec', 'containers', '0'], ['spec', 'containers', '0', 'resources', 'requests', 'cpu'], ['spec', 'containers', '0', 'resources', 'limits', 'memory'],
  ['spec', 'hard'], ['spec', 'hard', 'requests.cpu'], ['spec', 'hard', 'pods'], ['spec', 'resources', 'requests', 'storage'], ['spec', 'hardware', 'cpus'], ['spec', 'hardware', 'memory'],
  ['spec', 'className'], ['spec', 'powerState'], ['spec', 'topology', 'nodePools'], ['spec', 'topology', 'controlPlane', 'replicas'], ['metadata'], ['metadata', 'labels'], ['metadata', 'annotations'],
  ['metadata', 'labels', 'a'], ['metadata', 'finalizers'], ['metadata', 'ownerReferences'], ['metadata', 'generateName'], ['metadata', '__proto__', 'polluted'], ['__proto__', 'polluted'], ['constructor', 'prototype', 'polluted'],
  ['status'], ['kind'], ['apiVersion'], ['provisioner'], ['metadata', 'resourceVersion'], ['metadata', 'uid'], ['metadata', 'deletionTimestamp'],
];
const mutation = fc.tuple(fc.constantFrom(...specPaths), fc.oneof(jsonish, scalar, fc.constantFrom('x'.repeat(70_000), 'y'.repeat(300_000))));

/** A kube-shaped object for the kind, with random fields broken. */
const mutatedObject = (kind: string): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(fc.constantFrom('obj-a', 'pod-1', 'vm-1'), fc.array(mutation, { maxLength: 4 }))
    .map(([name, mutations]) => mutations.reduce((object, [path, value]) => setAt(object, path, value), (templates[kind] ?? templates.Pod!)(name)));

type Format = 'json' | 'yaml' | 'protobuf' | 'raw';
interface Body {
  format: Format;
  contentType: string;
  object?: Record<string, unknown>;
  bytes?: string | Uint8Array;
}

const encode = (body: Body): string | Uint8Array | undefined => {
  if (body.bytes !== undefined) return body.bytes;
  if (body.object === undefined) return undefined;
  return body.format === 'yaml' ? toYaml(body.object) : withProtoKeys(body.object);
};

/** Whether a text decodes to an object as JSON or YAML: then it is no garbage. */
const decodesToObject = (text: string): boolean => {
  for (const parse of [(t: string) => JSON.parse(t) as unknown, (t: string) => parseYaml(t, { logLevel: 'silent' }) as unknown]) {
    try {
      const value = parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return true;
    } catch {
      // not this format
    }
  }
  return false;
};
const notAnObject = (text: fc.Arbitrary<string>): fc.Arbitrary<string> => text.filter((candidate) => !decodesToObject(candidate));

/** Bodies that are malformed whatever the request: none decodes to an object. */
const garbageBody: fc.Arbitrary<Body> = fc.oneof(
  fc.record({ format: fc.constant<Format>('raw'), contentType: fc.constantFrom('application/json', 'application/yaml', ''), bytes: notAnObject(fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('', ' ', '\uFEFF', 'null', '[]', '1', '"x"', '{', '{"a":1', 'a: [', '- 1', '--- !!binary aGk=', '\u0000\u0001'))) }),
  fc.record({ format: fc.constant<Format>('raw'), contentType: fc.constantFrom('application/json', ''), bytes: fc.tuple(fc.integer({ min: 101, max: 200_000 }), fc.boolean()).map(([depth, array]) => deepJson(depth, array)) }),
  fc.record({ format: fc.constant<Format>('raw'), contentType: fc.constantFrom('application/yaml', 'text/yaml'), bytes: fc.oneof(fc.integer({ min: 101, max: 2_600 }).map(deepYaml), fc.integer({ min: 4, max: 9 }).map(aliasBomb), fc.integer({ min: 101, max: 100_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth))) }),
  fc.record({ format: fc.constant<Format>('raw'), contentType: fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded', 'application/json;charset=ebcdic', 'garbage', 'application/cbor'), bytes: notAnObject(fc.string({ maxLength: 50 })) }),
  fc.record({ format: fc.constant<Format>('raw'), contentType: fc.constant('application/json'), bytes: fc.uint8Array({ maxLength: 64 }).map((bytes) => Uint8Array.from([0xff, 0xfe, ...bytes])) }),
);

const objectBody = (kind: string): fc.Arbitrary<Body> =>
  fc.oneof(
    fc.record({ format: fc.constantFrom<Format>('json', 'yaml'), contentType: fc.constant(''), object: mutatedObject(kind) }).map((body) => ({ ...body, contentType: body.format === 'yaml' ? 'application/yaml' : 'application/json' })),
    fc.record({ format: fc.constant<Format>('json'), contentType: fc.constant('application/json'), object: fc.dictionary(nastyKey, jsonish, { maxKeys: 5 }) }),
    fc
      .tuple(fc.constantFrom('v1', 'vmoperator.vmware.com/v1alpha3', 'x'), fc.constantFrom(kind, 'Pod', 'Namespace', ''), fc.uint8Array({ maxLength: 80 }), fc.option(fc.nat({ max: 120 })))
      .map(([apiVersion, k, raw, cut]): Body => ({ format: 'protobuf', contentType: 'application/vnd.kubernetes.protobuf', bytes: protobufBody(apiVersion, k, raw, cut) })),
    fc.constant<Body>({ format: 'protobuf', contentType: 'application/vnd.kubernetes.protobuf', bytes: Buffer.from('k8s\0\n\u0080\u0080\u0080\u0080\u0080', 'binary') }),
  );

const jsonPatchOp = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test'), fc.string({ maxLength: 8 })),
    path: fc.oneof(fc.constantFrom('', '/', '/metadata/name', '/metadata/labels/a~1b', '/spec/containers/-', '/spec/containers/0', '/spec', '/__proto__/polluted', '/constructor/prototype/polluted', '/metadata/resourceVersion', '/status', '/~2', '/spec/containers/99'), fc.string({ maxLength: 15 })),
    from: fc.constantFrom('/spec', '/metadata', '', '/nope', '/spec/containers/0'),
    value: jsonish,
  },
  { requiredKeys: ['op'] },
);
/** `copy /spec` into itself doubles it each time: an amplification attack inside the size limit. */
const copyBomb = fc.integer({ min: 20, max: 60 }).map((count) => Array.from({ length: count }, (_, i) => ({ op: 'copy', from: '/spec', path: `/spec/c${i}` })));

const patchBody = (kind: string): fc.Arbitrary<Body> =>
  fc.oneof(
    fc.array(jsonPatchOp, { maxLength: 6 }).map((ops): Body => ({ format: 'raw', contentType: 'application/json-patch+json', bytes: withProtoKeys(ops) })),
    copyBomb.map((ops): Body => ({ format: 'raw', contentType: 'application/json-patch+json', bytes: JSON.stringify(ops) })),
    fc.tuple(fc.constantFrom('application/merge-patch+json', 'application/strategic-merge-patch+json'), fc.oneof(mutatedObject(kind), fc.dictionary(nastyKey, jsonish, { maxKeys: 5 }))).map(([contentType, object]): Body => ({ format: 'json', contentType, object })),
    fc.tuple(mutatedObject(kind), fc.boolean()).map(([object, yaml]): Body => ({ format: yaml ? 'yaml' : 'json', contentType: 'application/apply-patch+yaml', object })),
    fc.record({ format: fc.constant<Format>('raw'), contentType: fc.constantFrom('application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json'), bytes: fc.tuple(fc.integer({ min: 101, max: 200_000 }), fc.boolean()).map(([depth, array]) => deepJson(depth, array)) }),
    fc.record({ format: fc.constant<Format>('raw'), contentType: fc.constant('application/apply-patch+yaml'), bytes: fc.oneof(fc.integer({ min: 101, max: 2_600 }).map(deepYaml), fc.integer({ min: 4, max: 9 }).map(aliasBomb), fc.string({ maxLength: 40 })) }),
    garbageBody,
  );

// ---------- requests ----------

interface FuzzRequest {
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Why a write cannot succeed (documentation for a failing report). */
  poison?: string;
}

const prefixOf = (type: ResourceType, version: string): string => (type.group === '' ? `/api/${version}` : `/apis/${type.group}/${version}`);
const collectionPath = (type: ResourceType, version: string, namespace: string): string =>
  `${prefixOf(type, version)}${type.namespaced ? `/namespaces/${namespace}` : ''}/${type.plural}`;
const typeArb = fc.constantFrom(...resourceTypes);
const versionOf = (type: ResourceType) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...type.versions) }, fc.constantFrom('v0', 'v1beta1', 'v2', ''));

/** Query parameters after the poison's: the poison's key always wins, and appears once. */
const withQuery = (pairs: [string, string][], forced: Record<string, string>): [string, string][] => [...pairs.filter(([key]) => !Object.hasOwn(forced, key)), ...Object.entries(forced)];

const headersFor = (accept: string, contentType: string | undefined, extra: [string, string][]): Record<string, string> => ({
  accept: printable(accept),
  ...(contentType !== undefined ? { 'content-type': printable(contentType) } : {}),
  ...Object.fromEntries(extra.map(([k, v]) => [k, printable(v)])),
});
const extraHeaders = fc.array(fc.tuple(fc.constantFrom('x-request-id', 'content-encoding', 'transfer-encoding-x', 'x-forwarded-for', 'if-match', 'range'), fc.string({ unit: 'grapheme-ascii', maxLength: 30 })), { maxLength: 2 });

/** Reads: any path, any query, any Accept. Watches end on their own within a second or are aborted. */
const readRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc
    .record({ type: typeArb, ns: fc.constantFrom(NS, NS, NS, ABSENT_NS, 'default', 'UPPER'), name: fc.option(fc.oneof(fc.constantFrom(...existingNames), missingName, invalidName.map(encodeURIComponent))), sub: fc.option(fc.constantFrom('status', 'eviction', 'scale', 'log', 'x')), query: queryPairs, accept: acceptHeader, method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'OPTIONS'), watch: fc.boolean(), extra: extraHeaders })
    .chain(({ type, ns, name, sub, query, accept, method, watch, extra }) =>
      versionOf(type).map((version): FuzzRequest => ({
        method,
        path: `${collectionPath(type, version, ns)}${name !== null ? `/${name}${sub !== null ? `/${sub}` : ''}` : ''}`,
        query: watch ? withQuery(query, { watch: 'true', timeoutSeconds: '1' }) : query,
        headers: headersFor(accept, undefined, extra),
      })),
    ),
  fc
    .record({ root: fc.constantFrom('/api', '/apis', '/openapi/v2', '/openapi/v3', '/openapi/v3/api/v1', '/openapi/v3/apis/vmoperator.vmware.com/v1alpha3', '/version', '/livez', '/readyz', '/healthz', '/metrics', '/admin/inventory/digest', '/admin/whatif/fail-host', '/', ''), segments: fc.array(pathSegment, { maxLength: 4 }), query: queryPairs, accept: acceptHeader, method: fc.constantFrom('GET', 'HEAD', 'OPTIONS', 'PROPFIND', 'PURGE', 'MKCOL') })
    .map(({ root, segments, query, accept, method }): FuzzRequest => ({ method, path: [root, ...segments].join('/') || '/', query, headers: headersFor(accept, undefined, []) })),
);

interface WriteParts {
  type: ResourceType;
  version: string;
  query: [string, string][];
  accept: string;
  extra: [string, string][];
}
const writeParts: fc.Arbitrary<WriteParts> = fc
  .record({ type: typeArb, query: queryPairs, accept: acceptHeader, extra: extraHeaders })
  .chain((parts) => fc.constantFrom(...parts.type.versions).map((version) => ({ ...parts, version })));

const request = (parts: WriteParts, method: string, path: string, body: Body | undefined, forced: Record<string, string>, poison: string): FuzzRequest => ({
  method,
  path,
  query: withQuery(parts.query, forced),
  headers: headersFor(parts.accept, body?.contentType, parts.extra),
  ...(body ? { body: encode(body) } : {}),
  poison,
});

const withMetadata = (body: Body, change: (metadata: Record<string, unknown>) => Record<string, unknown>): Body => {
  if (body.object === undefined) return body;
  const metadata = body.object.metadata;
  const base = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
  return { ...body, object: setAt(body.object, ['metadata'], change({ ...base })) };
};
const namedPath = (type: ResourceType, version: string, namespace: string, name: string, sub: string | null): string =>
  `${collectionPath(type, version, namespace)}/${encodeURIComponent(name)}${sub ? `/${sub}` : ''}`;
const existing: Record<string, string> = {
  Pod: 'pod-1',
  PersistentVolumeClaim: 'claim-1',
  ResourceQuota: 'quota-1',
  VirtualMachine: 'vm-1',
  StorageClass: 'fuzz-gold',
  Namespace: NS,
  VirtualMachineClass: 'best-effort-small',
  VirtualMachineImage: 'ubuntu-22.04',
  ClusterVirtualMachineImage: 'ubuntu-22.04',
  Node: 'esx-01',
};
/** The fixture object of the kind; kinds without one get a name that does not exist. */
const existingFor = (type: ResourceType): string => existing[type.kind] ?? 'obj-a';
const hasExisting = (type: ResourceType): boolean => Object.hasOwn(existing, type.kind);

const create: fc.Arbitrary<FuzzRequest> = fc
  .tuple(writeParts, fc.constantFrom('absent-namespace', 'invalid-name', 'dry-run', 'dry-run', 'garbage', 'kind-mismatch', 'already-exists', 'already-exists', 'already-exists'), invalidName)
  .chain(([parts, poison, badName]) =>
    (poison === 'garbage' ? garbageBody : objectBody(parts.type.kind)).map((body) => {
      const ns = poison === 'absent-namespace' && parts.type.namespaced ? ABSENT_NS : NS;
      const path = collectionPath(parts.type, parts.version, ns);
      if (poison === 'absent-namespace' && parts.type.namespaced) return request(parts, 'POST', path, body, {}, poison);
      if (poison === 'invalid-name' && body.object) return request(parts, 'POST', path, withMetadata(body, (m) => ({ ...m, name: badName })), {}, poison);
      if (poison === 'kind-mismatch' && body.object) return request(parts, 'POST', path, { ...body, object: setAt(body.object, ['kind'], 'NotAKind') }, {}, poison);
      if (poison === 'garbage') return request(parts, 'POST', path, body, {}, poison);
      // Past every edge check, into the mapper and the domain, which must refuse a second object of the name.
      if (poison === 'already-exists' && hasExisting(parts.type) && body.object) {
        return request(parts, 'POST', path, withMetadata(body, ({ namespace: _namespace, generateName: _generateName, ...m }) => ({ ...m, name: existingFor(parts.type) })), {}, poison);
      }
      return request(parts, 'POST', path, body, { dryRun: 'All' }, 'dry-run');
    }),
  );

const replace: fc.Arbitrary<FuzzRequest> = fc
  .tuple(writeParts, fc.constantFrom('absent-namespace', 'missing', 'name-mismatch', 'stale-version', 'stale-version', 'dry-run', 'dry-run', 'garbage'), fc.boolean())
  .chain(([parts, poison, status]) =>
    (poison === 'garbage' ? garbageBody : objectBody(parts.type.kind)).map((body) => {
      const sub = status && parts.type.subresources?.includes('status') ? 'status' : null;
      const existing = existingFor(parts.type);
      const ns = poison === 'absent-namespace' && parts.type.namespaced ? ABSENT_NS : NS;
      if (poison === 'missing' || (poison === 'absent-namespace' && !parts.type.namespaced)) {
        return request(parts, 'PUT', namedPath(parts.type, parts.version, ns, 'fuzz-missing', sub), withMetadata(body, (m) => ({ ...m, name: 'fuzz-missing' })), {}, 'missing');
      }
      const path = namedPath(parts.type, parts.version, ns, existing, sub);
      if (poison === 'absent-namespace' || poison === 'garbage') return request(parts, 'PUT', path, body, {}, poison);
      if (poison === 'name-mismatch' && body.object) return request(parts, 'PUT', path, withMetadata(body, (m) => ({ ...m, name: `${existing}-other` })), {}, poison);
      if (poison === 'stale-version' && body.object) return request(parts, 'PUT', path, withMetadata(body, (m) => ({ ...m, name: existing, resourceVersion: '999999999' })), {}, poison);
      return request(parts, 'PUT', path, withMetadata(body, (m) => ({ ...m, name: existing })), { dryRun: 'All' }, 'dry-run');
    }),
  );

const failingTest = { op: 'test', path: '/metadata/name', value: 'certainly-not-this-name' };
const patch: fc.Arbitrary<FuzzRequest> = fc
  .tuple(writeParts, fc.constantFrom('absent-namespace', 'missing', 'stale-version', 'stale-version', 'dry-run', 'dry-run'), fc.boolean())
  .chain(([parts, poison, status]) =>
    patchBody(parts.type.kind).map((body) => {
      const sub = status && parts.type.subresources?.includes('status') ? 'status' : null;
      const existing = existingFor(parts.type);
      const isApply = body.contentType === 'application/apply-patch+yaml';
      // An apply creates what does not exist: without an object to conflict with, only dryRun keeps it refused.
      if (isApply && !hasExisting(parts.type) && poison === 'stale-version') return request(parts, 'PATCH', namedPath(parts.type, parts.version, NS, existing, sub), body, { dryRun: 'All' }, 'dry-run');
      if (poison === 'absent-namespace' && parts.type.namespaced) return request(parts, 'PATCH', namedPath(parts.type, parts.version, ABSENT_NS, existing, sub), body, {}, poison);
      if ((poison === 'missing' || poison === 'absent-namespace') && !isApply) return request(parts, 'PATCH', namedPath(parts.type, parts.version, NS, 'fuzz-missing', sub), body, {}, 'missing');
      const path = namedPath(parts.type, parts.version, NS, existing, sub);
      if (poison === 'stale-version' && body.contentType === 'application/json-patch+json' && typeof body.bytes === 'string' && body.bytes.startsWith('[')) {
        return request(parts, 'PATCH', path, { ...body, bytes: `[${JSON.stringify(failingTest)}${body.bytes.length > 2 ? ',' : ''}${body.bytes.slice(1)}` }, {}, 'failing-test-op');
      }
      if (poison === 'stale-version' && body.object) return request(parts, 'PATCH', path, withMetadata(body, (m) => ({ ...m, resourceVersion: '999999999' })), {}, poison);
      return request(parts, 'PATCH', isApply && poison !== 'dry-run' ? namedPath(parts.type, parts.version, NS, 'fuzz-missing', sub) : path, body, { dryRun: 'All' }, 'dry-run');
    }),
  );

const remove: fc.Arbitrary<FuzzRequest> = fc
  .tuple(writeParts, fc.constantFrom('absent-namespace', 'missing', 'precondition', 'dry-run', 'collection-nothing-matches', 'collection-bad-selector'), fc.option(garbageBody))
  .map(([parts, poison, body]) => {
    const existing = existingFor(parts.type);
    const preconditions: Body = { format: 'json', contentType: 'application/json', object: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'not-the-uid' } } };
    switch (poison) {
      case 'absent-namespace':
        if (parts.type.namespaced) return request(parts, 'DELETE', namedPath(parts.type, parts.version, ABSENT_NS, existing, null), body ?? undefined, {}, poison);
        return request(parts, 'DELETE', namedPath(parts.type, parts.version, NS, 'fuzz-missing', null), body ?? undefined, {}, 'missing');
      case 'missing':
        return request(parts, 'DELETE', namedPath(parts.type, parts.version, NS, 'fuzz-missing', null), body ?? undefined, {}, poison);
      case 'precondition':
        return request(parts, 'DELETE', namedPath(parts.type, parts.version, NS, existing, null), preconditions, {}, poison);
      case 'dry-run':
        return request(parts, 'DELETE', namedPath(parts.type, parts.version, NS, existing, null), body ?? undefined, { dryRun: 'All' }, poison);
      case 'collection-nothing-matches':
        return request(parts, 'DELETE', collectionPath(parts.type, parts.version, NS), undefined, { labelSelector: 'fuzz-no-object-has-this-label' }, poison);
      default:
        return request(parts, 'DELETE', collectionPath(parts.type, parts.version, NS), undefined, { labelSelector: 'a in (b' }, poison);
    }
  });

const evict: fc.Arbitrary<FuzzRequest> = fc
  .tuple(writeParts, fc.boolean(), fc.option(garbageBody))
  .map(([parts, absentNamespace, body]) =>
    request(parts, 'POST', namedPath(podType(), 'v1', absentNamespace ? ABSENT_NS : NS, absentNamespace ? 'pod-1' : 'fuzz-missing', 'eviction'), body ?? undefined, {}, 'eviction-of-nothing'),
  );
const podType = (): ResourceType => resourceTypes.find((type) => type.kind === 'Pod')!;

/** Writes to paths that are not resources (sub-resources Pacific does not serve, garbage) or with unknown methods. */
const strayWrite: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'LINK'), fc.array(pathSegment, { minLength: 1, maxLength: 5 }), fc.constantFrom('/api', '/apis', '/api/v1', '/apis/vmoperator.vmware.com/v1alpha3', '/api/v1/namespaces/fuzz', `/api/v1/namespaces/${NS}/pods/pod-1`), garbageBody, acceptHeader)
  .map(([method, segments, root, body, accept]) => ({ method, path: [root, ...segments].join('/'), query: [], headers: headersFor(accept, body.contentType, []), body: encode(body), poison: 'no-such-resource' }))
  // Only paths the API does not serve once the client has normalized them (`pod-1/..`, `pod-1/` are real).
  .filter((candidate) => !servedPath(candidate.path));
const servedPath = (path: string): boolean => {
  try {
    parseApiPath(new URL(path, 'http://fuzz').pathname);
    return true;
  } catch {
    return false;
  }
};

const fuzzRequest = fc.oneof(
  { weight: 3, arbitrary: readRequest },
  { weight: 2, arbitrary: create },
  { weight: 2, arbitrary: replace },
  { weight: 3, arbitrary: patch },
  { weight: 1, arbitrary: remove },
  { weight: 1, arbitrary: evict },
  { weight: 1, arbitrary: strayWrite },
);

// ---------- running them ----------

interface Outcome {
  status: number;
  contentType: string;
  text: string;
  watch: boolean;
}

const send = async (baseUrl: string, candidate: FuzzRequest): Promise<Outcome> => {
  const query = candidate.query.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  const url = `${baseUrl}${candidate.path.startsWith('/') ? '' : '/'}${candidate.path}${query ? `?${query}` : ''}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no complete answer in 15 s: ${candidate.method} ${url}`)), 15_000);
  try {
    const response = await fetch(url, {
      method: candidate.method,
      headers: candidate.headers,
      ...(candidate.body !== undefined && candidate.method !== 'GET' && candidate.method !== 'HEAD' ? { body: candidate.body as NonNullable<RequestInit['body']> } : {}),
      signal: controller.signal,
    });
    const contentType = response.headers.get('content-type') ?? '';
    const watch = response.status === 200 && candidate.query.some(([key, value]) => key === 'watch' && (value === 'true' || value === '1'));
    if (watch) {
      // A watch streams until its timeout: its status is what matters here.
      controller.abort();
      return { status: response.status, contentType, text: '', watch };
    }
    return { status: response.status, contentType, text: await response.text(), watch };
  } catch (error) {
    return { status: -1, contentType: '', text: `${String(error)} (${String((error as { cause?: unknown }).cause)})`, watch: false };
  } finally {
    clearTimeout(timer);
  }
};

const describeRequest = (candidate: FuzzRequest): string =>
  `${candidate.method} ${candidate.path}?${new URLSearchParams(candidate.query).toString()} headers=${JSON.stringify(candidate.headers)} poison=${candidate.poison ?? 'read'} body=${candidate.body === undefined ? '-' : typeof candidate.body === 'string' ? JSON.stringify(candidate.body.slice(0, 300)) : `<${candidate.body.length} bytes>`}`;

/** Failures of one response, as messages; empty when it is acceptable. */
const judge = (candidate: FuzzRequest, outcome: Outcome): string[] => {
  const problems: string[] = [];
  if (outcome.status < 0) problems.push(`no answer: ${outcome.text}`);
  if (outcome.status >= 500) problems.push(`answered ${outcome.status}: ${outcome.text.slice(0, 300)}`);
  const isWrite = candidate.poison !== undefined;
  if (isWrite && outcome.status < 300 && candidate.query.every(([key, value]) => key !== 'dryRun' || value !== 'All') && candidate.poison !== 'collection-nothing-matches') {
    problems.push(`a write meant to fail answered ${outcome.status}: ${outcome.text.slice(0, 300)}`);
  }
  if (outcome.status >= 400 && candidate.method !== 'HEAD') {
    let status: { kind?: unknown; apiVersion?: unknown; code?: unknown; status?: unknown; message?: unknown } | undefined;
    try {
      status = JSON.parse(outcome.text) as typeof status;
    } catch {
      problems.push(`error ${outcome.status} is not JSON: ${outcome.text.slice(0, 200)}`);
    }
    if (status && (status.kind !== 'Status' || status.apiVersion !== 'v1' || status.code !== outcome.status || status.status !== 'Failure' || typeof status.message !== 'string' || status.message === '')) {
      problems.push(`error ${outcome.status} is not a Status: ${outcome.text.slice(0, 200)}`);
    }
    if (!outcome.contentType.startsWith('application/json')) problems.push(`error ${outcome.status} has content type ${outcome.contentType}`);
  }
  return problems;
};

describe('hostile input against the HTTP API (fast-check)', () => {
  let p: HttpPacific;
  let sent = 0;
  const statuses = new Map<number, number>();

  const settled = async (): Promise<number> => {
    // Controllers (placement, start) finish on their own; the log must then stay still.
    let last = await p.store.headPosition();
    for (let stableSince = Date.now(); Date.now() - stableSince < 500; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const head = await p.store.headPosition();
      if (head !== last) {
        last = head;
        stableSince = Date.now();
      }
    }
    return last;
  };
  const digest = async (): Promise<string> => JSON.stringify((await p.request('GET', '/admin/inventory/digest')).body);

  beforeAll(async () => {
    p = await startHttpPacific({ simBootMs: 0 });
    for (const [path, body] of fixtures) {
      const created = await p.request('POST', path, body);
      expect(created.status, `${path}: ${JSON.stringify(created.body)}`).toBe(201);
    }
    await p.eventually(`/api/v1/namespaces/${NS}/pods/pod-1`, (body) => body.status?.phase === 'Running');
  });
  afterAll(async () => p?.stop());

  it(`answers ${RUNS * BATCH} malformed and adversarial requests with Statuses below 500 and changes nothing`, async () => {
    // The host monitor records heartbeats every 30 s: stopped, every event appended from now on would be the fuzzer's.
    await p.application.ha.stop();
    const head = await settled();
    const before = await digest();
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();

    const result = await fc.check(
      fc.asyncProperty(fc.array(fuzzRequest, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const outcomes = await Promise.all(batch.map((candidate) => send(p.url, candidate)));
        sent += batch.length;
        const problems = batch.flatMap((candidate, index) => {
          statuses.set(outcomes[index]!.status, (statuses.get(outcomes[index]!.status) ?? 0) + 1);
          return judge(candidate, outcomes[index]!).map((problem) => `${problem}\n  for ${describeRequest(candidate)}`);
        });
        const moved = await p.store.headPosition();
        if (moved !== head) {
          const appended = (await p.store.readAll({ after: head })).map((event) => `${event.streamName} ${event.type} ${JSON.stringify(event.metadata).slice(0, 200)}`);
          problems.push(`a refused write appended events (head ${head} -> ${moved}):\n${appended.join('\n')}\nthe batch:\n${batch.map(describeRequest).join('\n')}`);
        }
        if (problems.length > 0) throw new Error(problems.join('\n'));
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
    // The counterexample is a whole batch: only the requests that failed are worth reading.
    if (result.failed) throw new Error(`seed ${result.seed}: ${String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance).slice(0, 20_000)}`);

    expect(sent).toBeGreaterThanOrEqual(RUNS * BATCH);
    expect((await p.request('GET', '/livez')).status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await p.store.headPosition()).toBe(head);
    expect(await digest()).toBe(before);
    console.log(`fuzz (seed ${result.seed}): ${sent} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  }, 180_000);
});

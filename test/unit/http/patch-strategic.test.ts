import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { applyPatch, coreStrategicSchemas, type StrategicMergeSchema } from '../../../src/adapters/http/kube/patch/index.ts';
import { statusFailure as failure } from './support/status-failure.ts';


const smp = (original: KubeObject, patch: unknown, strategic?: StrategicMergeSchema): KubeObject =>
  applyPatch('application/strategic-merge-patch+json', original, JSON.stringify(patch), { kind: original.kind, ...(strategic ? { strategic } : {}) });

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

/** A live pod as the server holds it: the applied manifest plus server defaults and status. */
const livePod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'shop',
    uid: 'u-1',
    resourceVersion: '12',
    labels: { app: 'shop', tier: 'web' },
    annotations: { [lastApplied]: '{"old":true}\n' },
    finalizers: ['pacific.io/placement'],
    ownerReferences: [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'rc', uid: 'o-1' }],
  },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [
          { name: 'MODE', value: 'prod' },
          { name: 'DEBUG', value: '0' },
        ],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
        resources: { requests: { cpu: '500m', memory: '256Mi' } },
        terminationMessagePath: '/dev/termination-log',
        args: ['--port', '80'],
      },
      { name: 'log', image: 'busybox', args: ['tail'] },
    ],
    initContainers: [{ name: 'init', image: 'busybox' }],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'a', operator: 'Exists' }],
    imagePullSecrets: [{ name: 'regcred' }],
    hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }],
    securityContext: { runAsUser: 1000 },
    nodeName: 'esx-01',
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ],
    podIPs: [{ ip: '10.1.0.5' }],
  },
});

describe('strategic merge patch: what kubectl sends', () => {
  it('second `kubectl apply` after changing the image and removing a label', () => {
    const annotation = '{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"shop"},"name":"web-1","namespace":"shop"},"spec":{"containers":[{"image":"nginx:1.28","name":"web"}]}}\n';
    const result = smp(livePod(), {
      metadata: { annotations: { [lastApplied]: annotation }, labels: { tier: null } },
      spec: { '$setElementOrder/containers': [{ name: 'web' }, { name: 'log' }], containers: [{ image: 'nginx:1.28', name: 'web' }] },
    });
    expect(result.metadata.labels).toEqual({ app: 'shop' });
    expect(result.metadata.annotations).toEqual({ [lastApplied]: annotation });
    const [web, log] = result.spec?.containers as Record<string, unknown>[];
    expect(web).toEqual({ ...(livePod().spec?.containers as Record<string, unknown>[])[0], image: 'nginx:1.28' });
    expect(log).toEqual({ name: 'log', image: 'busybox', args: ['tail'] });
    expect(result.status).toEqual(livePod().status);
    expect(result.spec?.nodeName).toBe('esx-01');
  });

  it('the exact body kubectl v1.32 sent for a second `kubectl apply -f` (image changed, label and env var removed)', () => {
    const first = '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"shop","tier":"web"},"name":"web-1","namespace":"shop"},"spec":{"containers":[{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.27","name":"web"},{"image":"busybox","name":"log"}]}}\n';
    const live: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'shop', uid: 'u1', labels: { app: 'shop', tier: 'web' }, annotations: { [lastApplied]: first } },
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], imagePullPolicy: 'IfNotPresent' },
          { name: 'log', image: 'busybox' },
        ],
        nodeName: 'esx-01',
      },
      status: { phase: 'Running' },
    };
    const body =
      '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Pod\\",\\"metadata\\":{\\"annotations\\":{},\\"labels\\":{\\"app\\":\\"shop\\"},\\"name\\":\\"web-1\\",\\"namespace\\":\\"shop\\"},\\"spec\\":{\\"containers\\":[{\\"env\\":[{\\"name\\":\\"A\\",\\"value\\":\\"1\\"}],\\"image\\":\\"nginx:1.28\\",\\"name\\":\\"web\\"},{\\"image\\":\\"busybox\\",\\"name\\":\\"log\\"}]}}\\n"},"labels":{"tier":null}},"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"log"}],"containers":[{"$setElementOrder/env":[{"name":"A"}],"env":[{"$patch":"delete","name":"B"}],"image":"nginx:1.28","name":"web"}]}}';
    const result = applyPatch('application/strategic-merge-patch+json', live, body, { kind: 'Pod' });
    expect(result.metadata.labels).toEqual({ app: 'shop' });
    expect(JSON.parse(result.metadata.annotations?.[lastApplied] ?? '')).toMatchObject({ metadata: { labels: { app: 'shop' } } });
    expect(result.spec).toEqual({
      containers: [
        { name: 'web', image: 'nginx:1.28', env: [{ name: 'A', value: '1' }], imagePullPolicy: 'IfNotPresent' },
        { name: 'log', image: 'busybox' },
      ],
      nodeName: 'esx-01',
    });
    expect(result.status).toEqual({ phase: 'Running' });
  });

  it('`kubectl apply` removing a container sends a $patch: delete item', () => {
    const result = smp(livePod(), { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ $patch: 'delete', name: 'log' }] } });
    expect((result.spec?.containers as { name: string }[]).map((c) => c.name)).toEqual(['web']);
  });

  it('`kubectl apply` removing one env var and changing another', () => {
    const result = smp(livePod(), {
      spec: {
        '$setElementOrder/containers': [{ name: 'web' }, { name: 'log' }],
        containers: [{ name: 'web', '$setElementOrder/env': [{ name: 'MODE' }], env: [{ name: 'MODE', value: 'dev' }, { $patch: 'delete', name: 'DEBUG' }] }],
      },
    });
    expect((result.spec?.containers as Record<string, unknown>[])[0]?.env).toEqual([{ name: 'MODE', value: 'dev' }]);
  });

  it('`kubectl apply` changing a volume source sends $retainKeys', () => {
    const result = smp(livePod(), {
      spec: {
        '$setElementOrder/volumes': [{ name: 'data' }],
        volumes: [{ $retainKeys: ['name', 'persistentVolumeClaim'], emptyDir: null, name: 'data', persistentVolumeClaim: { claimName: 'db-data' } }],
      },
    });
    expect(result.spec?.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'db-data' } }]);
  });

  it('$retainKeys drops every field not listed even without an explicit null', () => {
    const original = livePod();
    (original.spec as Record<string, unknown>).volumes = [{ name: 'data', emptyDir: {}, hostPath: { path: '/x' } }];
    const result = smp(original, { spec: { volumes: [{ $retainKeys: ['name', 'configMap'], name: 'data', configMap: { name: 'cfg' } }] } });
    expect(result.spec?.volumes).toEqual([{ name: 'data', configMap: { name: 'cfg' } }]);
  });

  it('`kubectl label pod web-1 a=b` and `kubectl label pod web-1 tier-`', () => {
    expect(smp(livePod(), { metadata: { labels: { a: 'b' } } }).metadata.labels).toEqual({ app: 'shop', tier: 'web', a: 'b' });
    expect(smp(livePod(), { metadata: { labels: { tier: null } } }).metadata.labels).toEqual({ app: 'shop' });
  });

  it('`kubectl annotate pod web-1 note=x` keeps the other annotations', () => {
    expect(smp(livePod(), { metadata: { annotations: { note: 'x' } } }).metadata.annotations).toEqual({ [lastApplied]: '{"old":true}\n', note: 'x' });
  });

  it('`kubectl patch pod web-1 -p` changing one container image by name', () => {
    const result = smp(livePod(), { spec: { containers: [{ name: 'log', image: 'busybox:1.36' }] } });
    const containers = result.spec?.containers as Record<string, unknown>[];
    expect(containers.map((c) => c.image)).toEqual(['nginx:1.27', 'busybox:1.36']);
    expect(containers[0]).toEqual((livePod().spec?.containers as unknown[])[0]);
  });
});

describe('strategic merge patch: lists', () => {
  it('merges containers by name and appends new ones in patch order', () => {
    const result = smp(livePod(), { spec: { containers: [{ name: 'b', image: 'b' }, { name: 'web', image: 'nginx:2' }, { name: 'a', image: 'a' }] } });
    expect((result.spec?.containers as { name: string; image: string }[]).map((c) => `${c.name}=${c.image}`)).toEqual(['web=nginx:2', 'log=busybox', 'b=b', 'a=a']);
  });

  it('merges ports by containerPort, volumeMounts by mountPath and env by name', () => {
    const result = smp(livePod(), {
      spec: {
        containers: [
          {
            name: 'web',
            ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
            volumeMounts: [{ mountPath: '/data', readOnly: true }, { name: 'cache', mountPath: '/cache' }],
            env: [{ name: 'NEW', value: '1' }],
          },
        ],
      },
    });
    const web = (result.spec?.containers as Record<string, unknown>[])[0];
    expect(web?.ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 443 }]);
    expect(web?.volumeMounts).toEqual([
      { name: 'data', mountPath: '/data', readOnly: true },
      { name: 'cache', mountPath: '/cache' },
    ]);
    expect(web?.env).toEqual([{ name: 'MODE', value: 'prod' }, { name: 'DEBUG', value: '0' }, { name: 'NEW', value: '1' }]);
  });

  it('merges initContainers, ephemeralContainers, imagePullSecrets, hostAliases and ownerReferences by their keys', () => {
    const result = smp(livePod(), {
      metadata: { ownerReferences: [{ uid: 'o-1', controller: true }] },
      spec: {
        initContainers: [{ name: 'init', image: 'alpine' }],
        ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
        imagePullSecrets: [{ name: 'other' }],
        hostAliases: [{ ip: '10.0.0.1', hostnames: ['db', 'db.local'] }],
      },
    });
    expect(result.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'ReplicationController', name: 'rc', uid: 'o-1', controller: true }]);
    expect(result.spec?.initContainers).toEqual([{ name: 'init', image: 'alpine' }]);
    expect(result.spec?.ephemeralContainers).toEqual([{ name: 'debug', image: 'busybox' }]);
    expect(result.spec?.imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'other' }]);
    expect(result.spec?.hostAliases).toEqual([{ ip: '10.0.0.1', hostnames: ['db', 'db.local'] }]);
  });

  it('merges status conditions by type (what a /status patch sends)', () => {
    const result = smp(livePod(), { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Stopped' }, { type: 'Initialized', status: 'True' }] } });
    expect(result.status?.conditions).toEqual([
      { type: 'Ready', status: 'False', reason: 'Stopped' },
      { type: 'PodScheduled', status: 'True' },
      { type: 'Initialized', status: 'True' },
    ]);
  });

  it('replaces lists without a merge key: tolerations, args', () => {
    const result = smp(livePod(), { spec: { tolerations: [{ key: 'b', operator: 'Exists' }], containers: [{ name: 'web', args: ['--port', '8080'] }] } });
    expect(result.spec?.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
    expect((result.spec?.containers as Record<string, unknown>[])[0]?.args).toEqual(['--port', '8080']);
  });

  it('treats metadata.finalizers as a set, as Kubernetes does (patchStrategy merge)', () => {
    expect(smp(livePod(), { metadata: { finalizers: ['b', 'pacific.io/placement'] } }).metadata.finalizers).toEqual(['pacific.io/placement', 'b']);
    expect(smp(livePod(), { metadata: { finalizers: null } }).metadata.finalizers).toBeUndefined();
  });

  it('$deleteFromPrimitiveList removes values from a primitive list', () => {
    const original = livePod();
    original.metadata.finalizers = ['a', 'b', 'c'];
    const result = smp(original, { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'missing'], finalizers: ['d'] } });
    expect(result.metadata.finalizers).toEqual(['a', 'c', 'd']);
  });

  it('a new keyed item is created without its nulls and directives', () => {
    const result = smp(livePod(), { spec: { containers: [{ name: 'new', image: 'x', command: null, env: [{ name: 'A', value: 'b', valueFrom: null }] }] } });
    expect((result.spec?.containers as unknown[])[2]).toEqual({ name: 'new', image: 'x', env: [{ name: 'A', value: 'b' }] });
  });

  it('creates a keyed list that did not exist', () => {
    const original = livePod();
    delete (original.spec as Record<string, unknown>).imagePullSecrets;
    expect(smp(original, { spec: { imagePullSecrets: [{ name: 'x' }] } }).spec?.imagePullSecrets).toEqual([{ name: 'x' }]);
  });

  it('$patch: delete of an item that is not there is a no-op', () => {
    const result = smp(livePod(), { spec: { containers: [{ $patch: 'delete', name: 'ghost' }] } });
    expect(result.spec?.containers).toEqual(livePod().spec?.containers);
  });

  it('a {"$patch": "replace"} list item replaces the whole list', () => {
    const result = smp(livePod(), { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } });
    expect(result.spec?.containers).toEqual([{ name: 'only', image: 'x' }]);
    const finalizers = smp(livePod(), { metadata: { finalizers: ['x', { $patch: 'replace' }] } });
    expect(finalizers.metadata.finalizers).toEqual(['x']);
  });

  it('any item carrying $patch: replace marks the whole list as replaced and is itself dropped, as in Kubernetes', () => {
    const result = smp(livePod(), { spec: { containers: [{ $patch: 'replace', name: 'web', image: 'caddy' }, { name: 'log', image: 'x' }] } });
    expect(result.spec?.containers).toEqual([{ name: 'log', image: 'x' }]);
  });

  it('$patch: replace inside a nested map of an item replaces only that map', () => {
    const result = smp(livePod(), { spec: { containers: [{ name: 'web', resources: { $patch: 'replace', limits: { cpu: '1' } } }] } });
    expect((result.spec?.containers as Record<string, unknown>[])[0]?.resources).toEqual({ limits: { cpu: '1' } });
  });
});

describe('strategic merge patch: $setElementOrder', () => {
  const names = (object: KubeObject): string[] => (object.spec?.containers as { name: string }[]).map((c) => c.name);
  const withContainers = (...list: string[]): KubeObject => ({ ...livePod(), spec: { containers: list.map((name) => ({ name, image: name })) } });

  it('orders the list as given', () => {
    const result = smp(withContainers('a', 'b', 'c'), { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'b' }, { name: 'a' }] } });
    expect(names(result)).toEqual(['c', 'b', 'a']);
  });

  it('places new items where the order says', () => {
    const result = smp(withContainers('a', 'b'), { spec: { '$setElementOrder/containers': [{ name: 'x' }, { name: 'a' }, { name: 'b' }], containers: [{ name: 'x', image: 'x' }] } });
    expect(names(result)).toEqual(['x', 'a', 'b']);
  });

  it('interleaves server-only items at their live position', () => {
    const result = smp(withContainers('a', 'b', 'c'), { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }] } });
    expect(names(result)).toEqual(['b', 'c', 'a']);
    const kept = smp(withContainers('a', 'server', 'b'), { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }] } });
    expect(names(kept)).toEqual(['a', 'server', 'b']);
  });

  it('orders primitive sets', () => {
    const original = livePod();
    original.metadata.finalizers = ['a', 'b'];
    const result = smp(original, { metadata: { '$setElementOrder/finalizers': ['c', 'b', 'a'], finalizers: ['c'] } });
    expect(result.metadata.finalizers).toEqual(['c', 'b', 'a']);
  });
});

describe('strategic merge patch: maps', () => {
  it('$patch: replace replaces a map', () => {
    expect(smp(livePod(), { metadata: { labels: { $patch: 'replace', only: 'this' } } }).metadata.labels).toEqual({ only: 'this' });
  });

  it('$patch: delete removes a map', () => {
    const result = smp(livePod(), { spec: { securityContext: { $patch: 'delete' } } });
    expect(result.spec).not.toHaveProperty('securityContext');
  });

  it('$patch: merge is the default behaviour', () => {
    expect(smp(livePod(), { metadata: { labels: { $patch: 'merge', a: 'b' } } }).metadata.labels).toEqual({ app: 'shop', tier: 'web', a: 'b' });
  });

  it('never mutates the original', () => {
    const original = livePod();
    const snapshot = structuredClone(original);
    smp(original, { metadata: { labels: { tier: null } }, spec: { containers: [{ name: 'web', image: 'x', env: [{ $patch: 'delete', name: 'MODE' }] }], volumes: [{ $retainKeys: ['name'], name: 'data' }] } });
    expect(original).toEqual(snapshot);
  });
});

describe('strategic merge patch: other core kinds', () => {
  const node = (): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'esx-01' },
    spec: { taints: [{ key: 'a', effect: 'NoSchedule' }], podCIDRs: ['10.0.0.0/24'] },
    status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '192.168.1.10' }] },
  });

  it('Node: taints are replaced whole (no patch strategy in Kubernetes), conditions and addresses merge by type, podCIDRs is a set', () => {
    const result = smp(node(), {
      spec: { taints: [{ key: 'b', effect: 'NoExecute' }], podCIDRs: ['fd00::/64'] },
      status: { conditions: [{ type: 'MemoryPressure', status: 'False' }], addresses: [{ type: 'Hostname', address: 'esx-01' }] },
    });
    expect(result.spec?.taints).toEqual([{ key: 'b', effect: 'NoExecute' }]);
    expect(result.spec?.podCIDRs).toEqual(['10.0.0.0/24', 'fd00::/64']);
    expect(result.status?.conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }]);
    expect(result.status?.addresses).toEqual([{ type: 'InternalIP', address: '192.168.1.10' }, { type: 'Hostname', address: 'esx-01' }]);
  });

  it('Namespace: spec.finalizers is replaced, metadata.finalizers merges', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', finalizers: ['a'] }, spec: { finalizers: ['kubernetes'] } };
    const result = smp(ns, { metadata: { finalizers: ['b'] }, spec: { finalizers: ['pacific'] } });
    expect(result.spec?.finalizers).toEqual(['pacific']);
    expect(result.metadata.finalizers).toEqual(['a', 'b']);
  });

  it('PersistentVolumeClaim and ResourceQuota patch like plain maps', () => {
    const pvc: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const result = smp(pvc, { spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '2Gi' } } } });
    expect(result.spec).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '2Gi' } } });
    const quota: KubeObject = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { cpu: '4', pods: '10' } } };
    expect(smp(quota, { spec: { hard: { pods: null, memory: '8Gi' } } }).spec).toEqual({ hard: { cpu: '4', memory: '8Gi' } });
  });

  it('exports a schema for every core kind Pacific serves', () => {
    expect(Object.keys(coreStrategicSchemas).sort()).toEqual(['Event', 'Namespace', 'Node', 'PersistentVolumeClaim', 'Pod', 'ResourceQuota']);
    expect(coreStrategicSchemas.Pod?.mergeKeys['spec.containers[].ports']).toBe('containerPort');
  });

  it('a custom kind given an explicit schema gets strategic merge', () => {
    const vm: KubeObject = { apiVersion: 'vmoperator.vmware.com/v1alpha3', kind: 'VirtualMachine', metadata: { name: 'db' }, spec: { volumes: [{ name: 'a', x: 1 }] } };
    const result = smp(vm, { spec: { volumes: [{ name: 'b' }] } }, { mergeKeys: { 'spec.volumes': 'name' }, primitiveSets: [] });
    expect(result.spec?.volumes).toEqual([{ name: 'a', x: 1 }, { name: 'b' }]);
  });
});

describe('strategic merge patch: errors', () => {
  const cases: [string, unknown, RegExp][] = [
    ['an item without its merge key', { spec: { containers: [{ image: 'x' }] } }, /does not contain declared merge key: name/],
    ['a primitive in a keyed list', { spec: { containers: ['web'] } }, /merged by "name"/],
    ['an unknown $patch value', { spec: { $patch: 'explode' } }, /unknown patch type: "explode"/],
    ['an unknown $patch value in a list item', { spec: { containers: [{ name: 'web', $patch: 'explode' }] } }, /unknown patch type: "explode"/],
    ['$patch: merge in a list item', { spec: { containers: [{ name: 'web', $patch: 'merge' }] } }, /merging lists cannot yet be specified/],
    ['an unknown directive', { spec: { $setElementorder: [] } }, /unknown strategic merge patch directive/],
    ['$retainKeys that is not a list of names', { spec: { $retainKeys: 'name' } }, /invalid patch format of retainKeys/],
    ['$setElementOrder that is not a list', { spec: { '$setElementOrder/containers': { name: 'web' } } }, /invalid patch format of setElementOrder list/],
    ['$setElementOrder items without the key', { spec: { '$setElementOrder/containers': [{ image: 'x' }] } }, /without the merge key "name"/],
    ['$deleteFromPrimitiveList that is not a list', { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } }, /invalid patch format of primitive list/],
    ['an object in a primitive set', { metadata: { finalizers: [{ a: 1 }] } }, /list of primitives/],
    ['deleting the whole object', { $patch: 'delete' }, /cannot delete the whole object/],
  ];
  for (const [what, patch, message] of cases) {
    it(`answers 400 for ${what}`, () => {
      const error = failure(() => smp(livePod(), patch));
      expect(error.reason).toBe('BadRequest');
      expect(error.message).toMatch(message);
    });
  }

  it('answers 400 for a body that is not a JSON object', () => {
    for (const body of ['[]', 'nope', '']) {
      expect(failure(() => applyPatch('application/strategic-merge-patch+json', livePod(), body, { kind: 'Pod' })).reason).toBe('BadRequest');
    }
  });
});

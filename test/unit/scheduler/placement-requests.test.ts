import { describe, expect, it } from 'vitest';
import { affinityTerms, podPlacementRequest, selectorPairs, vmAffinityTerms } from '../../../src/application/scheduler/placement-requests.ts';
import type { PodVMLive } from '../../../src/domain/podvm/index.ts';

describe('placement requests', () => {
  it('reads matchLabels and single-valued In expressions; refuses what it cannot evaluate', () => {
    expect(selectorPairs({ matchLabels: { app: 'web' } })).toEqual({ app: 'web' });
    expect(selectorPairs({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] })).toEqual({ app: 'web' });
    expect(selectorPairs({})).toEqual({});
    expect(selectorPairs(undefined)).toBeUndefined();
    expect(selectorPairs({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] })).toBeUndefined();
    expect(selectorPairs({ matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] })).toBeUndefined();
    expect(selectorPairs({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] })).toBeUndefined();
  });

  it("reads a pod spec's required and preferred pod (anti-)affinity", () => {
    const terms = affinityTerms({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }, { topologyKey: 'x' }],
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 30, podAffinityTerm: { labelSelector: { matchLabels: { app: 'api' } }, topologyKey: 'kubernetes.io/hostname' } }],
      },
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 500, podAffinityTerm: { labelSelector: { matchLabels: { app: 'cache' } } } }],
      },
      nodeAffinity: { ignored: true },
    });
    expect(terms).toEqual({
      antiAffinity: [
        { labelSelector: { app: 'web' }, required: true },
        { labelSelector: { app: 'api' }, required: false, weight: 30 },
      ],
      affinity: [{ labelSelector: { app: 'cache' }, weight: 100 }],
    });
    expect(affinityTerms(undefined)).toEqual({});
    expect(affinityTerms({ podAntiAffinity: 'nonsense' })).toEqual({});
  });

  it('builds a pod VM request from its containers, labels, nodeSelector and given spec', () => {
    const pod = {
      namespace: 'shop',
      name: 'web-1',
      labels: { app: 'web' },
      nodeSelector: { disk: 'ssd' },
      containers: [
        { name: 'a', image: 'x', requests: { cpuMillis: 250, memoryBytes: 100 } },
        { name: 'b', image: 'y', requests: { cpuMillis: 250, memoryBytes: 28 } },
      ],
      givenSpec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } } }] } } },
    } as unknown as PodVMLive;
    expect(podPlacementRequest(pod)).toEqual({
      workload: 'PodVM',
      objectRef: 'podVm-shop/web-1',
      namespace: 'shop',
      resources: { cpuMillis: 500, memoryBytes: 128 },
      labels: { app: 'web' },
      nodeSelector: { disk: 'ssd' },
      antiAffinity: [{ labelSelector: { app: 'web' }, required: true }],
    });
  });

  it('reads VM (anti-)affinity in the vm-operator shape, terms carrying their selector directly', () => {
    const affinity = {
      vmAntiAffinity: {
        requiredDuringSchedulingPreferredDuringExecution: [{ labelSelector: { matchLabels: { role: 'db' } }, topologyKey: 'kubernetes.io/hostname' }],
        preferredDuringSchedulingPreferredDuringExecution: [{ labelSelector: { matchLabels: { cluster: 'dev', role: 'controlplane' } }, topologyKey: 'kubernetes.io/hostname' }],
      },
      vmAffinity: { preferredDuringSchedulingPreferredDuringExecution: [{ labelSelector: { matchLabels: { app: 'cache' } } }] },
    };
    expect(vmAffinityTerms(affinity)).toEqual({
      antiAffinity: [
        { labelSelector: { role: 'db' }, required: true },
        { labelSelector: { cluster: 'dev', role: 'controlplane' }, required: false },
      ],
      affinity: [{ labelSelector: { app: 'cache' } }],
    });
    expect(vmAffinityTerms(undefined)).toEqual({});
  });
});

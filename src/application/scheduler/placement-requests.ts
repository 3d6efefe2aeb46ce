import { podVmRequests, type PodVMLive } from '../../domain/podvm/index.ts';
import type { VirtualMachineLive } from '../../domain/virtualmachine/index.ts';
import { namespacedId, streamName } from '../streams.ts';
import type { PlacementRequest } from './scheduler.port.ts';

type Terms = Pick<PlacementRequest, 'antiAffinity' | 'affinity'>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * A labelSelector as label pairs: matchLabels, plus matchExpressions that say the same thing
 * (`In` with one value). A selector Pacific cannot evaluate is left out rather than guessed, and a
 * missing selector matches nothing (as in Kubernetes), so both give undefined.
 */
export const selectorPairs = (selector: unknown): Record<string, string> | undefined => {
  if (!isRecord(selector)) return undefined;
  const pairs: Record<string, string> = {};
  if (selector.matchLabels !== undefined) {
    if (!isRecord(selector.matchLabels)) return undefined;
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      if (typeof value !== 'string') return undefined;
      pairs[key] = value;
    }
  }
  for (const expression of list(selector.matchExpressions)) {
    if (!isRecord(expression) || expression.operator !== 'In' || typeof expression.key !== 'string') return undefined;
    const values = list(expression.values);
    if (values.length !== 1 || typeof values[0] !== 'string') return undefined;
    if (pairs[expression.key] !== undefined && pairs[expression.key] !== values[0]) return undefined;
    pairs[expression.key] = values[0];
  }
  return pairs;
};

const weightOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(100, Math.max(1, value)) : undefined;

const preferredTerms = (value: unknown): { labelSelector: Record<string, string>; weight?: number }[] =>
  list(value).flatMap((entry) => {
    if (!isRecord(entry) || !isRecord(entry.podAffinityTerm)) return [];
    const labelSelector = selectorPairs(entry.podAffinityTerm.labelSelector);
    const weight = weightOf(entry.weight);
    return labelSelector ? [{ labelSelector, ...(weight !== undefined ? { weight } : {}) }] : [];
  });

const requiredTerms = (value: unknown): { labelSelector: Record<string, string> }[] =>
  list(value).flatMap((entry) => {
    const labelSelector = isRecord(entry) ? selectorPairs(entry.labelSelector) : undefined;
    return labelSelector ? [{ labelSelector }] : [];
  });

/**
 * Pod (anti-)affinity from a pod spec's `affinity`, at host level (every topologyKey is read as
 * kubernetes.io/hostname) and within the pod's namespace. Required affinity is honoured as a strong
 * preference: Pacific does not refuse a pod for lack of company.
 */
export const affinityTerms = (affinity: unknown): Terms => {
  if (!isRecord(affinity)) return {};
  const anti = isRecord(affinity.podAntiAffinity) ? affinity.podAntiAffinity : {};
  const pro = isRecord(affinity.podAffinity) ? affinity.podAffinity : {};
  const antiAffinity = [
    ...requiredTerms(anti.requiredDuringSchedulingIgnoredDuringExecution).map((term) => ({ ...term, required: true })),
    ...preferredTerms(anti.preferredDuringSchedulingIgnoredDuringExecution).map((term) => ({ ...term, required: false })),
  ];
  const affinityList = [...requiredTerms(pro.requiredDuringSchedulingIgnoredDuringExecution), ...preferredTerms(pro.preferredDuringSchedulingIgnoredDuringExecution)];
  return { ...(antiAffinity.length > 0 ? { antiAffinity } : {}), ...(affinityList.length > 0 ? { affinity: affinityList } : {}) };
};

export const podPlacementRequest = (pod: PodVMLive): PlacementRequest => ({
  workload: 'PodVM',
  objectRef: streamName('podVm', namespacedId(pod.namespace, pod.name)),
  namespace: pod.namespace,
  resources: podVmRequests(pod.containers),
  labels: pod.labels,
  nodeSelector: pod.nodeSelector,
  ...affinityTerms(pod.givenSpec.affinity),
});

/**
 * VM (anti-)affinity as vm-operator writes it in `spec.affinity`: `vmAffinity` / `vmAntiAffinity`
 * with required and preferred terms that carry their labelSelector directly (no podAffinityTerm).
 */
export const vmAffinityTerms = (affinity: unknown): Terms => {
  if (!isRecord(affinity)) return {};
  const anti = isRecord(affinity.vmAntiAffinity) ? affinity.vmAntiAffinity : {};
  const pro = isRecord(affinity.vmAffinity) ? affinity.vmAffinity : {};
  const flatPreferred = (value: unknown) =>
    list(value).flatMap((entry) => {
      const labelSelector = isRecord(entry) ? selectorPairs(entry.labelSelector) : undefined;
      const weight = isRecord(entry) ? weightOf(entry.weight) : undefined;
      return labelSelector ? [{ labelSelector, ...(weight !== undefined ? { weight } : {}) }] : [];
    });
  const antiAffinity = [
    ...requiredTerms(anti.requiredDuringSchedulingPreferredDuringExecution).map((term) => ({ ...term, required: true })),
    ...requiredTerms(anti.requiredDuringSchedulingIgnoredDuringExecution).map((term) => ({ ...term, required: true })),
    ...flatPreferred(anti.preferredDuringSchedulingPreferredDuringExecution).map((term) => ({ ...term, required: false })),
    ...flatPreferred(anti.preferredDuringSchedulingIgnoredDuringExecution).map((term) => ({ ...term, required: false })),
  ];
  const affinityList = [
    ...requiredTerms(pro.requiredDuringSchedulingPreferredDuringExecution),
    ...requiredTerms(pro.requiredDuringSchedulingIgnoredDuringExecution),
    ...flatPreferred(pro.preferredDuringSchedulingPreferredDuringExecution),
    ...flatPreferred(pro.preferredDuringSchedulingIgnoredDuringExecution),
  ];
  return { ...(antiAffinity.length > 0 ? { antiAffinity } : {}), ...(affinityList.length > 0 ? { affinity: affinityList } : {}) };
};

export const vmPlacementRequest = (vm: VirtualMachineLive): PlacementRequest => ({
  workload: 'VirtualMachine',
  objectRef: streamName('virtualMachine', namespacedId(vm.namespace, vm.name)),
  namespace: vm.namespace,
  resources: vm.resources,
  labels: vm.labels,
  nodeSelector: {},
  ...vmAffinityTerms(vm.givenSpec.affinity),
});

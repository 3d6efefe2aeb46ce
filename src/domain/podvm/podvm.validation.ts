import { DomainError, invalid, type FieldCause } from '../shared/errors.ts';
import { assertDnsLabel, assertDnsSubdomain } from '../shared/names.ts';
import { isNonNegativeResources, type Resources } from '../shared/resources.ts';
import type { CreatePodVM } from './commands.ts';
import type { PodVMContainer } from './events.ts';

const restartPolicies = ['Always', 'OnFailure', 'Never'];

const causesOf = (check: () => void): FieldCause[] => {
  try {
    check();
    return [];
  } catch (error) {
    if (error instanceof DomainError) return error.causes;
    throw error;
  }
};

const resourceCauses = (resources: Resources | undefined, field: string): FieldCause[] =>
  resources === undefined || isNonNegativeResources(resources) ? [] : [{ field, message: 'must be non-negative integers' }];

/** Kubernetes refuses a request above its limit; each dimension is checked only when both are given. */
const requestWithinLimitCauses = (container: PodVMContainer, field: string): FieldCause[] => {
  const { requests, limits } = container;
  if (!requests || !limits) return [];
  const causes: FieldCause[] = [];
  if (requests.cpuMillis > limits.cpuMillis) causes.push({ field: `${field}.requests.cpu`, message: `must be less than or equal to cpu limit of ${limits.cpuMillis}m` });
  if (requests.memoryBytes > limits.memoryBytes) causes.push({ field: `${field}.requests.memory`, message: `must be less than or equal to memory limit of ${limits.memoryBytes}` });
  return causes;
};

const containerCauses = (containers: readonly PodVMContainer[]): FieldCause[] => {
  if (!Array.isArray(containers) || containers.length === 0) return [{ field: 'spec.containers', message: 'Required value: at least one container' }];
  const seen = new Set<string>();
  return containers.flatMap((container, index) => {
    const field = `spec.containers[${index}]`;
    const causes = causesOf(() => assertDnsLabel(container.name, `${field}.name`));
    if (seen.has(container.name)) causes.push({ field: `${field}.name`, message: `Duplicate value: "${container.name}"` });
    seen.add(container.name);
    if (typeof container.image !== 'string' || container.image.trim() === '') causes.push({ field: `${field}.image`, message: 'Required value' });
    causes.push(...resourceCauses(container.requests, `${field}.resources.requests`), ...resourceCauses(container.limits, `${field}.resources.limits`));
    if (causes.length === 0) causes.push(...requestWithinLimitCauses(container, `${field}.resources`));
    return causes;
  });
};

/** Collects every problem of a new pod into one Invalid error, as the Kubernetes API does. */
export const assertValidPodVM = (data: CreatePodVM['data']): void => {
  const causes = [
    ...causesOf(() => assertDnsLabel(data.namespace, 'metadata.namespace')),
    ...causesOf(() => assertDnsSubdomain(data.name, 'metadata.name')),
    ...containerCauses(data.containers),
  ];
  if (data.restartPolicy !== undefined && !restartPolicies.includes(data.restartPolicy)) {
    causes.push({ field: 'spec.restartPolicy', message: `Unsupported value: "${String(data.restartPolicy)}": supported values: "Always", "OnFailure", "Never"` });
  }
  if (data.priority !== undefined && !Number.isSafeInteger(data.priority)) causes.push({ field: 'spec.priority', message: 'must be an integer' });
  if (causes.length > 0) {
    throw invalid(`PodVM "${String(data.name)}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`, causes);
  }
};

/** A copy holding only the given fields, so event data carries no undefined values. */
export const normalizedContainer = ({ name, image, requests, limits }: PodVMContainer): PodVMContainer => ({
  name,
  image,
  ...(requests ? { requests: { cpuMillis: requests.cpuMillis, memoryBytes: requests.memoryBytes } } : {}),
  ...(limits ? { limits: { cpuMillis: limits.cpuMillis, memoryBytes: limits.memoryBytes } } : {}),
});

import { invalid, type FieldCause } from '../shared/errors.ts';
import { assertDnsLabel } from '../shared/names.ts';
import type { CreateGuestCluster } from './commands.ts';
import type { GuestClusterNodePoolSpec } from './events.ts';
import { tryParseReleaseVersion } from './release-version.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

const required = (value: unknown, field: string, causes: FieldCause[]): void => {
  if (!isText(value)) causes.push({ field, message: 'Required value' });
};

const isReplicaCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Throws one Invalid error listing every broken field, as the Kubernetes API does. */
export const throwIfAny = (name: string, causes: FieldCause[]): void => {
  if (causes.length === 0) return;
  const summary = causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ');
  throw invalid(`tanzukubernetesclusters "${name}" is invalid: ${summary}`, causes);
};

export const replicasCause = (replicas: unknown, field: string): FieldCause[] =>
  isReplicaCount(replicas) ? [] : [{ field, message: `Invalid value: ${String(replicas)}: must be a non-negative integer` }];

export const nodePoolCauses = (pool: GuestClusterNodePoolSpec, field: string): FieldCause[] => {
  const causes: FieldCause[] = [];
  if (typeof pool.name !== 'string' || pool.name.length > 63 || !dnsLabel.test(pool.name)) {
    causes.push({ field: `${field}.name`, message: `Invalid value: "${String(pool.name)}": must be a lowercase RFC 1123 label` });
  }
  causes.push(...replicasCause(pool.replicas, `${field}.replicas`));
  required(pool.vmClass, `${field}.vmClass`, causes);
  required(pool.storageClass, `${field}.storageClass`, causes);
  return causes;
};

export const assertValidCreate = ({ data }: CreateGuestCluster): void => {
  assertDnsLabel(data.namespace, 'metadata.namespace');
  assertDnsLabel(data.name);
  const causes: FieldCause[] = [];
  required(data.uid, 'metadata.uid', causes);
  if (!tryParseReleaseVersion(data.version)) {
    causes.push({ field: 'spec.topology.controlPlane.tkr.reference.name', message: `Invalid value: "${String(data.version)}": not a Tanzu Kubernetes release name` });
  }
  const controlPlane = data.controlPlane ?? ({} as CreateGuestCluster['data']['controlPlane']);
  if (controlPlane.replicas !== 1 && controlPlane.replicas !== 3) {
    causes.push({ field: 'spec.topology.controlPlane.replicas', message: `Unsupported value: ${String(controlPlane.replicas)}: supported values: 1, 3` });
  }
  required(controlPlane.vmClass, 'spec.topology.controlPlane.vmClass', causes);
  required(controlPlane.storageClass, 'spec.topology.controlPlane.storageClass', causes);
  const seen = new Set<string>();
  (data.nodePools ?? []).forEach((pool, index) => {
    const field = `spec.topology.nodePools[${index}]`;
    causes.push(...nodePoolCauses(pool, field));
    if (seen.has(pool.name)) causes.push({ field: `${field}.name`, message: `Duplicate value: "${pool.name}"` });
    seen.add(pool.name);
  });
  throwIfAny(data.name, causes);
};

export const assertRequired = (name: string, value: string, field: string): void => {
  const causes: FieldCause[] = [];
  required(value, field, causes);
  throwIfAny(name, causes);
};

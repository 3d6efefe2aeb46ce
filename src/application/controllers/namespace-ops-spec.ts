import type { CatalogItemLive, Document } from '../../domain/catalog/index.ts';

export type HaRestartPriority = 'High' | 'Medium' | 'Low';

export interface NamespacePolicySpec {
  encryption: boolean;
  haRestartPriority: HaRestartPriority;
  defaultStorageClass: string | null;
  /** Empty: every StorageClass is allowed. */
  allowedStorageClasses: string[];
  /** Empty: every VirtualMachineClass is allowed. */
  allowedVirtualMachineClasses: string[];
}

export interface NamespaceMigrationSpec {
  fromHosts: string[];
  /** Empty: any ready host with room. */
  toHosts: string[];
}

/** A parsed spec, or every problem found in it (shown in status). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0);

/** The first of `fields` present in the spec; the published schema's older names are accepted too. */
const pick = (spec: Document, fields: string[]): { field: string; value: unknown } | undefined => {
  for (const field of fields) if (spec[field] !== undefined) return { field, value: spec[field] };
  return undefined;
};

const stringList = (spec: Document, fields: string[], problems: string[]): string[] => {
  const found = pick(spec, fields);
  if (!found) return [];
  if (!isStringList(found.value)) {
    problems.push(`spec.${found.field}: must be a list of names`);
    return [];
  }
  return [...new Set(found.value)];
};

/** `encryption: Enabled | Disabled`, or `encryption: {enabled: true|false}` as the OpenAPI schema first described it. */
const encryptionOf = (value: unknown, problems: string[]): boolean => {
  if (value === undefined || value === 'Disabled') return false;
  if (value === 'Enabled') return true;
  if (typeof value === 'object' && value !== null && typeof (value as { enabled?: unknown }).enabled === 'boolean') return (value as { enabled: boolean }).enabled;
  problems.push(`spec.encryption: Unsupported value: ${JSON.stringify(value)}: supported values: "Enabled", "Disabled"`);
  return false;
};

const priorities: readonly HaRestartPriority[] = ['High', 'Medium', 'Low'];

export const parsePolicySpec = (spec: Document): Parsed<NamespacePolicySpec> => {
  const problems: string[] = [];
  const encryption = encryptionOf(spec.encryption, problems);
  const priority = spec.haRestartPriority ?? 'Medium';
  if (!priorities.includes(priority as HaRestartPriority)) {
    problems.push(`spec.haRestartPriority: Unsupported value: ${JSON.stringify(priority)}: supported values: "High", "Medium", "Low"`);
  }
  const defaultStorageClass = spec.defaultStorageClass ?? null;
  if (defaultStorageClass !== null && (typeof defaultStorageClass !== 'string' || defaultStorageClass === '')) {
    problems.push('spec.defaultStorageClass: must be a StorageClass name');
  }
  const value: NamespacePolicySpec = {
    encryption,
    haRestartPriority: priority as HaRestartPriority,
    defaultStorageClass: typeof defaultStorageClass === 'string' && defaultStorageClass !== '' ? defaultStorageClass : null,
    allowedStorageClasses: stringList(spec, ['allowedStorageClasses', 'storageClasses'], problems),
    allowedVirtualMachineClasses: stringList(spec, ['allowedVirtualMachineClasses', 'vmClasses'], problems),
  };
  if (value.defaultStorageClass && value.allowedStorageClasses.length > 0 && !value.allowedStorageClasses.includes(value.defaultStorageClass)) {
    problems.push(`spec.defaultStorageClass: "${value.defaultStorageClass}" is not among spec.allowedStorageClasses`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
};

export const parseMigrationSpec = (spec: Document): Parsed<NamespaceMigrationSpec> => {
  const problems: string[] = [];
  const fromHosts = stringList(spec, ['fromHosts', 'fromNodes'], problems);
  const toHosts = stringList(spec, ['toHosts', 'toNodes'], problems);
  if (problems.length === 0 && fromHosts.length === 0) problems.push('spec.fromHosts: Required value');
  const overlap = toHosts.filter((host) => fromHosts.includes(host));
  if (overlap.length > 0) problems.push(`spec.toHosts: ${overlap.join(', ')} cannot be both a source and a destination`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { fromHosts, toHosts } };
};

export const parseRestoreSpec = (spec: Document): Parsed<{ snapshotName: string }> =>
  typeof spec.snapshotName === 'string' && spec.snapshotName !== ''
    ? { ok: true, value: { snapshotName: spec.snapshotName } }
    : { ok: false, problems: ['spec.snapshotName: Required value'] };

/**
 * The policy that holds for a namespace: its oldest NamespacePolicy (then by name). Others in the
 * same namespace are refused in their status.
 */
export const governingPolicy = (policies: readonly CatalogItemLive[]): CatalogItemLive | undefined =>
  policies
    .filter((policy) => policy.deletionTimestamp === null)
    .reduce<CatalogItemLive | undefined>((oldest, policy) => {
      if (!oldest) return policy;
      if (policy.createdAt !== oldest.createdAt) return policy.createdAt < oldest.createdAt ? policy : oldest;
      return policy.name < oldest.name ? policy : oldest;
    }, undefined);

import type { KubeObject } from './objects.ts';
import { parseQuantity, quotaResourceLabel } from './quantity.ts';

export interface QuotaRow {
  resource: string;
  label: string;
  used: number;
  hard: number;
  format: (n: number) => string;
}

// Names that mean the same resource (Pacific accepts both spellings).
const canonical: Record<string, string> = {
  cpu: 'requests.cpu',
  memory: 'requests.memory',
  'count/pods': 'pods',
  'count/persistentvolumeclaims': 'persistentvolumeclaims',
};

const order = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'requests.storage', 'pods', 'count/virtualmachines.vmoperator.vmware.com', 'persistentvolumeclaims'];

/** A namespace's effective quota: the tightest hard limit of each resource across its ResourceQuotas, with what is used. */
export const quotaRows = (quotas: readonly KubeObject[]): QuotaRow[] => {
  const rows = new Map<string, QuotaRow>();
  for (const quota of quotas) {
    const hard = (quota.status?.hard ?? quota.spec?.hard ?? {}) as Record<string, string | number>;
    const used = (quota.status?.used ?? {}) as Record<string, string | number>;
    for (const [name, value] of Object.entries(hard)) {
      const resource = canonical[name] ?? name;
      const amount = parseQuantity(value);
      if (Number.isNaN(amount)) continue;
      const previous = rows.get(resource);
      const { label, format } = quotaResourceLabel(resource);
      const usedAmount = parseQuantity(used[name] ?? 0);
      rows.set(resource, { resource, label, format, hard: previous ? Math.min(previous.hard, amount) : amount, used: Number.isNaN(usedAmount) ? (previous?.used ?? 0) : usedAmount });
    }
  }
  const rank = (resource: string): number => (order.includes(resource) ? order.indexOf(resource) : order.length);
  return [...rows.values()].sort((a, b) => rank(a.resource) - rank(b.resource) || a.resource.localeCompare(b.resource));
};

export interface QuotaInput {
  cpu: string;
  memory: string;
  storage: string;
  pods: string;
  virtualMachines: string;
}

export const emptyQuota: QuotaInput = { cpu: '', memory: '', storage: '', pods: '', virtualMachines: '' };

/** spec.hard from the form (empty fields are left out), or the first problem found. */
export const hardFrom = (input: QuotaInput): { hard: Record<string, string> } | { problem: string } => {
  const fields: [keyof QuotaInput, string, string][] = [
    ['cpu', 'requests.cpu', 'CPU'],
    ['memory', 'requests.memory', 'Memory'],
    ['storage', 'requests.storage', 'Storage'],
    ['pods', 'pods', 'Pods'],
    ['virtualMachines', 'count/virtualmachines.vmoperator.vmware.com', 'VMs'],
  ];
  const hard: Record<string, string> = {};
  for (const [field, resource, label] of fields) {
    const value = input[field].trim();
    if (value === '') continue;
    const amount = parseQuantity(value);
    if (Number.isNaN(amount) || amount < 0) return { problem: `${label}: "${value}" is not a quantity (for example 8, 500m, 32Gi).` };
    hard[resource] = value;
  }
  return { hard };
};

/** The form's fields from an existing quota's spec.hard. */
export const inputFrom = (quota: KubeObject | undefined): QuotaInput => {
  const hard = (quota?.spec?.hard ?? {}) as Record<string, string | number>;
  const pick = (...names: string[]): string => {
    const found = names.find((n) => hard[n] !== undefined);
    return found === undefined ? '' : String(hard[found]);
  };
  return {
    cpu: pick('requests.cpu', 'cpu'),
    memory: pick('requests.memory', 'memory'),
    storage: pick('requests.storage'),
    pods: pick('pods', 'count/pods'),
    virtualMachines: pick('count/virtualmachines.vmoperator.vmware.com'),
  };
};

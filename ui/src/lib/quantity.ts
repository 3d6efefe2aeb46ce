// Kubernetes quantities ("500m", "4Gi", "1.5", "2e3") as plain numbers, and back for display.
const suffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const pattern = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

/** The quantity in base units (cores, bytes, count); NaN when it is not a quantity. */
export const parseQuantity = (value: string | number | undefined | null): number => {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return Number.NaN;
  const match = pattern.exec(value.trim());
  if (!match) return Number.NaN;
  return Number(match[1]) * suffixes[match[2] ?? '']!;
};

const trim = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 1 : 0).replace(/\.0$/, ''));

const byteUnits: [string, number][] = [
  ['EiB', 2 ** 60],
  ['PiB', 2 ** 50],
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
];

export const formatBytes = (bytes: number): string => {
  if (!Number.isFinite(bytes)) return '–';
  for (const [unit, size] of byteUnits) if (Math.abs(bytes) >= size) return `${trim(bytes / size)} ${unit}`;
  return `${trim(bytes)} B`;
};

export const formatCores = (cores: number): string => (Number.isFinite(cores) ? `${trim(cores)} CPU` : '–');

/** used / total as a percentage in 0..100 (0 when there is no total). */
export const percent = (used: number, total: number): number => (total > 0 && Number.isFinite(used) ? Math.max(0, Math.min(100, (used / total) * 100)) : 0);

/** How a ResourceQuota resource name reads and formats. */
export const quotaResourceLabel = (name: string): { label: string; format: (n: number) => string } => {
  if (name.endsWith('cpu')) return { label: name.startsWith('limits') ? 'CPU limits' : 'CPU', format: formatCores };
  if (name.endsWith('memory')) return { label: name.startsWith('limits') ? 'Memory limits' : 'Memory', format: formatBytes };
  if (name.endsWith('storage')) return { label: 'Storage', format: formatBytes };
  if (name.includes('virtualmachines')) return { label: 'VMs', format: (n) => trim(n) };
  if (name.includes('persistentvolumeclaims')) return { label: 'Volume claims', format: (n) => trim(n) };
  if (name.includes('pods')) return { label: 'Pods', format: (n) => trim(n) };
  return { label: name, format: (n) => trim(n) };
};

import type { KubeObject, ListMeta } from './kube-object.ts';
import type { PrinterColumn, ResourceType } from './resource-type.ts';

/** meta.k8s.io Table rendering: what `kubectl get` prints when it asks with `Accept: ...;as=Table`. */

export type TableVersion = 'v1' | 'v1beta1';
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean';
  format: string;
  description: string;
  priority: number;
}

export interface TableRow {
  cells: (string | number | boolean | null)[];
  object?: Record<string, unknown>;
}

export interface Table {
  kind: 'Table';
  apiVersion: `meta.k8s.io/${TableVersion}`;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface TableOptions {
  /** Ignored: as kube-apiserver does, wide columns are always sent (priority 1) and kubectl hides them without -o wide. */
  wide?: boolean;
  /** AGE-like cells are durations before this instant. */
  now: Date;
  /** What each row carries in `object`; kube-apiserver's default is Metadata. */
  includeObject?: IncludeObject;
  listMeta?: ListMeta;
  version?: TableVersion;
}

/** Kubernetes' HumanDuration: "45s", "3m20s", "15m", "5h10m", "20h", "3d4h", "30d", "2y10d", "9y". */
export const humanDuration = (milliseconds: number): string => {
  const seconds = Math.trunc(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
};

/** How long before `now` the timestamp was, or "<unknown>" when it is missing or unreadable (as kubectl prints). */
export const age = (timestamp: unknown, now: Date): string => {
  const time = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  return Number.isNaN(time) ? '<unknown>' : humanDuration(now.getTime() - time);
};

const definition = (column: PrinterColumn): TableColumnDefinition => ({
  name: column.name,
  type: column.type === 'date' ? 'string' : column.type,
  format: column.format ?? '',
  description: column.description,
  priority: column.priority,
});

const safeCell = (column: PrinterColumn, object: KubeObject, now: Date): string | number | boolean | null => {
  let value: string | number | boolean | null;
  try {
    value = column.cell(object);
  } catch {
    value = null;
  }
  return column.type === 'date' ? age(value, now) : value;
};

const rowObject = (object: KubeObject, include: IncludeObject, version: TableVersion): Record<string, unknown> | undefined => {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: object.metadata };
};

export const toTable = (type: ResourceType, objects: KubeObject[], options: TableOptions): Table => {
  const version = options.version ?? 'v1';
  const include = options.includeObject ?? 'Metadata';
  const listMeta = options.listMeta;
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: {
      ...(listMeta?.resourceVersion === undefined ? {} : { resourceVersion: listMeta.resourceVersion }),
      ...(listMeta?.continue ? { continue: listMeta.continue } : {}),
      ...(listMeta?.remainingItemCount === undefined ? {} : { remainingItemCount: listMeta.remainingItemCount }),
    },
    columnDefinitions: type.printerColumns.map(definition),
    rows: objects.map((object) => {
      const row: TableRow = { cells: type.printerColumns.map((column) => safeCell(column, object, options.now)) };
      const carried = rowObject(object, include, version);
      if (carried) row.object = carried;
      return row;
    }),
  };
};

interface MediaType {
  type: string;
  params: Record<string, string>;
}

const parseMediaTypes = (accept: string): MediaType[] =>
  accept.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim());
    return {
      type: type.toLowerCase(),
      params: Object.fromEntries(params.map((p) => {
        const eq = p.indexOf('=');
        return eq < 0 ? [p.toLowerCase(), ''] : [p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"|"$/g, '')];
      })),
    };
  });

/**
 * Whether the client asked for a Table, and which version: the first acceptable media type wins,
 * so `...as=Table;v=v1...,application/json` is a Table and plain `application/json` is not.
 */
export const wantsTable = (accept: string | undefined): { table: boolean; version: TableVersion } => {
  for (const media of parseMediaTypes(accept ?? '')) {
    if (media.type !== 'application/json' && media.type !== '*/*' && media.type !== 'application/*') continue;
    const { as, g, v } = media.params;
    if (as === undefined) return { table: false, version: 'v1' };
    if (as === 'Table' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) return { table: true, version: v };
  }
  return { table: false, version: 'v1' };
};

export const tableContentType = (version: TableVersion = 'v1'): string => `application/json;as=Table;v=${version};g=meta.k8s.io`;

import type { KubeObject } from '../kube-object.ts';
import type { PrinterColumn } from '../resource-type.ts';

type Cell = string | number | boolean | null;

/** Reads a nested field without ever throwing; undefined when any step is missing. */
export const at = (value: unknown, ...path: (string | number)[]): unknown => {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
};

export const text = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The status ("True"/"False"/"Unknown") of the condition of the given type, or null. */
export const conditionStatus = (object: KubeObject, type: string): string | null => {
  const found = list(at(object, 'status', 'conditions')).find((c) => at(c, 'type') === type);
  return found === undefined ? null : text(at(found, 'status'));
};

export const column = (
  name: string,
  description: string,
  cell: (object: KubeObject) => Cell,
  options: { type?: PrinterColumn['type']; priority?: 0 | 1; format?: string } = {},
): PrinterColumn => ({
  name,
  type: options.type ?? 'string',
  ...(options.format === undefined ? {} : { format: options.format }),
  description,
  priority: options.priority ?? 0,
  cell,
});

/** A column reading one field path; missing fields give null. */
export const fieldColumn = (name: string, description: string, path: string[], options: { type?: PrinterColumn['type']; priority?: 0 | 1 } = {}): PrinterColumn =>
  column(name, description, (object) => {
    const value = at(object, ...path);
    if (options.type === 'integer' || options.type === 'number') return typeof value === 'number' ? value : null;
    return text(value);
  }, options);

export const nameColumn = (priority: 0 | 1 = 0): PrinterColumn =>
  column('Name', 'Name must be unique within a namespace. It is required when creating resources.', (o) => text(o.metadata?.name) ?? '', {
    format: 'name',
    priority,
  });

/** type 'date': the table renders it as a duration before `now` (what kubectl prints in AGE). */
export const ageColumn = (): PrinterColumn =>
  column('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.', (o) => text(o.metadata?.creationTimestamp), {
    type: 'date',
  });

export const phaseColumn = (): PrinterColumn => fieldColumn('Phase', 'The current phase of the object.', ['status', 'phase']);

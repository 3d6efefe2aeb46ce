import { parseQuantity } from '../../../domain/shared/resources.ts';
import type { Schema } from '../kube/resource-type.ts';
import type { StatusCause } from '../kube/status.ts';
import { MAX_CPU_MILLIS, MAX_QUANTITY } from './limits.ts';

/** The pattern Kubernetes quotes when it refuses a quantity. */
const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const isQuantitySchema = (schema: Schema): boolean => schema['x-kubernetes-int-or-string'] === true;

/** A quantity's unit comes from its name: `cpu`, `requests.cpu` and `limits.cpu` are cores; the rest bytes or counts. */
const isCpu = (name: string): boolean => name === 'cpu' || name.endsWith('.cpu');

const invalidValue = (field: string, value: unknown, message: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)?.slice(0, 100) ?? String(value)}: ${message}`,
});

/** Why `value` is not an acceptable quantity for the resource `name`, or undefined when it is. */
export const quantityCause = (field: string, name: string, value: unknown): StatusCause | undefined => {
  if (typeof value !== 'string' && typeof value !== 'number') return invalidValue(field, value, 'must be a quantity: a string such as "500m" or "4Gi", or a number');
  let amount: number;
  try {
    amount = parseQuantity(value, field);
  } catch {
    return invalidValue(field, value, `quantities must match the regular expression '${QUANTITY_PATTERN}'`);
  }
  if (typeof value === 'string' && value !== value.trim()) return invalidValue(field, value, `quantities must match the regular expression '${QUANTITY_PATTERN}'`);
  if (Number.isNaN(amount) || amount < 0) return invalidValue(field, value, 'must be greater than or equal to 0');
  if (isCpu(name) ? !(amount * 1000 <= MAX_CPU_MILLIS) : !(amount <= MAX_QUANTITY)) {
    return invalidValue(field, value, `must be less than or equal to ${isCpu(name) ? `${MAX_CPU_MILLIS / 1000} (cores)` : MAX_QUANTITY}`);
  }
  return undefined;
};

/** Map entries are named as Kubernetes names them: `spec.hard[requests.cpu]`. */
const walk = (schema: Schema | undefined, value: unknown, field: string, name: string, causes: StatusCause[]): void => {
  if (schema === undefined || value === undefined || value === null) return;
  if (isQuantitySchema(schema)) {
    const cause = quantityCause(field, name, value);
    if (cause) causes.push(cause);
    return;
  }
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    if (items) value.forEach((item, index) => walk(items, item, `${field}[${index}]`, name, causes));
    return;
  }
  if (typeof value !== 'object') return;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const additional = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined;
  for (const [key, child] of Object.entries(value)) {
    if (Object.hasOwn(properties, key)) walk(properties[key], child, `${field}.${key}`, key, causes);
    else if (additional) walk(additional, child, `${field}[${key}]`, key, causes);
  }
};

/**
 * Every quantity the schema of a kind declares (pod resources, quota hard limits, claim storage,
 * class hardware, ...) must parse, and lie between 0 and a sane maximum.
 */
export const quantityCauses = (schemas: Record<string, Schema>, object: Record<string, unknown>): StatusCause[] => {
  const causes: StatusCause[] = [];
  for (const [key, schema] of Object.entries(schemas)) {
    if (Object.hasOwn(object, key)) walk(schema, object[key], key, key, causes);
  }
  return causes;
};

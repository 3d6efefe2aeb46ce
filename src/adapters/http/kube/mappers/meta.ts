import type { InventoryObject } from '../../../../application/inventory/inventory.ts';
import { invalid } from '../../../../domain/shared/errors.ts';
import type { KubeObject, ObjectMeta } from '../kube-object.ts';

export interface MetaSource {
  uid: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  createdAt: string;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number | null;
  finalizers?: string[];
  generation?: number;
}

/** Kubernetes metadata of an inventory object; resourceVersion is the position of its stream's last event. */
export const objectMeta = (object: InventoryObject, source: MetaSource): ObjectMeta => {
  const meta: ObjectMeta = { name: object.name };
  if (object.namespace !== null) meta.namespace = object.namespace;
  meta.uid = source.uid;
  meta.resourceVersion = String(object.position);
  if (source.generation !== undefined) meta.generation = source.generation;
  meta.creationTimestamp = source.createdAt;
  if (source.deletionTimestamp) {
    meta.deletionTimestamp = source.deletionTimestamp;
    if (typeof source.deletionGracePeriodSeconds === 'number') meta.deletionGracePeriodSeconds = source.deletionGracePeriodSeconds;
  }
  if (source.labels && Object.keys(source.labels).length > 0) meta.labels = source.labels;
  if (source.annotations && Object.keys(source.annotations).length > 0) meta.annotations = source.annotations;
  if (source.finalizers && source.finalizers.length > 0) meta.finalizers = source.finalizers;
  return meta;
};

const isStringMap = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');

/** Labels or annotations from a request body, refusing anything that is not a string map. */
export const stringMap = (value: unknown, field: string): Record<string, string> => {
  if (value === undefined || value === null) return {};
  if (!isStringMap(value)) throw invalid(`${field}: Invalid value: must be a map of string keys to string values`, [{ field, message: 'must be a map of string to string' }]);
  return { ...value };
};

export const stringList = (value: unknown, field: string): string[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalid(`${field}: Invalid value: must be a list of strings`, [{ field, message: 'must be a list of strings' }]);
  return [...value] as string[];
};

export const specOf = (body: KubeObject): Record<string, unknown> => {
  const spec = body.spec ?? {};
  if (typeof spec !== 'object' || Array.isArray(spec)) throw invalid('spec: Invalid value: must be an object', [{ field: 'spec', message: 'must be an object' }]);
  return spec;
};

const byteUnits: [string, number][] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** Bytes as the shortest exact binary quantity ("4Gi", "1536Mi", "1000"). */
export const formatBytes = (bytes: number): string => {
  for (const [unit, size] of byteUnits) if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  return String(bytes);
};

/** Millicores as Kubernetes prints CPU ("2", "500m"). */
export const formatCpu = (millis: number): string => (millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`);

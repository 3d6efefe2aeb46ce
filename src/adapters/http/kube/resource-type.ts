import type { KubeObject } from './kube-object.ts';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  /** 0 = shown by default; 1 = only with -o wide. */
  priority: 0 | 1;
  cell: (object: KubeObject) => string | number | boolean | null;
}

/** An OpenAPI v3 schema fragment (as JSON). */
export type Schema = Record<string, unknown>;

/**
 * One kind served by the API: what discovery, OpenAPI, tables and routing need to know.
 * The registry in resource-types.ts lists every kind Pacific serves.
 */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  /** Served versions; the first is the preferred (storage) version. */
  versions: string[];
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  verbs: Verb[];
  /** Subresources served besides the object itself. */
  subresources: ('status' | 'eviction' | 'log')[];
  /** Read-only kinds (Event) refuse writes with 405. */
  readOnly?: boolean;
  printerColumns: PrinterColumn[];
  /** Schemas of spec and status, for OpenAPI and `kubectl explain`. */
  specSchema: Schema;
  statusSchema: Schema;
  description: string;
}

export const apiVersionOf = (type: ResourceType, version = type.versions[0]!): string => (type.group ? `${type.group}/${version}` : version!);

/** `plural.group` (or `plural` in the core group): how watches and stores key a kind. */
export const resourceKey = (type: ResourceType): string => (type.group ? `${type.plural}.${type.group}` : type.plural);

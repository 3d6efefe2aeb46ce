import type { KubeObject } from './kube-object.ts';
import { StatusError } from './status.ts';

export type ObjectPredicate = (object: KubeObject) => boolean;

const everything: ObjectPredicate = () => true;

/** Splits on commas that are not inside parentheses ("a in (x,y),b"). */
const splitTerms = (selector: string): string[] => {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
};

const labelTerm = (term: string): ObjectPredicate => {
  const labels = (object: KubeObject): Record<string, string> => object.metadata.labels ?? {};
  let match = /^([^!=\s]+)\s*(==|=|!=)\s*([^=\s]*)$/.exec(term);
  if (match) {
    const [, key, op, value] = match;
    return op === '!=' ? (o) => labels(o)[key!] !== value : (o) => labels(o)[key!] === value;
  }
  match = /^([^\s!]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (match) {
    const [, key, op, list] = match;
    const values = new Set(list!.split(',').map((v) => v.trim()));
    return op === 'in' ? (o) => values.has(labels(o)[key!] as string) : (o) => !values.has(labels(o)[key!] as string);
  }
  match = /^(!?)([A-Za-z0-9][-A-Za-z0-9_./]*)$/.exec(term);
  if (match) {
    const [, not, key] = match;
    return not ? (o) => !(key! in labels(o)) : (o) => key! in labels(o);
  }
  throw new StatusError('BadRequest', `unable to parse requirement: "${term}"`);
};

/** Kubernetes label selector: =, ==, !=, in, notin, exists and !exists, comma-joined. */
export const parseLabelSelector = (selector: string | undefined): ObjectPredicate => {
  if (!selector) return everything;
  const terms = splitTerms(selector).map(labelTerm);
  return (object) => terms.every((term) => term(object));
};

const fieldValue = (object: KubeObject, path: string): string => {
  let value: unknown = object;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined || value === null ? '' : String(value);
};

/** Kubernetes field selector: `path=value`, `path==value`, `path!=value` over the object's fields. */
export const parseFieldSelector = (selector: string | undefined): ObjectPredicate => {
  if (!selector) return everything;
  const terms = splitTerms(selector).map((term): ObjectPredicate => {
    const match = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) throw new StatusError('BadRequest', `invalid field selector: "${term}"`);
    const [, path, op, value] = match;
    return op === '!=' ? (o) => fieldValue(o, path!) !== value : (o) => fieldValue(o, path!) === value;
  });
  return (object) => terms.every((term) => term(object));
};

/** The equality terms a field selector pins down (e.g. involvedObject.name), for indexed look-ups. */
export const fieldEqualities = (selector: string | undefined): Record<string, string> => {
  const pinned: Record<string, string> = {};
  for (const term of splitTerms(selector ?? '')) {
    const match = /^([A-Za-z0-9_.]+)\s*(==|=)\s*(.*)$/.exec(term);
    if (match) pinned[match[1]!] = match[3]!;
  }
  return pinned;
};

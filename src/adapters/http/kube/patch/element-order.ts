import { StatusError } from '../status.ts';
import { describeJson, isObject, own } from './json-value.ts';
import type { ListStrategy } from './strategic-schema.ts';

/**
 * `$setElementOrder/<list>`: items named in the order list come in that order; the other items
 * (only on the server) keep their relative live order and are interleaved where the live list had
 * them, as Kubernetes does it. kubectl apply sends the order of the list in the manifest.
 */
export const orderElements = (merged: unknown[], server: unknown[], order: unknown[], strategy: Exclude<ListStrategy, 'atomic'>, field: string): unknown[] => {
  const identity = (item: unknown): unknown => (strategy === 'set' ? item : isObject(item) ? own(item, strategy.mergeKey) : undefined);
  const wanted = order.map((entry) => {
    if (strategy === 'set') return entry;
    if (!isObject(entry) || !Object.hasOwn(entry, strategy.mergeKey)) {
      throw new StatusError('BadRequest', `invalid patch format of setElementOrder list: $setElementOrder/${field} has an item without the merge key "${strategy.mergeKey}": ${describeJson(entry)}`);
    }
    return entry[strategy.mergeKey];
  });
  const indexOf = (ids: unknown[]): Map<string, number> => {
    const index = new Map<string, number>();
    ids.forEach((id, i) => {
      const key = JSON.stringify(id);
      if (!index.has(key)) index.set(key, i);
    });
    return index;
  };
  const wantedIndex = indexOf(wanted);
  const serverIndex = indexOf(server.map(identity));
  const position = (index: Map<string, number>, item: unknown): number => index.get(JSON.stringify(identity(item))) ?? -1;
  const serverPosition = (item: unknown): number => {
    const at = position(serverIndex, item);
    return at < 0 ? Number.POSITIVE_INFINITY : at;
  };
  const ordered = merged.filter((item) => position(wantedIndex, item) >= 0).sort((a, b) => position(wantedIndex, a) - position(wantedIndex, b));
  const serverOnly = merged.filter((item) => position(wantedIndex, item) < 0).sort((a, b) => serverPosition(a) - serverPosition(b));

  const result: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < ordered.length) {
    if (j >= ordered.length) result.push(serverOnly[i++]);
    else if (i >= serverOnly.length) result.push(ordered[j++]);
    else {
      const left = position(serverIndex, serverOnly[i]);
      const right = position(serverIndex, ordered[j]);
      if (left >= 0 && right >= 0 && left < right) result.push(serverOnly[i++]);
      else result.push(ordered[j++]);
    }
  }
  return result;
};

import { StatusError, type StatusCause } from '../status.ts';

export interface WatchQuery {
  /** `resourceVersion` as sent; undefined or '' when absent. */
  resourceVersion?: string;
  resourceVersionMatch?: string;
  sendInitialEvents?: boolean;
  allowWatchBookmarks: boolean;
}

/** What a watch request asks for: which synthetic events come first, and where live changes start. */
export interface WatchPlan {
  /** 'none': live changes only; 'state': ADDED per current object; 'state+bookmark': that, then the initial-events-end BOOKMARK. */
  initial: 'none' | 'state' | 'state+bookmark';
  /** With initial 'none': deliver changes after this resourceVersion (undefined = from now on). */
  from?: number;
}

/**
 * Validates the watch parameters as kube-apiserver's ListOptions validation does (422 Invalid on
 * kind ListOptions.meta.k8s.io). One leniency: `sendInitialEvents` without `resourceVersionMatch`
 * is accepted (kube requires NotOlderThan; client-go always sends it).
 */
export const planWatch = (query: WatchQuery): WatchPlan => {
  const causes: StatusCause[] = [];
  const raw = query.resourceVersion ?? '';
  const rv = raw === '' ? undefined : /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(rv)) causes.push({ reason: 'FieldValueInvalid', field: 'resourceVersion', message: `Invalid value: "${raw}": must be a non-negative integer` });
  const match = query.resourceVersionMatch ?? '';
  if (match !== '') {
    if (query.sendInitialEvents === undefined) {
      causes.push({ reason: 'FieldValueForbidden', field: 'resourceVersionMatch', message: 'Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided' });
    }
    if (match !== 'NotOlderThan') {
      causes.push({ reason: 'FieldValueNotSupported', field: 'resourceVersionMatch', message: `Unsupported value: "${match}": supported values: "NotOlderThan"` });
    }
  }
  if (query.sendInitialEvents === true && !query.allowWatchBookmarks) {
    causes.push({ reason: 'FieldValueForbidden', field: 'allowWatchBookmarks', message: 'Forbidden: allowWatchBookmarks must be set to true when sendInitialEvents is true' });
  }
  if (causes.length > 0) {
    const message = `ListOptions.meta.k8s.io "" is invalid: ${causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ')}`;
    throw new StatusError('Invalid', message, { group: 'meta.k8s.io', kind: 'ListOptions', causes });
  }
  if (query.sendInitialEvents === true) return { initial: 'state+bookmark' };
  if (query.sendInitialEvents === false) return { initial: 'none', ...(rv ? { from: rv } : {}) };
  return rv ? { initial: 'none', from: rv } : { initial: 'state' };
};

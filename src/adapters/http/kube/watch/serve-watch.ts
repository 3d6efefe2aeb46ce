import type { Request, Response } from 'express';
import type { KubeObject } from '../kube-object.ts';
import { StatusError } from '../status.ts';
import type { ObjectChange, ObjectFilter } from './object-change.ts';
import type { WatchSubscription } from './subscription.ts';
import type { WatchHub } from './watch-hub.ts';
import { planWatch } from './watch-plan.ts';
import { WatchStream } from './watch-stream.ts';

export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';
const DEFAULT_TIMEOUT_SECONDS = 30 * 60;
const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;

export interface ServeWatchOptions {
  hub: WatchHub;
  /** `plural.group` (see resourceKey()). */
  resourceKey: string;
  /** Label/field selectors; also applied to what listInitial returns. */
  filter?: ObjectFilter;
  /** Query parameters, as sent. */
  resourceVersion?: string;
  resourceVersionMatch?: string;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
  /** Ends the stream after this long; absent or <= 0 means 30 minutes. */
  timeoutSeconds?: number;
  /** The current objects and the global log position they reflect (not a per-kind maximum). */
  listInitial: () => { objects: KubeObject[]; resourceVersion: number };
  /** The `object` of an ADDED/MODIFIED/DELETED event (the object itself, or a Table). */
  render: (change: ObjectChange) => unknown;
  /** The `object` of a BOOKMARK (apiVersion and kind); serveWatch sets metadata.resourceVersion (and the initial-events-end annotation). */
  bookmarkObject: (resourceVersion: string) => KubeObject;
  /** Default application/json. */
  contentType?: string;
  /** Period of BOOKMARK events when allowWatchBookmarks (default 60 000, kube sends about one a minute). */
  bookmarkIntervalMs?: number;
}

/**
 * Serves `?watch=true` as kube-apiserver does: option errors answer a plain 422 Status before
 * streaming; everything else is a 200 stream, and a resourceVersion too old for the hub's
 * history is a single ERROR event carrying a 410 Expired Status, after which the stream ends.
 */
export const serveWatch = (req: Request, res: Response, options: ServeWatchOptions): void => {
  let plan;
  try {
    plan = planWatch(options);
  } catch (error) {
    const status = asStatusError(error);
    res.status(status.code).json(status.toStatus());
    return;
  }
  const stream = new WatchStream(req, res, options.contentType ?? 'application/json');
  let subscription: WatchSubscription | undefined;
  const timers: NodeJS.Timeout[] = [];
  stream.onEnd(() => {
    subscription?.close();
    for (const timer of timers) clearTimeout(timer);
  });
  const fail = (error: unknown): void => {
    stream.send('ERROR', asStatusError(error).toStatus());
    stream.end();
  };
  const sendBookmark = (resourceVersion: number, initialEventsEnd: boolean): void => {
    const base = options.bookmarkObject(String(resourceVersion));
    const metadata = { ...base.metadata, resourceVersion: String(resourceVersion) };
    if (initialEventsEnd) metadata.annotations = { ...base.metadata.annotations, [INITIAL_EVENTS_END_ANNOTATION]: 'true' };
    stream.send('BOOKMARK', { ...base, metadata });
  };

  const timeoutSeconds = options.timeoutSeconds && options.timeoutSeconds > 0 ? options.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
  timers.push(setTimeout(() => stream.end(), timeoutSeconds * 1000).unref());
  try {
    let from = plan.from;
    if (plan.initial !== 'none') {
      const list = options.listInitial();
      for (const object of list.objects) {
        if (options.filter && !options.filter(object)) continue;
        const change: ObjectChange = { type: 'ADDED', object, resourceVersion: versionOf(object) ?? list.resourceVersion };
        stream.send('ADDED', options.render(change));
      }
      if (plan.initial === 'state+bookmark') sendBookmark(list.resourceVersion, true);
      from = list.resourceVersion;
    }
    if (stream.isEnded) return;
    subscription = options.hub.watch(
      options.resourceKey,
      { fromResourceVersion: from, filter: options.filter, onError: fail },
      (change) => {
        const flowing = stream.send(change.type, options.render(change));
        if (!flowing && !stream.isEnded) stream.onDrain(() => subscription?.resume());
        return flowing;
      },
    );
    if (stream.isEnded) subscription.close();
  } catch (error) {
    fail(error);
    return;
  }

  if (options.allowWatchBookmarks) {
    const timer = setInterval(() => {
      try {
        // A bookmark must never overtake changes still queued behind a slow socket.
        if (subscription && !subscription.closed && subscription.pending === 0 && !stream.congested) sendBookmark(subscription.resourceVersion, false);
      } catch (error) {
        fail(error);
      }
    }, options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS);
    timers.push(timer.unref());
  }
};

const asStatusError = (error: unknown): StatusError =>
  error instanceof StatusError ? error : new StatusError('InternalError', `watch failed: ${error instanceof Error ? error.message : String(error)}`);

const versionOf = (object: KubeObject): number | undefined => {
  const raw = object.metadata.resourceVersion;
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
};

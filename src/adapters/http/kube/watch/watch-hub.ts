import { StatusError } from '../status.ts';
import type { ObjectChange, ObjectFilter } from './object-change.ts';
import { Fifo } from './fifo.ts';
import { RingBuffer } from './ring-buffer.ts';
import { Subscription, type WatchListener, type WatchSubscription } from './subscription.ts';

export interface WatchHubOptions {
  /** Changes kept per resource for resuming watches (default 10 000). */
  historyPerResource?: number;
  /** The log position the hub starts at: everything up to it is already reflected in lists. */
  startResourceVersion: number;
  /** Changes a paused watcher may fall behind before it is ended with Expired (default 10 000). */
  maxPendingPerWatcher?: number;
}

export interface WatchOptions {
  /** Deliver retained changes after this resourceVersion first; undefined or 0 = only changes from now on. */
  fromResourceVersion?: number;
  filter?: ObjectFilter;
  /** Called when the hub ends the subscription itself (Expired when it fell behind, InternalError when the listener threw). */
  onError?: (error: StatusError) => void;
}

interface ResourceLog {
  readonly history: RingBuffer<ObjectChange>;
  /** Every change of this resource with a resourceVersion above this one is in `history`. */
  completeSince: number;
  /** Copied on write, so a publish iterates a stable list while listeners subscribe or close. */
  watchers: readonly Subscription[];
}

/**
 * Fans the changes of each resource (`plural.group`) out to its watchers, keeping a bounded
 * history per resource so that watches can resume from a resourceVersion (410 Expired when
 * that history no longer reaches back far enough), like kube-apiserver's watch cache.
 */
export class WatchHub {
  private readonly historyPerResource: number;
  private readonly maxPending: number;
  private readonly startResourceVersion: number;
  private readonly logs = new Map<string, ResourceLog>();
  /** The newest position recorded (what watchers have been offered). */
  private current: number;
  /** The newest position accepted by publish/advance (may run ahead of `current` while draining). */
  private accepted: number;
  private lastPublished = -1;
  private readonly backlog = new Fifo<{ resourceKey: string; change: ObjectChange } | { advance: number }>();
  private draining = false;

  constructor(options: WatchHubOptions) {
    this.historyPerResource = options.historyPerResource ?? 10_000;
    this.maxPending = options.maxPendingPerWatcher ?? 10_000;
    this.startResourceVersion = options.startResourceVersion;
    this.current = options.startResourceVersion;
    this.accepted = options.startResourceVersion;
  }

  /** The newest log position the hub knows of (published or advanced to). */
  get currentResourceVersion(): number {
    return this.current;
  }

  /**
   * Records and fans out one change. resourceVersions never decrease; several changes may share
   * one (one log event touching several objects), but never one already passed by `advance`.
   * A listener that publishes (or advances) re-entrantly is queued behind the change being
   * delivered, so every watcher sees every change in the same order.
   */
  publish(resourceKey: string, change: ObjectChange): void {
    const rv = change.resourceVersion;
    if (!Number.isSafeInteger(rv) || rv < this.accepted || (rv === this.accepted && rv !== this.lastPublished)) {
      throw new RangeError(`watch hub: change of ${resourceKey} at resourceVersion ${rv} is not after ${this.accepted}`);
    }
    this.accepted = rv;
    this.lastPublished = rv;
    this.backlog.push({ resourceKey, change });
    this.drain();
  }

  /** The log moved on to `resourceVersion`: every change up to it has been published. */
  advance(resourceVersion: number): void {
    if (resourceVersion <= this.accepted) return;
    this.accepted = resourceVersion;
    this.backlog.push({ advance: resourceVersion });
    this.drain();
  }

  /** The oldest resourceVersion a watch of `resourceKey` may resume from. */
  completeSince(resourceKey: string): number {
    return this.logs.get(resourceKey)?.completeSince ?? this.startResourceVersion;
  }

  watcherCount(resourceKey: string): number {
    return this.logs.get(resourceKey)?.watchers.length ?? 0;
  }

  /**
   * Subscribes to the changes of `resourceKey`. Retained changes after `fromResourceVersion` are
   * delivered synchronously before this returns, then live ones as they are published.
   * @throws StatusError Expired when `fromResourceVersion` is older than the retained history.
   */
  watch(resourceKey: string, options: WatchOptions, listener: WatchListener): WatchSubscription {
    const log = this.logOf(resourceKey);
    const from = options.fromResourceVersion;
    const replaying = from !== undefined && from !== 0;
    if (replaying && from < log.completeSince) {
      throw new StatusError('Expired', `too old resource version: ${from} (${log.completeSince})`);
    }
    const subscription = new Subscription(
      {
        currentResourceVersion: () => this.current,
        detach: (gone) => {
          log.watchers = log.watchers.filter((watcher) => watcher !== gone);
        },
      },
      listener,
      { floor: replaying ? from : this.current, filter: options.filter, maxPending: this.maxPending, description: resourceKey, onError: options.onError },
    );
    if (replaying) subscription.preload(retainedAfter(log.history, from));
    if (subscription.closed) return subscription;
    log.watchers = [...log.watchers, subscription];
    subscription.pump();
    return subscription;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let entry = this.backlog.shift(); entry; entry = this.backlog.shift()) {
        if ('advance' in entry) {
          this.current = Math.max(this.current, entry.advance);
          continue;
        }
        const { resourceKey, change } = entry;
        this.current = change.resourceVersion;
        const log = this.logOf(resourceKey);
        const evicted = log.history.push(change);
        if (evicted) log.completeSince = evicted.resourceVersion;
        for (const watcher of log.watchers) watcher.offer(change);
      }
    } finally {
      this.draining = false;
    }
  }

  private logOf(resourceKey: string): ResourceLog {
    let log = this.logs.get(resourceKey);
    if (!log) {
      log = { history: new RingBuffer(this.historyPerResource), completeSince: this.startResourceVersion, watchers: [] };
      this.logs.set(resourceKey, log);
    }
    return log;
  }
}

function* retainedAfter(history: RingBuffer<ObjectChange>, from: number): Generator<ObjectChange> {
  for (let index = history.firstIndexWhere((change) => change.resourceVersion > from); index < history.size; index++) {
    yield history.at(index);
  }
}

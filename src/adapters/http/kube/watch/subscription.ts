import { StatusError } from '../status.ts';
import { Fifo } from './fifo.ts';
import { filterChange, type ObjectChange, type ObjectFilter } from './object-change.ts';

/**
 * Receives the changes of one watch, in order. Returning `false` pauses the subscription
 * (like a stream's `write`): later changes wait in its bounded queue until `resume()`.
 */
export type WatchListener = (change: ObjectChange) => void | boolean;

export interface WatchSubscription {
  readonly closed: boolean;
  /** Changes waiting to be delivered. */
  readonly pending: number;
  /**
   * The resourceVersion this watcher has seen everything up to: safe to send in a BOOKMARK
   * (it never runs ahead of changes still waiting in the queue).
   */
  readonly resourceVersion: number;
  pause(): void;
  /** Delivers the queued changes (synchronously) until the listener asks for a pause again. */
  resume(): void;
  /** Stops delivery and detaches from the hub; idempotent. Does not call `onError`. */
  close(): void;
}

export interface SubscriptionContext {
  currentResourceVersion(): number;
  detach(subscription: Subscription): void;
}

export interface SubscriptionOptions {
  /** Changes at or below this resourceVersion are never delivered. */
  floor: number;
  filter: ObjectFilter | undefined;
  maxPending: number;
  description: string;
  onError: ((error: StatusError) => void) | undefined;
}

export class Subscription implements WatchSubscription {
  private readonly queue = new Fifo<ObjectChange>();
  private paused = false;
  private pumping = false;
  private delivered: number;
  private isClosed = false;

  constructor(
    private readonly context: SubscriptionContext,
    private readonly listener: WatchListener,
    private readonly options: SubscriptionOptions,
  ) {
    this.delivered = options.floor;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get pending(): number {
    return this.queue.length;
  }

  get resourceVersion(): number {
    return this.queue.length > 0 ? this.delivered : Math.max(this.delivered, this.context.currentResourceVersion());
  }

  /** Queues history replayed at subscription time; not subject to the queue bound. */
  preload(changes: Iterable<ObjectChange>): void {
    for (const change of changes) {
      const visible = this.visible(change);
      if (visible) this.queue.push(visible);
      if (this.isClosed) return;
    }
  }

  offer(change: ObjectChange): void {
    if (this.isClosed) return;
    const visible = this.visible(change);
    if (!visible) return;
    if (this.queue.length >= this.options.maxPending) {
      this.terminate(new StatusError('Expired', `the watch of ${this.options.description} fell more than ${this.options.maxPending} changes behind; list again`));
      return;
    }
    this.queue.push(visible);
    this.pump();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.queue.clear();
    this.context.detach(this);
  }

  pump(): void {
    // Re-entrant offers (a listener that publishes) only queue; the outer loop keeps the order.
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.isClosed && !this.paused) {
        const change = this.queue.shift();
        if (!change) break;
        this.delivered = Math.max(this.delivered, change.resourceVersion);
        if (this.listener(change) === false) this.paused = true;
      }
    } catch (error) {
      this.terminate(new StatusError('InternalError', `watch listener failed: ${error instanceof Error ? error.message : String(error)}`));
    } finally {
      this.pumping = false;
    }
  }

  private visible(change: ObjectChange): ObjectChange | undefined {
    if (change.resourceVersion <= this.options.floor) return undefined;
    try {
      return filterChange(change, this.options.filter);
    } catch (error) {
      this.terminate(new StatusError('InternalError', `watch filter failed: ${error instanceof Error ? error.message : String(error)}`));
      return undefined;
    }
  }

  private terminate(error: StatusError): void {
    if (this.isClosed) return;
    this.close();
    try {
      this.options.onError?.(error);
    } catch {
      // a failing error handler must not stop the hub's fan-out to other watchers
    }
  }
}

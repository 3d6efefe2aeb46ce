import { apiErrorOf, ApiError } from './errors.ts';
import { LineSplitter } from './ndjson.ts';
import type { KubeList, KubeObject } from './objects.ts';
import { keyOf } from './objects.ts';

export type Fetcher = (path: string, signal: AbortSignal) => Promise<Response>;

/** `refused`: the server said no (401/403) and the watch has stopped. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface LiveListOptions {
  /** A collection path, optionally with a fieldSelector or labelSelector query. */
  path: string;
  fetcher: Fetcher;
  onUpdate: (items: KubeObject[]) => void;
  onState?: (state: LiveState, error?: unknown) => void;
  /** A 401 or 403 ends the watch for good (the token was refused). */
  onFatal?: (error: ApiError) => void;
  /** Waits before reconnecting after a failure: 1 s, doubled each time, at most 30 s. */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; message?: string };
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

const withQuery = (path: string, query: string): string => `${path}${path.includes('?') ? '&' : '?'}${query}`;

/**
 * A collection kept current the Kubernetes way: LIST, then WATCH from the list's
 * resourceVersion, resuming from the last version seen when a stream ends, and listing again
 * only when the server answers 410 Gone. Nothing is polled.
 */
export class LiveList {
  private readonly objects = new Map<string, KubeObject>();
  private readonly controller = new AbortController();
  private resourceVersion = '';
  private stopped = false;

  constructor(private readonly options: LiveListOptions) {}

  start(): this {
    void this.run();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.controller.abort();
  }

  items(): KubeObject[] {
    return [...this.objects.values()];
  }

  private async run(): Promise<void> {
    const { onState, onFatal } = this.options;
    const delay = this.options.delay ?? sleep;
    let backoff = 1000;
    onState?.('connecting');
    while (!this.stopped) {
      try {
        if (this.resourceVersion === '') await this.list();
        onState?.('live');
        if (await this.watch()) backoff = 1000;
        else {
          // A stream that closed at once, carrying nothing: pause before the next one.
          await delay(backoff, this.controller.signal);
          backoff = Math.min(backoff * 2, 30_000);
        }
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof ApiError && (error.code === 401 || error.code === 403)) {
          onFatal?.(error);
          return;
        }
        onState?.('reconnecting', error);
        await delay(backoff, this.controller.signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private async fetchOk(path: string): Promise<Response> {
    const response = await this.options.fetcher(path, this.controller.signal);
    if (!response.ok) {
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON
      }
      throw apiErrorOf(response.status, body, `${response.status} ${response.statusText}`);
    }
    return response;
  }

  private async list(): Promise<void> {
    const list = (await (await this.fetchOk(this.options.path)).json()) as KubeList;
    this.objects.clear();
    for (const item of list.items) this.objects.set(keyOf(item), item);
    this.resourceVersion = list.metadata.resourceVersion ?? '';
    this.options.onUpdate(this.items());
  }

  /** One watch stream, to its end; true when it carried anything. */
  private async watch(): Promise<boolean> {
    const query = `watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(this.resourceVersion)}`;
    const response = await this.fetchOk(withQuery(this.options.path, query));
    if (!response.body) throw new Error('the browser gave no stream for the watch');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const lines = new LineSplitter();
    let received = false;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        const batch = done ? lines.flush() : lines.push(value);
        let changed = false;
        for (const line of batch) {
          received = true;
          const event = JSON.parse(line) as WatchEvent;
          if (event.type === 'ERROR') {
            // 410: too old to resume from; list again. Anything else: reconnect after a pause.
            if (event.object.code === 410) {
              this.resourceVersion = '';
              return received;
            }
            throw apiErrorOf(event.object.code ?? 500, event.object, 'the watch failed');
          }
          const version = event.object.metadata?.resourceVersion;
          if (version) this.resourceVersion = version;
          if (event.type === 'BOOKMARK') continue;
          if (event.type === 'DELETED') this.objects.delete(keyOf(event.object));
          else this.objects.set(keyOf(event.object), event.object);
          changed = true;
        }
        if (changed) this.options.onUpdate(this.items());
        if (done) return received;
      }
    } finally {
      reader.releaseLock();
    }
  }
}

import type { Request, Response } from 'express';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * The response side of a watch: a 200 chunked stream of newline-delimited JSON events, each
 * flushed at once. Never throws once the headers are out; ends exactly once.
 */
export class WatchStream {
  private ended = false;
  private readonly endListeners: (() => void)[] = [];

  constructor(
    req: Request,
    private readonly res: Response,
    contentType: string,
  ) {
    res.status(200);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Transfer-Encoding', 'chunked');
    res.setHeader('Cache-Control', 'no-cache, private');
    res.flushHeaders();
    req.socket?.setNoDelay(true);
    // 'close' on the response covers both a normal end and the client going away.
    res.once('close', () => this.finish());
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** True while the socket buffer is over its high-water mark. */
  get congested(): boolean {
    return this.res.writableNeedDrain;
  }

  onEnd(listener: () => void): void {
    if (this.ended) listener();
    else this.endListeners.push(listener);
  }

  onDrain(listener: () => void): void {
    this.res.once('drain', listener);
  }

  /** Writes one event; returns false when the caller should wait for drain (or the stream is over). */
  send(type: WatchEventType, object: unknown): boolean {
    if (this.ended) return false;
    try {
      return this.res.write(`${JSON.stringify({ type, object })}\n`);
    } catch {
      this.end();
      return false;
    }
  }

  end(): void {
    if (this.ended) return;
    this.finish();
    try {
      this.res.end();
    } catch {
      // the socket is already gone
    }
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    for (const listener of this.endListeners.splice(0)) listener();
  }
}

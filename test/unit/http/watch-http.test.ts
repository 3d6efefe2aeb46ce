import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/adapters/http/kube/kube-object.ts';
import { serveWatch, WatchHub, type ObjectChange } from '../../../src/adapters/http/kube/watch/index.ts';

interface WatchEvent {
  type: string;
  object: { kind?: string; code?: number; reason?: string; metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> }; spec?: unknown };
}

interface WatchClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  body?: unknown;
  /** The next event, or undefined once the stream has ended. */
  next(timeoutMs?: number): Promise<WatchEvent | undefined>;
  ended: Promise<void>;
  pause(): void;
  resume(): void;
  close(): void;
}

const openWatch = (url: string): Promise<WatchClient> =>
  new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      response.setEncoding('utf8');
      const events: (WatchEvent | undefined)[] = [];
      const waiting: ((event: WatchEvent | undefined) => void)[] = [];
      const deliver = (event: WatchEvent | undefined): void => {
        const waiter = waiting.shift();
        if (waiter) waiter(event);
        else events.push(event);
      };
      let buffer = '';
      let raw = '';
      let markEnded!: () => void;
      const ended = new Promise<void>((done) => (markEnded = done));
      response.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line) deliver(JSON.parse(line) as WatchEvent);
        }
      });
      const finish = (): void => {
        markEnded();
        for (;;) {
          const waiter = waiting.shift();
          if (!waiter) break;
          waiter(undefined);
        }
        events.push(undefined);
      };
      response.on('end', finish);
      response.on('error', finish);
      const client: WatchClient = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        next: (timeoutMs = 3000) =>
          events.length > 0
            ? Promise.resolve(events[0] === undefined ? undefined : events.shift())
            : new Promise((resolveEvent, rejectEvent) => {
                const timer = setTimeout(() => rejectEvent(new Error('no watch event in time')), timeoutMs);
                waiting.push((event) => {
                  clearTimeout(timer);
                  resolveEvent(event);
                });
              }),
        ended,
        pause: () => response.pause(),
        resume: () => response.resume(),
        close: () => request.destroy(),
      };
      if (client.status !== 200) {
        response.on('end', () => {
          client.body = JSON.parse(raw);
          resolve(client);
        });
      } else resolve(client);
    });
    request.on('error', reject);
  });

const pod = (name: string, rv: number, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', resourceVersion: String(rv) },
  spec: { ...extra },
});

describe('serveWatch over HTTP', () => {
  let hub: WatchHub;
  let state: Map<string, KubeObject>;
  let server: http.Server;
  let base: string;
  let rv: number;

  const change = (type: ObjectChange['type'], name: string, extra?: Record<string, unknown>): ObjectChange => {
    rv += 1;
    const object = pod(name, rv, extra);
    if (type === 'DELETED') state.delete(name);
    else state.set(name, object);
    const published: ObjectChange = { type, object, resourceVersion: rv };
    hub.publish('pods', published);
    return published;
  };

  const start = async (hubOptions: { historyPerResource?: number; maxPendingPerWatcher?: number } = {}): Promise<void> => {
    hub = new WatchHub({ startResourceVersion: rv, ...hubOptions });
    const app = express();
    app.get('/watch', (req, res) => {
      const query = req.query as Record<string, string | undefined>;
      const flag = (name: string): boolean | undefined => (query[name] === undefined ? undefined : query[name] === 'true');
      serveWatch(req, res, {
        hub,
        resourceKey: 'pods',
        filter: query['fieldSelector'] ? (object) => `metadata.name=${object.metadata.name}` === query['fieldSelector'] : undefined,
        resourceVersion: query['resourceVersion'],
        resourceVersionMatch: query['resourceVersionMatch'],
        allowWatchBookmarks: flag('allowWatchBookmarks') ?? false,
        sendInitialEvents: flag('sendInitialEvents'),
        timeoutSeconds: query['timeoutSeconds'] ? Number(query['timeoutSeconds']) : undefined,
        listInitial: () => ({ objects: [...state.values()], resourceVersion: hub.currentResourceVersion }),
        render: (c) => c.object,
        bookmarkObject: () => ({ apiVersion: 'v1', kind: 'Pod', metadata: {} }),
        bookmarkIntervalMs: query['bookmarkMs'] ? Number(query['bookmarkMs']) : 60_000,
      });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeEach(() => {
    state = new Map();
    rv = 40;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('streams the current objects as ADDED, then live MODIFIED and DELETED, as chunked JSON lines', async () => {
    await start();
    change('ADDED', 'a');
    change('ADDED', 'b');
    const watch = await openWatch(`${base}/watch`);
    expect(watch.status).toBe(200);
    expect(watch.headers['content-type']).toBe('application/json');
    expect(watch.headers['transfer-encoding']).toBe('chunked');
    expect(await watch.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '41' } } });
    expect(await watch.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    change('MODIFIED', 'a', { phase: 'Running' });
    expect(await watch.next()).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'a', resourceVersion: '43' }, spec: { phase: 'Running' } } });
    change('DELETED', 'b');
    expect(await watch.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'b', resourceVersion: '44' } } });
    watch.close();
  });

  it('applies the filter to the initial state and to live changes', async () => {
    await start();
    change('ADDED', 'a');
    change('ADDED', 'b');
    const watch = await openWatch(`${base}/watch?resourceVersion=0&fieldSelector=metadata.name=b`);
    expect(await watch.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    change('MODIFIED', 'a');
    change('DELETED', 'b');
    expect(await watch.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'b' } } });
    watch.close();
  });

  it('resumes from a resourceVersion with the changes after it', async () => {
    await start();
    change('ADDED', 'a');
    change('MODIFIED', 'a');
    change('ADDED', 'b');
    const watch = await openWatch(`${base}/watch?resourceVersion=42`);
    expect(await watch.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b', resourceVersion: '43' } } });
    change('DELETED', 'a');
    expect(await watch.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'a', resourceVersion: '44' } } });
    watch.close();
  });

  it('answers a too old resourceVersion with one ERROR event carrying a 410 Expired Status, then ends', async () => {
    await start({ historyPerResource: 2 });
    change('ADDED', 'a');
    change('MODIFIED', 'a');
    change('MODIFIED', 'a');
    const watch = await openWatch(`${base}/watch?resourceVersion=40`);
    expect(watch.status).toBe(200);
    expect(await watch.next()).toEqual({
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 40 (41)', reason: 'Expired', details: {}, code: 410 },
    });
    expect(await watch.next()).toBeUndefined();
  });

  it('sends the current state, then a BOOKMARK annotated initial-events-end, then live changes (sendInitialEvents)', async () => {
    await start();
    change('ADDED', 'a');
    const watch = await openWatch(`${base}/watch?sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
    expect(await watch.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    expect(await watch.next()).toEqual({
      type: 'BOOKMARK',
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: '41', annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    change('MODIFIED', 'a');
    expect(await watch.next()).toMatchObject({ type: 'MODIFIED', object: { metadata: { resourceVersion: '42' } } });
    watch.close();
  });

  it('refuses sendInitialEvents without allowWatchBookmarks with a 422 Invalid Status', async () => {
    await start();
    const watch = await openWatch(`${base}/watch?sendInitialEvents=true&resourceVersionMatch=NotOlderThan`);
    expect(watch.status).toBe(422);
    expect(watch.body).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422, details: { causes: [{ field: 'allowWatchBookmarks' }] } });
  });

  it('sends periodic BOOKMARKs with the current resourceVersion', async () => {
    await start();
    const watch = await openWatch(`${base}/watch?resourceVersion=40&allowWatchBookmarks=true&bookmarkMs=30`);
    expect(await watch.next()).toEqual({ type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: '40' } } });
    change('ADDED', 'a');
    expect(await watch.next()).toMatchObject({ type: 'ADDED' });
    hub.advance(50);
    expect(await watch.next()).toMatchObject({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '50' } } });
    watch.close();
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    await start();
    const started = Date.now();
    const watch = await openWatch(`${base}/watch?resourceVersion=40&timeoutSeconds=1`);
    expect(await watch.next(5000)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(hub.watcherCount('pods')).toBe(0);
  });

  it('closes the subscription when the client goes away', async () => {
    await start();
    const watch = await openWatch(`${base}/watch`);
    expect(hub.watcherCount('pods')).toBe(1);
    watch.close();
    for (let i = 0; i < 100 && hub.watcherCount('pods') > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(hub.watcherCount('pods')).toBe(0);
    change('ADDED', 'a'); // publishing to nobody must not throw
  });

  it('ends a client that stops reading with an ERROR Expired once its queue overflows', async () => {
    await start({ maxPendingPerWatcher: 4 });
    const watch = await openWatch(`${base}/watch?resourceVersion=40`);
    watch.pause();
    const big = 'x'.repeat(256 * 1024);
    for (let i = 0; i < 64 && hub.watcherCount('pods') > 0; i++) {
      change('MODIFIED', 'a', { big });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(hub.watcherCount('pods')).toBe(0);
    watch.resume();
    let last: WatchEvent | undefined;
    for (let event = await watch.next(); event; event = await watch.next()) last = event;
    expect(last).toMatchObject({ type: 'ERROR', object: { kind: 'Status', reason: 'Expired', code: 410 } });
  });
});

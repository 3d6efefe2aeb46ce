import { describe, expect, it, vi } from 'vitest';
import type { ApiError } from '../../ui/src/lib/errors.ts';
import type { KubeObject } from '../../ui/src/lib/objects.ts';
import { LiveList } from '../../ui/src/lib/watch.ts';

const item = (name: string, resourceVersion: string): KubeObject => ({ kind: 'Pod', metadata: { name, namespace: 'shop', resourceVersion } });
const line = (type: string, object: unknown): string => `${JSON.stringify({ type, object })}\n`;

/** A watch response that sends `chunks` and then ends, or stays open until aborted. */
const streamed = (chunks: string[], signal: AbortSignal, stayOpen = false): Response =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        if (!stayOpen) controller.close();
        else signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      },
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  );

describe('LiveList: list, then watch, the way kubectl does', () => {
  it('applies watch events, resumes from bookmarks, and lists again after 410 Gone', async () => {
    const paths: string[] = [];
    const answers: ((signal: AbortSignal) => Response)[] = [
      () => Response.json({ metadata: { resourceVersion: '5' }, items: [item('a', '3')] }),
      // One chunk ends mid-line: the splitter must wait for the rest.
      (signal) => streamed([line('ADDED', item('b', '6')) + line('MODIFIED', item('a', '7')).slice(0, 10), line('MODIFIED', item('a', '7')).slice(10) + line('BOOKMARK', { metadata: { resourceVersion: '9' } })], signal),
      (signal) => streamed([line('DELETED', item('b', '10')), line('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' })], signal),
      () => Response.json({ metadata: { resourceVersion: '20' }, items: [item('c', '20')] }),
      (signal) => streamed([], signal, true),
    ];
    const updates: string[][] = [];
    const done = vi.fn();
    const list = new LiveList({
      path: '/api/v1/namespaces/shop/pods',
      fetcher: async (path, signal) => {
        paths.push(path);
        const answer = answers.shift();
        if (!answer) throw new Error('no more answers');
        if (answers.length === 0) done();
        return answer(signal);
      },
      onUpdate: (items) => updates.push(items.map((i) => `${i.metadata.name}@${i.metadata.resourceVersion}`).sort()),
      delay: async () => undefined,
    }).start();
    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    list.stop();
    expect(paths).toEqual([
      '/api/v1/namespaces/shop/pods',
      '/api/v1/namespaces/shop/pods?watch=true&allowWatchBookmarks=true&resourceVersion=5',
      '/api/v1/namespaces/shop/pods?watch=true&allowWatchBookmarks=true&resourceVersion=9',
      '/api/v1/namespaces/shop/pods',
      '/api/v1/namespaces/shop/pods?watch=true&allowWatchBookmarks=true&resourceVersion=20',
    ]);
    expect(updates).toEqual([['a@3'], ['a@3', 'b@6'], ['a@7', 'b@6'], ['a@7'], ['c@20']]);
  });

  it('keeps the query of a filtered collection, and stops for good on 401', async () => {
    const paths: string[] = [];
    const fatal = vi.fn<(error: ApiError) => void>();
    new LiveList({
      path: '/api/v1/namespaces?fieldSelector=metadata.name%3Dshop',
      fetcher: async (path) => {
        paths.push(path);
        return paths.length === 1
          ? Response.json({ metadata: { resourceVersion: '1' }, items: [] })
          : Response.json({ kind: 'Status', code: 401, reason: 'Unauthorized', message: 'Unauthorized' }, { status: 401 });
      },
      onUpdate: () => undefined,
      onFatal: fatal,
      delay: async () => undefined,
    }).start();
    await vi.waitFor(() => expect(fatal).toHaveBeenCalled());
    expect(fatal.mock.calls[0]![0].code).toBe(401);
    expect(paths).toEqual(['/api/v1/namespaces?fieldSelector=metadata.name%3Dshop', '/api/v1/namespaces?fieldSelector=metadata.name%3Dshop&watch=true&allowWatchBookmarks=true&resourceVersion=1']);
  });

  it('reconnects after a failure, from where it was', async () => {
    const paths: string[] = [];
    const states: string[] = [];
    const list = new LiveList({
      path: '/api/v1/pods',
      fetcher: async (path, signal) => {
        paths.push(path);
        if (paths.length === 1) return Response.json({ metadata: { resourceVersion: '4' }, items: [] });
        if (paths.length === 2) throw new TypeError('network error');
        return streamed([], signal, true);
      },
      onUpdate: () => undefined,
      onState: (state) => states.push(state),
      delay: async () => undefined,
    }).start();
    await vi.waitFor(() => expect(paths.length).toBe(3));
    list.stop();
    expect(paths[2]).toBe('/api/v1/pods?watch=true&allowWatchBookmarks=true&resourceVersion=4');
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });
});

import { useEffect, useRef, useState } from 'preact/hooks';
import { get, onWatchFatal, watchFetcher } from './api.ts';
import { messageOf } from './lib/errors.ts';
import type { KubeObject } from './lib/objects.ts';
import { byName } from './lib/objects.ts';
import { LiveList, type LiveState } from './lib/watch.ts';

export interface Live {
  items: KubeObject[];
  loaded: boolean;
  state: LiveState;
  /** Counts the changes seen: pages use it to re-read what follows this collection. */
  version: number;
  error?: string;
}

// Browsers open at most six HTTP/1.1 connections to one server and every watch holds one, so a
// page watches at most five collections and re-reads the rest when a watched one changes.
let openWatches = 0;
const WATCH_BUDGET = 5;

/** A collection kept current by list + watch; null `path` watches nothing. */
export const useLive = (path: string | null): Live => {
  const [live, setLive] = useState<Live>({ items: [], loaded: false, state: 'connecting', version: 0 });
  useEffect(() => {
    setLive({ items: [], loaded: false, state: 'connecting', version: 0 });
    if (path === null) return undefined;
    openWatches++;
    if (openWatches > WATCH_BUDGET) console.warn(`${openWatches} watches open: more than the ${WATCH_BUDGET} a page should hold`);
    const list = new LiveList({
      path,
      fetcher: watchFetcher,
      onUpdate: (items) => setLive((previous) => ({ ...previous, items: items.sort(byName), loaded: true, version: previous.version + 1, error: undefined })),
      onState: (state, error) => setLive((previous) => ({ ...previous, state, ...(error ? { error: messageOf(error) } : {}) })),
      onFatal: (error) => {
        setLive((previous) => ({ ...previous, state: 'refused', error: error.message, loaded: true }));
        onWatchFatal(error);
      },
    }).start();
    return () => {
      openWatches--;
      list.stop();
    };
  }, [path]);
  return live;
};

export interface Fetched<T> {
  data: T | undefined;
  error: string | undefined;
  reload: () => void;
}

/**
 * A read that follows other collections: done at once, then again shortly after any of
 * `triggers` changes, and once more a little later for a status written just after them.
 */
export const useFollow = <T>(path: string | null, triggers: readonly unknown[] = []): Fetched<T> => {
  const [state, setState] = useState<{ data: T | undefined; error: string | undefined }>({ data: undefined, error: undefined });
  const [nonce, setNonce] = useState(0);
  const generation = useRef(0);
  const first = useRef(true);
  const read = (p: string): void => {
    const mine = ++generation.current;
    get<T>(p).then(
      (data) => mine === generation.current && setState({ data, error: undefined }),
      (error: unknown) => mine === generation.current && setState((previous) => ({ data: previous.data, error: messageOf(error) })),
    );
  };
  useEffect(() => {
    first.current = true;
    setState({ data: undefined, error: undefined });
  }, [path]);
  useEffect(() => {
    if (path === null) return undefined;
    if (first.current) {
      first.current = false;
      read(path);
      return undefined;
    }
    const soon = setTimeout(() => read(path), 150);
    const later = setTimeout(() => read(path), 1500);
    return () => {
      clearTimeout(soon);
      clearTimeout(later);
    };
  }, [path, nonce, ...triggers]);
  return { ...state, reload: () => setNonce((n) => n + 1) };
};

export type Items = { items: KubeObject[] };

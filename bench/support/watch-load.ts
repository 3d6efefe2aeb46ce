/** Runs the watch latency client (watch-child.ts) in a child process and collects its figures. */
import { fileURLToPath } from 'node:url';
import { runJsonChild } from './child.ts';

export interface WatchSpec {
  url: string;
  headers: Record<string, string>;
  /** 'pacific': a pod counts once the watch shows it Running; 'echo': once the stream shows it. */
  mode: 'pacific' | 'echo';
  watchPath: string;
  /** POST targets, used in turn; pod i is named `${itemPrefix}-${i}`. */
  postBases: string[];
  itemPrefix: string;
  /** Creates per second, open loop. */
  rate: number;
  /** Pods created first at the same rate and not measured (named `warm-N`). */
  warmup: number;
  /** Pods measured. */
  count: number;
  /** How long to wait for the last observations once every create was sent. */
  settleTimeoutMs: number;
}

export interface WatchFigures {
  sent: number;
  observed: number;
  createErrors: number;
  /** ERROR events on the watch, and whether the server ended it early. */
  watchErrors: number;
  watchEnded: boolean;
  lastError: string;
  achievedRate: number;
  /** POST sent -> seen Running on the watch. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** POST sent -> 201 received. */
  createP50Ms: number;
  createP99Ms: number;
}

const childScript = fileURLToPath(new URL('./watch-child.ts', import.meta.url));

export const runWatchLoad = (label: string, spec: WatchSpec): Promise<WatchFigures> => runJsonChild<WatchFigures>(childScript, spec, label, spec.count);

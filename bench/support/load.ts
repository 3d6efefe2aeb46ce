/** Runs HTTP load (autocannon) from a child process and collects its figures. */
import { fileURLToPath } from 'node:url';
import { runJsonChild } from './child.ts';

export interface LoadSpec {
  url: string;
  connections: number;
  /** Requests in all. */
  amount: number;
  method: 'GET' | 'POST';
  /**
   * Request k goes to `bases[j % bases.length]`, j = k modulo `items` (k when absent); with
   * `itemPrefix` the path gets `/${itemPrefix}-${j}` (GET one object). A POST carries a pod named
   * `${itemPrefix}-${j}` instead.
   */
  bases: string[];
  itemPrefix?: string;
  items?: number;
  headers?: Record<string, string>;
}

export interface LoadFigures {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  statusCodes: Record<string, number>;
}

const childScript = fileURLToPath(new URL('./load-child.ts', import.meta.url));

export const runLoad = (label: string, spec: LoadSpec): Promise<LoadFigures> => runJsonChild<LoadFigures>(childScript, spec, label, spec.amount);

/** Pod creates sent on a fixed schedule (open loop): see paced-load-child.ts. */
export interface PacedLoadSpec {
  url: string;
  /** Keep-alive connections at most; a request due while all are busy waits for one, timed from when it was due. */
  connections: number;
  /** Requests per second sent. */
  rate: number;
  amount: number;
  /** Create k goes to `bases[k % bases.length]` and names its pod `${itemPrefix}-${k}`. */
  bases: string[];
  itemPrefix: string;
  headers?: Record<string, string>;
}

const pacedChildScript = fileURLToPath(new URL('./paced-load-child.ts', import.meta.url));

export const runPacedLoad = (label: string, spec: PacedLoadSpec): Promise<LoadFigures> => runJsonChild<LoadFigures>(pacedChildScript, spec, label, spec.amount);

/**
 * Helpers shared by every benchmark: flags, the machine line, temp dirs, timing, percentiles,
 * progress bars, the table printer and bench/results.json merging.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';

/** The node arguments that load TypeScript sources as bin/pacific.js does. */
export const typescriptImport = ['--import', new URL('../../src/typescript/register.mjs', import.meta.url).href];

export const argv = (): string[] => process.argv.slice(2);

export const hasFlag = (flag: string, args: string[] = argv()): boolean => args.includes(flag);

export const isQuick = (args: string[] = argv()): boolean => hasFlag('--quick', args);

export const stringFlag = (flag: string, args: string[] = argv()): string | undefined => {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
  return value;
};

/** `--flag N` as a positive integer, else `fallback`. */
export const numberFlag = (flag: string, fallback: number, args: string[] = argv()): number => {
  const text = stringFlag(flag, args);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive integer`);
  return value;
};

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export const machineInfo = (): MachineInfo => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
});

/** The 1-minute load average now: figures taken on a busy machine are recognizable afterwards. */
export const loadAverage = (): number => Number((loadavg()[0] ?? 0).toFixed(2));

const loadAtStart = loadAverage();

export const printMachine = (): MachineInfo => {
  const machine = machineInfo();
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.platform}; load average ${loadAtStart}`);
  return machine;
};

/** Runs `body` with a fresh temp dir, removed afterwards whatever happens. */
export const withTempDir = async <T>(body: (dir: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'pacific-bench-'));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Seconds `body` took. */
export const timed = async (body: () => unknown): Promise<number> => {
  const start = process.hrtime.bigint();
  await body();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const nowMs = (): number => performance.now();

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export const sleep = (ms: number): Promise<void> => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

export const DEFAULT_RESULTS_FILE = fileURLToPath(new URL('../results.json', import.meta.url));

/** bench/results.json, or the file given with `--out PATH` (the quick test writes to a temp file). */
export const resultsFile = (args: string[] = argv()): string => resolve(stringFlag('--out', args) ?? DEFAULT_RESULTS_FILE);

/**
 * Quick runs are smoke tests: they write only when told where (`--out`) or `--save`, so they never
 * replace measured figures in bench/results.json by accident.
 */
export const shouldWrite = (args: string[] = argv()): boolean => !isQuick(args) || hasFlag('--out', args) || hasFlag('--save', args);

/** Merges `figures` into the results file under `key`, keeping the other keys and the key's other fields. */
export const mergeResults = (key: string, figures: Record<string, unknown>, file: string = resultsFile()): void => {
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const previous = typeof all[key] === 'object' && all[key] !== null ? (all[key] as Record<string, unknown>) : {};
  all[key] = { ...previous, ...figures };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
};

/** Writes a bench's figures (with the machine and time) unless this is a quick run without --out. */
export const saveResults = (key: string, figures: Record<string, unknown>): void => {
  if (!shouldWrite()) {
    console.log(`\n(quick run: not written; pass --out FILE or --save to keep the figures)`);
    return;
  }
  mergeResults(key, { machine: machineInfo(), measuredAt: new Date().toISOString(), quick: isQuick(), loadAverage: { start: loadAtStart, end: loadAverage() }, ...figures });
  console.log(`\nwritten to ${resultsFile()} under "${key}"`);
};

export const printTable = (header: string[], rows: (string | number)[][]): void => {
  const cells = [header, ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)))];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)));
  for (const [i, row] of cells.entries()) {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
};

export const formatNumber = (value: number): string => {
  if (!Number.isFinite(value)) return '-';
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
};

/** "met" / "MISSED" for a target check, printed in the tables. */
export const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');

export interface Progress {
  update(done: number): void;
  increment(by?: number): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; nothing otherwise (CI logs, the quick test), so that output stays
 * readable. Updates are throttled by cli-progress itself.
 */
export const progress = (label: string, total: number): Progress => {
  if (!process.stderr.isTTY || total <= 0) return { update: () => undefined, increment: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(34)} [{bar}] {percentage}% {value}/{total} {duration_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true, fps: 10 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let done = 0;
  return {
    update: (value) => {
      done = value;
      bar.update(Math.min(value, total));
    },
    increment: (by = 1) => {
      done += by;
      bar.update(Math.min(done, total));
    },
    stop: () => bar.stop(),
  };
};

/** True when the module at `moduleUrl` is the script node was started with. */
export const isMain = (moduleUrl: string): boolean => Boolean(process.argv[1]) && moduleUrl === pathToFileURL(resolve(process.argv[1]!)).href;

export interface LoopDelay {
  /** Event-loop delay of this process while it ran, ms. */
  stop(): { p50Ms: number; p99Ms: number; maxMs: number };
}

/** Measures how long this process's event loop was held up (GC, synchronous fsync, long tasks). */
export const watchLoopDelay = (): LoopDelay => {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return {
    stop: () => {
      histogram.disable();
      const ms = (ns: number): number => round(ns / 1e6, 1);
      return { p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) };
    },
  };
};

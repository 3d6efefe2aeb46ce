/**
 * Replay of a realistic log (1M events by default) into the inventory, beside the raw ceiling of
 * reading the same rows with better-sqlite3 and JSON.parse-ing them; each in its own process (with
 * the server's V8 flags) so the peak RSS reported is that of the replay alone.
 * Usage: node --import ./src/typescript/register.mjs bench/replay.bench.ts [--quick] [--events N] [--out FILE]
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain, isQuick, numberFlag, printMachine, printTable, round, saveResults, typescriptImport, verdict, withTempDir } from './support/common.ts';
import { writeReplayLog } from './support/replay-log.ts';
import { openRaw } from './support/store-bench.ts';

export const TARGET = { eventsPerSec: 200_000, ratio: 0.5, peakRssMiB: 1024 };

interface ChildFigures {
  events: number;
  seconds: number;
  peakRssBytes: number;
}

export interface ReplayFigures {
  events: number;
  replayEventsPerSec: number;
  rawEventsPerSec: number;
  ratio: number;
  replayPeakRssMiB: number;
  rawPeakRssMiB: number;
  met: boolean;
}

export const measureReplay = async (target: number): Promise<ReplayFigures> =>
  withTempDir(async (dir) => {
    const path = join(dir, 'replay.db');
    const db = openRaw(path);
    const events = writeReplayLog(db, target);
    db.close();
    const run = (mode: 'raw' | 'replay'): ChildFigures => {
      // The same V8 flag the server runs with (see bin/pacific.js).
      const output = execFileSync(process.execPath, ['--max-semi-space-size=64', ...typescriptImport, fileURLToPath(new URL('./support/replay-child.ts', import.meta.url)), mode, path], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      return JSON.parse(output.trim().split('\n').at(-1)!) as ChildFigures;
    };
    const raw = run('raw');
    const replay = run('replay');
    const replayEventsPerSec = Math.round(replay.events / replay.seconds);
    const ratio = round(raw.seconds / replay.seconds, 2);
    const replayPeakRssMiB = Math.round(replay.peakRssBytes / 2 ** 20);
    return {
      events,
      replayEventsPerSec,
      rawEventsPerSec: Math.round(raw.events / raw.seconds),
      ratio,
      replayPeakRssMiB,
      rawPeakRssMiB: Math.round(raw.peakRssBytes / 2 ** 20),
      met: replayEventsPerSec >= TARGET.eventsPerSec && ratio >= TARGET.ratio && replayPeakRssMiB <= TARGET.peakRssMiB,
    };
  });

export const runReplayBench = async (): Promise<ReplayFigures> => {
  const events = numberFlag('--events', isQuick() ? 20_000 : 1_000_000);
  printMachine();
  console.log(`a realistic log of ${events.toLocaleString('en-US')} events written straight to a SQLite file, then replayed\n`);
  const figures = await measureReplay(events);
  printTable(
    ['replay', 'events', 'ev/s', 'raw ev/s', 'replay/raw', 'peak RSS MiB', 'raw RSS MiB', 'target'],
    [
      [
        'log -> inventory',
        figures.events,
        figures.replayEventsPerSec,
        figures.rawEventsPerSec,
        figures.ratio,
        figures.replayPeakRssMiB,
        figures.rawPeakRssMiB,
        `${verdict(figures.met)} (>= 200k ev/s, >= 0.5, <= 1 GiB)`,
      ],
    ],
  );
  saveResults('replay', { ...figures, target: TARGET });
  return figures;
};

if (isMain(import.meta.url)) await runReplayBench();

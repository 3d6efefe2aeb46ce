/**
 * `npm run bench`: every benchmark in turn, each in its own process (with the server's V8 flags),
 * then a summary of the headline figures against their targets from the results file.
 * Usage: node --import ./src/typescript/register.mjs bench/run.ts [--quick] [--only schedule,api,...] [--out FILE]
 * Other flags are passed on to every benchmark.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { argv, isMain, printTable, resultsFile, shouldWrite, stringFlag, typescriptImport } from './support/common.ts';

export const BENCHES = ['schedule', 'api', 'watch', 'replay', 'store', 'ha'] as const;
export type BenchName = (typeof BENCHES)[number];

/** The node arguments that run one benchmark script, as the npm scripts do. */
export const benchCommand = (name: BenchName, passOn: string[]): string[] => [
  '--max-semi-space-size=64',
  ...typescriptImport,
  fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url)),
  ...passOn,
];

const selected = (): BenchName[] => {
  const only = stringFlag('--only');
  if (!only) return [...BENCHES];
  const names = only.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(BENCHES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.join(', ')}`);
  return names as BenchName[];
};

const passedOn = (): string[] => {
  const args = argv();
  const i = args.indexOf('--only');
  return i < 0 ? args : [...args.slice(0, i), ...args.slice(i + 2)];
};

type Results = Record<string, any>;

const headline = (name: BenchName, r: any): (string | number)[] => {
  const mark = (met: unknown): string => (met === true ? 'met' : met === false ? 'MISSED' : '-');
  switch (name) {
    case 'schedule':
      return [name, `${r.endToEnd?.podsPerSec} pods/s end to end; ${r.endToEndFull?.podsPerSec} pods/s 90% full; ${r.placementOnly?.decisionsPerSec} placements/s`, '>= 2,000 pods/s', mark(r.endToEnd?.met && r.endToEndFull?.met)];
    case 'api':
      return [name, `${Math.round(r.create?.pacific?.requestsPerSec)} creates/s, p99 ${r.create?.pacific?.p99Ms} ms (echo ${Math.round(r.create?.echo?.requestsPerSec)}/s); GET p99 ${r.get?.pacific?.p99Ms} ms; list p99 ${r.list?.pacific?.p99Ms} ms; at ${r.createPaced?.rate}/s p50 ${r.createPaced?.pacific?.p50Ms} ms, p99 ${r.createPaced?.pacific?.p99Ms} ms`, '>= 3,000/s, p99 <= 50 ms', mark(r.create?.met)];
    case 'watch':
      return [name, `create -> Running p50 ${r.pacific?.p50Ms} ms, p99 ${r.pacific?.p99Ms} ms at ${r.sizes?.rate}/s`, 'p50 <= 20 ms, p99 <= 100 ms', mark(r.pacific?.met)];
    case 'replay':
      return [name, `${r.replayEventsPerSec} ev/s, ratio ${r.ratio}, peak RSS ${r.replayPeakRssMiB} MiB`, '>= 200k ev/s, >= 0.5, <= 1 GiB', mark(r.met)];
    case 'store': {
      const single = r.appends?.singleEventConcurrent;
      const batched = r.appends?.batched100;
      const etcd = single?.etcdEventsPerSec === undefined ? 'etcd skipped' : `x${single.storeOverEtcd} / x${batched?.storeOverEtcd} etcd`;
      return [name, `ratio to raw SQLite ${single?.ratio} (single) / ${batched?.ratio} (batched); ${etcd}`, '>= 0.7 of raw, ahead of etcd', mark(single?.met && batched?.met)];
    }
    case 'ha':
      return [name, `${r.secondsAfterDetection} s after detection for ${r.sizes?.pods} pods`, '<= 5 s', mark(r.met)];
  }
};

export const runAll = (): number => {
  const names = selected();
  const passOn = passedOn();
  const failed: string[] = [];
  for (const name of names) {
    console.log(`\n=== bench:${name} ===`);
    const result = spawnSync(process.execPath, benchCommand(name, passOn), { stdio: 'inherit' });
    if (result.status !== 0) failed.push(name);
  }
  const file = resultsFile();
  if (shouldWrite() && existsSync(file)) {
    const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
    console.log('\n=== summary ===');
    printTable(
      ['bench', 'figures', 'target', 'verdict'],
      names.filter((name) => results[name] && !failed.includes(name)).map((name) => headline(name, results[name])),
    );
  }
  if (failed.length > 0) console.error(`\nfailed: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
};

if (isMain(import.meta.url)) process.exitCode = runAll();

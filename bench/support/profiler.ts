/**
 * `--profile DIR`: a CPU profile and a sampled allocation profile of this process around one
 * measured phase (the server side, not the load generator), written as DIR/NAME.cpuprofile and
 * DIR/NAME.heapprofile; summarize either with cpuprofile-top.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { stringFlag } from './common.ts';

export const profiled = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
  const dir = stringFlag('--profile');
  if (!dir) return body();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  await session.post('HeapProfiler.enable');
  // Objects collected meanwhile count too: what costs is allocating, not only what stays.
  await session.post('HeapProfiler.startSampling', { samplingInterval: 64 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  try {
    return await body();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    const { profile: allocations } = await session.post('HeapProfiler.stopSampling');
    mkdirSync(dir, { recursive: true });
    const base = join(dir, name.replace(/[^a-z0-9]+/gi, '-'));
    writeFileSync(`${base}.cpuprofile`, JSON.stringify(profile));
    writeFileSync(`${base}.heapprofile`, JSON.stringify(allocations));
    session.disconnect();
    console.error(`profiles written to ${base}.cpuprofile and .heapprofile`);
  }
};

/**
 * `--profile DIR`: a CPU profile of this process around one measured phase (the server side, not
 * the load generator), written as DIR/NAME.cpuprofile; summarize it with cpuprofile-top.ts.
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
  try {
    return await body();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.error(`profile written to ${file}`);
  }
};

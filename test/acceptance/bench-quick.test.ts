import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCHES, benchCommand } from '../../bench/run.ts';
import { typescriptImport } from '../../bench/support/common.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Smoke tests only: each benchmark runs at tiny sizes and writes valid JSON. No timing is asserted. */
describe('benchmarks in --quick mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pacific-bench-quick-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const readResults = (file: string): Record<string, any> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;

  for (const name of BENCHES) {
    it(`bench:${name} runs and writes its figures as JSON`, async () => {
      const out = join(dir, `${name}.json`);
      await run(process.execPath, benchCommand(name, ['--quick', '--out', out]), { cwd: root, timeout: 110_000, maxBuffer: 16 << 20 });
      const figures = readResults(out)[name];
      expect(figures).toMatchObject({ quick: true, measuredAt: expect.any(String), machine: { cores: expect.any(Number), node: process.version } });
      // The paced client's creates all land and are counted (200 at 100/s in --quick mode).
      if (name === 'api') expect(figures.createPaced).toMatchObject({ rate: 100, pacific: { requests: 200, ok: 200 }, echo: { requests: 200, ok: 200 } });
    }, 120_000);
  }

  it('npm run bench (bench/run.ts) runs the benches it is given and summarizes them', async () => {
    const out = join(dir, 'run.json');
    const { stdout } = await run(process.execPath, [...typescriptImport, join(root, 'bench/run.ts'), '--quick', '--only', 'replay', '--out', out], { cwd: root, timeout: 110_000 });
    expect(Object.keys(readResults(out))).toEqual(['replay']);
    expect(stdout).toContain('=== summary ===');
  }, 120_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
export const pacificBin = join(root, 'bin/pacific.js');
/** The node arguments that load TypeScript sources as bin/pacific.js does. */
export const typescriptImport = ['--import', new URL('../../../src/typescript/register.mjs', import.meta.url).href];

export interface Spawned {
  child: ChildProcess;
  /** Every complete line printed so far, stdout and stderr interleaved. */
  lines: string[];
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

/** Runs `node ARGS` from the project root, collecting its output line by line. */
export const start = (args: string[], env: NodeJS.ProcessEnv = process.env): Spawned => {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let buffered = '';
  const onData = (chunk: Buffer): void => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    listeners.forEach((listener) => listener());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitForLine: (predicate, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.find(predicate);
          if (found !== undefined) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out; output so far:\n${lines.join('\n')}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
};

/** Runs `node ARGS` to completion. */
export const run = async (args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; output: string }> => {
  const spawned = start(args, env);
  const code = await spawned.exited;
  await new Promise((resolve) => setImmediate(resolve));
  return { code, output: spawned.lines.join('\n') };
};

export interface ServedPacific {
  url: string;
  kubeconfig: string;
  dataDir: string;
  server: Spawned;
  stop(): Promise<void>;
}

/** `pacific serve` on a free port and a fresh temporary data dir, access log silenced. */
export const servePacific = async (extraArgs: string[] = []): Promise<ServedPacific> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pacific-e2e-'));
  const server = start([pacificBin, 'serve', '--data-dir', dataDir, '--port', '0', ...extraArgs], {
    ...process.env,
    PACIFIC_LOG_LEVEL: 'silent',
  });
  const stop = async (): Promise<void> => {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const serving = await server.waitForLine((line) => line.startsWith('Pacific serving on'));
    const kubeconfigLine = await server.waitForLine((line) => line.startsWith('kubeconfig: '));
    return {
      url: /https?:\/\/\S+/.exec(serving)![0],
      kubeconfig: kubeconfigLine.slice('kubeconfig: '.length).split(/\s+/)[0]!,
      dataDir,
      server,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};

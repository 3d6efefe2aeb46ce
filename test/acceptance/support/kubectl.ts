import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The kubectl binary the end-to-end tests drive, or undefined when the machine has none. */
export const findKubectl = (): string | undefined => {
  const candidates = [process.env.KUBECTL, ...(process.env.PATH ?? '').split(delimiter).map((dir) => dir && join(dir, 'kubectl')), '/usr/bin/kubectl'];
  return candidates.find((candidate): candidate is string => {
    if (!candidate) return false;
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
};

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlWatch {
  child: ChildProcess;
  lines: string[];
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface Kubectl {
  /** Runs kubectl to completion; never rejects on a non-zero exit code. */
  run(args: string[], input?: string): Promise<KubectlResult>;
  /** Runs kubectl and fails with its output unless it exits 0; resolves to stdout. */
  ok(args: string[], input?: string): Promise<string>;
  /** Starts a long-running kubectl (e.g. `get -w`) and collects its stdout lines. */
  watch(args: string[]): KubectlWatch;
  dispose(): void;
}

/**
 * kubectl bound to one kubeconfig, with a private discovery cache and a request timeout,
 * and HOME pointed away from the user's ~/.kube.
 */
export const kubectlFor = (binary: string, kubeconfig: string): Kubectl => {
  const home = mkdtempSync(join(tmpdir(), 'pacific-kubectl-'));
  const env = { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig };
  const common = ['--cache-dir', join(home, 'cache'), '--request-timeout=20s'];
  const children = new Set<ChildProcess>();

  const run = (args: string[], input?: string): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = execFile(binary, [...common, ...args], { env, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
      if (input !== undefined) child.stdin!.end(input);
    });

  return {
    run,
    ok: async (args, input) => {
      const result = await run(args, input);
      if (result.code !== 0) {
        throw new Error(`kubectl ${args.join(' ')} exited ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
      }
      return result.stdout;
    },
    watch: (args) => {
      const child = spawn(binary, [...common, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(child);
      const lines: string[] = [];
      const errors: string[] = [];
      const listeners = new Set<() => void>();
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const parts = buffered.split('\n');
        buffered = parts.pop()!;
        lines.push(...parts);
        listeners.forEach((listener) => listener());
      });
      child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString('utf8')));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return {
        child,
        lines,
        waitForLine: (predicate, timeoutMs = 15_000) =>
          new Promise((resolve, reject) => {
            const check = (): void => {
              const found = lines.find(predicate);
              if (found === undefined) return;
              listeners.delete(check);
              clearTimeout(timer);
              resolve(found);
            };
            const timer = setTimeout(() => {
              listeners.delete(check);
              reject(new Error(`kubectl ${args.join(' ')}: timed out; stdout so far:\n${lines.join('\n')}\nstderr:\n${errors.join('')}`));
            }, timeoutMs);
            listeners.add(check);
            check();
          }),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
          children.delete(child);
        },
      };
    },
    dispose: () => {
      children.forEach((child) => child.kill('SIGKILL'));
      rmSync(home, { recursive: true, force: true });
    },
  };
};

/**
 * Runs a bench client script in its own node process (so it does not share the measured server's
 * event loop): the spec goes as JSON in argv[2]; `progress N` lines on its stderr drive a progress
 * bar; its last stdout line is its figures, as JSON.
 */
import { spawn } from 'node:child_process';
import { progress, typescriptImport } from './common.ts';

export const runJsonChild = <Figures>(script: string, spec: unknown, label: string, total: number): Promise<Figures> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...typescriptImport, script, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const bar = progress(label, total);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        const match = /^progress (\d+)$/.exec(line);
        if (match) bar.update(Number(match[1]));
        else if (line.trim() !== '') stderr += `${line}\n`;
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      bar.stop();
      const last = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !last) return reject(new Error(`${label}: client exited with ${code}: ${stderr.slice(-2000)}`));
      resolve(JSON.parse(last) as Figures);
    });
  });

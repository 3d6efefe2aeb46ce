/**
 * Top entries of a V8 .cpuprofile (from `node --cpu-prof` or `--profile`): self time per function
 * and total (inclusive) time per function, as shares of the sampled time; of a .heapprofile, bytes
 * allocated per function (self and inclusive) as shares of the sampled allocations.
 * Usage: node --import ./src/typescript/register.mjs bench/support/cpuprofile-top.ts FILE.cpuprofile|FILE.heapprofile [N]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export const topOfProfile = (profile: Profile, count = 25): { self: [string, number][]; total: [string, number][] } => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode): string => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
    return `${functionName || '(anonymous)'} ${where}`.trim();
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    all += delta;
    const leaf = byId.get(id)!;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + delta);
    const seen = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
      const name = label(node);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + delta);
    }
  });
  const top = (map: Map<string, number>): [string, number][] =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, time]) => [name, Number(((100 * time) / all).toFixed(1))]);
  return { self: top(self), total: top(total) };
};

interface HeapNode {
  id: number;
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children: HeapNode[];
}

/** A sampled allocation profile as a CPU profile whose samples weigh bytes, so the same summary applies. */
export const heapAsProfile = (root: HeapNode): Profile => {
  const nodes: ProfileNode[] = [];
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  const visit = (node: HeapNode): void => {
    nodes.push({ id: node.id, callFrame: node.callFrame, children: node.children.map((child) => child.id) });
    if (node.selfSize > 0) {
      samples.push(node.id);
      timeDeltas.push(node.selfSize);
    }
    node.children.forEach(visit);
  };
  visit(root);
  return { nodes, samples, timeDeltas };
};

if (process.argv[1]?.endsWith('cpuprofile-top.ts')) {
  const file = process.argv[2]!;
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  const profile = file.endsWith('.heapprofile') ? heapAsProfile((parsed as { head: HeapNode }).head) : (parsed as Profile);
  const { self, total } = topOfProfile(profile, Number(process.argv[3] ?? 25));
  console.log('self %  function');
  for (const [name, share] of self) console.log(`${share.toFixed(1).padStart(6)}  ${name}`);
  console.log('\ntotal %  function');
  for (const [name, share] of total) console.log(`${share.toFixed(1).padStart(7)}  ${name}`);
}

import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
const self = new Map<string, number>();
let all = 0;
p.samples.forEach((id: number, i: number) => { const d = p.timeDeltas[i] ?? 0; all += d; const n = byId.get(id); let u = n.callFrame.url.replace(/^.*\/work\/main\//,'') || n.callFrame.functionName; u = u.replace(/node_modules\/([^/]+)\/.*/, 'nm:$1').replace(/^node:.*/, 'node-internal'); self.set(u, (self.get(u) ?? 0) + d); });
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 50))) console.log((100 * v / all).toFixed(1).padStart(6), k);

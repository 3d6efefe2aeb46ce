import { it } from 'vitest';
import { startHttpPacific } from './support/http-pacific.ts';
it('probe', async () => {
  const p = await startHttpPacific();
  await p.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fuzz' } });
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  for (const [m, path, body, ct] of [
    ['PATCH', '/api/v1/namespaces/fuzz?dryRun=All', deep(5000), 'application/merge-patch+json'],
    ['PATCH', '/api/v1/namespaces/fuzz?dryRun=All', deep(50000), 'application/strategic-merge-patch+json'],
    ['PATCH', '/api/v1/namespaces/fuzz?dryRun=All', '['.repeat(100000) + ']'.repeat(100000), 'application/merge-patch+json'],
    ['MKCOL', '/api/%E0%A4%A/x', undefined, undefined],
    ['POST', '/api/v1/%ZZ', '{}', 'application/json'],
    ['PATCH', '/api/v1/namespaces/fuzz?fieldManager=x&dryRun=All', 'a:\n'.repeat(1) + Array.from({length: 5000}, (_, i) => ' '.repeat(i+1) + 'a:').join('\n') + ' 1', 'application/apply-patch+yaml'],
  ] as const) {
    const t = Date.now();
    const r = await p.request(m, path, body, ct ? { 'content-type': ct } : {});
    console.log(m, path.slice(0, 40), r.status, Date.now() - t, 'ms', JSON.stringify(r.body).slice(0, 200));
  }
  await p.stop();
}, 60000);

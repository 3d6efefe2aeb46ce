import express, { type Express } from 'express';
import { describe, expect, it } from 'vitest';
import { useServedApps } from './support/serve-app.ts';
import { classifyKubeRequest, createMetrics, kubeRequestClassifier, metricsHandler, metricsMiddleware, type Metrics } from '../../../src/adapters/http/ops/metrics.ts';

const serve = useServedApps();

const metricsApp = (metrics: Metrics): Express => {
  const app = express();
  app.use(metricsMiddleware(metrics, kubeRequestClassifier));
  app.get('/metrics', metricsHandler(metrics));
  app.get('/api/v1/namespaces/:namespace/pods', (req, res) => {
    if (req.query.watch === 'true') {
      res.status(200).write('{"type":"BOOKMARK"}\n');
      return;
    }
    res.json({ kind: 'PodList', items: [] });
  });
  app.delete('/apis/vmoperator.vmware.com/v1alpha3/namespaces/:namespace/virtualmachines/:name', (_req, res) => {
    res.status(404).json({ kind: 'Status' });
  });
  return app;
};

const until = async (condition: () => Promise<boolean>): Promise<void> => {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition never held');
};

describe('createMetrics', () => {
  it('gives each app its own registry, with the default process metrics', async () => {
    const first = createMetrics();
    const second = createMetrics();
    expect(first.registry).not.toBe(second.registry);
    first.eventsAppended.inc(3);
    const text = await first.registry.metrics();
    expect(text).toContain('pacific_events_appended_total 3');
    expect(await second.registry.metrics()).toContain('pacific_events_appended_total 0');
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
  });

  it('reads the projection lag from the source at each scrape', async () => {
    const metrics = createMetrics();
    let lag = 7;
    metrics.setProjectionLagSource(() => lag);
    expect(await metrics.registry.metrics()).toContain('pacific_projection_lag_events 7');
    lag = 0;
    expect(await metrics.registry.metrics()).toContain('pacific_projection_lag_events 0');
  });

  it('counts watchers', async () => {
    const metrics = createMetrics();
    metrics.watchers.inc();
    metrics.watchers.inc();
    metrics.watchers.dec();
    expect(await metrics.registry.metrics()).toContain('pacific_watchers 1');
  });
});

describe('metricsMiddleware and metricsHandler', () => {
  it('records requests by verb, resource and code, with latency, and serves the text format', async () => {
    const metrics = createMetrics();
    const base = await serve(metricsApp(metrics));
    await (await fetch(`${base}/api/v1/namespaces/dev/pods`)).json();
    await (await fetch(`${base}/api/v1/namespaces/dev/pods`)).json();
    await (await fetch(`${base}/apis/vmoperator.vmware.com/v1alpha3/namespaces/dev/virtualmachines/web`, { method: 'DELETE' })).json();
    await (await fetch(`${base}/nowhere/at/all`)).text();
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('pacific_http_requests_total{verb="list",resource="pods",code="200"} 2');
    expect(text).toContain('pacific_http_requests_total{verb="delete",resource="virtualmachines.vmoperator.vmware.com",code="404"} 1');
    expect(text).toContain('pacific_http_requests_total{verb="get",resource="nowhere",code="404"} 1');
    expect(text).toContain('pacific_http_request_duration_seconds_count{verb="list",resource="pods",code="200"} 2');
    expect(text).toContain('pacific_http_request_duration_seconds_bucket{le="0.001",verb="list",resource="pods",code="200"}');
    expect(text).toContain('pacific_http_request_duration_seconds_bucket{le="60",verb="list",resource="pods",code="200"} 2');
  });

  it('records a watch the client abandons, once', async () => {
    const metrics = createMetrics();
    const base = await serve(metricsApp(metrics));
    const controller = new AbortController();
    const response = await fetch(`${base}/api/v1/namespaces/dev/pods?watch=true`, { signal: controller.signal });
    expect(response.status).toBe(200);
    controller.abort();
    const line = 'pacific_http_requests_total{verb="watch",resource="pods",code="200"} 1';
    await until(async () => (await metrics.registry.metrics()).includes(line));
  });
});

describe('classifyKubeRequest', () => {
  const cases: [string, string, Record<string, unknown>, { verb: string; resource: string; namespace?: string; name?: string; subresource?: string }][] = [
    ['GET', '/api/v1/namespaces/dev/pods', {}, { verb: 'list', resource: 'pods', namespace: 'dev' }],
    ['GET', '/api/v1/pods', {}, { verb: 'list', resource: 'pods' }],
    ['GET', '/api/v1/namespaces/dev/pods', { watch: 'true' }, { verb: 'watch', resource: 'pods', namespace: 'dev' }],
    ['GET', '/api/v1/namespaces/dev/pods', { watch: '1' }, { verb: 'watch', resource: 'pods', namespace: 'dev' }],
    ['GET', '/api/v1/namespaces/dev/pods', { watch: 'false' }, { verb: 'list', resource: 'pods', namespace: 'dev' }],
    ['GET', '/api/v1/watch/namespaces/dev/pods', {}, { verb: 'watch', resource: 'pods', namespace: 'dev' }],
    ['GET', '/api/v1/namespaces/dev/pods/web', {}, { verb: 'get', resource: 'pods', namespace: 'dev', name: 'web' }],
    ['POST', '/api/v1/namespaces/dev/pods', {}, { verb: 'create', resource: 'pods', namespace: 'dev' }],
    ['PUT', '/api/v1/namespaces/dev/pods/web', {}, { verb: 'update', resource: 'pods', namespace: 'dev', name: 'web' }],
    ['PATCH', '/api/v1/namespaces/dev/pods/web', {}, { verb: 'patch', resource: 'pods', namespace: 'dev', name: 'web' }],
    ['DELETE', '/api/v1/namespaces/dev/pods/web', {}, { verb: 'delete', resource: 'pods', namespace: 'dev', name: 'web' }],
    ['DELETE', '/api/v1/namespaces/dev/pods', {}, { verb: 'deletecollection', resource: 'pods', namespace: 'dev' }],
    ['PUT', '/api/v1/namespaces/dev/pods/web/status', {}, { verb: 'update', resource: 'pods', namespace: 'dev', name: 'web', subresource: 'status' }],
    ['POST', '/api/v1/namespaces/dev/pods/web/eviction', {}, { verb: 'create', resource: 'pods', namespace: 'dev', name: 'web', subresource: 'eviction' }],
    ['GET', '/api/v1/namespaces', {}, { verb: 'list', resource: 'namespaces' }],
    ['GET', '/api/v1/namespaces/dev', {}, { verb: 'get', resource: 'namespaces', name: 'dev' }],
    ['PUT', '/api/v1/namespaces/dev/status', {}, { verb: 'update', resource: 'namespaces', name: 'dev', subresource: 'status' }],
    ['PUT', '/api/v1/namespaces/dev/finalize', {}, { verb: 'update', resource: 'namespaces', name: 'dev', subresource: 'finalize' }],
    ['GET', '/api/v1/nodes/esx-01', {}, { verb: 'get', resource: 'nodes', name: 'esx-01' }],
    ['PATCH', '/api/v1/nodes/esx-01/status', {}, { verb: 'patch', resource: 'nodes', name: 'esx-01', subresource: 'status' }],
    ['GET', '/apis/storage.k8s.io/v1/storageclasses', {}, { verb: 'list', resource: 'storageclasses.storage.k8s.io' }],
    [
      'GET',
      '/apis/vmoperator.vmware.com/v1alpha3/namespaces/dev/virtualmachines/web',
      {},
      { verb: 'get', resource: 'virtualmachines.vmoperator.vmware.com', namespace: 'dev', name: 'web' },
    ],
    [
      'GET',
      '/apis/vmoperator.vmware.com/v1alpha3/virtualmachines',
      { watch: 'true', resourceVersion: '12' },
      { verb: 'watch', resource: 'virtualmachines.vmoperator.vmware.com' },
    ],
    [
      'PUT',
      '/apis/run.tanzu.vmware.com/v1alpha3/namespaces/dev/tanzukubernetesclusters/tkc/status',
      {},
      { verb: 'update', resource: 'tanzukubernetesclusters.run.tanzu.vmware.com', namespace: 'dev', name: 'tkc', subresource: 'status' },
    ],
    ['GET', '/apis/vmoperator.vmware.com/v1alpha3/watch/namespaces/dev/virtualmachines', {}, { verb: 'watch', resource: 'virtualmachines.vmoperator.vmware.com', namespace: 'dev' }],
    ['GET', '/livez', {}, { verb: 'get', resource: 'livez' }],
    ['GET', '/metrics', {}, { verb: 'get', resource: 'metrics' }],
    ['GET', '/openapi/v3/apis/vmoperator.vmware.com/v1alpha3', {}, { verb: 'get', resource: 'openapi' }],
    ['GET', '/api', {}, { verb: 'get', resource: 'api' }],
    ['GET', '/api/v1', {}, { verb: 'get', resource: 'api' }],
    ['GET', '/apis/vmoperator.vmware.com/v1alpha3', {}, { verb: 'get', resource: 'apis' }],
    ['OPTIONS', '/', {}, { verb: 'options', resource: '' }],
  ];

  it.each(cases)('%s %s %o', (method, path, query, expected) => {
    expect(classifyKubeRequest(method, path, query)).toMatchObject(expected);
    const info = classifyKubeRequest(method, path, query);
    for (const key of ['namespace', 'name', 'subresource'] as const) expect(info[key]).toBe(expected[key]);
  });

  it('accepts URLSearchParams and ignores a query string left on the path', () => {
    expect(classifyKubeRequest('GET', '/api/v1/pods?watch=true', new URLSearchParams('watch=true'))).toMatchObject({ verb: 'watch', resource: 'pods' });
    expect(classifyKubeRequest('GET', '/api/v1/pods?limit=5')).toMatchObject({ verb: 'list', resource: 'pods' });
  });

  it('survives malformed percent-encoding', () => {
    expect(classifyKubeRequest('GET', '/api/v1/namespaces/%E0%A4%A/pods')).toMatchObject({ verb: 'get', isResourceRequest: false });
  });
});

import type { Request, RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { classifyKubeRequest } from './request-info.ts';

export { classifyKubeRequest };
export type { KubeRequestInfo } from './request-info.ts';

type RequestLabels = 'verb' | 'resource' | 'code';

export interface Metrics {
  /** This app's own registry (never prom-client's global one), so tests can build many apps. */
  registry: Registry;
  httpRequests: Counter<RequestLabels>;
  /** Seconds, as Prometheus convention wants. */
  httpDuration: Histogram<RequestLabels>;
  eventsAppended: Counter;
  /** Log head position minus projected position, read from the source at each scrape. */
  projectionLag: Gauge;
  watchers: Gauge;
  setProjectionLagSource(source: () => number): void;
}

/** From a millisecond to a long watch. */
const DURATION_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const createMetrics = (): Metrics => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let lagSource: (() => number) | undefined;
  const labelNames: RequestLabels[] = ['verb', 'resource', 'code'];
  return {
    registry,
    httpRequests: new Counter({ name: 'pacific_http_requests_total', help: 'HTTP requests by Kubernetes verb, resource and status code.', labelNames, registers: [registry] }),
    httpDuration: new Histogram({
      name: 'pacific_http_request_duration_seconds',
      help: 'HTTP request latency in seconds by Kubernetes verb, resource and status code.',
      labelNames,
      buckets: DURATION_BUCKETS_SECONDS,
      registers: [registry],
    }),
    eventsAppended: new Counter({ name: 'pacific_events_appended_total', help: 'Domain events appended to the event log.', registers: [registry] }),
    projectionLag: new Gauge({
      name: 'pacific_projection_lag_events',
      help: 'Events appended to the log but not yet projected (log head position minus projected position).',
      registers: [registry],
      collect() {
        if (lagSource) this.set(lagSource());
      },
    }),
    watchers: new Gauge({ name: 'pacific_watchers', help: 'Open watch connections.', registers: [registry] }),
    setProjectionLagSource(source) {
      lagSource = source;
    },
  };
};

export type RequestClassifier = (req: Request) => { verb: string; resource: string };

/** Counts and times every request once it is answered, or abandoned (a watch the client closed). */
export const metricsMiddleware = (metrics: Metrics, classify: RequestClassifier): RequestHandler => (req, res, next) => {
  const started = process.hrtime.bigint();
  // 'close' comes once per response, whether it was answered or abandoned.
  res.once('close', () => {
    const { verb, resource } = classify(req);
    const labels = { verb, resource, code: String(res.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  });
  next();
};

/** GET /metrics in the Prometheus text exposition format. */
export const metricsHandler = (metrics: Metrics): RequestHandler => async (_req, res) => {
  const body = await metrics.registry.metrics();
  res.set('Content-Type', metrics.registry.contentType).send(body);
};

/** The classifier for metricsMiddleware: the full path, even inside a mounted router. */
export const kubeRequestClassifier: RequestClassifier = (req) => classifyKubeRequest(req.method, req.originalUrl, req.query);

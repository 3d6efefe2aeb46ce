import express, { type Express, type RequestHandler } from 'express';
import type { InventoryProjector } from '../../application/inventory/inventory-projector.ts';
import type { EventStore } from '../../application/ports/event-store.port.ts';
import { discoveryRouter } from './kube/discovery.ts';
import type { ApiServices } from './kube/mappers/kind-mapper.ts';
import { openApiRouter } from './kube/openapi.ts';
import { buildKubeApi } from './kube-api.ts';
import { readKubeBody } from './ops/body.ts';
import { adminSimRouter } from './admin-sim.ts';
import { whatIfRouter } from './whatif.ts';
import { authorize } from './auth/authorize.ts';
import { endWatchesOnRevocation } from './auth/end-watches-on-revocation.ts';
import { selfSubjectReviewRouter } from './auth/authenticate-self-review.ts';
import { tokensRouter } from './auth/authenticate-tokens-endpoint.ts';
import type { IdentityService } from '../../application/services/identity.service.ts';
import { uiRouter } from './ui.ts';
import { asOfRouter } from './as-of.ts';
import type { Hypervisor } from '../../application/ports/hypervisor.port.ts';
import { notFoundHandler, statusErrorMiddleware } from './ops/errors.ts';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './admission/limits.ts';
import { rateLimitMiddleware } from './admission/rate-limit.ts';
import { accessLogMiddleware, createLogger } from './ops/logging.ts';
import { serveResourcesDirectly } from './ops/resource-fast-path.ts';
import { createMetrics, kubeRequestClassifier, metricsHandler, metricsMiddleware } from './ops/metrics.ts';
import type { Logger } from 'pino';

export interface HttpAppDependencies {
  services: ApiServices;
  store: EventStore;
  projector: InventoryProjector;
  version: string;
  logger?: Logger;
  bookmarkIntervalMs?: number;
  /** The fleet, for failure injection when it is simulated. */
  hypervisor?: Hypervisor;
  /** Sets `req.user` from the bearer token or answers 401; runs before everything but the health checks. */
  authentication: RequestHandler;
  /** Serves the token endpoints (/admin/tokens) when given. */
  identities?: IdentityService;
  /** Per-client request rate (429 beyond it); default DEFAULT_RATE_LIMIT, 0 requests per second turns it off. */
  rateLimit?: RateLimit;
}

/**
 * The HTTP surface: health, version, metrics, discovery, OpenAPI and the Kubernetes API, plus the
 * inventory digest that `pacific replay --verify` compares against.
 */
export const buildHttpApp = ({ services, store, projector, version, logger = createLogger({ level: 'info' }), bookmarkIntervalMs, hypervisor, authentication, identities, rateLimit = DEFAULT_RATE_LIMIT }: HttpAppDependencies): Express => {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const metrics = createMetrics();
  let head = projector.inventory.checkpoint;
  metrics.setProjectionLagSource(() => Math.max(0, head - projector.inventory.checkpoint));
  // The head of the log is read once a second: appended events and projection lag come from it.
  const poll = setInterval(() => {
    void store.headPosition().then(
      (position) => {
        if (position > head) metrics.eventsAppended.inc(position - head);
        head = position;
      },
      () => undefined,
    );
  }, 1000);
  poll.unref();
  const accessLog = accessLogMiddleware(logger);
  const measure = metricsMiddleware(metrics, kubeRequestClassifier);
  const throttle = rateLimitMiddleware({ limit: rateLimit });
  const authorization = authorize(projector.inventory, { anonymous: 'deny' });
  app.use(accessLog);
  app.use(measure);
  // Before authentication, so a flood of bad tokens is throttled too; health checks are exempt.
  app.use(throttle);
  const ok = (_req: express.Request, res: express.Response): void => {
    res.type('text/plain').send('ok');
  };
  app.get('/livez', ok);
  app.get('/healthz', ok);
  app.get('/readyz', ok);
  app.use(authentication);
  const revocation: RequestHandler = identities ? endWatchesOnRevocation(identities) : (_req, _res, next) => next();
  app.use(revocation);
  app.use(authorization);
  app.get('/metrics', metricsHandler(metrics));
  app.get('/version', (_req, res) => {
    res.json({ major: '1', minor: '32', gitVersion: `v1.32.0-pacific+${version}`, gitCommit: '', gitTreeState: 'clean', buildDate: '', goVersion: '', compiler: 'node', platform: `${process.platform}/${process.arch}` });
  });
  app.get('/admin/inventory/digest', (_req, res) => {
    const inventory = projector.inventory;
    res.json({ checkpoint: inventory.checkpoint, events: inventory.eventCount, digest: inventory.digest() });
  });
  if (identities) app.use(tokensRouter(identities));
  app.use(selfSubjectReviewRouter());
  // The console's static files are public (no data in them); it signs in to the API with a token.
  app.use(uiRouter());
  app.use(discoveryRouter());
  app.use(openApiRouter());
  const kube = buildKubeApi(services, store, bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs } : {});
  const body = readKubeBody();
  const serveResource: RequestHandler = (req, res) => {
    void kube.handle(req, res);
  };
  app.use(['/api/', '/apis/'], body, serveResource);
  app.use(whatIfRouter(projector.inventory));
  app.use(asOfRouter(store));
  if (hypervisor) app.use(adminSimRouter(hypervisor));
  app.use(notFoundHandler);
  const onError = statusErrorMiddleware(logger);
  app.use(onError);
  serveResourcesDirectly(app, [accessLog, measure, throttle, authentication, revocation, authorization.check, body, serveResource], onError);
  return app;
};

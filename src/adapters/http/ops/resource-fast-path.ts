import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';

/** API groups whose deeper paths are served by routers of their own rather than the resource handler. */
const routedGroups = new Set(['authentication.k8s.io', 'authorization.k8s.io']);

/**
 * Whether a request URL names a resource (or a collection) of the Kubernetes API rather than
 * discovery: /api/v1/<something> or /apis/<group>/<version>/<something>.
 */
export const isKubeResourcePath = (url: string): boolean => {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  if (path.startsWith('/api/')) return segmentCount(path) >= 3;
  if (!path.startsWith('/apis/')) return false;
  if (segmentCount(path) < 4) return false;
  const group = path.slice(6, path.indexOf('/', 6));
  return !routedGroups.has(group);
};

const segmentCount = (path: string): number => {
  let count = 0;
  let inSegment = false;
  for (let i = 0; i < path.length; i++) {
    if (path.charCodeAt(i) === 47 /* '/' */) inSegment = false;
    else if (!inSegment) {
      inSegment = true;
      count++;
    }
  }
  return count;
};

/**
 * Runs Kubernetes resource requests, the API's busy path, through their middleware in a fixed
 * order, without the app's router trying every route registered before them (health, metrics,
 * tokens, console, discovery, OpenAPI): the same handlers, in the same order, with the same
 * error handler. Every other request goes through the router as before.
 */
export const serveResourcesDirectly = (app: Express, handlers: RequestHandler[], onError: ErrorRequestHandler): void => {
  const routed = app as unknown as { handle(req: Request, res: Response, callback?: (error?: unknown) => void): void; request: object; response: object };
  const throughRouter = routed.handle.bind(app);
  routed.handle = (req, res, callback) => {
    if (!isKubeResourcePath(req.url)) {
      throughRouter(req, res, callback);
      return;
    }
    // What express's own dispatch sets up before its router runs.
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, routed.request);
    Object.setPrototypeOf(res, routed.response);
    res.locals ??= Object.create(null) as Record<string, unknown>;
    req.baseUrl = '';
    req.originalUrl ??= req.url;
    const fail = (error: unknown): void => {
      onError(error, req, res, () => {
        if (!res.writableEnded) res.destroy();
      });
    };
    const run = (index: number): void => {
      const handler = handlers[index];
      if (!handler) return;
      let called = false;
      const next = (error?: unknown): void => {
        if (called) return;
        called = true;
        if (error !== undefined && error !== 'route' && error !== 'router') fail(error);
        else run(index + 1);
      };
      try {
        const result = handler(req, res, next) as unknown;
        if (result instanceof Promise) result.catch((error: unknown) => next(error ?? new Error('rejected')));
      } catch (error) {
        next(error);
      }
    };
    run(0);
  };
};

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { StatusError } from '../../../../src/adapters/http/kube/status.ts';
import { afterEach } from 'vitest';

/**
 * Serves express apps on free loopback ports for one test file and closes them after each test.
 * Call at the top level of a test file; use the returned function inside tests.
 */
export const useServedApps = (): ((app: Express) => Promise<string>) => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  return async (app) => {
    const server = createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
};

/** An app serving one router, rendering StatusErrors as the real error middleware does. */
export const appWith = (router: express.Router): Express => {
  const app = express();
  app.use(router);
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (error instanceof StatusError) res.status(error.code).json(error.toStatus());
    else res.status(500).end();
  });
  return app;
};

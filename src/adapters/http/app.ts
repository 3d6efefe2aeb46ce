import express, { type Express } from 'express';
import type { InventoryProjector } from '../../application/inventory/inventory-projector.ts';

export interface HttpAppDependencies {
  projector: InventoryProjector;
  version: string;
}

/**
 * The HTTP surface. For now: health endpoints and the inventory digest that
 * `pacific replay --verify` compares against; the Kubernetes API is built on this app.
 */
export const buildHttpApp = ({ projector, version }: HttpAppDependencies): Express => {
  const app = express();
  app.disable('x-powered-by');
  const ok = (_req: express.Request, res: express.Response): void => {
    res.type('text/plain').send('ok');
  };
  app.get('/livez', ok);
  app.get('/healthz', ok);
  app.get('/readyz', ok);
  app.get('/version', (_req, res) => {
    res.json({ major: '1', minor: '32', gitVersion: `v1.32.0-pacific+${version}`, platform: `${process.platform}/${process.arch}` });
  });
  app.get('/admin/inventory/digest', (_req, res) => {
    const inventory = projector.inventory;
    res.json({ checkpoint: inventory.checkpoint, events: inventory.eventCount, digest: inventory.digest() });
  });
  app.use((_req, res) => {
    res.status(404).json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
  });
  return app;
};

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';

/** Where `npm run build:ui` writes the console (ui/dist, not committed). */
export const defaultUiDist = fileURLToPath(new URL('../../../ui/dist', import.meta.url));

// The console loads only its own files and talks only to this server.
const securityHeaders = (res: Response): void => {
  res.set({
    'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
};

/**
 * The admin console at /ui: the static build, and index.html for every other path under /ui so
 * that its client-side routes (/ui/namespaces/shop, ...) load on a reload or a pasted link. The
 * files are public; everything the console shows comes from the API with the user's token.
 */
export const uiRouter = (dist: string = defaultUiDist): Router => {
  const router = Router();
  const index = join(dist, 'index.html');
  router.get('/ui', (req, res, next) => {
    // Non-strict routing sends /ui/ here too; only the bare /ui is redirected.
    if (req.path.endsWith('/')) return next();
    res.redirect(301, '/ui/');
  });
  router.use(
    '/ui',
    express.static(dist, {
      index: false,
      redirect: false,
      setHeaders: (res, path) => {
        securityHeaders(res);
        // Vite names every asset by its content hash: a changed file is a new name.
        res.set('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  router.get('/ui/assets/{*path}', (_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  router.get('/ui/{*path}', (_req, res) => {
    securityHeaders(res);
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The admin console is not built: run `npm run build:ui` (npm ci builds it).\n');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
};

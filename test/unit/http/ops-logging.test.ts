import express, { type Express } from 'express';
import { describe, expect, it } from 'vitest';
import { useServedApps } from './support/serve-app.ts';
import { accessLogMiddleware, createLogger } from '../../../src/adapters/http/ops/logging.ts';

const serve = useServedApps();

const captured = (level: 'info' | 'debug') => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { logger, lines };
};

const until = async (condition: () => boolean): Promise<void> => {
  for (let attempt = 0; attempt < 100 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

const appLogging = (logger: ReturnType<typeof captured>['logger']): Express => {
  const app = express();
  app.use(accessLogMiddleware(logger));
  app.get('/livez', (_req, res) => {
    res.send('ok');
  });
  app.get('/api/v1/pods', (_req, res) => {
    res.status(201).json({});
  });
  return app;
};

describe('createLogger', () => {
  it('writes JSON lines with level, ISO time and message', () => {
    const { logger, lines } = captured('info');
    logger.info({ answer: 42 }, 'hello');
    logger.debug('hidden');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'hello', answer: 42, service: 'pacific' });
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
  });

  it('honours the level, silent included', () => {
    const { logger, lines } = captured('debug');
    logger.debug('shown');
    expect(lines).toHaveLength(1);
    expect(createLogger({ level: 'silent' }).isLevelEnabled('error')).toBe(false);
  });
});

describe('accessLogMiddleware', () => {
  it('logs method, path, status, duration and user agent at info', async () => {
    const { logger, lines } = captured('info');
    const base = await serve(appLogging(logger));
    await (await fetch(`${base}/api/v1/pods?limit=5`, { headers: { 'user-agent': 'kubectl/v1.32.0 (linux/amd64)' } })).json();
    await until(() => lines.length === 1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request', method: 'GET', path: '/api/v1/pods', status: 201, userAgent: 'kubectl/v1.32.0 (linux/amd64)' });
    expect(lines[0]!.durationMs).toBeTypeOf('number');
    expect(lines[0]).not.toHaveProperty('aborted');
  });

  it('logs probes and scrapes at debug only', async () => {
    const quiet = captured('info');
    const base = await serve(appLogging(quiet.logger));
    await (await fetch(`${base}/livez`)).text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(quiet.lines).toHaveLength(0);

    const verbose = captured('debug');
    const verboseBase = await serve(appLogging(verbose.logger));
    await (await fetch(`${verboseBase}/livez`)).text();
    await until(() => verbose.lines.length === 1);
    expect(verbose.lines[0]).toMatchObject({ level: 20, path: '/livez', status: 200 });
  });

  it('logs a request the client abandoned, once, as aborted', async () => {
    const { logger, lines } = captured('info');
    const app = express();
    app.use(accessLogMiddleware(logger));
    app.get('/api/v1/pods', (_req, res) => {
      res.status(200).write('{"type":"ADDED"}\n');
    });
    const base = await serve(app);
    const controller = new AbortController();
    await fetch(`${base}/api/v1/pods?watch=true`, { signal: controller.signal });
    controller.abort();
    await until(() => lines.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ path: '/api/v1/pods', status: 200, aborted: true });
  });
});

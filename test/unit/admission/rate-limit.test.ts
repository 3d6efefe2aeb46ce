import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { rateLimitMiddleware } from '../../../src/adapters/http/admission/rate-limit.ts';

describe('rateLimitMiddleware', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  const serve = async (requestsPerSecond: number, burst: number): Promise<string> => {
    let now = 0;
    const app = express();
    app.use(rateLimitMiddleware({ limit: { requestsPerSecond, burst }, now: () => now }));
    app.get('/livez', (_req, res) => res.send('ok'));
    app.get('/tick', (_req, res) => {
      now += 1000;
      res.send('ok');
    });
    app.use((_req, res) => res.json({ ok: true }));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const address = server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  };

  it('answers 429 with a Status and Retry-After once a token has used its burst', async () => {
    const url = await serve(1, 2);
    const headers = { authorization: 'Bearer alice' };
    expect((await fetch(`${url}/api/v1/pods`, { headers })).status).toBe(200);
    expect((await fetch(`${url}/api/v1/pods`, { headers })).status).toBe(200);
    const refused = await fetch(`${url}/api/v1/pods`, { headers });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await refused.json()).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'TooManyRequests',
      code: 429,
      details: { retryAfterSeconds: 1 },
      message: expect.stringMatching(/too many requests.*1 requests per second.*retry after 1 s/),
    });
    // Another token, and the anonymous client (keyed by address), have their own buckets.
    expect((await fetch(`${url}/api/v1/pods`, { headers: { authorization: 'Bearer bob' } })).status).toBe(200);
    expect((await fetch(`${url}/api/v1/pods`)).status).toBe(200);
  });

  it('never throttles the health checks', async () => {
    const url = await serve(1, 1);
    for (let i = 0; i < 5; i++) expect((await fetch(`${url}/livez`)).status).toBe(200);
  });

  it('refills with time', async () => {
    const url = await serve(1, 1);
    expect((await fetch(`${url}/tick`)).status).toBe(200);
    expect((await fetch(`${url}/x`)).status).toBe(200);
    expect((await fetch(`${url}/x`)).status).toBe(429);
  });

  it('is off at 0 requests per second', async () => {
    const url = await serve(0, 1);
    for (let i = 0; i < 20; i++) expect((await fetch(`${url}/x`)).status).toBe(200);
  });
});

import express, { type Express } from 'express';
import { describe, expect, it } from 'vitest';
import { useServedApps } from './support/serve-app.ts';
import { alreadyExists, conflict, forbidden, invalid, notFound, quotaExceeded } from '../../../src/domain/shared/errors.ts';
import { StatusError } from '../../../src/adapters/http/kube/status.ts';
import { notFoundHandler, statusErrorMiddleware, toStatusError } from '../../../src/adapters/http/ops/errors.ts';
import { createLogger } from '../../../src/adapters/http/ops/logging.ts';

const serve = useServedApps();

const capturedLogger = () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { logger, lines };
};

describe('toStatusError', () => {
  it('passes a StatusError through', () => {
    const error = new StatusError('Gone', 'too old');
    expect(toStatusError(error, { resource: 'pods' })).toBe(error);
  });

  it('words NotFound and AlreadyExists like Kubernetes when it knows the resource and name', () => {
    expect(toStatusError(notFound('pod web'), { kind: 'Pod', resource: 'pods', name: 'web' }).toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "web" not found',
      reason: 'NotFound',
      details: { name: 'web', kind: 'pods' },
      code: 404,
    });
    const exists = toStatusError(alreadyExists('vm web'), { kind: 'VirtualMachine', resource: 'virtualmachines', group: 'vmoperator.vmware.com', name: 'web' });
    expect(exists.code).toBe(409);
    expect(exists.message).toBe('virtualmachines.vmoperator.vmware.com "web" already exists');
    expect(exists.details).toEqual({ name: 'web', group: 'vmoperator.vmware.com', kind: 'virtualmachines' });
  });

  it('keeps the domain message when it knows nothing of the request', () => {
    const error = toStatusError(notFound('namespace dev'), {});
    expect(error.reason).toBe('NotFound');
    expect(error.message).toBe('namespace dev not found');
    expect(error.details).toEqual({});
  });

  it('maps Conflict to 409 with Kubernetes wording', () => {
    const error = toStatusError(conflict('the object has been modified; please apply your changes to the latest version and try again'), {
      resource: 'pods',
      name: 'web',
    });
    expect(error.code).toBe(409);
    expect(error.reason).toBe('Conflict');
    expect(error.message).toBe('Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('maps Forbidden (quota included) to 403 with the "exceeded quota" wording', () => {
    const error = toStatusError(quotaExceeded('compute, requested: cpu=4'), { kind: 'Pod', resource: 'pods', name: 'web' });
    expect(error.code).toBe(403);
    expect(error.message).toBe('pods "web" is forbidden: exceeded quota: compute, requested: cpu=4');
    expect(toStatusError(forbidden('no'), { resource: 'pods' }).message).toBe('pods is forbidden: no');
  });

  it('maps Invalid to 422 with field causes', () => {
    const error = toStatusError(
      invalid('metadata.name: Invalid value: "Web": must be lower case', [{ field: 'metadata.name', message: 'must be a lowercase RFC 1123 subdomain' }]),
      { kind: 'Pod', resource: 'pods', name: 'Web' },
    );
    expect(error.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Pod "Web" is invalid: metadata.name: Invalid value: "Web": must be lower case',
      reason: 'Invalid',
      details: { name: 'Web', kind: 'Pod', causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: 'must be a lowercase RFC 1123 subdomain' }] },
      code: 422,
    });
  });

  it('does not repeat "is invalid" when the domain already said it', () => {
    const error = toStatusError(invalid('StorageClass "gold" is invalid: spec.x: field is immutable'), { kind: 'StorageClass', name: 'gold', group: 'storage.k8s.io' });
    expect(error.message).toBe('StorageClass "gold" is invalid: spec.x: field is immutable');
    expect(error.details).toEqual({ name: 'gold', group: 'storage.k8s.io', kind: 'StorageClass' });
  });

  it('answers 400 for a JSON SyntaxError', () => {
    let syntaxError: unknown;
    try {
      JSON.parse('{');
    } catch (error) {
      syntaxError = error;
    }
    const error = toStatusError(syntaxError, {});
    expect(error.code).toBe(400);
    expect(error.message).toMatch(/^the body could not be decoded: /);
  });

  it('keeps the status of http-errors style client errors', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large' });
    expect(toStatusError(tooLarge, {}).reason).toBe('RequestEntityTooLarge');
    const hidden = Object.assign(new Error('secret detail'), { statusCode: 400, expose: false });
    expect(toStatusError(hidden, {}).message).not.toContain('secret');
  });

  it('turns anything else into a generic 500', () => {
    for (const thrown of [new Error('db password is hunter2'), 'a string', null, Object.assign(new Error('boom'), { status: 503 })]) {
      const error = toStatusError(thrown, { resource: 'pods' });
      expect(error.reason).toBe('InternalError');
      expect(error.code).toBe(500);
      expect(error.message).not.toMatch(/hunter2|boom/);
    }
  });
});

describe('statusErrorMiddleware and notFoundHandler', () => {
  const appThrowing = (logger: ReturnType<typeof capturedLogger>['logger']): Express => {
    const app = express();
    app.get('/domain', () => {
      throw invalid('spec.replicas: must not be negative', [{ field: 'spec.replicas', message: 'must not be negative' }]);
    });
    app.get('/status', () => {
      throw new StatusError('TooManyRequests', 'slow down', { retryAfterSeconds: 2 });
    });
    app.get('/bug', async () => {
      throw new Error('secret internals');
    });
    app.post('/json', express.json(), (_req, res) => {
      res.json({});
    });
    app.get('/stream', (_req, res, next) => {
      res.status(200).write('{"type":"ADDED"}\n');
      setTimeout(() => next(new Error('broken mid-stream')), 20);
    });
    app.use(notFoundHandler);
    app.use(statusErrorMiddleware(logger));
    return app;
  };

  it('renders domain and Status errors as Status objects with their code', async () => {
    const { logger } = capturedLogger();
    const base = await serve(appThrowing(logger));
    const domain = await fetch(`${base}/domain`);
    expect(domain.status).toBe(422);
    expect(domain.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await domain.json()).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422, details: { causes: [{ field: 'spec.replicas', reason: 'FieldValueInvalid' }] } });
    const status = await fetch(`${base}/status`);
    expect(status.status).toBe(429);
    expect(status.headers.get('retry-after')).toBe('2');
  });

  it('answers 500 without the stack, and logs the stack', async () => {
    const { logger, lines } = capturedLogger();
    const base = await serve(appThrowing(logger));
    const response = await fetch(`${base}/bug`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
    expect(text).not.toMatch(/secret internals|at .*\.ts/);
    const logged = lines.find((line) => line.level === 50);
    expect(logged).toMatchObject({ method: 'GET', path: '/bug', msg: 'request failed' });
    expect((logged!.err as { stack: string }).stack).toContain('secret internals');
  });

  it('answers 400 for malformed JSON read by express.json()', async () => {
    const { logger } = capturedLogger();
    const base = await serve(appThrowing(logger));
    const response = await fetch(`${base}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ reason: 'BadRequest', code: 400 });
  });

  it('answers unknown paths with the Kubernetes 404 Status', async () => {
    const { logger } = capturedLogger();
    const base = await serve(appThrowing(logger));
    const response = await fetch(`${base}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
  });

  it('cannot render once a stream has started, so it logs and lets the connection close', async () => {
    const { logger, lines } = capturedLogger();
    const base = await serve(appThrowing(logger));
    const response = await fetch(`${base}/stream`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(lines.some((line) => line.path === '/stream' && line.level === 50)).toBe(true);
  });
});

import protobuf from 'protobufjs/minimal.js';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { StatusError } from '../../../src/adapters/http/kube/status.ts';
import { DEFAULT_BODY_LIMIT_BYTES, parseKubeDocument, readKubeBody } from '../../../src/adapters/http/ops/body.ts';

let server: Server | undefined;

const serve = async (app: Express): Promise<number> => {
  server = createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

afterEach(async () => {
  if (!server) return;
  const closing = server;
  server = undefined;
  closing.closeAllConnections();
  await new Promise((resolve) => closing.close(resolve));
});

const echoApp = (limitBytes: number, seen: { calls: number } = { calls: 0 }): Express => {
  const app = express();
  app.use(readKubeBody({ limitBytes }));
  app.use((req, res) => {
    seen.calls += 1;
    res.json({ hasBody: req.rawBody !== undefined, length: req.rawBody?.length ?? null, text: req.rawBody?.toString('utf8') ?? null });
  });
  return app;
};

const thrown = (fn: () => unknown): StatusError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
};

describe('readKubeBody', () => {
  it('documents a 3 MiB default limit, as kube-apiserver', () => {
    expect(DEFAULT_BODY_LIMIT_BYTES).toBe(3 * 1024 * 1024);
  });

  it('keeps the raw body of POST, PUT, PATCH and DELETE whatever the content type', async () => {
    const port = await serve(echoApp(1024));
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await fetch(`http://127.0.0.1:${port}/x`, { method, body: 'a: [1, 2', headers: { 'content-type': 'application/x-unknown' } });
      expect(await response.json()).toEqual({ hasBody: true, length: 8, text: 'a: [1, 2' });
    }
  });

  it('leaves GET alone', async () => {
    const port = await serve(echoApp(1024));
    const response = await fetch(`http://127.0.0.1:${port}/x`);
    expect(await response.json()).toEqual({ hasBody: false, length: null, text: null });
  });

  it('accepts a body of exactly the limit', async () => {
    const port = await serve(echoApp(10));
    const response = await fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', body: '0123456789' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { length: number }).length).toBe(10);
  });

  it('answers 413 with a Status when Content-Length announces too much, before reading it', async () => {
    const seen = { calls: 0 };
    const port = await serve(echoApp(10, seen));
    const response = await fetch(`http://127.0.0.1:${port}/x`, { method: 'PUT', body: '01234567890' });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the request body is larger than the limit of 10 bytes',
      reason: 'RequestEntityTooLarge',
      details: {},
      code: 413,
    });
    expect(seen.calls).toBe(0);
  });

  it('stops reading a chunked body once it passes the limit and answers while the client is still sending', async () => {
    const seen = { calls: 0 };
    const port = await serve(echoApp(1000, seen));
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/x', headers: { 'transfer-encoding': 'chunked' } }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode!, body: text }));
      });
      request.on('error', reject);
      request.write(Buffer.alloc(600, 'a'));
      request.write(Buffer.alloc(600, 'b'));
      // Never ended: the answer must not wait for the rest.
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ reason: 'RequestEntityTooLarge', code: 413, message: 'the request body is larger than the limit of 1000 bytes' });
    expect(seen.calls).toBe(0);
  });
});

describe('parseKubeDocument', () => {
  const raw = (text: string): Buffer => Buffer.from(text, 'utf8');

  it('decodes JSON with application/json, parameters, or no content type', () => {
    expect(parseKubeDocument(raw('{"kind":"Pod","spec":{"a":[1]}}'), 'application/json')).toEqual({ kind: 'Pod', spec: { a: [1] } });
    expect(parseKubeDocument(raw('{"kind":"Pod"}'), 'application/json; charset=utf-8')).toEqual({ kind: 'Pod' });
    expect(parseKubeDocument(raw('\uFEFF{"kind":"Pod"}'), undefined)).toEqual({ kind: 'Pod' });
  });

  it('decodes YAML under each YAML media type', () => {
    for (const type of ['application/yaml', 'application/x-yaml', 'text/yaml', 'Application/YAML; charset=utf-8']) {
      expect(parseKubeDocument(raw('kind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\n'), type)).toEqual({
        kind: 'Pod',
        metadata: { name: 'web', labels: { app: 'web' } },
      });
    }
  });

  it('follows YAML 1.2: yes/no and unquoted versions stay strings', () => {
    expect(parseKubeDocument(raw('a: yes\nb: 1.20\nc: "007"\n'), 'application/yaml')).toEqual({ a: 'yes', b: 1.2, c: '007' });
  });

  it.each([
    ['malformed JSON', '{"kind": ', 'application/json'],
    ['malformed YAML', 'kind: [Pod\n', 'application/yaml'],
    ['several YAML documents', 'kind: A\n---\nkind: B\n', 'application/yaml'],
    ['an empty body', '  \n', 'application/json'],
  ])('refuses %s with BadRequest', (_what, text, type) => {
    const error = thrown(() => parseKubeDocument(raw(text), type));
    expect(error.reason).toBe('BadRequest');
    expect(error.code).toBe(400);
    expect(error.message).toMatch(/^the body could not be decoded: ./);
  });

  it.each([
    ['an array', '[1, 2]'],
    ['a string', '"pod"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('refuses %s at the top level', (_what, text) => {
    const error = thrown(() => parseKubeDocument(raw(text), 'application/json'));
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toContain('expected an object at the top level');
  });

  it('refuses a YAML alias bomb without expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const error = thrown(() => parseKubeDocument(raw(lines.join('\n')), 'application/yaml'));
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toMatch(/^the body could not be decoded: .*alias/i);
  });

  it('allows nesting of 100 levels and refuses 101', () => {
    const nested = (depth: number): string => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
    expect(parseKubeDocument(raw(nested(100)), 'application/json')).toBeTypeOf('object');
    const error = thrown(() => parseKubeDocument(raw(nested(101)), 'application/json'));
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toBe('the body could not be decoded: the document is nested deeper than 100 levels');
  });

  it('refuses absurd nesting in JSON and YAML without a stack overflow', () => {
    const depth = 200_000;
    const json = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    expect(thrown(() => parseKubeDocument(raw(json), 'application/json')).message).toContain('nested deeper than 100 levels');
    const arrays = '['.repeat(depth) + ']'.repeat(depth);
    expect(thrown(() => parseKubeDocument(raw(`a: ${arrays}`), 'application/yaml')).reason).toBe('BadRequest');
  });

  it('refuses megabytes of YAML nesting quickly, before the parser sees them', () => {
    const half = 1024 * 1024;
    for (const text of ['a: ' + '['.repeat(half) + ']'.repeat(half), 'a:\n' + '- '.repeat(half) + 'x', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')]) {
      const started = Date.now();
      expect(thrown(() => parseKubeDocument(raw(text), 'application/yaml')).message).toContain('nested deeper than 100 levels');
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('accepts YAML nested exactly 100 levels in block, flow and mixed styles', () => {
    const nest = (depth: number): unknown => {
      // Maps at odd levels, sequences at even ones, from the top (level 1) down.
      let value: unknown = depth % 2 === 1 ? { leaf: 'x' } : ['x'];
      for (let level = depth - 1; level >= 1; level--) value = level % 2 === 1 ? { nested: value, n: 1 } : [value, 'y'];
      return value;
    };
    const deepest = nest(100);
    for (const text of [stringify(deepest), JSON.stringify(deepest, null, 2), JSON.stringify(deepest)]) {
      expect(parseKubeDocument(raw(text), 'application/yaml')).toEqual(deepest);
    }
    expect(thrown(() => parseKubeDocument(raw(stringify(nest(101))), 'application/yaml')).message).toContain('nested deeper than 100 levels');
  });

  it('decodes a YAML map of many keys in linear time', () => {
    const text = `a:\n${Array.from({ length: 40_000 }, (_, i) => `  k${i}: v${i}`).join('\n')}`;
    const started = Date.now();
    const decoded = parseKubeDocument(raw(text), 'application/yaml') as { a: Record<string, string> };
    expect(Object.keys(decoded.a)).toHaveLength(40_000);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('answers 415 for media types it does not decode', () => {
    const error = thrown(() => parseKubeDocument(raw('{}'), 'application/cbor'));
    expect(error.reason).toBe('UnsupportedMediaType');
    expect(error.code).toBe(415);
  });

  it('decodes the Kubernetes protobuf kubectl create sends for core kinds, and refuses other kinds with 415', () => {
    // runtime.Unknown { typeMeta {apiVersion, kind}, raw: v1.ResourceQuota { metadata {name, labels}, spec {hard: {pods: "3"}} } }
    const entry = (key: string, value: Uint8Array | string) => {
      const w = protobuf.Writer.create().uint32(10).string(key);
      return (typeof value === 'string' ? w.uint32(18).string(value) : w.uint32(18).bytes(value)).finish();
    };
    const meta = protobuf.Writer.create().uint32(10).string('limits').uint32(90).bytes(entry('team', 'a')).finish();
    const quantity = protobuf.Writer.create().uint32(10).string('3').finish();
    const spec = protobuf.Writer.create().uint32(10).bytes(entry('pods', quantity)).finish();
    const object = protobuf.Writer.create().uint32(10).bytes(meta).uint32(18).bytes(spec).finish();
    const envelope = (kind: string) =>
      Buffer.concat([
        Buffer.from([0x6b, 0x38, 0x73, 0x00]),
        protobuf.Writer.create().uint32(10).bytes(protobuf.Writer.create().uint32(10).string('v1').uint32(18).string(kind).finish()).uint32(18).bytes(object).finish(),
      ]);
    expect(parseKubeDocument(envelope('ResourceQuota'), 'application/vnd.kubernetes.protobuf')).toEqual({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'limits', labels: { team: 'a' } },
      spec: { hard: { pods: '3' } },
    });
    expect(thrown(() => parseKubeDocument(envelope('Secret'), 'application/vnd.kubernetes.protobuf')).code).toBe(415);
    expect(thrown(() => parseKubeDocument(raw('{}'), 'application/vnd.kubernetes.protobuf')).code).toBe(400);
  });
});

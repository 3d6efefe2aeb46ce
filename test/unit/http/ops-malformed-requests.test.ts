import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerMalformedRequests } from '../../../src/adapters/http/ops/malformed-requests.ts';

const rawExchange = (port: number, request: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });

describe('requests the HTTP parser refuses', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const start = async (): Promise<number> => {
    server = createServer((_req, res) => res.end('ok'));
    answerMalformedRequests(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return (server.address() as { port: number }).port;
  };

  it.each([
    ['an unknown method', 'BREW /api/v1/pods HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'BadRequest'],
    ['a broken request line', 'GET\r\n\r\n', 400, 'BadRequest'],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost x\r\n\r\n', 400, 'BadRequest'],
    ['headers over the limit', `GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'RequestHeaderFieldsTooLarge'],
  ])('answers %s with a Kubernetes Status and closes', async (_name, request, code, reason) => {
    const answer = await rawExchange(await start(), request);
    expect(answer.startsWith(`HTTP/1.1 ${code} `)).toBe(true);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code });
  });

  it('leaves well-formed requests to the app', async () => {
    const answer = await rawExchange(await start(), 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*ok$/);
  });
});

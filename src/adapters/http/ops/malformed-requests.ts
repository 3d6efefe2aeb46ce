import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** Parser failures Node reports with a code, and what the client is told. */
const answers: Record<string, { code: number; text: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { code: 431, text: 'Request Header Fields Too Large', message: 'the request headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 408, text: 'Request Timeout', message: 'the request was not received in time' },
};

/**
 * Requests Node's HTTP parser refuses before any handler runs (an unknown method, a broken
 * request line or header) get a Kubernetes Status like every other refusal, instead of Node's
 * bare "400 Bad Request"; the connection is closed after it.
 */
export const answerMalformedRequests = (server: Server): void => {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const answer = answers[error.code ?? ''] ?? { code: 400, text: 'Bad Request', message: `the request could not be parsed (${error.code ?? 'malformed'})` };
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: answer.message,
      reason: answer.code === 400 ? 'BadRequest' : answer.code === 408 ? 'Timeout' : 'RequestHeaderFieldsTooLarge',
      code: answer.code,
    });
    socket.end(`HTTP/1.1 ${answer.code} ${answer.text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
};

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubeconfigTarget } from './sim.ts';

export interface ServerAnswer {
  status: number;
  body: string;
}

/**
 * One request to a Pacific server as a kubeconfig describes it: its bearer token, and over
 * https its CA (certificate-authority-data) as the only trusted root.
 */
export const requestServer = (target: KubeconfigTarget, method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<ServerAnswer> =>
  new Promise((resolve, reject) => {
    const url = new URL(`${target.server}${path}`);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json', 'content-length': String(payload?.length ?? 0) };
    if (payload) headers['content-type'] = 'application/json';
    if (target.token) headers.authorization = `Bearer ${target.token}`;
    const tls = url.protocol === 'https:' ? { ...(target.caData ? { ca: Buffer.from(target.caData, 'base64').toString('utf8') } : {}), rejectUnauthorized: !target.insecure } : {};
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers, timeout: timeoutMs, ...tls }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${target.server} within ${Math.round(timeoutMs / 1000)}s`)));
    request.on('error', reject);
    request.end(payload);
  });

/** The `message` of a Status body, else the body itself. */
export const messageOf = (answer: ServerAnswer): string => {
  try {
    return (JSON.parse(answer.body) as { message?: string }).message ?? answer.body;
  } catch {
    return answer.body || `HTTP ${answer.status}`;
  }
};

import type { Server } from 'node:http';
import type { EventStore } from '../../../src/application/ports/event-store.port.ts';
import { TOKENS } from '../../../src/application/ports/tokens.ts';
import { ADMIN_GROUP, ADMIN_USER } from '../../../src/adapters/http/auth/request-user.ts';
import { newBearerToken } from '../../../src/application/services/identity.service.ts';
import { startApplication, type Application } from '../../../src/cli/serve.ts';
import { answerMalformedRequests } from '../../../src/adapters/http/ops/malformed-requests.ts';
import { resolveConfig, type RawOptions } from '../../../src/config.ts';

export interface HttpPacific {
  url: string;
  application: Application;
  /** A bearer token of the admin (held in memory, not in the store). */
  adminToken: string;
  store: EventStore;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  eventTypes(stream: string): Promise<string[]>;
  /** Polls until `predicate` holds for GET path (the simulated fleet boots asynchronously). */
  eventually(path: string, predicate: (body: any) => boolean, timeoutMs?: number): Promise<any>;
  stop(): Promise<void>;
}

export interface HttpPacificOptions {
  /** Requests without an Authorization header act as the admin (default true); false: they get 401, as from `pacific serve`. */
  anonymousAdmin?: boolean;
}

/**
 * The HTTP app built by the composition root, on the in-memory store and a small simulated fleet, listening on a free port
 * (plain http). Requests without a token act as the admin unless `anonymousAdmin: false`; bearer tokens work as in `pacific serve`.
 */
export const startHttpPacific = async (options: RawOptions = {}, { anonymousAdmin = true }: HttpPacificOptions = {}): Promise<HttpPacific> => {
  // No rate limit unless a test asks for one: tests drive the app harder than any one client should.
  const config = resolveConfig({ store: 'memory', simHosts: 3, simHostCpu: '16', simHostMemory: '64Gi', simBootMs: 0, rateLimitQps: 0, ...options }, {});
  const embedding = anonymousAdmin ? { anonymousUser: { name: ADMIN_USER, groups: [ADMIN_GROUP] } } : {};
  const application = await startApplication(config, {}, () => undefined, 'silent', embedding);
  const adminToken = newBearerToken();
  application.identities.addStaticToken(adminToken, { name: ADMIN_USER, groups: [ADMIN_GROUP] });
  const server: Server = await new Promise((resolve) => {
    const listening = application.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  answerMalformedRequests(server);
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const store = application.container.get<EventStore>(TOKENS.EventStore);
  const request: HttpPacific['request'] = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' || Buffer.isBuffer(body) ? (body as string) : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    url,
    application,
    adminToken,
    store,
    request,
    eventTypes: async (stream) => (await store.readStream(stream)).map((event) => event.type),
    eventually: async (path, predicate, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await request('GET', path);
        if (predicate(body)) return body;
        if (Date.now() > deadline) throw new Error(`condition not met for ${path}; last body: ${JSON.stringify(body).slice(0, 500)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await application.stop();
    },
  };
};

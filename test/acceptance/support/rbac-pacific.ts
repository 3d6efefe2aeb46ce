import type { Server } from 'node:http';
import express from 'express';
import { startHttpPacific, type HttpPacific } from './http-pacific.ts';

export interface TestUser {
  name: string;
  groups: string[];
}

export interface Response {
  status: number;
  body: any;
}

export interface RbacPacific {
  pacific: HttpPacific;
  /** Where requests carrying a test identity go. */
  url: string;
  /** kubectl flags that make its requests carry the identity (`--as`, `--as-group`). */
  kubectlFlags(user: TestUser): string[];
  request(user: TestUser, method: string, path: string, body?: unknown): Promise<Response>;
  /** Opens a watch and answers its status; an allowed watch is read for `readMs`, then closed. */
  watch(user: TestUser, path: string, readMs?: number): Promise<{ status: number; objects: any[] }>;
  stop(): Promise<void>;
}

/**
 * Test-only identities, while authentication is built elsewhere: the in-process app behind a tiny
 * middleware that sets `req.user` from the impersonation headers (Impersonate-User, Impersonate-Group),
 * which kubectl sends with `--as`/`--as-group` even over plain http (unlike bearer tokens).
 * Requests without them act as the administrator (the app's pre-authentication mode).
 */
export const startRbacPacific = async (): Promise<RbacPacific> => {
  const pacific = await startHttpPacific();
  const outer = express();
  outer.use((req, _res, next) => {
    const name = req.header('impersonate-user');
    if (name) req.user = { name, groups: req.headersDistinct['impersonate-group'] ?? [] };
    next();
  });
  outer.use(pacific.application.app);
  const server: Server = await new Promise((resolve) => {
    const listening = outer.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const headersOf = (user: TestUser): Headers => {
    const headers = new Headers({ accept: 'application/json', 'impersonate-user': user.name });
    for (const group of user.groups) headers.append('impersonate-group', group);
    return headers;
  };
  return {
    pacific,
    url,
    kubectlFlags: (user) => [`--as=${user.name}`, ...user.groups.map((group) => `--as-group=${group}`)],
    request: async (user, method, path, body) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? headersOf(user) : new Headers([...headersOf(user), ['content-type', 'application/json']]),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed };
    },
    watch: async (user, path, readMs = 0) => {
      const abort = new AbortController();
      const response = await fetch(`${url}${path}`, { headers: headersOf(user), signal: abort.signal });
      if (response.status !== 200) return { status: response.status, objects: [await response.json()] };
      let text = '';
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      const deadline = Date.now() + readMs;
      try {
        while (Date.now() < deadline) {
          const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(1, deadline - Date.now())))]);
          if (chunk === null || chunk.done) break;
          text += decoder.decode(chunk.value, { stream: true });
        }
      } finally {
        abort.abort();
        await reader.cancel().catch(() => undefined);
      }
      const objects = text
        .split('\n')
        .slice(0, -1)
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { object: unknown })
        .map((event) => event.object);
      return { status: 200, objects };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pacific.stop();
    },
  };
};

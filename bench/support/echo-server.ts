/**
 * The ceiling for the HTTP benchmarks: a plain express server doing no work but JSON in and out.
 *   POST /echo/...   -> 201 with the parsed body as JSON
 *   GET  /item/...   -> a fixed object (e.g. one pod as Pacific serves it)
 *   GET  /list       -> a fixed list (e.g. the same 3,000 pods as Pacific lists them)
 *   GET  /watch      -> a chunked stream of JSON lines; every POST /echo/... is written to it
 *                       as {"type":"ADDED","object":BODY} (the watch latency ceiling)
 */
import type { Server, ServerResponse } from 'node:http';
import express from 'express';

export interface EchoServer {
  url: string;
  setItem(value: unknown): void;
  setList(value: unknown): void;
  close(): Promise<void>;
}

export const startEchoServer = async (): Promise<EchoServer> => {
  let item: unknown = { kind: 'Item' };
  let list: unknown = { kind: 'List', items: [] };
  const watchers = new Set<ServerResponse>();
  const app = express();
  app.use(express.json({ limit: '10mb' }));
  app.post(/^\/echo\/.*/, (request, response) => {
    if (watchers.size > 0) {
      const line = `${JSON.stringify({ type: 'ADDED', object: request.body })}\n`;
      for (const watcher of watchers) watcher.write(line);
    }
    response.status(201).json(request.body);
  });
  app.get(/^\/item\/.*/, (_request, response) => {
    response.json(item);
  });
  app.get('/list', (_request, response) => {
    response.json(list);
  });
  app.get('/watch', (request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    response.flushHeaders();
    watchers.add(response);
    request.on('close', () => watchers.delete(response));
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    setItem: (value) => {
      item = value;
    },
    setList: (value) => {
      list = value;
    },
    close: async () => {
      for (const watcher of watchers) watcher.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

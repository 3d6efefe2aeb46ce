import { createHash } from 'node:crypto';
import express from 'express';
import type { Schema } from './resource-type.ts';
import { servedGroups, typesIn } from './resource-types.ts';
import { kindSchemas } from './openapi-kinds.ts';
import { sharedSchemas } from './openapi-meta.ts';
import { resourcePaths } from './openapi-paths.ts';
import { StatusError } from './status.ts';

/** OpenAPI v3: one document per group-version, for kubectl's validation check, explain and apply. */

export interface OpenApiIndex {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** "api/v1" or "apis/G/V": the key of a group-version in the /openapi/v3 index. */
export const openApiPathOf = (group: string, version: string): string => (group ? `apis/${group}/${version}` : `api/${version}`);

export const openApiDocument = (group: string, version: string): Schema => {
  const types = typesIn(group, version);
  if (types.length === 0) throw new StatusError('NotFound', `no OpenAPI document for ${openApiPathOf(group, version)}`);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths: Object.assign({}, ...types.map((type) => resourcePaths(type, version))),
    components: {
      schemas: Object.assign(sharedSchemas(), ...types.map((type) => kindSchemas(type, version))),
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  };
};

interface Rendered {
  body: string;
  hash: string;
}

/** The documents never change while the process runs: render and hash each once. */
let rendered: Map<string, Rendered> | undefined;
const renderAll = (): Map<string, Rendered> => {
  if (!rendered) {
    rendered = new Map();
    for (const { group, versions } of servedGroups()) {
      for (const version of versions) {
        const body = JSON.stringify(openApiDocument(group, version));
        // As kube-apiserver does: the upper-case hex sha512 of the document, which clients cache by.
        rendered.set(openApiPathOf(group, version), { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() });
      }
    }
  }
  return rendered;
};

export const openApiIndex = (): OpenApiIndex => ({
  paths: Object.fromEntries([...renderAll()].map(([path, { hash }]) => [path, { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` }])),
});

const sendDocument = (path: string, req: express.Request, res: express.Response): void => {
  const doc = renderAll().get(path);
  if (!doc) throw new StatusError('NotFound', `no OpenAPI document for ${path}`);
  res.setHeader('ETag', `"${doc.hash}"`);
  res.setHeader('Cache-Control', req.query.hash === doc.hash ? 'public, immutable, max-age=31536000' : 'no-cache, private');
  res.type('application/json').send(doc.body);
};

export const openApiRouter = (): express.Router => {
  const router = express.Router();
  router.get('/openapi/v3', (_req, res) => {
    res.json(openApiIndex());
  });
  router.get('/openapi/v3/api/:version', (req, res) => {
    sendDocument(openApiPathOf('', req.params.version), req, res);
  });
  router.get('/openapi/v3/apis/:group/:version', (req, res) => {
    sendDocument(openApiPathOf(req.params.group, req.params.version), req, res);
  });
  router.get('/openapi/v2', () => {
    // kubectl only reads v2 as protobuf and uses it only when v3 is missing.
    throw new StatusError('NotFound', 'the server could not find the requested resource');
  });
  return router;
};

import { decodeKubeProtobuf, isKubeProtobuf } from './protobuf-body.ts';
import type { RequestHandler } from 'express';
import { StatusError } from '../kube/status.ts';
import { parseYamlBody, yamlNestingExceeds } from './yaml-body.ts';

declare global {
  namespace Express {
    interface Request {
      /** The unparsed request body, set by readKubeBody for methods that carry one. */
      rawBody?: Buffer;
    }
  }
}

/** kube-apiserver refuses bodies over 3 MiB (its MaxRequestBodyBytes); so do we. */
export const DEFAULT_BODY_LIMIT_BYTES = 3 * 1024 * 1024;
export const MAX_DOCUMENT_DEPTH = 100;
/** The lexer's estimate may overcount; only clearly absurd YAML is refused before parsing. */
const YAML_PRESCAN_DEPTH = 2 * MAX_DOCUMENT_DEPTH;

/** DELETE is included because kubectl sends DeleteOptions in its body. */
const methodsWithBody = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ReadKubeBodyOptions {
  /** Default DEFAULT_BODY_LIMIT_BYTES (3 MiB). */
  limitBytes?: number;
}

const tooLarge = (limitBytes: number): StatusError =>
  new StatusError('RequestEntityTooLarge', `the request body is larger than the limit of ${limitBytes} bytes`);

/**
 * Reads the raw body of POST/PUT/PATCH/DELETE (any content type) into `req.rawBody`, without parsing.
 * Over the limit it answers 413 at once and stops reading, so at most `limitBytes` are ever buffered.
 */
export const readKubeBody = ({ limitBytes = DEFAULT_BODY_LIMIT_BYTES }: ReadKubeBodyOptions = {}): RequestHandler => (req, res, next) => {
  if (!methodsWithBody.has(req.method) || req.rawBody !== undefined) {
    next();
    return;
  }
  const refuse = (): void => {
    // The rest of the body stays unread, so the connection cannot be reused.
    res.set('Connection', 'close');
    res.status(413).json(tooLarge(limitBytes).toStatus());
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    refuse();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const stop = (): void => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
  };
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > limitBytes) {
      stop();
      req.pause();
      refuse();
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = (): void => {
    stop();
    req.rawBody = Buffer.concat(chunks, size);
    next();
  };
  // An aborted upload has nobody left to answer.
  const onError = (): void => stop();
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
};

const jsonTypes = new Set(['', 'application/json']);
const yamlTypes = new Set(['application/yaml', 'application/x-yaml', 'text/yaml']);

const mediaTypeOf = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

const undecodable = (reason: string): StatusError => new StatusError('BadRequest', `the body could not be decoded: ${reason}`);

const tooDeep = (): StatusError => undecodable(`the document is nested deeper than ${MAX_DOCUMENT_DEPTH} levels`);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Depth of the deepest object/array, 1 for the top level; walked with an explicit stack. */
export const exceedsDepth = (root: unknown, maxDepth: number): boolean => {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (depth > maxDepth) return true;
    for (const child of Object.values(value as object)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
};

/**
 * Decodes a POST/PUT body: JSON (application/json or no content type) or YAML (application/yaml,
 * application/x-yaml, text/yaml). The result is a plain object; anything else is a BadRequest StatusError.
 */
export const parseKubeDocument = (raw: Buffer, contentType: string | undefined): Record<string, unknown> => {
  if (isKubeProtobuf(contentType)) return decodeKubeProtobuf(raw);
  const mediaType = mediaTypeOf(contentType);
  const isJson = jsonTypes.has(mediaType);
  if (!isJson && !yamlTypes.has(mediaType)) {
    throw new StatusError(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    );
  }
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw undecodable('the body is empty');
  if (!isJson && yamlNestingExceeds(text, YAML_PRESCAN_DEPTH)) throw tooDeep();
  let value: unknown;
  try {
    value = isJson ? JSON.parse(text) : parseYamlBody(text);
  } catch (error) {
    throw error instanceof RangeError ? tooDeep() : undecodable(messageOf(error));
  }
  // YAML tags (!!binary, !!set) decode to Uint8Array or Set: only a plain mapping is an object.
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) {
    throw undecodable(`expected an object at the top level, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value}`);
  }
  if (exceedsDepth(value, MAX_DOCUMENT_DEPTH)) throw tooDeep();
  return value as Record<string, unknown>;
};

import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError } from '../../../domain/shared/errors.ts';
import { StatusError, type StatusDetails, type StatusReason } from '../kube/status.ts';

/** What the failing request was about; fills Status details and Kubernetes-style messages. */
export interface ErrorContext {
  /** Kind, e.g. 'Pod' (used by Invalid messages). */
  kind?: string;
  /** Plural resource, e.g. 'pods' (used by NotFound, AlreadyExists, Conflict, Forbidden messages). */
  resource?: string;
  name?: string;
  /** '' or absent for the core group. */
  group?: string;
}

const INTERNAL_MESSAGE = 'Internal error occurred: the server could not complete the request';

const qualified = (subject: string, group: string | undefined): string => (group ? `${subject}.${group}` : subject);

/** `pods "x"`, `pods` or nothing, as Kubernetes prefixes its error messages. */
const subjectOf = (subject: string | undefined, context: ErrorContext): string | undefined => {
  if (!subject) return undefined;
  const what = qualified(subject, context.group);
  return context.name ? `${what} "${context.name}"` : what;
};

const detailsOf = (subject: string | undefined, context: ErrorContext): StatusDetails => ({
  ...(context.name ? { name: context.name } : {}),
  ...(context.group ? { group: context.group } : {}),
  ...(subject ? { kind: subject } : {}),
});

const fromDomainError = (error: DomainError, context: ErrorContext): StatusError => {
  const resource = context.resource ?? context.kind;
  const about = subjectOf(resource, context);
  const details = detailsOf(resource, context);
  switch (error.reason) {
    case 'NotFound':
      return new StatusError('NotFound', about ? `${about} not found` : error.message, details);
    case 'AlreadyExists':
      return new StatusError('AlreadyExists', about ? `${about} already exists` : error.message, details);
    case 'Conflict':
      return new StatusError('Conflict', about ? `Operation cannot be fulfilled on ${about}: ${error.message}` : error.message, details);
    case 'Forbidden':
      return new StatusError('Forbidden', about ? `${about} is forbidden: ${error.message}` : error.message, details);
    case 'Invalid': {
      const kind = context.kind ?? context.resource;
      const invalidAbout = subjectOf(kind, context);
      const message = invalidAbout && !error.message.includes(' is invalid') ? `${invalidAbout} is invalid: ${error.message}` : error.message;
      const causes = error.causes.map(({ field, message: causeMessage }) => ({ reason: 'FieldValueInvalid', field, message: causeMessage }));
      return new StatusError('Invalid', message, { ...detailsOf(kind, context), ...(causes.length > 0 ? { causes } : {}) });
    }
    default: {
      const unexpected: never = error.reason;
      throw new Error(`unmapped domain error reason ${String(unexpected)}`);
    }
  }
};

const reasonByCode: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
};

/** http-errors style errors (body-parser, express) carry a status and say whether their message is safe to show. */
const httpStatusOf = (error: unknown): { code: number; message: string; expose: boolean } | undefined => {
  if (!(error instanceof Error)) return undefined;
  const { status, statusCode, expose, type } = error as Error & { status?: unknown; statusCode?: unknown; expose?: unknown; type?: unknown };
  const code = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
  if (code === undefined) return undefined;
  const message = type === 'entity.parse.failed' ? `the body could not be decoded: ${error.message}` : error.message;
  return { code, message, expose: expose === true };
};

/** Any thrown value as a StatusError; unknown errors become a generic 500 that reveals nothing. */
export const toStatusError = (error: unknown, context: ErrorContext = {}): StatusError => {
  if (error instanceof StatusError) return error;
  if (error instanceof DomainError) return fromDomainError(error, context);
  if (error instanceof SyntaxError) return new StatusError('BadRequest', `the body could not be decoded: ${error.message}`);
  const http = httpStatusOf(error);
  const reason = http ? reasonByCode[http.code] : undefined;
  if (http && reason && http.code < 500) return new StatusError(reason, http.expose ? http.message : `${reason}`);
  return new StatusError('InternalError', INTERNAL_MESSAGE);
};

/** The last express error handler: every failure leaves as a Kubernetes Status. */
export const statusErrorMiddleware = (logger: Logger): ErrorRequestHandler => (error, req, res, _next) => {
  const statusError = toStatusError(error);
  const where = { method: req.method, path: req.originalUrl.split('?')[0] };
  if (statusError.code >= 500) logger.error({ ...where, err: error }, 'request failed');
  else logger.debug({ ...where, reason: statusError.reason, message: statusError.message }, 'request refused');
  if (res.headersSent) {
    // Mid-stream (a watch, say): a Status can no longer be sent, and a clean end would pass a cut-off body as whole.
    res.destroy();
    return;
  }
  const retryAfter = statusError.details.retryAfterSeconds;
  if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
  res.status(statusError.code).json(statusError.toStatus());
};

/** The fallback route: Kubernetes' answer for a path it does not serve. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json(new StatusError('NotFound', 'the server could not find the requested resource').toStatus());
};

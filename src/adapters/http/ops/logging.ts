import type { RequestHandler } from 'express';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export interface LoggerOptions {
  level: Level | 'silent';
  /** Where JSON lines go; stdout when absent. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

export const createLogger = ({ level, destination }: LoggerOptions): Logger => {
  const options = { level, base: { service: 'pacific' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
};

/** Probes and scrapes arrive every few seconds; logging them at info would drown the rest. */
const quietPaths = new Set(['/livez', '/readyz', '/healthz', '/metrics']);

/** One line per request once it is answered or abandoned: method, path, status, duration, user agent. */
export const accessLogMiddleware = (logger: Logger): RequestHandler => (req, res, next) => {
  if (!logger.isLevelEnabled('info')) {
    next();
    return;
  }
  const started = process.hrtime.bigint();
  const path = req.originalUrl.split('?')[0]!;
  let logged = false;
  const log = (): void => {
    if (logged) return;
    logged = true;
    const entry = {
      method: req.method,
      path,
      status: res.statusCode,
      durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      userAgent: req.get('user-agent') ?? '',
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    if (quietPaths.has(path)) logger.debug(entry, 'request');
    else logger.info(entry, 'request');
  };
  res.once('finish', log);
  res.once('close', log);
  next();
};

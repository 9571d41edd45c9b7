// Logging: the console methods that write unstructured lines, and the structured loggers a server
// should use instead (JSON lines with levels and a request id, searchable when something breaks).
// Sources: pino, winston, bunyan, @nestjs/common Logger, fastify (`request.log`), pino-http docs.

/** `console.<method>` → the level of a structured logger. */
export const consoleLevels: Readonly<Record<string, string>> = {
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
  debug: 'debug',
  trace: 'trace',
};

export interface LoggerFactory {
  module: string;
  /** Member path below the module (`[]` calls the default export: `pino()`). */
  path: readonly string[];
  call: 'new' | 'call' | 'either';
  /** Methods per level differ from the usual names (Nest `Logger`: `log` for info, `verbose` for trace). */
  levels?: Readonly<Record<string, string>>;
}

export const loggerFactories: readonly LoggerFactory[] = [
  { module: 'pino', path: [], call: 'call' },
  { module: 'pino', path: ['pino'], call: 'call' },
  { module: 'winston', path: ['createLogger'], call: 'call' },
  { module: 'bunyan', path: ['createLogger'], call: 'call' },
  { module: '@nestjs/common', path: ['Logger'], call: 'new', levels: { info: 'log', trace: 'verbose' } },
];

/**
 * Middleware that puts a request-scoped logger on the request (`req.log`), and frameworks that
 * always have one (Fastify's `request.log`).
 */
export const requestLoggerMiddleware: readonly string[] = ['pino-http', 'express-pino-logger', 'koa-pino-logger'];
export const requestLoggerFrameworks: readonly string[] = ['fastify'];

/** The method a logger made by `factory` (or a request logger) has for a console method. */
export function loggerMethod(consoleMethod: string, factory?: LoggerFactory): string | undefined {
  const level = consoleLevels[consoleMethod];
  if (!level) return undefined;
  return factory?.levels?.[level] ?? level;
}

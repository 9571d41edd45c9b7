// Graceful shutdown: the libraries that drain a server on SIGTERM, how a hand-written SIGTERM
// handler shows in code, and, per framework, the handler a suggestion adds after `listen`.
import type { Evidence } from './evidence.js';
import type { FrameworkId } from './frameworks.js';

export const shutdownEvidence: readonly Evidence[] = [
  { id: '@godaddy/terminus', module: '@godaddy/terminus' },
  { id: 'http-terminator', module: 'http-terminator' },
  { id: 'close-with-grace', module: 'close-with-grace' },
  { id: 'fastify-graceful-shutdown', module: 'fastify-graceful-shutdown' },
  { id: 'http-graceful-shutdown', module: 'http-graceful-shutdown' },
  { id: 'lightship', module: 'lightship' },
  // NestJS closes the app (and its HTTP server) on termination signals once this is called.
  { id: 'nest-shutdown-hooks', memberCalls: ['enableShutdownHooks'] },
];

/** The signal orchestrators (Kubernetes, ECS, systemd, Heroku) send before killing a process. */
export const terminationSignal = 'SIGTERM';

/** `process.on('SIGTERM', handler)` and its variants. */
export const signalListenerMethods: readonly string[] = ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener'];

/**
 * Calls that do not drain anything: a handler made only of these exits with requests in flight
 * (as if there were no handler). Any other call (`server.close()`, `await shutdown()`) counts.
 */
export const nonDrainingCalls = {
  /** `process.exit(0)`, `process.kill(pid)`. */
  process: ['exit', 'kill', 'abort', 'reallyExit'],
  /** Timers only arm a forced exit. */
  globals: ['setTimeout', 'setImmediate', 'clearTimeout', 'queueMicrotask'],
  /** Logging: `console.log`, `logger.info`, `log.warn`. */
  loggers: /^(?:console|logger|log|pino|winston)$/i,
  logMethods: ['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal'],
  /** `setTimeout(…).unref()`. */
  members: ['unref'],
} as const;

/** How the suggestion drains a server of this framework. */
export interface ShutdownStyle {
  /**
   * What the handler closes: the value `listen` returns (an `http.Server`: Express, Koa, Hono's
   * `serve`), or the object `listen` was called on (Fastify's `app.close()` drains and runs
   * `onClose` hooks; a node:http server is its own handle).
   */
  handle: 'result' | 'receiver';
  /** The statement added after `listen`, given the handle's name. */
  handler?: (handle: string) => string;
  /** A statement added before `listen` instead (NestJS). */
  before?: (receiver: string) => string;
}

const GRACE_MS = 10_000;

const closeServer = (server: string) => `process.on('SIGTERM', () => {
  // Stop accepting connections; exit once the open ones are done, or after ${GRACE_MS / 1000} s.
  ${server}.close(() => process.exit(0));
  setTimeout(() => process.exit(1), ${GRACE_MS}).unref();
});`;

const closeFastify = (app: string) => `process.on('SIGTERM', () => {
  // Stop accepting connections; exit once the open ones are done, or after ${GRACE_MS / 1000} s.
  setTimeout(() => process.exit(1), ${GRACE_MS}).unref();
  ${app}.close().then(() => process.exit(0), () => process.exit(1));
});`;

export const shutdownStyles: Partial<Record<FrameworkId, ShutdownStyle>> = {
  express: { handle: 'result', handler: closeServer },
  koa: { handle: 'result', handler: closeServer },
  hono: { handle: 'result', handler: closeServer },
  'node-http': { handle: 'receiver', handler: closeServer },
  fastify: { handle: 'receiver', handler: closeFastify },
  nest: { handle: 'receiver', before: (app) => `${app}.enableShutdownHooks();` },
};

/** Names tried, in order, for the server handle the suggestion keeps. */
export const serverHandleNames: readonly string[] = ['server', 'httpServer', 'appServer'];

// Rate limiting: the libraries that limit request rates, how their use shows in code, and what a
// `429 Too Many Requests` response needs. Users name their own limiters in `settings.rateLimiters`.
import type { Evidence } from './evidence.js';

export const rateLimitEvidence: readonly Evidence[] = [
  { id: 'express-rate-limit', module: 'express-rate-limit' },
  // A limiter object limits only where `consume` is called (usually in a middleware of the project).
  { id: 'rate-limiter-flexible', module: 'rate-limiter-flexible', memberCalls: ['consume'] },
  { id: '@fastify/rate-limit', module: '@fastify/rate-limit' },
  { id: 'fastify-rate-limit', module: 'fastify-rate-limit' },
  // Per route: `fastify.get('/x', { config: { rateLimit: { max: 5 } } }, handler)`.
  { id: 'fastify-route-config', propertyPath: ['config', 'rateLimit'] },
  // `ThrottlerModule.forRoot()` alone limits nothing: the guard must be applied.
  { id: '@nestjs/throttler', module: '@nestjs/throttler', names: ['ThrottlerGuard'] },
  { id: 'koa-ratelimit', module: 'koa-ratelimit' },
  { id: 'koa2-ratelimit', module: 'koa2-ratelimit' },
  { id: 'hono-rate-limiter', module: 'hono-rate-limiter' },
  { id: 'express-slow-down', module: 'express-slow-down' },
  { id: 'express-brute', module: 'express-brute' },
  { id: '@upstash/ratelimit', module: '@upstash/ratelimit', memberCalls: ['limit'] },
];

/**
 * A project's own limiter, recognised by name: an imported binding, a module specifier, a
 * middleware or a function whose name says it limits rates (`rateLimit`, `apiLimiter`, `throttle`).
 */
export const rateLimitNamePattern = /rate[-_.]?limit|limiter|throttl/i;

/** Libraries that set `Retry-After` themselves on the 429 they send (also with a custom handler). */
export const setsRetryAfter: readonly string[] = ['express-rate-limit', '@fastify/rate-limit', 'fastify-rate-limit', 'koa-ratelimit'];

/** The status code, and names of constants for it (`StatusCodes.TOO_MANY_REQUESTS`, `HttpStatus.TOO_MANY_REQUESTS`). */
export const tooManyRequests = {
  code: 429,
  constantName: /^(?:HTTP_STATUS_)?TOO_MANY_REQUESTS$/,
} as const;

/**
 * How a response's status is set to 429:
 * - `statusCalls`: `res.status(429)`, `reply.code(429)`, `res.sendStatus(429)`, `res.writeHead(429)`,
 *   `ctx.throw(429)` (Express, Fastify, node:http, Koa): the status is the first argument;
 * - `bodyCalls`: `c.json(body, 429)`, `c.text('slow down', 429)` (Hono): the second argument;
 * - `statusProperties`: `ctx.status = 429`, `res.statusCode = 429`, `{ status: 429 }` in
 *   `new Response(body, init)` / `Response.json(body, init)` / `NextResponse.json(body, init)`.
 */
export const statusSetters = {
  statusCalls: ['status', 'code', 'sendStatus', 'writeHead', 'throw'],
  bodyCalls: ['json', 'text', 'body', 'html', 'newResponse'],
  statusProperties: ['status', 'statusCode'],
} as const;

/** The header a 429 needs so that clients know when to come back instead of retrying at once. */
export const retryAfterHeader = /^retry-after$/i;
/** A helper or property whose name says it sets the header (`setRetryAfter(res, ms)`, `headers.retryAfter`). */
export const retryAfterName = /retry[-_]?after/i;

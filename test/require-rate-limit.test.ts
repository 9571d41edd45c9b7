import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../rules/require-rate-limit.js';
import { auditFindings, eslintFindings, FIXTURES } from './helpers/fixtures.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

ruleTester().run('require-rate-limit', eslintRule(rule), {
  valid: [
    // express-rate-limit on the app.
    `import express from 'express';
import { rateLimit } from 'express-rate-limit';
const app = express();
app.use(rateLimit({ windowMs: 60_000, limit: 100 }));
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
    // rate-limiter-flexible, consumed in a middleware.
    `import express from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
const quota = new RateLimiterMemory({ points: 10, duration: 1 });
const app = express();
app.use((req, res, next) => { quota.consume(req.ip ?? '').then(() => next(), () => res.set('Retry-After', '1').status(429).end()); });
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
    // @fastify/rate-limit registered, or a route's own config.rateLimit (the plugin registered elsewhere).
    `import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
const app = Fastify();
await app.register(rateLimit, { max: 100, timeWindow: '1 minute' });
app.get('/orders', async () => []);
await app.listen({ port: 3000 });`,
    `import Fastify from 'fastify';
const app = Fastify();
app.get('/orders', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async () => []);
await app.listen({ port: 3000 });`,
    // @nestjs/throttler with its guard applied.
    `import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
@Controller('orders')
class OrdersController { @Get() list() { return []; } }
@Module({ imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: 10 }])], controllers: [OrdersController], providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }] })
class AppModule {}
const app = await NestFactory.create(AppModule);
await app.listen(3000);`,
    // koa-ratelimit; hono-rate-limiter with @hono/node-server.
    `import Koa from 'koa';
import Router from '@koa/router';
import ratelimit from 'koa-ratelimit';
const app = new Koa();
const router = new Router();
router.get('/orders', (ctx) => { ctx.body = []; });
app.use(ratelimit({ driver: 'memory', db: new Map(), duration: 60_000, max: 100 }));
app.use(router.routes());
app.listen(3000);`,
    `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { rateLimiter } from 'hono-rate-limiter';
const app = new Hono();
app.use(rateLimiter({ windowMs: 60_000, limit: 100, keyGenerator: (c) => c.req.header('x-forwarded-for') ?? '' }));
app.get('/orders', (c) => c.json([]));
serve({ fetch: app.fetch, port: 3000 });`,
    // A limiter of the project's own, by name: imported from another module…
    `import express from 'express';
import { apiLimiter } from './middleware/security.js';
const app = express();
app.use(apiLimiter);
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
    // …or named in settings.rateLimiters or in the rule's options.
    {
      code: `import express from 'express';
import { quota } from './middleware/quota.js';
const app = express();
app.use(quota);
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
      settings: { scalelint: { rateLimiters: ['./middleware/quota'] } },
    },
    {
      code: `import express from 'express';
function perClient(req: unknown, res: unknown, next: () => void) { next(); }
const app = express();
app.use(perClient);
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
      options: [{ limiters: ['perClient'] }],
    },
    // The platform starts the app (Workers, Bun: `export default app`): not this rule's concern.
    `import { Hono } from 'hono';
const app = new Hono();
app.get('/orders', (c) => c.json([]));
export default app;`,
    // An app with no routes.
    `import express from 'express';
const app = express();
app.listen(3000);`,
    // Without the project view, an app whose middleware comes from other files is not judged.
    {
      code: `import express from 'express';
import { security } from './security.js';
const app = express();
app.use(security());
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
      settings: { scalelint: { projectScan: false } },
    },
    // 429 with Retry-After set next to it, in any of its spellings.
    `export function tooMany(_req: unknown, res: any) {
  res.set('Retry-After', '30');
  res.status(429).json({ error: 'slow down' });
}`,
    `export function tooMany(reply: any, ms: number) {
  reply.header('retry-after', Math.ceil(ms / 1000)).code(429).send();
}`,
    `export const limited = (c: any) => c.json({ error: 'slow down' }, 429, { 'Retry-After': '10' });`,
    `export function tooMany(res: any, ms: number) {
  setRetryAfter(res, ms);
  res.sendStatus(429);
}`,
    // The library sets Retry-After before calling a custom handler.
    `import rateLimit from 'express-rate-limit';
export const limiter = rateLimit({ limit: 10, handler: (_req, res) => { res.status(429).json({ error: 'slow down' }); } });`,
    // Reading a 429 is not sending one; the check can be turned off.
    `export async function call(url: string) { const r = await fetch(url); if (r.status === 429) return null; return r.json(); }`,
    {
      code: `export function tooMany(res: any) { res.status(429).end(); }`,
      options: [{ checkRetryAfter: false }],
    },
  ],
  invalid: [
    {
      code: `import express from 'express';

const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
      errors: [{ messageId: 'missingRateLimit', line: 3, column: 13, endColumn: 22, data: { framework: 'Express', kind: 'app' } }],
    },
    // A limiter that is created but never consumed limits nothing.
    {
      code: `import express from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
export const quota = new RateLimiterMemory({ points: 10, duration: 1 });
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
      errors: [{ messageId: 'missingRateLimit', line: 4, column: 13, endColumn: 22 }],
    },
    // ThrottlerModule without ThrottlerGuard limits nothing.
    {
      code: `import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
@Controller('orders')
class OrdersController { @Get() list() { return []; } }
@Module({ imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: 10 }])], controllers: [OrdersController] })
class AppModule {}
const app = await NestFactory.create(AppModule);
await app.listen(3000);`,
      errors: [{ messageId: 'missingRateLimit', line: 8, column: 19, endColumn: 48, data: { framework: 'NestJS', kind: 'app' } }],
    },
    // node:http with a request listener; Fastify.
    {
      code: `import http from 'node:http';
http.createServer((req, res) => res.end('hi')).listen(8080);`,
      errors: [{ messageId: 'missingRateLimit', line: 2, column: 1, endColumn: 47, data: { framework: 'node:http', kind: 'server' } }],
    },
    {
      code: `import Fastify from 'fastify';
const app = Fastify({ logger: true });
app.get('/orders', async () => []);
await app.listen({ port: 3000 });`,
      errors: [{ messageId: 'missingRateLimit', line: 2, column: 13, endColumn: 38 }],
    },
    // Without the project view, an app that takes nothing from other files is still judged.
    {
      code: `import express from 'express';
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
      settings: { scalelint: { projectScan: false } },
      errors: [{ messageId: 'missingRateLimit', line: 2, column: 13, endColumn: 22 }],
    },
    // 429 without Retry-After, per framework.
    {
      code: `export function tooMany(_req: unknown, res: any) {
  res.status(429).json({ error: 'slow down' });
}`,
      errors: [{ messageId: 'missingRetryAfter', line: 2, column: 3, endColumn: 18 }],
    },
    {
      code: `export function tooMany(res: any) { res.sendStatus(429); }`,
      errors: [{ messageId: 'missingRetryAfter', line: 1, column: 37, endColumn: 56 }],
    },
    {
      code: `export async function hook(_request: unknown, reply: any) { return reply.code(429).send({ error: 'slow down' }); }`,
      errors: [{ messageId: 'missingRetryAfter', line: 1, column: 68, endColumn: 83 }],
    },
    {
      code: `export async function limit(ctx: any) { ctx.status = 429; ctx.body = 'slow down'; }`,
      errors: [{ messageId: 'missingRetryAfter', line: 1, column: 41, endColumn: 57 }],
    },
    {
      code: `export async function limit(ctx: any) { ctx.throw(429, 'slow down'); }`,
      errors: [{ messageId: 'missingRetryAfter', line: 1, column: 41, endColumn: 68 }],
    },
    {
      code: `export const limited = (c: any) => c.json({ error: 'slow down' }, 429);`,
      errors: [{ messageId: 'missingRetryAfter', line: 1, column: 36, endColumn: 71 }],
    },
    {
      code: `import http from 'node:http';
export function refuse(res: http.ServerResponse) { res.writeHead(429, { 'Content-Type': 'text/plain' }); res.end(); }`,
      errors: [{ messageId: 'missingRetryAfter', line: 2, column: 52, endColumn: 104 }],
    },
    {
      code: `export function GET() { return new Response('slow down', { status: 429 }); }`,
      errors: [{ messageId: 'missingRetryAfter', line: 1, column: 60, endColumn: 71 }],
    },
    {
      code: `import { StatusCodes } from 'http-status-codes';
export function tooMany(res: any) { res.status(StatusCodes.TOO_MANY_REQUESTS).end(); }`,
      errors: [{ messageId: 'missingRetryAfter', line: 2, column: 37, endColumn: 78 }],
    },
  ],
});

describe('require-rate-limit on fixture projects', () => {
  const audit = (name: string, settings = {}) => auditFindings(path.join(FIXTURES, name), { extends: 'all', rules: {}, settings })
    .filter((f) => f.ruleId === 'require-rate-limit')
    .map((f) => `${f.file}:${f.line}:${f.column}`);

  it('finds a limiter in another module, per-route config and the Nest guard; flags apps without one', () => {
    // A rate-limiter-flexible limiter in lib/limits.ts, consumed in middleware/quota.ts.
    expect(audit('service-wide/express-covered')).toEqual([]);
    // `config: { rateLimit }` on the routes of routes/orders.ts.
    expect(audit('service-wide/fastify-covered')).toEqual([]);
    // ThrottlerGuard as APP_GUARD in app.module.ts.
    expect(audit('service-wide/nest-covered')).toEqual([]);
    // A hand-written quota (and its 429 without Retry-After); ThrottlerModule without the guard.
    expect(audit('service-wide/express-uncovered')).toEqual(['src/app.ts:5:20', 'src/middleware/quota.ts:19:5']);
    expect(audit('service-wide/nest-uncovered')).toEqual(['src/main.ts:6:21']);
    expect(audit('demo-app')).toEqual(['src/server.ts:12:13']);
  });

  it('learns the project limiter from settings, as a module or a name', () => {
    expect(audit('service-wide/express-uncovered', { rateLimiters: ['./middleware/quota'] })).toEqual(['src/middleware/quota.ts:19:5']);
    expect(audit('service-wide/express-uncovered', { rateLimiters: ['perClientQuota'] })).toEqual(['src/middleware/quota.ts:19:5']);
  });
});

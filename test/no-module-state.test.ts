import rule from '../rules/no-module-state.js';
import { storePlaceholder } from '../src/knowledge/sessions.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

const STORE = storePlaceholder;

ruleTester().run('no-module-state', eslintRule(rule), {
  valid: [
    // A constant lookup table, only read per request.
    `import express from 'express';
const ROLES = new Map([['admin', 3], ['member', 1]]);
const app = express();
app.get('/roles/:name', (req, res) => {
  res.json({ level: ROLES.get(req.params.name) });
});`,
    // Filled at start-up, read afterwards.
    `import express from 'express';
const prices = new Map<string, number>();
for (const [sku, cents] of Object.entries({ a: 100, b: 250 })) prices.set(sku, cents);
const app = express();
app.get('/prices/:sku', (req, res) => {
  res.json({ cents: prices.get(req.params.sku) });
});`,
    // A request counter is a per-instance metric, not per-user state: only with `checkCounters`.
    `import express from 'express';
let requestCount = 0;
const app = express();
app.get('/me', (req, res) => {
  requestCount++;
  res.json({ id: req.session.userId, served: requestCount });
});`,
    // The globalThis singleton idiom for a client in development.
    `import express from 'express';
import { PrismaClient } from '@prisma/client';
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;
const app = express();
app.get('/users/:id', async (req, res) => {
  res.json(await prisma.user.findUnique({ where: { id: req.params.id } }));
});`,
    // Lazy module-level singletons filled on first use.
    `import express from 'express';
import { Pool } from 'pg';
import { createClient } from 'redis';
let pool: Pool | undefined;
let redis: ReturnType<typeof createClient> | undefined;
function getPool() {
  if (!pool) pool = new Pool();
  return pool;
}
function getRedis() {
  redis ??= createClient();
  return redis;
}
const app = express();
app.get('/users/:userId', async (req, res) => {
  const user = await getPool().query('SELECT * FROM users WHERE id = $1', [req.params.userId]);
  await getRedis().set(req.params.userId, JSON.stringify(user.rows[0]));
  res.json(user.rows[0]);
});`,
    // State inside an object created per request.
    `import express from 'express';
const app = express();
app.post('/batch', (req, res) => {
  const seen = new Map<string, number>();
  for (const item of req.body.items) seen.set(req.user.id + item.sku, 1);
  res.json({ unique: seen.size });
});`,
    // Per-user keys, but in a script: nothing on the request path writes it.
    `const lastLogin = new Map<string, Date>();
export function importLogins(rows: { userId: string; at: Date }[]) {
  for (const row of rows) lastLogin.set(row.userId, row.at);
}`,
    // A memo keyed by values that are not per-user: only reported in strict (unbounded caches).
    `import express from 'express';
const memo = new Map<string, number>();
function shippingCost(zip: string): number {
  const hit = memo.get(zip);
  if (hit !== undefined) return hit;
  const cost = zip.length * 100;
  memo.set(zip, cost);
  return cost;
}
const app = express();
app.get('/shipping/:zip', (req, res) => {
  res.json({ cost: shippingCost(req.params.zip) });
});`,
    // …and not even in strict when something bounds it.
    {
      code: `import express from 'express';
const memo = new Map<string, number>();
const app = express();
app.get('/shipping/:zip', (req, res) => {
  if (memo.size > 1000) memo.clear();
  memo.set(req.params.zip, req.params.zip.length * 100);
  res.json({ cost: memo.get(req.params.zip) });
});`,
      options: [{ checkUnboundedCaches: true }],
    },
    // A WeakMap keyed by the request lives as long as the request.
    `import express from 'express';
const perRequest = new WeakMap<object, { start: number }>();
const app = express();
app.use((req, res, next) => {
  perRequest.set(req, { start: Date.now() });
  next();
});`,
    // Frozen data and \`as const\` are not written.
    `import express from 'express';
const LIMITS = Object.freeze({ free: 10, pro: 100 });
const PLANS = { free: 'Free', pro: 'Pro' } as const;
const app = express();
app.get('/plans/:plan', (req, res) => {
  res.json({ name: PLANS[req.params.plan as 'free'], limit: LIMITS[req.params.plan as 'free'] });
});`,
    // Cookie-based sessions keep nothing on the server.
    `import express from 'express';
import cookieSession from 'cookie-session';
const app = express();
app.use(cookieSession({ name: 'session', keys: [process.env.KEY!] }));`,
    `import Koa from 'koa';
import session from 'koa-session';
const app = new Koa();
app.use(session({ key: 'sess' }, app));`,
    // A shared store.
    `import express from 'express';
import session from 'express-session';
import RedisStore from 'connect-redis';
import { createClient } from 'redis';
const redisClient = createClient();
const app = express();
app.use(session({ store: new RedisStore({ client: redisClient }), secret: 's', resave: false, saveUninitialized: false }));`,
    // Options we cannot see: not reported.
    `import express from 'express';
import session from 'express-session';
import { sessionOptions } from './config';
const app = express();
app.use(session(sessionOptions));
app.use(session({ ...sessionOptions, secret: 's' }));`,
    // @fastify/session with a store.
    `import Fastify from 'fastify';
import fastifySession from '@fastify/session';
import { store } from './session-store';
const app = Fastify();
app.register(fastifySession, { secret: 'a secret with minimum length of 32 characters', store });`,
    // A module-level map written with a constant key: a fixed slot, not per-user.
    `import express from 'express';
const status = { lastDeploy: '' };
const app = express();
app.post('/deploys', (req, res) => {
  status.lastDeploy = new Date().toISOString();
  res.sendStatus(204);
});`,
  ],
  invalid: [
    // A map keyed by the session's user id, written by a handler.
    {
      code: `import express from 'express';
const recentOrders = new Map<string, string[]>();
const app = express();
app.post('/orders', (req, res) => {
  const recent = recentOrders.get(req.session.userId) ?? [];
  recentOrders.set(req.session.userId, [req.body.id, ...recent].slice(0, 10));
  res.sendStatus(201);
});`,
      errors: [{ messageId: 'perUserState', data: { name: 'recentOrders' }, line: 2, column: 7, endColumn: 19 }],
    },
    // An object keyed by the session id.
    {
      code: `import express from 'express';
const carts: Record<string, string[]> = {};
const app = express();
app.post('/cart', (req, res) => {
  carts[req.sessionID] = [...(carts[req.sessionID] ?? []), req.body.sku];
  res.sendStatus(204);
});`,
      errors: [{ messageId: 'perUserState', line: 2, column: 7, endColumn: 12 }],
    },
    // An in-process rate limiter keyed by IP, in a middleware.
    {
      code: `import express from 'express';
const hits = new Map<string, number>();
const app = express();
app.use((req, res, next) => {
  const count = (hits.get(req.ip) ?? 0) + 1;
  hits.set(req.ip, count);
  if (count > 100) return res.sendStatus(429);
  next();
});`,
      errors: [{ messageId: 'perUserState', line: 2, column: 7, endColumn: 11 }],
    },
    // …or counting per IP with ++.
    {
      code: `import express from 'express';
const attempts: Record<string, number> = {};
const app = express();
app.post('/login', (req, res) => {
  attempts[req.ip]++;
  res.sendStatus(204);
});`,
      errors: [{ messageId: 'perUserState', line: 2, column: 7, endColumn: 15 }],
    },
    // The current user in a module-level variable: crosses requests.
    {
      code: `import express from 'express';
let currentUser: unknown;
const app = express();
app.use((req, res, next) => {
  currentUser = req.user;
  next();
});`,
      errors: [{ messageId: 'perUserState', line: 2, column: 5, endColumn: 16 }],
    },
    // Written by a helper the handler calls.
    {
      code: `import express from 'express';
const profiles = new Map<string, object>();
function remember(userId: string, profile: object) {
  profiles.set(userId, profile);
}
const app = express();
app.put('/me', (req, res) => {
  remember(req.params.id, req.body);
  res.sendStatus(204);
});`,
      errors: [{ messageId: 'perUserState', line: 2, column: 7, endColumn: 15 }],
    },
    // The key held in a local constant, named by the project's own identity field.
    {
      code: `import express from 'express';
const quotas = new Map<string, number>();
const app = express();
app.post('/jobs', (req, res) => {
  const owner = req.auth.sub;
  quotas.set(owner, (quotas.get(owner) ?? 0) + 1);
  res.sendStatus(202);
});`,
      options: [{ userKeyNames: ['sub'] }],
      errors: [{ messageId: 'perUserState', line: 2, column: 7, endColumn: 13 }],
    },
    // An idempotency map keyed by the request header.
    {
      code: `import express from 'express';
const seen = new Set<string>();
const app = express();
app.post('/payments', (req, res) => {
  const key = req.get('Idempotency-Key');
  if (key && seen.has(key)) return res.sendStatus(409);
  if (key) seen.add(key);
  res.sendStatus(201);
});`,
      errors: [{ messageId: 'perUserState', line: 2, column: 7, endColumn: 11 }],
    },
    // Koa: a map keyed by ctx.state.user.id.
    {
      code: `import Koa from 'koa';
import Router from '@koa/router';
const drafts = new Map<string, string>();
const router = new Router();
router.put('/draft', (ctx) => {
  drafts.set(ctx.state.user.id, ctx.request.body.text);
  ctx.status = 204;
});
const app = new Koa();
app.use(router.routes());`,
      errors: [{ messageId: 'perUserState', line: 3, column: 7, endColumn: 13 }],
    },
    // The counter, when counters are asked for.
    {
      code: `import express from 'express';
let requestCount = 0;
const app = express();
app.get('/me', (req, res) => {
  requestCount++;
  res.json({ served: requestCount });
});`,
      options: [{ checkCounters: true }],
      errors: [{ messageId: 'requestCounter', line: 2, column: 5, endColumn: 17 }],
    },
    // An unbounded memo, in strict.
    {
      code: `import express from 'express';
const memo = new Map<string, number>();
function shippingCost(zip: string): number {
  const hit = memo.get(zip);
  if (hit !== undefined) return hit;
  const cost = zip.length * 100;
  memo.set(zip, cost);
  return cost;
}
const app = express();
app.get('/shipping/:zip', (req, res) => {
  res.json({ cost: shippingCost(req.params.zip) });
});`,
      options: [{ checkUnboundedCaches: true }],
      errors: [{ messageId: 'unboundedCache', line: 2, column: 7, endColumn: 11 }],
    },
    // express-session without a store: a placeholder suggestion.
    {
      code: `import express from 'express';
import session from 'express-session';
const app = express();
app.use(session({ secret: 's', resave: false }));`,
      errors: [{
        messageId: 'memorySessionStore', data: { library: 'express-session', store: 'MemoryStore' }, line: 4, column: 9, endColumn: 16,
        suggestions: [{
          messageId: 'addSessionStore',
          output: `import express from 'express';
import session from 'express-session';
const app = express();
app.use(session({ secret: 's', resave: false, ${STORE} }));`,
        }],
      }],
    },
    // …multi-line options, with require.
    {
      code: `const express = require('express');
const session = require('express-session');
const app = express();
app.use(
  session({
    secret: 's',
    saveUninitialized: false,
  }),
);`,
      errors: [{
        messageId: 'memorySessionStore', line: 5, column: 3, endColumn: 10,
        suggestions: [{
          messageId: 'addSessionStore',
          output: `const express = require('express');
const session = require('express-session');
const app = express();
app.use(
  session({
    secret: 's',
    saveUninitialized: false,
    ${STORE},
  }),
);`,
        }],
      }],
    },
    // …no options at all.
    {
      code: `import session from 'express-session';
export const sessions = session();`,
      errors: [{
        messageId: 'memorySessionStore', line: 2, column: 25, endColumn: 32,
        suggestions: [{ messageId: 'addSessionStore', output: `import session from 'express-session';
export const sessions = session({ ${STORE} });` }],
      }],
    },
    // The explicit default store.
    {
      code: `import session from 'express-session';
export const sessions = session({ secret: 's', store: new session.MemoryStore() });`,
      errors: [{ messageId: 'inMemorySessionStore', data: { store: 'express-session MemoryStore' }, line: 2, column: 48, endColumn: 80 }],
    },
    // memorystore: still in this process.
    {
      code: `import session from 'express-session';
import createMemoryStore from 'memorystore';
const MemoryStore = createMemoryStore(session);
export const sessions = session({ secret: 's', store: new MemoryStore({ checkPeriod: 86400000 }) });`,
      errors: [{ messageId: 'inMemorySessionStore', data: { store: 'memorystore' }, line: 4, column: 48, endColumn: 97 }],
    },
    // A placeholder left unset is still the default store (and is not offered twice).
    {
      code: `import session from 'express-session';
export const sessions = session({ secret: 's', store: undefined });`,
      errors: [{ messageId: 'memorySessionStore', line: 2, column: 25, endColumn: 32, suggestions: [] }],
    },
    // @fastify/session without a store.
    {
      code: `import Fastify from 'fastify';
import fastifySession from '@fastify/session';
const app = Fastify();
app.register(fastifySession, { secret: 'a secret with minimum length of 32 characters' });`,
      errors: [{
        messageId: 'memorySessionStore', data: { library: '@fastify/session', store: 'MemoryStore' }, line: 4, column: 14, endColumn: 28,
        suggestions: [{
          messageId: 'addSessionStore',
          output: `import Fastify from 'fastify';
import fastifySession from '@fastify/session';
const app = Fastify();
app.register(fastifySession, { secret: 'a secret with minimum length of 32 characters', ${STORE} });`,
        }],
      }],
    },
  ],
});

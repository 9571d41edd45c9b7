import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../rules/require-idempotency-key.js';
import plugin from '../src/eslint/index.js';
import { auditFindings, eslintFindings, FIXTURES } from './helpers/fixtures.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

const suggestion = 'readIdempotencyKey';

ruleTester().run('require-idempotency-key', eslintRule(rule), {
  valid: [
    // Express: reads the header.
    `import express from 'express';
const app = express();
app.post('/orders', async (req, res) => {
  const key = req.get('Idempotency-Key');
  await db.query('INSERT INTO orders (key) VALUES ($1)', [key]);
  res.sendStatus(201);
});`,
    // Reads only: a search is a POST without a write.
    `import express from 'express';
const app = express();
app.post('/search', async (req, res) => {
  res.json(await db.query('SELECT * FROM orders WHERE sku = $1', [req.body.sku]));
});`,
    // An upsert keyed by the client's id is idempotent by construction.
    `import express from 'express';
const app = express();
app.post('/devices', async (req, res) => {
  await db.query('INSERT INTO devices (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = $2', [req.body.id, req.body.name]);
  res.sendStatus(204);
});`,
    // Behind an idempotency middleware package.
    `import express from 'express';
import idempotency from 'express-idempotency';
const app = express();
app.use(idempotency.idempotency());
app.post('/orders', async (req, res) => {
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [req.body.sku]);
  res.sendStatus(201);
});`,
    // A project middleware that reads the header, on the route.
    `import express from 'express';
const app = express();
function withKey(req, res, next) {
  if (!req.headers['idempotency-key']) return res.sendStatus(400);
  next();
}
app.post('/orders', withKey, async (req, res) => {
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [req.body.sku]);
  res.sendStatus(201);
});`,
    // The project's own middleware, named in the options.
    {
      code: `import express from 'express';
import { dedupe } from './middleware/dedupe';
const app = express();
app.post('/orders', dedupe, async (req, res) => {
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [req.body.sku]);
  res.sendStatus(201);
});`,
      options: [{ middleware: ['dedupe'] }],
    },
    // …or in the settings.
    {
      code: `import express from 'express';
import { dedupe } from './middleware/dedupe';
const app = express();
app.use(dedupe());
app.post('/orders', async (req, res) => {
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [req.body.sku]);
  res.sendStatus(201);
});`,
      settings: { scalelint: { idempotencyMiddleware: ['./middleware/dedupe'] } },
    },
    // A header name of the project's own, in the options.
    {
      code: `import express from 'express';
const app = express();
app.post('/orders', async (req, res) => {
  const key = req.get('X-Request-Key');
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [key]);
  res.sendStatus(201);
});`,
      options: [{ headerNames: ['X-Request-Key'] }],
    },
    // PATCH is only checked in strict (methods: ['POST', 'PATCH']).
    `import express from 'express';
const app = express();
app.patch('/orders/:id', async (req, res) => {
  await db.query('UPDATE orders SET sku = $1 WHERE id = $2', [req.body.sku, req.params.id]);
  res.sendStatus(204);
});`,
    // A method name alone is not a write: \`cache.create\` is not a database handle.
    `import express from 'express';
const app = express();
app.post('/tokens', (req, res) => {
  res.json({ token: cache.create(req.body.user) });
});`,
    // Fastify: reads the header.
    `import Fastify from 'fastify';
const app = Fastify();
app.post('/orders', async (request) => {
  const key = request.headers['idempotency-key'];
  return prisma.order.create({ data: { key } });
});`,
    // Koa: behind a middleware whose name says idempotency.
    `import Koa from 'koa';
import Router from '@koa/router';
import { idempotencyGuard } from './idempotency';
const app = new Koa();
const router = new Router();
router.post('/orders', idempotencyGuard, async (ctx) => {
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [ctx.request.body.sku]);
});
app.use(router.routes());`,
    // Hono: reads the header.
    `import { Hono } from 'hono';
const app = new Hono();
app.post('/orders', async (c) => {
  const key = c.req.header('Idempotency-Key');
  await db.insert(orders).values({ key });
  return c.json({}, 201);
});`,
    // Nest: @Headers('idempotency-key').
    `import { Controller, Headers, Post } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  constructor(private readonly ordersRepository: Repository<Order>) {}
  @Post()
  create(@Headers('idempotency-key') key: string) {
    return this.ordersRepository.save({ key });
  }
}`,
    // Next.js: request.headers.get(...)
    {
      code: `export async function POST(request: Request) {
  const key = request.headers.get('Idempotency-Key');
  await prisma.order.create({ data: { key } });
  return new Response(null, { status: 201 });
}`,
      filename: 'test/fixtures/rule-tester/app/api/orders/route.ts',
    },
    // A router that nobody mounts in the visible files: unknown middleware could be in front of it
    // when the project view is incomplete.
    {
      code: `import { Router } from 'express';
const router = Router();
router.post('/', async (req, res) => {
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [req.body.sku]);
  res.sendStatus(201);
});
export default router;`,
      settings: { scalelint: { projectScan: false } },
    },
  ],
  invalid: [
    {
      code: `import express from 'express';
const app = express();
app.post('/orders', async (req, res) => {
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [req.body.sku]);
  res.sendStatus(201);
});`,
      errors: [{
        messageId: 'missingIdempotencyKey', line: 3, column: 1, endColumn: 9,
        data: { method: 'POST', write: 'a database write' },
        suggestions: [{
          messageId: suggestion,
          output: `import express from 'express';
const app = express();
app.post('/orders', async (req, res) => {
  const idempotencyKey = req.get('Idempotency-Key');
  /* TODO: if idempotencyKey was seen before, return the stored response instead of writing again. */
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [req.body.sku]);
  res.sendStatus(201);
});`,
        }],
      }],
    },
    // A handler defined elsewhere in the file, writing through a helper that charges a card.
    {
      code: `import { Router } from 'express';
import Stripe from 'stripe';
const stripe = new Stripe('sk');
const router = Router();
async function charge(amount: number) {
  return stripe.charges.create({ amount, currency: 'eur' });
}
async function pay(req, res) {
  res.json(await charge(req.body.amount));
}
router.post('/pay', pay);
export default router;`,
      errors: [{
        messageId: 'missingIdempotencyKey', line: 11, column: 1, endColumn: 12,
        data: { method: 'POST', write: 'a payment call' },
        suggestions: [{
          messageId: suggestion,
          output: `import { Router } from 'express';
import Stripe from 'stripe';
const stripe = new Stripe('sk');
const router = Router();
async function charge(amount: number) {
  return stripe.charges.create({ amount, currency: 'eur' });
}
async function pay(req, res) {
  const idempotencyKey = req.get('Idempotency-Key');
  /* TODO: if idempotencyKey was seen before, return the stored response instead of writing again. */
  res.json(await charge(req.body.amount));
}
router.post('/pay', pay);
export default router;`,
        }],
      }],
    },
    // PATCH, when the options ask for it (as the strict config does).
    {
      code: `import express from 'express';
const app = express();
app.patch('/orders/:id', async (req, res) => {
  await db.query('UPDATE orders SET sku = $1 WHERE id = $2', [req.body.sku, req.params.id]);
  res.sendStatus(204);
});`,
      options: [{ methods: ['POST', 'PATCH'] }],
      errors: [{
        messageId: 'missingIdempotencyKey', line: 3, column: 1, endColumn: 10,
        suggestions: [{
          messageId: suggestion,
          output: `import express from 'express';
const app = express();
app.patch('/orders/:id', async (req, res) => {
  const idempotencyKey = req.get('Idempotency-Key');
  /* TODO: if idempotencyKey was seen before, return the stored response instead of writing again. */
  await db.query('UPDATE orders SET sku = $1 WHERE id = $2', [req.body.sku, req.params.id]);
  res.sendStatus(204);
});`,
        }],
      }],
    },
    // Fastify route object, queue publish.
    {
      code: `import Fastify from 'fastify';
const app = Fastify();
app.route({
  method: 'POST',
  url: '/jobs',
  handler: async (request) => {
    await jobsQueue.add('run', request.body);
    return { queued: true };
  },
});`,
      errors: [{
        messageId: 'missingIdempotencyKey', line: 3, column: 1, endColumn: 10,
        data: { method: 'POST', write: 'a queue publish' },
        suggestions: [{
          messageId: suggestion,
          output: `import Fastify from 'fastify';
const app = Fastify();
app.route({
  method: 'POST',
  url: '/jobs',
  handler: async (request) => {
    const idempotencyKey = request.headers['idempotency-key'];
    /* TODO: if idempotencyKey was seen before, return the stored response instead of writing again. */
    await jobsQueue.add('run', request.body);
    return { queued: true };
  },
});`,
        }],
      }],
    },
    // Koa with @koa/router.
    {
      code: `import Koa from 'koa';
import Router from '@koa/router';
const app = new Koa();
const router = new Router({ prefix: '/orders' });
router.post('/', async (ctx) => {
  ctx.body = await orderRepository.save(ctx.request.body);
});
app.use(router.routes());`,
      errors: [{
        messageId: 'missingIdempotencyKey', line: 5, column: 1, endColumn: 12,
        suggestions: [{
          messageId: suggestion,
          output: `import Koa from 'koa';
import Router from '@koa/router';
const app = new Koa();
const router = new Router({ prefix: '/orders' });
router.post('/', async (ctx) => {
  const idempotencyKey = ctx.get('Idempotency-Key');
  /* TODO: if idempotencyKey was seen before, return the stored response instead of writing again. */
  ctx.body = await orderRepository.save(ctx.request.body);
});
app.use(router.routes());`,
        }],
      }],
    },
    // Hono, drizzle insert.
    {
      code: `import { Hono } from 'hono';
const app = new Hono();
app.post('/orders', async (c) => {
  await db.insert(orders).values(await c.req.json());
  return c.json({}, 201);
});`,
      errors: [{
        messageId: 'missingIdempotencyKey', line: 3, column: 1, endColumn: 9,
        suggestions: [{
          messageId: suggestion,
          output: `import { Hono } from 'hono';
const app = new Hono();
app.post('/orders', async (c) => {
  const idempotencyKey = c.req.header('Idempotency-Key');
  /* TODO: if idempotencyKey was seen before, return the stored response instead of writing again. */
  await db.insert(orders).values(await c.req.json());
  return c.json({}, 201);
});`,
        }],
      }],
    },
    // Nest: reported at the decorator; no suggestion (a parameter decorator is needed).
    {
      code: `import { Body, Controller, Post } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  constructor(private readonly ordersRepository: Repository<Order>) {}
  @Post()
  create(@Body() body: CreateOrder) {
    return this.ordersRepository.save(body);
  }
}`,
      errors: [{ messageId: 'missingIdempotencyKey', line: 5, column: 3, endColumn: 10, suggestions: [] }],
    },
    // Next.js app router: reported at the exported method.
    {
      code: `export async function POST(request: Request) {
  const order = await prisma.order.create({ data: await request.json() });
  return Response.json(order, { status: 201 });
}`,
      filename: 'test/fixtures/rule-tester/app/api/orders/route.ts',
      errors: [{
        messageId: 'missingIdempotencyKey', line: 1, column: 23, endColumn: 27,
        suggestions: [{
          messageId: suggestion,
          output: `export async function POST(request: Request) {
  const idempotencyKey = request.headers.get('Idempotency-Key');
  /* TODO: if idempotencyKey was seen before, return the stored response instead of writing again. */
  const order = await prisma.order.create({ data: await request.json() });
  return Response.json(order, { status: 201 });
}`,
        }],
      }],
    },
    // node:http: a listener with a POST check that sends e-mail.
    {
      code: `import http from 'node:http';
const server = http.createServer(async (req, res) => {
  if (req.method === 'POST') {
    await transporter.sendMail({ to: 'ops@example.com', text: 'signup' });
  }
  res.end();
});
server.listen(8080);`,
      errors: [{
        messageId: 'missingIdempotencyKey', line: 2, column: 16, endLine: 7, endColumn: 3,
        data: { method: 'POST', write: 'an e-mail' },
        suggestions: [{
          messageId: suggestion,
          output: `import http from 'node:http';
const server = http.createServer(async (req, res) => {
  const idempotencyKey = req.headers['idempotency-key'];
  /* TODO: if idempotencyKey was seen before, return the stored response instead of writing again. */
  if (req.method === 'POST') {
    await transporter.sendMail({ to: 'ops@example.com', text: 'signup' });
  }
  res.end();
});
server.listen(8080);`,
        }],
      }],
    },
    // An app in this file and nothing from elsewhere: reported also without the project view.
    {
      code: `import express from 'express';
const app = express();
app.post('/orders', async (req, res) => {
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [req.body.sku]);
  res.sendStatus(201);
});
app.listen(3000);`,
      settings: { scalelint: { projectScan: false } },
      errors: [{
        messageId: 'missingIdempotencyKey', line: 3, column: 1, endColumn: 9,
        suggestions: [{
          messageId: suggestion,
          output: `import express from 'express';
const app = express();
app.post('/orders', async (req, res) => {
  const idempotencyKey = req.get('Idempotency-Key');
  /* TODO: if idempotencyKey was seen before, return the stored response instead of writing again. */
  await db.query('INSERT INTO orders (sku) VALUES ($1)', [req.body.sku]);
  res.sendStatus(201);
});
app.listen(3000);`,
        }],
      }],
    },
  ],
});

describe('require-idempotency-key on fixture projects', () => {
  const only = { 'scalelint/require-idempotency-key': 'error' as const };
  const audit = (name: string) => auditFindings(path.join(FIXTURES, name)).filter((f) => f.ruleId === 'require-idempotency-key');

  it('finds the write handlers without a key, across files', () => {
    const lines = (name: string) => audit(name).map((f) => `${f.file}:${f.line}:${f.column}`);
    expect(lines('http/express')).toEqual(['src/routes/orders.ts:8:1']);
    expect(lines('http/fastify')).toEqual(['src/routes/orders.ts:15:3']);
    expect(lines('http/koa')).toEqual([]);
    expect(lines('http/hono')).toEqual(['src/routes/orders.ts:7:1']);
    expect(lines('http/nest')).toEqual(['src/orders/orders.controller.ts:13:3']);
    expect(lines('http/next')).toEqual(['app/api/orders/route.ts:8:23', 'pages/api/newsletter.ts:6:31']);
    expect(lines('http/node-http')).toEqual(['src/server.ts:4:16']);
    expect(lines('demo-app')).toEqual(['src/routes/orders.ts:27:1']);
  });

  it('strict adds PATCH', async () => {
    const strict = plugin.configs.strict.rules!['scalelint/require-idempotency-key'];
    expect(strict).toEqual(['error', { methods: ['POST', 'PATCH'], headerNames: ['Idempotency-Key', 'X-Idempotency-Key'], middleware: [] }]);
    expect(plugin.configs.recommended.rules!['scalelint/require-idempotency-key']).toBe('error');
    const found = await eslintFindings(path.join(FIXTURES, 'http/fastify'), { typed: false, preset: 'strict', rules: { 'scalelint/require-idempotency-key': strict! } });
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(['src/routes/orders.ts:15', 'src/routes/users.ts:15']);
  });

  for (const name of ['http/express', 'http/fastify', 'http/koa', 'http/hono', 'http/nest', 'http/next', 'http/node-http', 'demo-app']) {
    it(`ESLint reports what the audit reports: ${name}`, async () => {
      const root = path.join(FIXTURES, name);
      const expected = audit(name);
      const typed = await eslintFindings(root, { typed: true, rules: only });
      expect(typed).toEqual(expected);
      const untyped = await eslintFindings(root, { typed: false, rules: only });
      for (const f of untyped) expect(expected).toContainEqual(f);
    });
  }
});

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpFacts } from '../src/engine/extractors/http.js';
import { buildHandlerModel, handlerModel, type HandlerModel } from '../src/project/handlers.js';
import { FIXTURES } from './helpers/fixtures.js';
import { projectFacts, virtualProject } from './helpers/http.js';

function model(fixture: string): { root: string; m: HandlerModel } {
  const root = path.join(FIXTURES, fixture);
  return { root, m: buildHandlerModel(projectFacts(root)) };
}

/** `METHOD path file:line -> handler-file:name` for each handler. */
function routes(fixture: string): string[] {
  const { root, m } = model(fixture);
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  return m.handlers.map((h) => `${h.framework} ${h.method} ${h.path ?? '?'} ${rel(h.route.file)}:${h.route.span.line}`
    + ` -> ${h.fn ? `${rel(h.fn.file)}:${h.fn.fact.name ?? 'inline'}` : '?'}`);
}

describe('request-handler model on the fixtures', () => {
  it('express: routers mounted across files, handlers imported from controllers', () => {
    expect(routes('http/express')).toEqual([
      'express GET /healthz src/routes/health.ts:5 -> src/routes/health.ts:inline',
      'express GET /orders/:id src/routes/orders.ts:6 -> src/controllers/orders.ts:getOrder',
      'express POST /orders/search src/routes/orders.ts:7 -> src/controllers/orders.ts:searchOrders',
      'express POST /orders src/routes/orders.ts:8 -> src/controllers/orders.ts:createOrder',
      'express POST /payments src/routes/payments.ts:6 -> src/routes/payments.ts:inline',
      'express PUT /payments/:id/capture src/routes/payments.ts:22 -> src/routes/payments.ts:inline',
    ]);
    const { root, m } = model('http/express');
    expect(m.apps.map((a) => [path.relative(root, a.file), a.framework, a.kind, a.container.span.line, a.listens, a.selfContained]))
      .toEqual([[path.join('src', 'app.ts'), 'express', 'app', 6, true, false]]);
    const create = m.handlers.find((h) => h.path === '/orders' && h.method === 'POST')!;
    expect(create.middleware.map((x) => x.item.name)).toEqual(['express.json']);
  });

  it('fastify: plugins registered with a prefix, route objects', () => {
    expect(routes('http/fastify')).toEqual([
      'fastify GET /orders/:id src/routes/orders.ts:10 -> src/routes/orders.ts:inline',
      'fastify POST /orders src/routes/orders.ts:15 -> src/routes/orders.ts:inline',
      'fastify POST /users src/routes/users.ts:5 -> src/routes/users.ts:inline',
      'fastify PATCH /users/:id src/routes/users.ts:15 -> src/routes/users.ts:inline',
    ]);
  });

  it('koa: @koa/router prefixes and router.routes() mounts, del alias', () => {
    expect(routes('http/koa')).toEqual([
      'koa GET /readyz src/routes/health.ts:5 -> src/routes/health.ts:inline',
      'koa POST /orders src/routes/orders.ts:6 -> src/routes/orders.ts:inline',
      'koa DELETE /orders/:id src/routes/orders.ts:16 -> src/routes/orders.ts:inline',
    ]);
  });

  it('hono: app.route mounts, serve({ fetch }) starts the app', () => {
    expect(routes('http/hono')).toEqual([
      'hono GET / src/index.ts:7 -> src/index.ts:inline',
      'hono POST /orders src/routes/orders.ts:7 -> src/routes/orders.ts:inline',
      'hono GET /orders/:id src/routes/orders.ts:13 -> src/routes/orders.ts:inline',
    ]);
    expect(model('http/hono').m.apps.map((a) => a.listens)).toEqual([true]);
  });

  it('nest: controllers and route decorators, NestFactory apps', () => {
    expect(routes('http/nest')).toEqual([
      'nest GET /health src/health/health.controller.ts:5 -> src/health/health.controller.ts:HealthController.check',
      'nest GET /orders/:id src/orders/orders.controller.ts:8 -> src/orders/orders.controller.ts:OrdersController.findOne',
      'nest POST /orders src/orders/orders.controller.ts:13 -> src/orders/orders.controller.ts:OrdersController.create',
      'nest PATCH /orders/:id src/orders/orders.controller.ts:18 -> src/orders/orders.controller.ts:OrdersController.rename',
    ]);
  });

  it('next: app-router method exports and pages API routes with method checks', () => {
    expect(routes('http/next')).toEqual([
      'next GET /api/health app/api/health/route.ts:1 -> app/api/health/route.ts:GET',
      'next GET /api/orders app/api/orders/route.ts:3 -> app/api/orders/route.ts:GET',
      'next POST /api/orders app/api/orders/route.ts:8 -> app/api/orders/route.ts:POST',
      'next POST /api/newsletter pages/api/newsletter.ts:6 -> pages/api/newsletter.ts:handler',
      'next POST /api/payments pages/api/payments.ts:6 -> pages/api/payments.ts:handler',
    ]);
    expect(model('http/next').m.apps).toEqual([]);
  });

  it('node:http: a request listener with method checks', () => {
    expect(routes('http/node-http')).toEqual([
      'node-http POST ? src/server.ts:4 -> src/handler.ts:handleRequest',
    ]);
  });
});

describe('reachability', () => {
  it('follows calls across files to a bounded depth', () => {
    const { root, m } = model('http/nest');
    const service = path.join(root, 'src/orders/orders.service.ts');
    const p = m.reachableFromHandler(service, 'OrdersService.create');
    expect(p?.depth).toBe(1);
    expect(p?.handler?.method).toBe('POST');
    expect(m.reachableFromHandler(service, 'OrdersService.create', 0)).toBeUndefined();
  });

  it('answers by position: code inside a function on the request path', () => {
    const { root, m } = model('http/node-http');
    const handler = path.join(root, 'src/handler.ts');
    const enqueue = m.findFunction(handler, 'enqueueJob')!;
    expect(m.onRequestPath(handler, enqueue.fact.span.start + 10)?.depth).toBe(1);
    expect(m.onRequestPath(handler, 0)).toBeUndefined();
    const queue = path.join(root, 'src/queue.ts');
    expect(m.onRequestPath(queue, 60)).toBeUndefined();
  });

  it('does not treat a function nobody calls from a handler as reachable', () => {
    const p = virtualProject({
      '/p/app.ts': `import express from 'express';
import { audit } from './audit';
const app = express();
export function unused() { audit(); }
app.post('/x', (req, res) => { res.send(helper()); });
function helper() { return 1; }
app.listen(3000);`,
      '/p/audit.ts': `export function audit() { return 2; }`,
    });
    const m = buildHandlerModel(p);
    expect(m.reachableFromHandler('/p/app.ts', 'helper')?.depth).toBe(1);
    expect(m.reachableFromHandler('/p/app.ts', 'unused')).toBeUndefined();
    expect(m.reachableFromHandler('/p/audit.ts', 'audit')).toBeUndefined();
    expect(m.apps[0]!.selfContained).toBe(true);
  });

  it('gives a function the facts found inside it: nested closures in, siblings and the call invoking it out', () => {
    // Facts are gathered in walk order and each function takes the run inside its range. The call
    // that invokes `once` starts where `once` starts: its argument is not a call made by `once`.
    const file = '/v/jobs.ts';
    const p = virtualProject({
      [file]: `import { save, audit, notify } from './db';
export function outer() {
  const inner = () => { save(); };
  inner();
}
export function sibling() { audit(); }
export const ran = function once() { return 1; }(notify);
`,
      '/v/db.ts': 'export function save() {}\nexport function audit() {}\nexport function notify() {}\n',
    });
    const functions = (p.files.get(file)!.shared.http as unknown as HttpFacts).functions;
    const calls = (name: string) => functions.find((f) => f.name === name)!.calls
      .map((c) => (c.kind === 'import' ? c.imported : c.kind));
    expect(calls('inner')).toEqual(['save']);
    expect(calls('outer')).toEqual(['save', 'fn']);
    expect(calls('sibling')).toEqual(['audit']);
    expect(calls('once')).toEqual([]);
  });

  it('is built once per project view', () => {
    const p = projectFacts(path.join(FIXTURES, 'http/express'));
    expect(handlerModel(p)).toBe(handlerModel(p));
  });
});

describe('resolution details', () => {
  it('follows re-exports, CommonJS exports, handed-over apps and factory functions', () => {
    const m = buildHandlerModel(virtualProject({
      '/p/server.js': `const express = require('express');
const routes = require('./routes');
const { registerAdmin } = require('./admin');
const app = express();
app.use('/api', routes);
registerAdmin(app);
app.listen(3000);`,
      '/p/routes/index.js': `const { Router } = require('express');
const router = Router();
router.route('/items').get(list).post(create);
function list(req, res) { res.json([]); }
function create(req, res) { res.sendStatus(201); }
module.exports = router;`,
      '/p/admin.ts': `export { registerAdmin } from './admin/register';`,
      '/p/admin/register.ts': `import type { Express } from 'express';
export function registerAdmin(app: Express) {
  app.delete('/admin/cache', (_req, res) => res.sendStatus(204));
}`,
    }));
    expect(m.handlers.map((h) => `${h.method} ${h.path} ${h.fn?.fact.name ?? 'inline'}`)).toEqual([
      'DELETE /admin/cache inline',
      'GET /api/items list',
      'POST /api/items create',
    ]);
    expect(m.apps).toHaveLength(1);
  });

  it('ignores look-alike calls on values that are not apps or routers', () => {
    const m = buildHandlerModel(virtualProject({
      '/p/a.ts': `import axios from 'axios';
const cache = new Map();
cache.get('/x');
axios.post('/orders', { a: 1 }, config);
export function f(client: { get(p: string, h: () => void): void }) { client.get('/health', () => {}); }`,
    }));
    expect(m.handlers).toEqual([]);
    expect(m.apps).toEqual([]);
  });
});

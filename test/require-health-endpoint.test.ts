import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../rules/require-health-endpoint.js';
import { auditFindings, eslintFindings, FIXTURES } from './helpers/fixtures.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

ruleTester().run('require-health-endpoint', eslintRule(rule), {
  valid: [
    `import express from 'express';
const app = express();
app.get('/healthz', (_req, res) => { res.send('ok'); });
app.listen(3000);`,
    // A router mounted at a health path.
    `import express from 'express';
const app = express();
const health = express.Router();
health.get('/', (_req, res) => { res.send('ok'); });
app.use('/health', health);`,
    // A health library anywhere in the project.
    `import express from 'express';
import { createTerminus } from '@godaddy/terminus';
const app = express();
createTerminus(app.listen(3000), { healthChecks: { '/up': async () => true } });`,
    // A path of the project's own, from the settings or the option.
    {
      code: `import Fastify from 'fastify';
const app = Fastify();
app.get('/up', async () => 'ok');`,
      settings: { scalelint: { healthPaths: ['/up'] } },
    },
    {
      code: `import Fastify from 'fastify';
const app = Fastify();
app.get('/alive', async () => 'ok');`,
      options: [{ path: '/alive' }],
    },
    // Koa middleware checking ctx.path; Hono; node:http listener checking req.url.
    `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx, next) => { if (ctx.path === '/livez') { ctx.body = 'ok'; return; } await next(); });`,
    `import { Hono } from 'hono';
const app = new Hono();
app.get('/ping', (c) => c.text('pong'));`,
    `import { createServer } from 'node:http';
createServer((req, res) => { if (req.url === '/readyz') return res.end('ok'); res.end(); }).listen(8080);`,
    // Nest: a controller at a health path.
    `import { Controller, Get } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
@Controller('health')
class HealthController { @Get() check() { return 'ok'; } }
const app = await NestFactory.create(AppModule);`,
    // A router alone is not an app.
    `import { Router } from 'express';
export const router = Router();
router.get('/orders', (_req, res) => { res.json([]); });`,
    // Without the project view, an app that mounts routers from other files is not judged.
    {
      code: `import express from 'express';
import routes from './routes';
const app = express();
app.use(routes);
app.listen(3000);`,
      settings: { scalelint: { projectScan: false } },
    },
  ],
  invalid: [
    {
      code: `import express from 'express';

const app = express();
app.use(express.json());`,
      errors: [{
        messageId: 'missingHealthEndpoint', line: 3, column: 13, endColumn: 22,
        data: { framework: 'Express', kind: 'app', path: '/healthz' },
        suggestions: [{
          messageId: 'addHealthRoute',
          output: `import express from 'express';

const app = express();

app.get('/healthz', (_req, res) => {
  res.status(200).send('ok');
});
app.use(express.json());`,
        }],
      }],
    },
    {
      code: `import Fastify from 'fastify';
async function main() {
  const server = Fastify({ logger: true });
  server.get('/orders', async () => []);
  await server.listen({ port: 3000 });
}`,
      options: [{ path: '/livez' }],
      errors: [{
        messageId: 'missingHealthEndpoint', line: 3, column: 18, endColumn: 43,
        suggestions: [{
          messageId: 'addHealthRoute',
          output: `import Fastify from 'fastify';
async function main() {
  const server = Fastify({ logger: true });

  server.get('/livez', async () => ({ status: 'ok' }));
  server.get('/orders', async () => []);
  await server.listen({ port: 3000 });
}`,
        }],
      }],
    },
    {
      code: `import Koa from 'koa';
const app = new Koa();
app.listen(3000);`,
      errors: [{
        messageId: 'missingHealthEndpoint', line: 2, column: 13, endColumn: 22,
        suggestions: [{
          messageId: 'addHealthRoute',
          output: `import Koa from 'koa';
const app = new Koa();

app.use(async (ctx, next) => {
  if (ctx.path === '/healthz') {
    ctx.body = 'ok';
    return;
  }
  await next();
});
app.listen(3000);`,
        }],
      }],
    },
    {
      code: `import { Hono } from 'hono';
const app = new Hono();
export default app;`,
      errors: [{
        messageId: 'missingHealthEndpoint', line: 2, column: 13, endColumn: 23,
        suggestions: [{
          messageId: 'addHealthRoute',
          output: `import { Hono } from 'hono';
const app = new Hono();

app.get('/healthz', (c) => c.text('ok'));
export default app;`,
        }],
      }],
    },
    // node:http and Nest: no suggestion (no one-statement route to add).
    {
      code: `import http from 'node:http';
http.createServer((req, res) => res.end('hi')).listen(8080);`,
      errors: [{ messageId: 'missingHealthEndpoint', line: 2, column: 1, endColumn: 47, data: { framework: 'node:http', kind: 'server', path: '/healthz' }, suggestions: [] }],
    },
    {
      code: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
const app = await NestFactory.create(AppModule);
await app.listen(3000);`,
      errors: [{ messageId: 'missingHealthEndpoint', line: 3, column: 19, endColumn: 48, suggestions: [] }],
    },
    // An app that takes nothing from other files is judged also without the project view.
    {
      code: `import express from 'express';
const app = express();
app.listen(3000);`,
      settings: { scalelint: { projectScan: false } },
      errors: [{
        messageId: 'missingHealthEndpoint', line: 2, column: 13, endColumn: 22,
        suggestions: [{
          messageId: 'addHealthRoute',
          output: `import express from 'express';
const app = express();

app.get('/healthz', (_req, res) => {
  res.status(200).send('ok');
});
app.listen(3000);`,
        }],
      }],
    },
  ],
});

describe('require-health-endpoint on fixture projects', () => {
  const only = { 'scalelint/require-health-endpoint': 'error' as const };
  const audit = (name: string) => auditFindings(path.join(FIXTURES, name)).filter((f) => f.ruleId === 'require-health-endpoint');

  it('finds health routes spread across files, and apps without one', () => {
    const lines = (name: string) => audit(name).map((f) => `${f.file}:${f.line}:${f.column}`);
    // A health route in routes/health.ts mounted from app.ts is found.
    expect(lines('http/express')).toEqual([]);
    expect(lines('http/koa')).toEqual([]);
    expect(lines('http/nest')).toEqual([]);
    expect(lines('http/node-http')).toEqual([]);
    expect(lines('http/next')).toEqual([]);
    expect(lines('http/fastify')).toEqual(['src/app.ts:5:13']);
    expect(lines('http/hono')).toEqual(['src/index.ts:5:13']);
    expect(lines('demo-app')).toEqual(['src/server.ts:12:13']);
  });

  for (const name of ['http/express', 'http/fastify', 'http/koa', 'http/hono', 'http/nest', 'http/next', 'http/node-http', 'demo-app']) {
    it(`ESLint reports what the audit reports: ${name}`, async () => {
      const root = path.join(FIXTURES, name);
      const expected = audit(name);
      expect(await eslintFindings(root, { typed: true, rules: only })).toEqual(expected);
      const untyped = await eslintFindings(root, { typed: false, rules: only });
      for (const f of untyped) expect(expected).toContainEqual(f);
    });
  }
});

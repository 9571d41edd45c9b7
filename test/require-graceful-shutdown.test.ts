import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import rule from '../rules/require-graceful-shutdown.js';
import { auditFindings, FIXTURES } from './helpers/fixtures.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

// Suggestion outputs, also checked below to parse and to be valid code for the rule (idempotent).
const EXPRESS_FIXED = `import express from 'express';

const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
const server = app.listen(3000, () => {
  console.log('listening');
});

process.on('SIGTERM', () => {
  // Stop accepting connections; exit once the open ones are done, or after 10 s.
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10000).unref();
});`;

const FASTIFY_FIXED = `import Fastify from 'fastify';
async function main() {
  const app = Fastify({ logger: true });
  app.get('/orders', async () => []);
  await app.listen({ port: 3000 });

  process.on('SIGTERM', () => {
    // Stop accepting connections; exit once the open ones are done, or after 10 s.
    setTimeout(() => process.exit(1), 10000).unref();
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}
void main();`;

const NODE_HTTP_FIXED = `import http from 'node:http';
const server = http.createServer((req, res) => res.end('hi'));
server.listen(8080);

process.on('SIGTERM', () => {
  // Stop accepting connections; exit once the open ones are done, or after 10 s.
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10000).unref();
});`;

const KOA_FIXED = `import Koa from 'koa';
const server = 1;
const app = new Koa();
const httpServer = app.listen(3000);

process.on('SIGTERM', () => {
  // Stop accepting connections; exit once the open ones are done, or after 10 s.
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10000).unref();
});`;

const HONO_FIXED = `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const app = new Hono();
const server = serve({ fetch: app.fetch, port: 3000 });

process.on('SIGTERM', () => {
  // Stop accepting connections; exit once the open ones are done, or after 10 s.
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10000).unref();
});`;

const NEST_FIXED = `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  await app.listen(3000);
}
void bootstrap();`;

const EXISTING_HANDLE_FIXED = `import express from 'express';
const app = express();
const srv = app.listen(3000);

process.on('SIGTERM', () => {
  // Stop accepting connections; exit once the open ones are done, or after 10 s.
  srv.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10000).unref();
});
export { srv };`;

ruleTester().run('require-graceful-shutdown', eslintRule(rule), {
  valid: [
    // A SIGTERM handler that closes the server, in any of its forms.
    `import express from 'express';
const app = express();
const server = app.listen(3000);
process.on('SIGTERM', () => { server.close(() => process.exit(0)); });`,
    `import express from 'express';
const app = express();
const server = app.listen(3000);
async function shutdown() { await new Promise((resolve) => server.close(resolve)); process.exit(0); }
process.once('SIGTERM', shutdown);`,
    // A signal not written as a literal (a loop over signals) and a helper of another module.
    `import express from 'express';
import { drain } from './lifecycle.js';
const app = express();
const server = app.listen(3000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => drain(server));`,
    `import process from 'node:process';
import Fastify from 'fastify';
const app = Fastify();
await app.listen({ port: 3000 });
process.on('SIGTERM', async () => { await app.close(); });`,
    // Shutdown libraries and Nest's hooks.
    `import express from 'express';
import { createTerminus } from '@godaddy/terminus';
const app = express();
createTerminus(app.listen(3000), { signal: 'SIGTERM', onSignal: async () => {} });`,
    `import express from 'express';
import { createHttpTerminator } from 'http-terminator';
const app = express();
const terminator = createHttpTerminator({ server: app.listen(3000) });
process.on('SIGTERM', () => terminator.terminate());`,
    `import Fastify from 'fastify';
import closeWithGrace from 'close-with-grace';
const app = Fastify();
closeWithGrace(async () => { await app.close(); });
await app.listen({ port: 3000 });`,
    `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
const app = await NestFactory.create(AppModule);
app.enableShutdownHooks();
await app.listen(3000);`,
    // A helper of the project's own, named in the options.
    {
      code: `import express from 'express';
import { runService } from '@acme/service-kit';
const app = express();
runService(app.listen(3000));`,
      options: [{ modules: ['@acme/service-kit'] }],
    },
    // No listen in user code: the platform owns the process.
    `import { Hono } from 'hono';
const app = new Hono();
app.get('/', (c) => c.text('ok'));
export default app;`,
    `export async function GET() { return Response.json([]); }`,
    // Without the project view, an app whose file imports the project may be drained from there.
    {
      code: `import express from 'express';
import './lifecycle.js';
const app = express();
app.listen(3000);`,
      settings: { scalelint: { projectScan: false } },
    },
    // The suggestions' outputs: once applied, nothing is left to report.
    EXPRESS_FIXED, FASTIFY_FIXED, NODE_HTTP_FIXED, KOA_FIXED, HONO_FIXED, NEST_FIXED, EXISTING_HANDLE_FIXED,
  ],
  invalid: [
    {
      code: `import express from 'express';

const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000, () => {
  console.log('listening');
});`,
      errors: [{
        messageId: 'missingGracefulShutdown', line: 3, column: 13, endColumn: 22, data: { framework: 'Express', kind: 'app' },
        suggestions: [{ messageId: 'addSigtermHandler', output: EXPRESS_FIXED }],
      }],
    },
    // A handler that only exits drops the requests in flight, as if there were none; SIGINT is not what orchestrators send.
    {
      code: `import express from 'express';
const app = express();
app.listen(3000);
process.on('SIGTERM', () => { console.log('bye'); process.exit(0); });
process.on('SIGINT', () => { process.exit(0); });`,
      errors: [{
        messageId: 'missingGracefulShutdown', line: 2, column: 13, endColumn: 22,
        suggestions: [{
          messageId: 'addSigtermHandler',
          output: `import express from 'express';
const app = express();
const server = app.listen(3000);

process.on('SIGTERM', () => {
  // Stop accepting connections; exit once the open ones are done, or after 10 s.
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10000).unref();
});
process.on('SIGTERM', () => { console.log('bye'); process.exit(0); });
process.on('SIGINT', () => { process.exit(0); });`,
        }],
      }],
    },
    {
      code: `import Fastify from 'fastify';
async function main() {
  const app = Fastify({ logger: true });
  app.get('/orders', async () => []);
  await app.listen({ port: 3000 });
}
void main();`,
      errors: [{ messageId: 'missingGracefulShutdown', line: 3, column: 15, endColumn: 40, suggestions: [{ messageId: 'addSigtermHandler', output: FASTIFY_FIXED }] }],
    },
    {
      code: `import http from 'node:http';
const server = http.createServer((req, res) => res.end('hi'));
server.listen(8080);`,
      errors: [{
        messageId: 'missingGracefulShutdown', line: 2, column: 16, endColumn: 62, data: { framework: 'node:http', kind: 'server' },
        suggestions: [{ messageId: 'addSigtermHandler', output: NODE_HTTP_FIXED }],
      }],
    },
    // `server` is taken: the handle gets another name.
    {
      code: `import Koa from 'koa';
const server = 1;
const app = new Koa();
app.listen(3000);`,
      errors: [{ messageId: 'missingGracefulShutdown', line: 3, column: 13, endColumn: 22, suggestions: [{ messageId: 'addSigtermHandler', output: KOA_FIXED }] }],
    },
    {
      code: `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const app = new Hono();
serve({ fetch: app.fetch, port: 3000 });`,
      errors: [{ messageId: 'missingGracefulShutdown', line: 3, column: 13, endColumn: 23, suggestions: [{ messageId: 'addSigtermHandler', output: HONO_FIXED }] }],
    },
    {
      code: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(3000);
}
void bootstrap();`,
      errors: [{ messageId: 'missingGracefulShutdown', line: 4, column: 21, endColumn: 50, suggestions: [{ messageId: 'enableShutdownHooks', output: NEST_FIXED }] }],
    },
    // The result is already kept: the handler uses it.
    {
      code: `import express from 'express';
const app = express();
const srv = app.listen(3000);
export { srv };`,
      errors: [{ messageId: 'missingGracefulShutdown', line: 2, column: 13, endColumn: 22, suggestions: [{ messageId: 'addSigtermHandler', output: EXISTING_HANDLE_FIXED }] }],
    },
    // No safe place for a statement (not in a block; listen's result used in an expression): no suggestion.
    {
      code: `import express from 'express';
const app = express();
if (process.env.START) app.listen(3000);`,
      errors: [{ messageId: 'missingGracefulShutdown', line: 2, column: 13, endColumn: 22, suggestions: [] }],
    },
    {
      code: `import express from 'express';
const app = express();
export default app.listen(3000);`,
      errors: [{ messageId: 'missingGracefulShutdown', line: 2, column: 13, endColumn: 22, suggestions: [] }],
    },
    // Without the project view, a file that starts its app and loads nothing of the project is judged.
    {
      code: `import express from 'express';
const app = express();
app.listen(3000);`,
      settings: { scalelint: { projectScan: false } },
      errors: [{ messageId: 'missingGracefulShutdown', line: 2, column: 13, endColumn: 22, suggestions: [{ messageId: 'addSigtermHandler', output: `import express from 'express';
const app = express();
const server = app.listen(3000);

process.on('SIGTERM', () => {
  // Stop accepting connections; exit once the open ones are done, or after 10 s.
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10000).unref();
});` }] }],
    },
  ],
});

describe('the suggestions leave parseable files', () => {
  for (const [name, text] of Object.entries({ EXPRESS_FIXED, FASTIFY_FIXED, NODE_HTTP_FIXED, KOA_FIXED, HONO_FIXED, NEST_FIXED, EXISTING_HANDLE_FIXED })) {
    it(name, () => {
      const sf = ts.createSourceFile('fixed.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      expect((sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => d.messageText)).toEqual([]);
    });
  }
});

describe('require-graceful-shutdown on fixture projects', () => {
  const audit = (name: string, options?: object) => auditFindings(path.join(FIXTURES, name), {
    extends: 'all', rules: options ? { 'require-graceful-shutdown': ['error', options] } : {}, settings: {},
  }).filter((f) => f.ruleId === 'require-graceful-shutdown').map((f) => `${f.file}:${f.line}:${f.column}`);

  it('finds the shutdown helper, close-with-grace and enableShutdownHooks in other files; flags processes without', () => {
    // lifecycle.ts's `drainOnSigterm(server)`, called from server.ts.
    expect(audit('service-wide/express-covered')).toEqual([]);
    expect(audit('service-wide/fastify-covered')).toEqual([]);
    expect(audit('service-wide/nest-covered')).toEqual([]);
    // lifecycle.ts's handler only exits.
    expect(audit('service-wide/express-uncovered')).toEqual(['src/app.ts:5:20']);
    expect(audit('service-wide/nest-uncovered')).toEqual(['src/main.ts:6:21']);
    expect(audit('demo-app')).toEqual(['src/server.ts:12:13']);
    // Next.js: no listen in user code.
    expect(audit('http/next')).toEqual([]);
  });

  it('takes the project helper named in the options', () => {
    expect(audit('service-wide/express-uncovered', { modules: ['./lifecycle'] })).toEqual([]);
  });
});

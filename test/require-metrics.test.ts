import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../rules/require-metrics.js';
import { auditFindings, FIXTURES } from './helpers/fixtures.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

ruleTester().run('require-metrics', eslintRule(rule), {
  valid: [
    // prom-client: default metrics, a registry, or the default registry served on a route.
    `import express from 'express';
import { collectDefaultMetrics } from 'prom-client';
collectDefaultMetrics();
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
    `import express from 'express';
import client from 'prom-client';
const registry = new client.Registry();
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
    // A /metrics route, whatever serves it; or another path given in the options.
    `import Fastify from 'fastify';
const app = Fastify();
app.get('/orders', async () => []);
app.get('/metrics', async () => 'requests_total 1');
await app.listen({ port: 3000 });`,
    {
      code: `import Fastify from 'fastify';
const app = Fastify();
app.get('/orders', async () => []);
app.get('/internal/prometheus', async () => 'requests_total 1');
await app.listen({ port: 3000 });`,
      options: [{ paths: ['/internal/prometheus'] }],
    },
    `import http from 'node:http';
http.createServer((req, res) => { if (req.url === '/metrics') return res.end('up 1'); res.end('hi'); }).listen(8080);`,
    // Metrics middleware and plugins.
    `import express from 'express';
import promBundle from 'express-prom-bundle';
const app = express();
app.use(promBundle({ includeMethod: true }));
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
    `import Fastify from 'fastify';
import metricsPlugin from 'fastify-metrics';
const app = Fastify();
await app.register(metricsPlugin, { endpoint: '/metrics' });
app.get('/orders', async () => []);
await app.listen({ port: 3000 });`,
    // OpenTelemetry: a metric reader on the Node SDK, the SDK from the environment, the metrics SDK.
    `import express from 'express';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
new NodeSDK({ metricReader: new PrometheusExporter({ port: 9464 }) }).start();
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
    `import express from 'express';
import * as otel from '@opentelemetry/sdk-node';
new otel.NodeSDK().start();
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
    `import express from 'express';
import { metrics } from '@opentelemetry/api';
const orders = metrics.getMeter('orders').createCounter('orders_created');
const app = express();
app.post('/orders', (_req, res) => { orders.add(1); res.status(201).end(); });
app.listen(3000);`,
    // An APM agent loaded first.
    `import 'dd-trace/init';
import express from 'express';
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
    // The project's own set-up, named in the options.
    {
      code: `import express from 'express';
import { observe } from '@acme/observability';
const app = express();
observe(app);
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
      options: [{ modules: ['@acme/observability'] }],
    },
    // No listen in user code; no routes.
    `import { Hono } from 'hono';
const app = new Hono();
app.get('/orders', (c) => c.json([]));
export default app;`,
    `import express from 'express';
const app = express();
app.listen(3000);`,
    // Without the whole project, a telemetry file loaded with --import cannot be ruled out.
    {
      code: `import express from 'express';
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
      settings: { scalelint: { projectScan: false } },
    },
  ],
  invalid: [
    {
      code: `import express from 'express';

const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
      errors: [{ messageId: 'missingMetrics', line: 3, column: 13, endColumn: 22, data: { framework: 'Express', kind: 'app' } }],
    },
    // Tracing alone is not metrics: a Node SDK with only a trace exporter, a tracer provider.
    {
      code: `import express from 'express';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
new NodeSDK({ traceExporter: new OTLPTraceExporter() }).start();
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);`,
      errors: [{ messageId: 'missingMetrics', line: 5, column: 13, endColumn: 22 }],
    },
    {
      code: `import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import Fastify from 'fastify';
new NodeTracerProvider().register();
const app = Fastify();
app.get('/orders', async () => []);
await app.listen({ port: 3000 });`,
      errors: [{ messageId: 'missingMetrics', line: 4, column: 13, endColumn: 22, data: { framework: 'Fastify', kind: 'app' } }],
    },
    // A prom-client counter that nothing exposes.
    {
      code: `import express from 'express';
import { Counter } from 'prom-client';
const created = new Counter({ name: 'orders_created', help: 'orders' });
const app = express();
app.post('/orders', (_req, res) => { created.inc(); res.status(201).end(); });
app.listen(3000);`,
      errors: [{ messageId: 'missingMetrics', line: 4, column: 13, endColumn: 22 }],
    },
  ],
});

describe('require-metrics on fixture projects', () => {
  const audit = (name: string, options?: object) => auditFindings(path.join(FIXTURES, name), {
    extends: 'all', rules: options ? { 'require-metrics': ['error', options] } : {}, settings: {},
  }).filter((f) => f.ruleId === 'require-metrics').map((f) => `${f.file}:${f.line}:${f.column}`);

  it('finds metrics set up in a telemetry file, a plugin or a Nest module; flags tracing alone', () => {
    // telemetry.ts (imported by no file): a Node SDK with a metric reader.
    expect(audit('service-wide/express-covered')).toEqual([]);
    // plugins/metrics.ts: prom-client and a /metrics route.
    expect(audit('service-wide/fastify-covered')).toEqual([]);
    // PrometheusModule in app.module.ts.
    expect(audit('service-wide/nest-covered')).toEqual([]);
    // telemetry.ts / tracing.ts export traces only.
    expect(audit('service-wide/express-uncovered')).toEqual(['src/app.ts:5:20']);
    expect(audit('service-wide/nest-uncovered')).toEqual(['src/main.ts:6:21']);
    expect(audit('demo-app')).toEqual(['src/server.ts:12:13']);
    expect(audit('http/next')).toEqual([]);
  });

  it('takes the project module named in the options, when something imports it', () => {
    // Nothing imports telemetry.ts (it is loaded with --import), and it sets up traces only anyway.
    expect(audit('service-wide/express-uncovered', { modules: ['./telemetry'] })).toEqual(['src/app.ts:5:20']);
    expect(audit('service-wide/nest-uncovered', { modules: ['./tracing'] })).toEqual([]);
  });
});

// Metrics: what exposes or exports request and process metrics (a Prometheus registry, an
// OpenTelemetry meter provider, a metrics middleware, a StatsD client, an APM agent). Tracing
// alone is not metrics: an OpenTelemetry set-up with only a trace exporter is not listed.
import type { Evidence } from './evidence.js';

export const metricsEvidence: readonly Evidence[] = [
  // prom-client: a registry, the default metrics, or the default registry (`register.metrics()`).
  { id: 'prom-client', module: 'prom-client', names: ['collectDefaultMetrics', 'Registry', 'register', 'Pushgateway', 'AggregatorRegistry'] },
  { id: 'express-prom-bundle', module: 'express-prom-bundle' },
  { id: 'prometheus-api-metrics', module: 'prometheus-api-metrics' },
  { id: 'express-prometheus-middleware', module: 'express-prometheus-middleware' },
  { id: 'fastify-metrics', module: 'fastify-metrics' },
  { id: '@fastify/metrics', module: '@fastify/metrics' },
  { id: 'koa-prometheus-adv-metrics', module: 'koa-prometheus-adv-metrics' },
  { id: '@hono/prometheus', module: '@hono/prometheus' },
  { id: '@willsoto/nestjs-prometheus', module: '@willsoto/nestjs-prometheus' },
  // OpenTelemetry: the metrics SDK, a metrics exporter, or the Node SDK given a metric reader
  // (with no options at all it reads OTEL_METRICS_EXPORTER from the environment).
  { id: '@opentelemetry/sdk-metrics', module: '@opentelemetry/sdk-metrics' },
  { id: '@opentelemetry/sdk-node', module: '@opentelemetry/sdk-node', names: ['NodeSDK'], optionKeys: ['metricReader', 'metricReaders'], emptyCounts: true },
  { id: '@opentelemetry/exporter-prometheus', module: '@opentelemetry/exporter-prometheus' },
  { id: '@opentelemetry/exporter-metrics-otlp-http', module: '@opentelemetry/exporter-metrics-otlp-http' },
  { id: '@opentelemetry/exporter-metrics-otlp-grpc', module: '@opentelemetry/exporter-metrics-otlp-grpc' },
  { id: '@opentelemetry/exporter-metrics-otlp-proto', module: '@opentelemetry/exporter-metrics-otlp-proto' },
  { id: '@opentelemetry/host-metrics', module: '@opentelemetry/host-metrics' },
  // Instruments recorded through the API are exported by whatever SDK the process starts with.
  { id: '@opentelemetry/api', module: '@opentelemetry/api', names: ['metrics'] },
  // The zero-code set-up: the SDK configured from OTEL_* variables.
  { id: '@opentelemetry/auto-instrumentations-node/register', module: '@opentelemetry/auto-instrumentations-node/register' },
  // StatsD clients.
  { id: 'hot-shots', module: 'hot-shots' },
  { id: 'node-statsd', module: 'node-statsd' },
  { id: 'statsd-client', module: 'statsd-client' },
  // APM agents report request rates, latencies and errors on their own.
  { id: 'dd-trace', module: 'dd-trace' },
  { id: 'newrelic', module: 'newrelic' },
  { id: 'elastic-apm-node', module: 'elastic-apm-node' },
  { id: 'applicationinsights', module: 'applicationinsights' },
];

/** Paths a metrics scraper reads. */
export const metricsPaths: readonly string[] = ['/metrics'];

/** Whether a served path (a full path, or one route's) is a metrics path. */
export function isMetricsPath(path: string, paths: readonly string[] = metricsPaths): boolean {
  const normal = (p: string) => {
    const withSlash = p.startsWith('/') ? p : `/${p}`;
    return withSlash.length > 1 ? withSlash.replace(/\/+$/, '').toLowerCase() : withSlash;
  };
  const p = normal(path);
  return paths.some((m) => {
    const n = normal(m);
    return p === n || p.endsWith(n);
  });
}

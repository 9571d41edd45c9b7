// require-metrics: an HTTP app started in user code serves routes and nothing anywhere in the
// project exposes or exports metrics: no `/metrics` route, no prom-client registry or default
// metrics, no OpenTelemetry metrics set-up (often in a telemetry file loaded at start), no metrics
// middleware or agent. A project rule: reported once per app, at the call that creates it.
import { evidenceVisitors, type EvidenceFacts } from '../src/engine/evidence.js';
import { defineRule } from '../src/engine/rule.js';
import type { FileFacts, Json } from '../src/engine/types.js';
import { framework } from '../src/knowledge/frameworks.js';
import { isMetricsPath, metricsEvidence, metricsPaths } from '../src/knowledge/metrics.js';
import { projectMentions, provenEvidence, startedApps } from '../src/project/evidence.js';
import { handlerModel } from '../src/project/handlers.js';

export interface Options {
  /** Paths a metrics scraper reads. */
  paths: string[];
  /** Names or modules of the project's own metrics set-up. */
  modules: string[];
}

type MessageIds = 'missingMetrics';

const ID = 'require-metrics';

const messages: Record<MessageIds, string> = {
  missingMetrics:
    'This {{framework}} {{kind}} serves requests and nothing in the project exposes metrics, so autoscaling and alerts have no request rate, latency or saturation to act on; serve a /metrics route with prom-client or set up OpenTelemetry metrics.',
};

/** Calls on the request path followed when looking for `req.url === '/metrics'` checks. */
const DEPTH = 3;

interface Data {
  evidence: EvidenceFacts;
}

export default defineRule<Options>({
  id: ID,
  meta: {
    type: 'suggestion',
    description: 'Require metrics (a /metrics route, a Prometheus registry or OpenTelemetry metrics) in projects that serve HTTP',
    config: 'strict',
    scope: 'project',
    requires: ['http'],
    messages,
    schema: {
      type: 'object',
      properties: {
        paths: {
          type: 'array',
          items: { type: 'string', pattern: '^/' },
          uniqueItems: true,
          description: 'Paths a metrics scraper reads: a route serving one of them counts as metrics.',
        },
        modules: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description: "Names or modules of the project's own metrics set-up (`./telemetry`, `@acme/observability`), used when they are imported.",
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { paths: [...metricsPaths], modules: [] },
  },

  create(context) {
    const evidence = evidenceVisitors(context, metricsEvidence);
    return [evidence.visitors, {
      'SourceFile:exit'() {
        const data: Data = { evidence: evidence.result() };
        context.setData(data as unknown as Json);
      },
    }];
  },

  reduce(context) {
    // Metrics are often set up in a file no other file imports (`node --import ./telemetry.js`):
    // without the whole project, their absence cannot be known.
    if (!context.complete) return;
    const { options } = context;
    const dataOf = (facts: FileFacts) => (facts.data[ID] as unknown as Data | undefined)?.evidence;
    if (provenEvidence(context.files, dataOf, metricsEvidence)) return;
    const model = handlerModel(context);
    if (model.handlers.some((h) => (h.path !== undefined && isMetricsPath(h.path, options.paths))
      || (h.routePath !== undefined && isMetricsPath(h.routePath, options.paths)))) return;
    // `if (req.url === '/metrics')` in a listener or a middleware on the request path.
    for (const file of context.files.keys()) {
      for (const f of model.functionsIn(file)) {
        if (f.paths.some((p) => isMetricsPath(p, options.paths)) && model.reachableFromHandler(file, f.id, DEPTH)) return;
      }
    }
    if (options.modules.length > 0 && projectMentions(context, model, options.modules)) return;
    for (const app of startedApps(model, { withRoutes: true })) {
      context.report({
        messageId: 'missingMetrics',
        data: { framework: framework(app.framework).label, kind: app.kind === 'server' ? 'server' : 'app' },
        file: app.file,
        span: app.container.span,
        scopeName: app.container.scopeName,
        text: app.container.text,
      });
    }
  },
});

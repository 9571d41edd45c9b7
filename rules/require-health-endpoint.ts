// require-health-endpoint: an HTTP app or server exists, and no health or readiness route is
// served anywhere in the project, nor does a health library serve one. A project rule: reported
// once per app, at the call that creates it, from `reduce`.
import { defineRule } from '../src/engine/rule.js';
import type { Suggestion } from '../src/engine/types.js';
import { framework } from '../src/knowledge/frameworks.js';
import { healthLibraries, isHealthPath } from '../src/knowledge/health.js';
import { handlerModel, type AppInfo } from '../src/project/handlers.js';

export interface Options {
  /** Path of the liveness route the suggestion adds. */
  path: string;
}

type MessageIds = 'missingHealthEndpoint' | 'addHealthRoute';

const messages: Record<MessageIds, string> = {
  missingHealthEndpoint:
    'This {{framework}} {{kind}} has no health or readiness route anywhere in the project, so a load balancer or orchestrator cannot tell a hung instance from a healthy one and keeps routing traffic to it; add a liveness route such as {{path}}.',
  addHealthRoute: 'Add a public liveness route (answering 200 without checking dependencies) right after the app is created.',
};

/** Calls on the request path followed when looking for `req.url === '/healthz'` checks. */
const DEPTH = 3;

export default defineRule<Options>({
  id: 'require-health-endpoint',
  meta: {
    type: 'suggestion',
    description: 'Require a health or readiness route in projects that serve HTTP',
    config: 'recommended',
    scope: 'project',
    requires: ['http'],
    hasSuggestions: true,
    messages,
    schema: {
      type: 'object',
      properties: {
        path: {
          type: 'string',
          pattern: '^/',
          description: 'Path of the liveness route that the suggestion adds (it also counts as a health path).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { path: '/healthz' },
  },

  create() {
    // Everything this rule needs is in the shared `http` facts.
    return {};
  },

  reduce(context) {
    const { options, settings } = context;
    const extra = [options.path, ...(settings.healthPaths ?? [])];
    for (const facts of context.files.values()) {
      if (facts.imports.some((i) => healthLibraries.includes(i.module))) return;
    }
    const model = handlerModel(context);
    if (model.handlers.some((h) => (h.path !== undefined && isHealthPath(h.path, extra))
      || (h.routePath !== undefined && isHealthPath(h.routePath, extra)))) return;
    // `if (req.url === '/healthz')` in a listener, or in a Koa middleware, on the request path.
    for (const file of context.files.keys()) {
      for (const f of model.functionsIn(file)) {
        if (f.paths.some((p) => isHealthPath(p, extra)) && model.reachableFromHandler(file, f.id, DEPTH)) return;
      }
    }
    for (const app of model.apps) {
      if (app.framework === 'next') continue;
      // Without the whole project, routes may come from files this front end cannot see.
      if (!context.complete && !app.selfContained) continue;
      const f = framework(app.framework);
      const kind = app.kind === 'server' ? 'server' : 'app';
      const suggestion = suggest(app, options.path);
      context.report({
        messageId: 'missingHealthEndpoint',
        data: { framework: f.label, kind, path: options.path },
        file: app.file,
        span: app.container.span,
        scopeName: app.container.scopeName,
        text: app.container.text,
        ...(suggestion ? { suggestions: [suggestion] } : {}),
      });
    }
  },
});

function suggest(app: AppInfo, path: string): Suggestion | undefined {
  const route = framework(app.framework).healthRoute;
  const { local, insertAt, indent = '' } = app.container;
  if (!route || !local || insertAt === undefined) return undefined;
  const lines = route(local, path).split('\n').map((l) => indent + l).join('\n');
  return {
    messageId: 'addHealthRoute',
    message: messages.addHealthRoute,
    edits: [{ start: insertAt, end: insertAt, text: `\n\n${lines}` }],
  };
}

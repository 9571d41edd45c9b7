// require-idempotency-key: POST (and, in `strict`, PATCH) handlers that change state and never
// read an idempotency key. The verdict needs the whole project (the handler may be mounted with
// an idempotency middleware in another file, or write through a helper there), so it is made in
// `reduce` from the request-handler model.
import type { WriteFact } from '../src/engine/extractors/http.js';
import { defineRule } from '../src/engine/rule.js';
import type { Suggestion } from '../src/engine/types.js';
import { framework } from '../src/knowledge/frameworks.js';
import {
  idempotencyHeaders, idempotencyMiddleware, idempotencyNamePattern,
} from '../src/knowledge/idempotency.js';
import { handlerModel, type HandlerModel, type ProjectFunction, type RequestHandler, type ResolvedMiddleware } from '../src/project/handlers.js';

export interface Options {
  /** HTTP methods whose handlers must read an idempotency key when they write. */
  methods: string[];
  /** Headers that carry the key (compared case-insensitively). */
  headerNames: string[];
  /** Names or modules of the project's own idempotency middleware. */
  middleware: string[];
}

type MessageIds = 'missingIdempotencyKey' | 'readIdempotencyKey';

const messages: Record<MessageIds, string> = {
  missingIdempotencyKey:
    'This {{method}} handler performs {{write}} without an idempotency key, so a client or proxy retrying after a timeout repeats it; read the Idempotency-Key header and return the stored result for a key seen before.',
  readIdempotencyKey:
    'Read the Idempotency-Key header at the start of the handler (then look the key up in a shared store and return the stored response when it was seen before).',
};

/** How many calls deep a handler's writes and header reads are followed. */
const DEPTH = 3;
const WRITE_LABEL: Record<WriteFact['kind'], string> = {
  sql: 'a database write', orm: 'a database write', payment: 'a payment call', queue: 'a queue publish', email: 'an e-mail',
};

/** The handler and the project functions it calls, to `DEPTH` calls. */
function closure(model: HandlerModel, start: ProjectFunction, depth: number): ProjectFunction[] {
  const seen = new Map<string, ProjectFunction>([[`${start.file}#${start.fact.id}`, start]]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: ProjectFunction[] = [];
    for (const f of frontier) {
      for (const call of f.fact.calls) {
        const callee = model.resolveFunction(f.file, call);
        if (!callee) continue;
        const key = `${callee.file}#${callee.fact.id}`;
        if (seen.has(key)) continue;
        seen.set(key, callee);
        next.push(callee);
      }
    }
    frontier = next;
  }
  return [...seen.values()];
}

function isIdempotencyMiddleware(m: ResolvedMiddleware, names: readonly string[], readsKey: (f: ProjectFunction) => boolean, model: HandlerModel): boolean {
  const { name, module } = m.item;
  if (name && idempotencyNamePattern.test(name)) return true;
  if (module && (idempotencyNamePattern.test(module) || idempotencyMiddleware.includes(module))) return true;
  const segments = name ? name.split('.') : [];
  if (names.some((n) => n === name || n === module || segments.includes(n) || (m.item.ref?.kind === 'import' && m.item.ref.module === n))) return true;
  return m.fn !== undefined && closure(model, m.fn, 2).some(readsKey);
}

export default defineRule<Options>({
  id: 'require-idempotency-key',
  meta: {
    type: 'problem',
    description: 'Require POST handlers that change state to honour an idempotency key',
    config: 'recommended',
    scope: 'project',
    requires: ['http'],
    hasSuggestions: true,
    messages,
    schema: {
      type: 'object',
      properties: {
        methods: {
          type: 'array',
          items: { type: 'string', enum: ['POST', 'PUT', 'PATCH', 'DELETE'] },
          uniqueItems: true,
          description: 'HTTP methods whose state-changing handlers must read an idempotency key.',
        },
        headerNames: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Headers that carry the idempotency key (case-insensitive).',
        },
        middleware: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: "Names or modules of the project's own idempotency middleware.",
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { methods: ['POST'], headerNames: ['Idempotency-Key', 'X-Idempotency-Key'], middleware: [] },
    presetOptions: { strict: { methods: ['POST', 'PATCH'] } },
  },

  create() {
    // Everything this rule needs is in the shared `http` facts.
    return {};
  },

  reduce(context) {
    const { options, settings } = context;
    const model = handlerModel(context);
    const methods = new Set(options.methods.map((m) => m.toUpperCase()));
    const headers = new Set([...options.headerNames, ...idempotencyHeaders].map((h) => h.toLowerCase()));
    const middlewareNames = [...options.middleware, ...(settings.idempotencyMiddleware ?? [])];
    const readsKey = (f: ProjectFunction) => f.fact.headers.some((h) => headers.has(h));

    for (const h of model.handlers) {
      if (!methods.has(h.method) || !h.fn) continue;
      // Without the whole project, middleware mounted elsewhere could handle the key: judge only
      // handlers of an app that takes nothing from other files.
      if (!context.complete) {
        const app = model.apps.find((a) => a.file === h.root?.file && a.container.id === h.root.container.id);
        if (!app?.selfContained) continue;
      }
      const reached = closure(model, h.fn, DEPTH);
      const write = reached.flatMap((f) => f.fact.writes).find((w) => !w.idempotent);
      if (!write) continue;
      if (reached.some(readsKey)) continue;
      if (h.middleware.some((m) => isIdempotencyMiddleware(m, middlewareNames, readsKey, model))) continue;
      const suggestion = suggest(h);
      context.report({
        messageId: 'missingIdempotencyKey',
        data: { method: h.method, write: WRITE_LABEL[write.kind] },
        file: h.route.file,
        span: h.route.span,
        scopeName: h.route.scopeName,
        text: h.route.text,
        ...(suggestion ? { suggestions: [suggestion] } : {}),
      });
    }
  },
});

/** Read the header at the top of an inline handler written in the registration's file. */
function suggest(h: RequestHandler): Suggestion | undefined {
  const fn = h.fn!;
  const read = framework(h.framework).readHeader;
  const param = fn.fact.params[0];
  if (!read || !param || fn.file !== h.route.file || fn.fact.bodyAt === undefined) return undefined;
  const indent = fn.fact.bodyIndent ?? '  ';
  const text = `\n${indent}const idempotencyKey = ${read(param, 'Idempotency-Key')};`
    + `\n${indent}/* TODO: if idempotencyKey was seen before, return the stored response instead of writing again. */`;
  return {
    messageId: 'readIdempotencyKey',
    message: messages.readIdempotencyKey,
    edits: [{ start: fn.fact.bodyAt, end: fn.fact.bodyAt, text }],
  };
}

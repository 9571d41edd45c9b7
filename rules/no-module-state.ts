// no-module-state: per-user state kept in the memory of one server process — module-level
// bindings written on the request path with a key (or value) that identifies a user, a session or
// a client, and session middleware left on its in-memory store. Such state is lost when the
// instance dies and missing when the load balancer sends the user to another instance.
//
// The session checks are decided in the file. The module-level state needs the project: the
// `state` facts say which bindings are written where and with what key, and the request-handler
// model (src/project/handlers.ts) says whether the writing code runs per request.
import type * as TS from 'typescript';
import type { StateFacts, StateWrite } from '../src/engine/extractors/state.js';
import { addProperty, appendArguments } from '../src/engine/edits.js';
import { findProperty, inlineObject } from '../src/engine/objects.js';
import { defineRule } from '../src/engine/rule.js';
import type { QualifiedName } from '../src/engine/scope.js';
import type { Finding, RelatedLocation, Span, TextEdit } from '../src/engine/types.js';
import {
  inMemoryStores, isPerUserName, perUserHeaders, sessionMiddleware, storePlaceholder, type ModuleRef, type SessionMiddleware,
} from '../src/knowledge/sessions.js';
import { DEFAULT_DEPTH, handlerModel } from '../src/project/handlers.js';
import { resolveBinding } from '../src/project/module-graph.js';
import { maxCallDepthOption } from '../src/engine/option-schemas.js';

export interface Options {
  /** Report module-level caches filled on the request path that nothing bounds (not keyed per user). */
  checkUnboundedCaches: boolean;
  /** Report module-level counters incremented on the request path (per-instance metrics). */
  checkCounters: boolean;
  /** More names (identifiers, properties, headers) that identify a user, a session or a client. */
  userKeyNames: string[];
  /** How many calls deep from a handler a write still counts as on the request path. */
  maxCallDepth: number;
}

type MessageIds = 'perUserState' | 'unboundedCache' | 'requestCounter' | 'memorySessionStore' | 'inMemorySessionStore' | 'addSessionStore';

const messages: Record<MessageIds, string> = {
  perUserState:
    'Module-level `{{name}}` holds per-user state written on the request path: it is lost when this instance restarts and missing on the other instances behind the load balancer; keep it in a shared store (Redis, the database) or make it per request.',
  unboundedCache:
    'Module-level `{{name}}` is filled on the request path and nothing bounds its size: memory grows until the instance is killed, and each instance keeps its own copy; use a bounded cache with a TTL (an LRU) or a shared cache (Redis).',
  requestCounter:
    'Module-level counter `{{name}}` is updated on the request path: each instance counts only its own requests and starts again from zero on restart; export a metric (prom-client) or count in a shared store.',
  memorySessionStore:
    '{{library}} has no `store`, so sessions live in this process ({{store}}): it leaks memory, and a user whose next request reaches another instance loses the session; configure a shared store (connect-redis, a database store).',
  inMemorySessionStore:
    '{{store}} keeps sessions in this process: a user whose next request reaches another instance loses the session, and a restart logs everyone out; configure a shared store (connect-redis, a database store).',
  addSessionStore:
    'Add a `store` placeholder to fill in with a shared session store (nothing changes until it is set).',
};

const RELATED_WRITES = 3;

function matches(q: QualifiedName | undefined, ref: ModuleRef): boolean {
  return !!q && q.module === ref.module && q.path.length === ref.path.length && ref.path.every((p, i) => p === q.path[i]);
}

export default defineRule<Options>({
  id: 'no-module-state',
  meta: {
    type: 'problem',
    description: 'Disallow per-user state in module-level variables and in-memory session stores of server code',
    config: 'recommended',
    scope: 'project',
    requires: ['http', 'state'],
    hasSuggestions: true,
    messages,
    schema: {
      type: 'object',
      properties: {
        checkUnboundedCaches: {
          type: 'boolean',
          description: 'Also report module-level maps, sets and arrays filled on the request path that nothing bounds (on in `strict`).',
        },
        checkCounters: {
          type: 'boolean',
          description: 'Also report module-level counters updated on the request path (per-instance metrics).',
        },
        userKeyNames: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description: 'More identifiers, property names or header names that identify a user, a session or a client.',
        },
        maxCallDepth: maxCallDepthOption('How many calls deep from a request handler a write still counts as on the request path.'),
      },
      additionalProperties: false,
    },
    defaultOptions: { checkUnboundedCaches: false, checkCounters: false, userKeyNames: [], maxCallDepth: DEFAULT_DEPTH },
    presetOptions: { strict: { checkUnboundedCaches: true } },
  },

  create(context) {
    const { ts, scope, sourceFile } = context;

    function check(call: TS.CallExpression, middleware: SessionMiddleware, at: TS.Node, options: TS.Expression | undefined, index: number): void {
      // A spread may carry the options: we cannot tell.
      if (call.arguments.slice(0, index + 1).some((a) => ts.isSpreadElement(a))) return;
      const presence = findProperty(ts, scope, options, [middleware.storeOption]);
      if (presence.state === 'unknown') return;
      if (presence.state === 'absent') {
        const edit = placeholder(call, options, index);
        context.report({
          node: at,
          messageId: 'memorySessionStore',
          data: { library: middleware.label, store: middleware.defaultStore },
          ...(edit ? { suggest: [{ messageId: 'addSessionStore', edits: [edit] }] } : {}),
        });
        return;
      }
      const value = presence.value && scope.resolveValue(presence.value);
      if (!value) return;
      if (ts.isIdentifier(value) && value.text === 'undefined' && scope.isGlobal('undefined', value)) {
        // The placeholder, or an explicit `undefined`: still the default store.
        context.report({ node: at, messageId: 'memorySessionStore', data: { library: middleware.label, store: middleware.defaultStore } });
        return;
      }
      const store = inMemoryStore(value);
      if (store) context.report({ node: presence.node, messageId: 'inMemorySessionStore', data: { store } });
    }

    /** `new session.MemoryStore()`, `new MemoryStore(…)` from `memorystore(session)`. */
    function inMemoryStore(value: TS.Expression): string | undefined {
      if (!ts.isNewExpression(value)) return undefined;
      const q = scope.qualifiedName(value.expression);
      for (const s of inMemoryStores) if (s.via === 'class' && matches(q, s)) return s.label;
      const made = scope.resolveValue(value.expression);
      if (ts.isCallExpression(made)) {
        const fq = scope.qualifiedName(made.expression);
        for (const s of inMemoryStores) if (s.via === 'factory' && matches(fq, s)) return s.label;
      }
      return undefined;
    }

    function placeholder(call: TS.CallExpression, options: TS.Expression | undefined, index: number): TextEdit | undefined {
      if (options) {
        const object = inlineObject(ts, scope, options);
        return object ? addProperty(ts, sourceFile, object, storePlaceholder) : undefined;
      }
      if (call.arguments.length !== index) return undefined;
      return appendArguments(ts, sourceFile, call, [`{ ${storePlaceholder} }`]);
    }

    return {
      CallExpression(node) {
        const call = node as TS.CallExpression;
        const callee = scope.unwrap(call.expression);
        const q = scope.qualifiedName(callee);
        for (const m of sessionMiddleware) {
          if (m.use === 'call' && matches(q, m.export)) {
            check(call, m, callee, call.arguments[m.optionsIndex], m.optionsIndex);
            return;
          }
          if (m.use === 'register' && ts.isPropertyAccessExpression(callee) && callee.name.text === 'register' && call.arguments[0]
            && matches(scope.qualifiedName(call.arguments[0]), m.export)) {
            check(call, m, call.arguments[0], call.arguments[m.optionsIndex], m.optionsIndex);
            return;
          }
        }
      },
    };
  },

  reduce(context) {
    const { options } = context;
    const model = handlerModel(context);
    const extra = options.userKeyNames.map((n) => n.toLowerCase());
    const perUser = (w: StateWrite) => w.names.some((n) => isPerUserName(n) || perUserHeaders.includes(n) || extra.includes(n));
    const state = new Map<string, StateFacts>();
    for (const [file, facts] of context.files) {
      const s = facts.shared.state as unknown as StateFacts | undefined;
      if (s) state.set(file, s);
    }
    const key = (b: { file: string; local: string }) => `${b.file}#${b.local}`;

    const bounded = new Set<string>();
    for (const [file, s] of state) {
      for (const t of s.bounded) {
        const b = resolveBinding(context, file, t);
        if (b) bounded.add(key(b));
      }
    }

    type Reason = 'perUserState' | 'unboundedCache' | 'requestCounter';
    const rank: Record<Reason, number> = { perUserState: 0, unboundedCache: 1, requestCounter: 2 };
    const verdicts = new Map<string, { reason: Reason; writes: { file: string; write: StateWrite }[] }>();
    for (const [file, s] of state) {
      for (const write of s.writes) {
        const b = resolveBinding(context, file, write.target);
        if (!b) continue;
        const binding = state.get(b.file)?.bindings.find((x) => x.name === b.local);
        if (!binding) continue;
        if (!model.onRequestPath(file, write.span.start, options.maxCallDepth)) continue;
        let reason: Reason | undefined;
        if (perUser(write)) reason = 'perUserState';
        else if (write.op === 'counter') reason = options.checkCounters ? 'requestCounter' : undefined;
        else if (write.op === 'entry' && !write.constantKey && options.checkUnboundedCaches) {
          // "Nothing bounds it" is a conclusion from an absence: only on the whole project.
          reason = context.complete && !bounded.has(key(b)) ? 'unboundedCache' : undefined;
        }
        if (!reason) continue;
        const k = key(b);
        const v = verdicts.get(k);
        if (!v || rank[reason] < rank[v.reason]) verdicts.set(k, { reason, writes: [{ file, write }] });
        else if (rank[reason] === rank[v.reason]) v.writes.push({ file, write });
      }
    }

    for (const [k, v] of [...verdicts].sort(([a], [b]) => a.localeCompare(b))) {
      const file = k.slice(0, k.lastIndexOf('#'));
      const name = k.slice(k.lastIndexOf('#') + 1);
      const binding = state.get(file)!.bindings.find((x) => x.name === name)!;
      const related: RelatedLocation[] = v.writes.slice(0, RELATED_WRITES).map(({ file: f, write }) => ({
        file: f, line: write.span.line, message: `written on the request path: ${write.text}`,
      }));
      const finding: Omit<Finding, 'ruleId' | 'message'> = {
        messageId: v.reason, data: { name }, file, span: binding.span as Span, scopeName: '', text: binding.text, related,
      };
      context.report(finding);
    }
  },
});

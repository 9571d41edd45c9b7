// no-unbounded-concurrency: `Promise.all(items.map(async (item) => …I/O…))` (and p-map or
// async's `map` with no concurrency) over a list whose length the request or a query result
// decides, on the request path: every call starts at once, with no backpressure. Bounded and not
// reported: a limiter in the callback (p-limit, p-queue, bottleneck), a mapper with a
// concurrency, a slice (`items.slice(i, i + BATCH)`), a literal tuple. A fan-out whose I/O is a
// database query per item is N+1 first: no-query-in-loop reports it once, naming both fixes.
// Lists of unknown origin (a parameter, a field) are reported only with `checkUnknownSizes` (strict).
import type * as TS from 'typescript';
import { someDescendant } from '../src/engine/ast.js';
import { DbQueries } from '../src/engine/db-queries.js';
import { findProperty } from '../src/engine/objects.js';
import { defineRule } from '../src/engine/rule.js';
import type { QualifiedName } from '../src/engine/scope.js';
import {
  fanOutCombinators, fileModules, limiters, mappers, perElementMethods, requestInputMembers, slicingMethods, smallLiteralLength,
} from '../src/knowledge/concurrency.js';
import { scriptFolders } from '../src/knowledge/databases.js';
import { httpClients } from '../src/knowledge/http-clients.js';
import { DEFAULT_DEPTH } from '../src/project/handlers.js';
import { isScriptOrTest, keepOnRequestPath } from '../src/project/request-path.js';
import { scriptFoldersOption, maxCallDepthOption, type RequestPathOptions } from '../src/engine/option-schemas.js';

export interface Options extends RequestPathOptions {
  /** Also report lists whose origin is unknown (a parameter, a field), not only request input and query results. */
  checkUnknownSizes: boolean;
}

type MessageIds = 'unboundedFanOut' | 'unboundedMapper';

const messages: Record<MessageIds, string> = {
  unboundedFanOut:
    '`{{combinator}}` starts one {{io}} call per element of {{source}} at once, with no limit: a long list opens as many sockets, files or connections together and they fail together under load; bound it with p-limit (`limit(() => …)`) or p-map with a `concurrency`.',
  unboundedMapper:
    '{{mapper}} has no concurrency limit here, so it starts one {{io}} call per element of {{source}} at once: a long list opens as many sockets, files or connections together; pass a `concurrency` (p-map) or use the `…Limit` form (async).',
};

type Source = 'request' | 'query' | 'unknown';
const SOURCE_TEXT: Record<Source, string> = {
  request: 'the request input',
  query: 'a query result',
  unknown: 'a list of unknown length',
};

const HTTP_MODULES = new Set(httpClients.filter((c) => c.onlyWith === undefined).flatMap((c) => c.modules));
const HTTP_GLOBALS = new Set(httpClients.flatMap((c) => c.globals ?? []));

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

export default defineRule<Options>({
  id: 'no-unbounded-concurrency',
  meta: {
    type: 'problem',
    description: 'Disallow unbounded I/O fan-out (`Promise.all` over a list of request-sized length) on the request path',
    config: 'recommended',
    scope: 'file',
    requires: ['http'],
    messages,
    schema: {
      type: 'object',
      properties: {
        checkUnknownSizes: {
          type: 'boolean',
          description: 'Also report fan-outs over lists whose origin is unknown (a parameter, a field), not only request input and query results (on in `strict`).',
        },
        scriptFolders: scriptFoldersOption(),
        maxCallDepth: maxCallDepthOption(),
      },
      additionalProperties: false,
    },
    defaultOptions: { checkUnknownSizes: false, scriptFolders: [...scriptFolders], maxCallDepth: DEFAULT_DEPTH },
    presetOptions: { strict: { checkUnknownSizes: true } },
  },

  create(context) {
    const { ts, scope, options } = context;
    if (isScriptOrTest(context.file, options.scriptFolders, context.settings.root)) return {};
    const queries = new DbQueries(ts, scope);

    /** What a value was made by, through const bindings and destructuring (`const { rows } = await pool.query()`). */
    function origin(expression: TS.Expression, depth = 0): TS.Expression {
      const e = scope.unwrap(expression);
      if (depth > 5 || !ts.isIdentifier(e)) return e;
      const binding = scope.lookup(e);
      if (binding?.kind !== 'variable' || !binding.declaration.initializer) return e;
      const d = binding.declaration;
      // Destructured (`const { items } = req.body`): the object it came from.
      return ts.isIdentifier(d.name) && !binding.constant ? e : origin(d.initializer!, depth + 1);
    }

    function isParameter(e: TS.Expression): boolean {
      return ts.isIdentifier(e) && scope.lookup(e)?.kind === 'parameter';
    }

    function sourceOf(list: TS.Expression, depth = 0): Source | 'bounded' {
      const e = origin(list);
      if (depth > 5) return 'unknown';
      if (ts.isArrayLiteralExpression(e)) {
        return e.elements.length <= smallLiteralLength && !e.elements.some((x) => ts.isSpreadElement(x)) ? 'bounded' : 'unknown';
      }
      if (ts.isCallExpression(e)) {
        const callee = scope.unwrap(e.expression);
        if (ts.isPropertyAccessExpression(callee) && slicingMethods.includes(callee.name.text) && e.arguments.length >= 2) return 'bounded';
        if (queries.query(e)) return 'query';
        // `await request.json()`, `await c.req.json()`: the body of the request a handler got.
        if (ts.isPropertyAccessExpression(callee) && ['json', 'formData'].includes(callee.name.text)) {
          let root = scope.unwrap(callee.expression);
          while (ts.isPropertyAccessExpression(root)) root = scope.unwrap(root.expression);
          if (isParameter(root)) return 'request';
        }
        // `items.filter(…)`, `rows.map(…)`: as long as what it came from.
        if (ts.isPropertyAccessExpression(callee) && ['filter', 'map', 'flat', 'flatMap', 'concat', 'sort', 'reverse', 'toSorted'].includes(callee.name.text)) {
          return sourceOf(callee.expression, depth + 1);
        }
        return 'unknown';
      }
      if (ts.isPropertyAccessExpression(e)) {
        // `req.body.items`, `ctx.request.query.ids`: a parameter's request input.
        let n: TS.Expression = e;
        let input = false;
        while (ts.isPropertyAccessExpression(n)) {
          if (requestInputMembers.includes(n.name.text)) input = true;
          n = scope.unwrap(n.expression);
        }
        if (input && isParameter(n)) return 'request';
        // `result.rows`, `(await pool.query()).rows`: a query result's member.
        const inner = origin(n);
        if (ts.isCallExpression(inner) && queries.query(inner)) return 'query';
        return 'unknown';
      }
      return 'unknown';
    }

    /** A limiter instance: `const limit = pLimit(5)`, `const queue = new PQueue({ concurrency: 5 })`. */
    function isLimiterCall(call: TS.CallExpression): boolean {
      const callee = scope.unwrap(call.expression);
      const target = ts.isPropertyAccessExpression(callee) ? scope.unwrap(callee.expression) : callee;
      const member = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      const made = origin(target);
      if (!ts.isCallExpression(made) && !ts.isNewExpression(made)) return false;
      const q = scope.qualifiedName(made.expression);
      if (!q) return false;
      return limiters.some((l) => l.module === q.module && samePath(l.path, q.path)
        && (l.call === 'new') === ts.isNewExpression(made)
        && (member === undefined ? l.run.length === 0 : l.run.includes(member)));
    }

    function ioKind(q: QualifiedName | undefined, call: TS.CallExpression): 'HTTP' | 'file' | undefined {
      if (q) {
        if (q.module === '' && q.path.length === 1 && HTTP_GLOBALS.has(q.path[0]!)) return 'HTTP';
        if (q.module !== '' && HTTP_MODULES.has(q.module)) return 'HTTP';
        if (fileModules.some((f) => f.module === q.module && (!f.path || f.path.every((p, i) => q.path[i] === p)))) return 'file';
      }
      // An instance of an HTTP client (`const api = axios.create(…)`; `api.get(…)`).
      const callee = scope.unwrap(call.expression);
      let root: TS.Expression = callee;
      while (ts.isPropertyAccessExpression(root)) root = scope.unwrap(root.expression);
      const made = origin(root);
      if (made !== root && (ts.isCallExpression(made) || ts.isNewExpression(made))) {
        const mq = scope.qualifiedName(made.expression);
        if (mq && mq.module !== '' && HTTP_MODULES.has(mq.module)) return 'HTTP';
      }
      return undefined;
    }

    /** The I/O a callback does per element; `undefined` when none is seen, it goes through a limiter, or it is a query per item. */
    function callbackIo(fn: TS.Node): 'HTTP' | 'file' | 'database' | undefined {
      let io: 'HTTP' | 'file' | 'database' | undefined;
      let limited = false;
      let perItemQuery = false;
      someDescendant(ts, fn, (n) => {
        if (!ts.isCallExpression(n)) return false;
        if (isLimiterCall(n)) {
          limited = true;
          return true;
        }
        const q = queries.query(n);
        if (q) {
          if (q.chain.batched) io ??= 'database';
          else perItemQuery = true;
          return false;
        }
        io = ioKind(scope.qualifiedName(scope.unwrap(n.expression)), n) ?? io;
        return false;
      });
      if (limited || perItemQuery) return undefined;
      return io;
    }

    function callbackOf(e: TS.Expression | undefined): TS.Node | undefined {
      return e && scope.functionValue(e);
    }

    function report(node: TS.Node, messageId: MessageIds, data: Record<string, string>, source: Source): void {
      if (source === 'unknown' && !options.checkUnknownSizes) return;
      context.report({ node, messageId, data: { ...data, source: SOURCE_TEXT[source] }, pending: { onRequestPath: true } });
    }

    return {
      CallExpression(node) {
        const call = node as TS.CallExpression;
        const callee = scope.unwrap(call.expression);
        const q = scope.qualifiedName(callee);
        if (!q) return;
        if (q.module === '' && q.path.length === 2 && q.path[0] === 'Promise' && fanOutCombinators.includes(q.path[1]!)) {
          const arg = call.arguments[0] && scope.unwrap(call.arguments[0]);
          if (!arg || !ts.isCallExpression(arg)) return;
          const mapCallee = scope.unwrap(arg.expression);
          if (!ts.isPropertyAccessExpression(mapCallee) || !perElementMethods.includes(mapCallee.name.text)) return;
          const fn = callbackOf(arg.arguments[0]);
          const source = sourceOf(mapCallee.expression);
          if (!fn || source === 'bounded') return;
          const io = callbackIo(fn);
          if (!io) return;
          report(callee, 'unboundedFanOut', { combinator: `Promise.${q.path[1]}`, io }, source);
          return;
        }
        if (q.module === '') return;
        const mapper = mappers.find((m) => m.module === q.module && samePath(m.path, q.path));
        if (!mapper || mapper.bounded) return;
        if (mapper.concurrencyOption !== undefined && mapper.optionsIndex !== undefined) {
          const options = call.arguments[mapper.optionsIndex];
          if (options && findProperty(ts, scope, options, [mapper.concurrencyOption]).state !== 'absent') return;
        }
        const list = call.arguments[0];
        const fn = callbackOf(call.arguments[1]);
        if (!list || !fn) return;
        const source = sourceOf(list);
        if (source === 'bounded') return;
        const io = callbackIo(fn);
        if (!io) return;
        report(callee, 'unboundedMapper', { mapper: mapper.label, io }, source);
      },
    };
  },

  reduce(context) {
    keepOnRequestPath(context, context.options.maxCallDepth);
  },
});

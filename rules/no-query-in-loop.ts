// no-query-in-loop: a database query awaited once per element of a loop or of a `forEach`/`map`
// callback (N+1), on the request path. Queries are recognised by the client they go through
// (src/engine/db-queries.ts over src/knowledge/databases.ts), never by a method name alone.
// Not reported: loops over a constant small list, queries already batched (`IN`, `ANY($1)`,
// `createMany`, `bulkWrite`), cursors and `for await` streams, and a query returned from the loop
// (a retry or a search that stops at the first hit). `while` loops are mostly pagination and
// retries: reported only with `checkWhileLoops` (strict). `Promise.all(items.map(query))` is
// reported here, once, as N+1 and unbounded (no-unbounded-concurrency leaves it alone).
import type * as TS from 'typescript';
import { DbQueries, isQueryChain, moduleHandles, type ChainShape, type DbHandle, type HandleRef } from '../src/engine/db-queries.js';
import { formatMessage } from '../src/engine/messages.js';
import { defineRule } from '../src/engine/rule.js';
import type { Json } from '../src/engine/types.js';
import { dbDriver, scriptFolders } from '../src/knowledge/databases.js';
import { fanOutCombinators, smallLiteralLength } from '../src/knowledge/concurrency.js';
import { DEFAULT_DEPTH } from '../src/project/handlers.js';
import { resolveBinding } from '../src/project/module-graph.js';
import { handlerRelated, isScriptOrTest, keepWith, requestPathOf } from '../src/project/request-path.js';
import { scriptFoldersOption, maxCallDepthOption, type RequestPathOptions } from '../src/engine/option-schemas.js';

export interface Options extends RequestPathOptions {
  /** Report queries in `while`/`do` loops too (mostly pagination and retries). */
  checkWhileLoops: boolean;
}

type MessageIds = 'queryInLoop' | 'queryPerItemConcurrent';

const messages: Record<MessageIds, string> = {
  queryInLoop:
    'This {{label}} query runs once per item of the loop (N+1): N items cost N database round trips on the request path, so latency and database load grow with the list; fetch them in one query: {{batching}}.',
  queryPerItemConcurrent:
    'This {{label}} query runs once per item, all at once (N+1 and unbounded): N items cost N round trips and can take every connection of the pool; fetch them in one query ({{batching}}), or bound the concurrency with p-limit if they must stay separate.',
};

/** Array methods whose callback runs per element. */
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'reduce', 'reduceRight', 'filter', 'some', 'every', 'find', 'findIndex']);

interface Pending {
  onRequestPath: true;
  handle?: HandleRef;
  chain?: ChainShape;
}

interface Data {
  handles: Record<string, DbHandle>;
}

export default defineRule<Options>({
  id: 'no-query-in-loop',
  meta: {
    type: 'problem',
    description: 'Disallow database queries awaited once per element of a loop (N+1) on the request path',
    config: 'recommended',
    scope: 'file',
    requires: ['http'],
    messages,
    schema: {
      type: 'object',
      properties: {
        checkWhileLoops: {
          type: 'boolean',
          description: 'Also report queries inside `while` and `do` loops, which are mostly pagination and retries (on in `strict`).',
        },
        scriptFolders: scriptFoldersOption('Folder names whose files are one-off programs (scripts, migrations, seeds), never on a request path.'),
        maxCallDepth: maxCallDepthOption(),
      },
      additionalProperties: false,
    },
    defaultOptions: { checkWhileLoops: false, scriptFolders: [...scriptFolders], maxCallDepth: DEFAULT_DEPTH },
    presetOptions: { strict: { checkWhileLoops: true } },
  },

  create(context) {
    const { ts, scope, sourceFile, options } = context;
    const queries = new DbQueries(ts, scope);
    const skip = isScriptOrTest(context.file, options.scriptFolders, context.settings.root);

    /** A list written in place (or a const bound to one) with few elements and no spread. */
    function constantList(e: TS.Expression): boolean {
      let v = scope.resolveValue(e);
      // `Object.keys(CONFIG)`, `Object.entries(CONFIG)` of a constant object literal.
      if (ts.isCallExpression(v) && v.arguments.length === 1) {
        const q = scope.qualifiedName(v.expression);
        if (q?.module === '' && q.path[0] === 'Object' && ['keys', 'values', 'entries'].includes(q.path[1] ?? '')) {
          const o = scope.resolveValue(v.arguments[0]!);
          return ts.isObjectLiteralExpression(o) && o.properties.length <= smallLiteralLength && !o.properties.some((p) => ts.isSpreadAssignment(p));
        }
      }
      if (ts.isObjectLiteralExpression(v)) return v.properties.length <= smallLiteralLength && !v.properties.some((p) => ts.isSpreadAssignment(p));
      v = scope.unwrap(v);
      return ts.isArrayLiteralExpression(v) && v.elements.length <= smallLiteralLength && !v.elements.some((x) => ts.isSpreadElement(x));
    }

    /** `for (let i = 0; i < 3; i++)`: a literal bound. */
    function constantBound(loop: TS.ForStatement): boolean {
      const c = loop.condition;
      if (!c || !ts.isBinaryExpression(c)) return false;
      const op = c.operatorToken.kind;
      if (op !== ts.SyntaxKind.LessThanToken && op !== ts.SyntaxKind.LessThanEqualsToken) return false;
      const bound = scope.resolveValue(c.right);
      return ts.isNumericLiteral(bound) && Number(bound.text) <= smallLiteralLength;
    }

    /** The loop the query runs per element of, within its own function. */
    function loopOf(node: TS.Node): { kind: 'loop' | 'callback'; concurrent: boolean } | undefined {
      let child: TS.Node = node;
      for (let n: TS.Node | undefined = node.parent; n; child = n, n = n.parent) {
        if (ts.isReturnStatement(n)) return undefined;
        if (ts.isForOfStatement(n) || ts.isForInStatement(n)) {
          if (child !== n.statement) continue;
          if (ts.isForOfStatement(n) && n.awaitModifier) return undefined;
          return constantList(n.expression) ? undefined : { kind: 'loop', concurrent: false };
        }
        if (ts.isForStatement(n)) {
          if (child !== n.statement) continue;
          return constantBound(n) ? undefined : { kind: 'loop', concurrent: false };
        }
        if (ts.isWhileStatement(n) || ts.isDoStatement(n)) {
          if (child !== n.statement) continue;
          return options.checkWhileLoops ? { kind: 'loop', concurrent: false } : undefined;
        }
        if (ts.isFunctionLike(n)) {
          const call = n.parent;
          if (!call || !ts.isCallExpression(call) || !call.arguments.includes(n as unknown as TS.Expression)) return undefined;
          const callee = scope.unwrap(call.expression);
          if (!ts.isPropertyAccessExpression(callee) || !ITERATION_METHODS.has(callee.name.text)) return undefined;
          if (constantList(callee.expression)) return undefined;
          return { kind: 'callback', concurrent: ['map', 'flatMap'].includes(callee.name.text) && inFanOut(call) };
        }
      }
      return undefined;
    }

    /** `Promise.all(items.map(…))`. */
    function inFanOut(map: TS.CallExpression): boolean {
      let p: TS.Node | undefined = map.parent;
      while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p))) p = p.parent;
      if (!p || !ts.isCallExpression(p)) return false;
      const q = scope.qualifiedName(p.expression);
      return q?.module === '' && q.path.length === 2 && q.path[0] === 'Promise' && fanOutCombinators.includes(q.path[1]!);
    }

    /** The query's value is awaited, or returned from an arrow (a callback's promise). */
    function awaitedOrReturned(node: TS.Node, kind: 'loop' | 'callback'): boolean {
      let n: TS.Node = node;
      while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent))) n = n.parent;
      const p = n.parent;
      if (!p) return false;
      if (ts.isAwaitExpression(p)) return true;
      return kind === 'callback' && (ts.isArrowFunction(p) && p.body === n);
    }

    function check(node: TS.CallExpression | TS.TaggedTemplateExpression): void {
      if (skip) return;
      // In a loop first: that is a walk up a few parents, where the query match looks at the
      // whole call chain and its arguments.
      const loop = loopOf(node);
      if (!loop || !awaitedOrReturned(node, loop.kind)) return;
      const match = queries.query(node);
      if (!match || match.chain.batched) return;
      if (match.kind === 'query' && !match.driver.batching) return;
      const pending: Pending = { onRequestPath: true };
      if (match.kind === 'maybe') {
        pending.handle = match.ref;
        pending.chain = match.chain;
      }
      context.report({
        node,
        messageId: loop.concurrent ? 'queryPerItemConcurrent' : 'queryInLoop',
        data: match.kind === 'query' ? { label: match.driver.label, batching: match.driver.batching! } : { label: '', batching: '' },
        pending: pending as unknown as Json,
      });
    }

    return {
      CallExpression(node) {
        check(node as TS.CallExpression);
      },
      TaggedTemplateExpression(node) {
        check(node as TS.TaggedTemplateExpression);
      },
      'SourceFile:exit'() {
        const data: Data = { handles: moduleHandles(ts, sourceFile, queries) };
        context.setData(data as unknown as Json);
      },
    };
  },

  reduce(context) {
    const { options } = context;
    for (const finding of context.pending) {
      const pending = finding.pending as unknown as Pending;
      const p = requestPathOf(context, finding, options.maxCallDepth);
      if (!p) continue;
      const extra: Parameters<typeof keepWith>[2] = { related: finding.related ?? handlerRelated(p) };
      if (pending.handle && pending.chain) {
        // A handle imported from another file: a query only if that file says what it is.
        const b = resolveBinding(context, finding.file, pending.handle);
        const data = b && (context.files.get(b.file)?.data[finding.ruleId] as unknown as Data | undefined);
        const handle = b && data?.handles[b.local];
        if (!handle || !isQueryChain(handle, pending.chain)) continue;
        const driver = dbDriver(handle.driver);
        if (!driver?.batching) continue;
        extra.data = { label: driver.label, batching: driver.batching };
        extra.message = formatMessage(messages[finding.messageId as MessageIds], extra.data);
      }
      keepWith(context, finding, extra);
    }
  },
});

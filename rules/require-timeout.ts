// require-timeout: outbound HTTP calls with no timeout or abort signal.
import type * as TS from 'typescript';
import { hasDirective, someDescendant } from '../src/engine/ast.js';
import { addProperty, appendArguments } from '../src/engine/edits.js';
import { findProperty, inlineObject, propertyName } from '../src/engine/objects.js';
import { defineRule } from '../src/engine/rule.js';
import { normalizeModule, type QualifiedName } from '../src/engine/scope.js';
import type { FileContext, FileFacts, Json, TextEdit } from '../src/engine/types.js';
import type { Presence } from '../src/engine/objects.js';
import {
  axiosDefaults, globalDispatcher, grpcClients, httpClients, queryTimeoutClients, warningTimeouts,
  type CallShape, type HttpClientKnowledge,
} from '../src/knowledge/http-clients.js';

export interface Options {
  /** Timeout the autofix inserts, in milliseconds. */
  timeoutMs: number;
  /** Report database and cache clients without query/command time limits (strict). */
  checkDatabases: boolean;
  /** Report clients whose default timeout is long but finite, and timeouts that only warn (strict). */
  checkStrictClients: boolean;
}

type MessageIds =
  | 'missingTimeout'
  | 'instanceWithoutTimeout'
  | 'timeoutDisabled'
  | 'missingQueryTimeout'
  | 'missingAcquireTimeout'
  | 'longDefaultTimeout'
  | 'timeoutOnlyEmits'
  | 'timeoutOnlyWarns'
  | 'missingDeadline'
  | 'queryWithoutTimeout'
  | 'addTimeout';

type Call = TS.CallExpression | TS.NewExpression;

/**
 * Module-level values another file may import: a grpc package object (`loadPackageDefinition`),
 * a grpc client constructor, a grpc client without client-wide deadline set-up, a mysql2 instance.
 */
type ExportKind = 'grpc-package' | 'grpc-constructor' | 'grpc-client' | 'mysql2';

/** An imported binding and the member path read from it (`proto.pkg.Service` → `['pkg', 'Service']`). */
interface Via {
  module: string;
  imported: string;
  path: string[];
}

/** What the reduce step must check before a finding stands. */
type Pending =
  | { coveredBy: HttpClientKnowledge['coveredBy']; client: string }
  /** The instance (or its constructor) comes from another file: it must be `expect` there. */
  | { via: Via; expect: 'grpc-constructor' | 'grpc-client' | 'mysql2' };

/** Per-file facts: project-wide timeout set-up found in this file, and module-level instances. */
interface Data {
  axiosDefaults?: boolean;
  globalDispatcher?: boolean;
  exported?: Record<string, ExportKind>;
}

const MAX_HOPS = 5;
const isRelative = (module: string) => module.startsWith('./') || module.startsWith('../') || module === '.' || module === '..';

/** Whether the value `kind` found behind an import, read at `path`, is what a finding `expect`s. */
function accepts(kind: ExportKind | undefined, path: readonly string[], expect: string): boolean {
  if (expect === 'grpc-constructor') {
    return (kind === 'grpc-constructor' && path.length === 0) || (kind === 'grpc-package' && path.length > 0);
  }
  return kind === expect && path.length === 0;
}

function matchShape(shapes: readonly CallShape[] | undefined, path: readonly string[]): CallShape | undefined {
  const joined = path.join('.');
  return shapes?.find((s) => s.names.includes(joined));
}

function matchClient(q: QualifiedName, kind: 'calls' | 'factories'): { client: HttpClientKnowledge; shape: CallShape } | undefined {
  for (const client of httpClients) {
    if (q.module === '') {
      if (kind === 'calls' && q.path.length === 1 && client.globals?.includes(q.path[0]!)) {
        const shape = matchShape(client.calls, q.path);
        if (shape) return { client, shape };
      }
      continue;
    }
    if (!client.modules.includes(q.module)) continue;
    const shape = matchShape(client[kind], q.path);
    if (shape) return { client, shape };
  }
  return undefined;
}

export default defineRule<Options>({
  id: 'require-timeout',
  meta: {
    type: 'problem',
    description: 'Require a timeout or abort signal on outbound HTTP calls',
    config: 'recommended',
    scope: 'file',
    fixable: true,
    hasSuggestions: true,
    messages: {
      missingTimeout:
        'This {{client}} call has no timeout: one slow dependency will hold the request and its connection until the peer gives up. Pass {{hint}}.',
      instanceWithoutTimeout:
        'This {{client}} instance has no default timeout, so every call through it can hang forever. Set {{hint}} when creating it.',
      timeoutDisabled:
        'A {{client}} timeout of {{value}} disables the timeout: set a finite limit such as {{hint}}.',
      missingQueryTimeout:
        'This {{client}} client has no time limit on queries or commands: one slow query holds its connection, and the request waiting on it, indefinitely. Set {{hint}}.',
      missingAcquireTimeout:
        'This {{client}} waits forever for a free connection once all are busy, so requests queue up without bound under load: set {{hint}}.',
      longDefaultTimeout:
        'This {{client}} client keeps its long default timeout (minutes), so slow calls pile up under load before they fail: set {{hint}} suited to the work.',
      timeoutOnlyEmits:
        "The {{what}} of a {{client}} request only emits a 'timeout' event and leaves the request running: destroy the request in a 'timeout' handler, or pass {{hint}}.",
      timeoutOnlyWarns:
        'An expired `{{key}}` of the {{client}} only logs a warning and the request keeps running: also set `{{fix}}`.',
      missingDeadline:
        'This {{client}} call has no deadline, and gRPC waits forever by default: one stuck server holds the request and its stream until the process restarts. Pass call options with {{hint}}.',
      queryWithoutTimeout:
        'This {{client}} query has no time limit: one slow query holds its connection, and the request waiting on it, indefinitely. Pass the query as {{hint}}.',
      addTimeout: 'Add `{{property}}` (a limit can cut legitimate slow work: choose it for this workload).',
    } satisfies Record<MessageIds, string>,
    schema: {
      type: 'object',
      properties: {
        timeoutMs: {
          type: 'integer',
          minimum: 1,
          description: 'Timeout in milliseconds that the autofix inserts.',
        },
        checkDatabases: {
          type: 'boolean',
          description: 'Also report pg, mysql2, ioredis and node-redis clients and queries with no query or command time limit (on in the strict config).',
        },
        checkStrictClients: {
          type: 'boolean',
          description: 'Also report clients with a long default timeout (openai) and AWS SDK request timeouts that only warn (on in the strict config).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { timeoutMs: 10000, checkDatabases: false, checkStrictClients: false },
    presetOptions: { strict: { checkDatabases: true, checkStrictClients: true } },
  },

  create(context) {
    const { ts, scope, sourceFile } = context;
    // Browser code in a Next.js-style project: the platform, not this process, owns its requests.
    if (hasDirective(ts, sourceFile, 'use client')) return {};
    const data: Data = {};
    const globalTimeouts = context.settings.globalTimeouts ?? {};
    /** Instances created without a timeout, reported at the end unless `x.defaults.timeout` is set. */
    const instances: { name?: string; report: () => void }[] = [];
    const instanceDefaults = new Set<string>();

    const hint = (client: HttpClientKnowledge) => client.fixProperty(context.options.timeoutMs);
    // Only clients whose coverage the project step decides carry a pending condition: the others
    // are decided here, also when the front end cannot see the whole project.
    const pendingFor = (client: HttpClientKnowledge): { pending?: Json } =>
      (client.coveredBy ? { pending: { coveredBy: client.coveredBy, client: client.id } satisfies Pending } : {});

    const isFunctionValue = (e: TS.Expression) => scope.isFunctionValue(e);

    function optionsIndex(args: readonly TS.Expression[], shape: CallShape): number | undefined {
      if (shape.options === 'configOrUrl') {
        const first = args[0] ? scope.resolveValue(args[0]) : undefined;
        return first && ts.isObjectLiteralExpression(first) ? 0 : 1;
      }
      if (shape.options === 'lastObject') {
        for (let i = args.length - 1; i >= 0; i--) {
          if (ts.isObjectLiteralExpression(scope.resolveValue(args[i]!))) return i;
        }
        // Only literals (a port, a host, a URL): no options object.
        const literals = args.every((a) => ts.isStringLiteralLike(a) || ts.isNumericLiteral(a));
        return literals ? args.length : undefined;
      }
      return shape.options;
    }

    function checkCall(call: Call, client: HttpClientKnowledge, shape: CallShape, isFactory: boolean): void {
      if (client.onlyWith && !context.options[client.onlyWith]) return;
      if (client.coveredBy === 'axiosDefaults' && globalTimeouts.axios) return;
      if (client.coveredBy === 'globalDispatcher' && globalTimeouts.fetch) return;
      if (client.chain && ts.isCallExpression(call)) {
        checkChain(call, client);
        return;
      }
      const args = call.arguments ?? [];
      const index = optionsIndex(args, shape);
      if (index === undefined) return;
      // A spread argument may carry the options: we cannot tell.
      if (args.slice(0, index + 1).some((a) => ts.isSpreadElement(a))) return;
      let optionsArg: TS.Expression | undefined = args[index];
      // A callback where the options may go (`http.get(url, res => …)`): there are none.
      const callbackAt = optionsArg && isFunctionValue(optionsArg) ? optionsArg : undefined;
      if (callbackAt) optionsArg = undefined;
      const presence = findKeys(optionsArg, client.timeoutKeys);
      if (presence.state === 'unknown') return;
      if (presence.state === 'absent' && client.hasDefault) return;
      if (presence.state === 'absent' && client.timeoutEvent && ts.isCallExpression(call)) {
        const verdict = timeoutEventVerdict(call, client, optionsArg);
        if (verdict === 'bounded' || verdict === 'unknown') return;
        if (verdict !== 'none') {
          context.report({
            node: verdict.node,
            messageId: 'timeoutOnlyEmits',
            data: { client: client.label, what: verdict.what, hint: hint(client) },
          });
          return;
        }
      }
      if (presence.state === 'present') {
        const value = presence.value && scope.resolveValue(presence.value);
        if (value && client.disabledValues && isDisabled(value, client.disabledValues)) {
          context.report({
            node: presence.node,
            messageId: 'timeoutDisabled',
            data: { client: client.label, value: value.getText(sourceFile), hint: hint(client) },
            ...pendingFor(client),
          });
        }
        return;
      }
      const edits = callbackAt ? insertOptionsBefore(callbackAt, client) : fixFor(call, index, optionsArg, client);
      const property = client.fixProperty(context.options.timeoutMs);
      const offer = client.fix ?? 'autofix';
      const report = () => context.report({
        node: call,
        messageId: client.missing ?? (isFactory ? 'instanceWithoutTimeout' : 'missingTimeout'),
        data: { client: client.label, hint: hint(client) },
        ...(edits && offer === 'autofix' ? { fix: edits } : {}),
        ...(edits && offer === 'suggestion' ? { suggest: [{ messageId: 'addTimeout', data: { property }, edits }] } : {}),
        ...pendingFor(client),
      });
      if (isFactory) instances.push({ name: assignedName(call), report });
      else report();
    }

    /** `findProperty` for keys that may be nested: `socket.socketTimeout` is `socketTimeout` inside `socket`. */
    function findKeys(options: TS.Expression | undefined, keys: readonly string[]): Presence {
      const flat = findProperty(ts, scope, options, keys.filter((k) => !k.includes('.')));
      if (flat.state !== 'absent') return flat;
      for (const key of keys.filter((k) => k.includes('.'))) {
        const dot = key.indexOf('.');
        const outer = findProperty(ts, scope, options, [key.slice(0, dot)]);
        if (outer.state === 'unknown' || (outer.state === 'present' && !outer.value)) return { state: 'unknown' };
        if (outer.state === 'present') {
          const inner = findKeys(outer.value, [key.slice(dot + 1)]);
          if (inner.state !== 'absent') return inner;
        }
      }
      return { state: 'absent' };
    }

    function isDisabled(value: TS.Expression, disabled: readonly (number | boolean)[]): boolean {
      if (ts.isNumericLiteral(value)) return disabled.includes(Number(value.text));
      if (value.kind === ts.SyntaxKind.FalseKeyword) return disabled.includes(false);
      return false;
    }

    function fixFor(call: Call, index: number, optionsArg: TS.Expression | undefined, client: HttpClientKnowledge): TextEdit[] | undefined {
      const property = client.fixProperty(context.options.timeoutMs);
      // `socket: { … }` already there: a second `socket` key would replace it.
      const heads = client.timeoutKeys.filter((k) => k.includes('.')).map((k) => k.slice(0, k.indexOf('.')));
      if (heads.length > 0 && findProperty(ts, scope, optionsArg, heads).state !== 'absent') return undefined;
      if (optionsArg) {
        const object = inlineObject(ts, scope, optionsArg);
        // Options from a variable: changing its declaration could affect other calls.
        return object ? [addProperty(ts, sourceFile, object, property)] : undefined;
      }
      // `new Pool` without parentheses: no argument list to extend.
      if (!call.arguments) return undefined;
      const missing = index - call.arguments.length;
      const fill = Array.from({ length: Math.max(0, missing) }, () => 'undefined');
      return [appendArguments(ts, sourceFile, call, [...fill, `{ ${property} }`])];
    }

    /** `http.get(url, cb)` → `http.get(url, { signal: … }, cb)`. */
    function insertOptionsBefore(callback: TS.Expression, client: HttpClientKnowledge): TextEdit[] {
      const start = callback.getStart(sourceFile);
      return [{ start, end: start, text: `{ ${client.fixProperty(context.options.timeoutMs)} }, ` }];
    }

    /** The calls chained on a call's result (`superagent.get(u).set(h).timeout(5000)`), and the chain's top. */
    function chainOf(call: TS.CallExpression): { methods: { name: string; call: TS.CallExpression }[]; top: TS.Expression } {
      const methods: { name: string; call: TS.CallExpression }[] = [];
      let top: TS.Expression = call;
      for (;;) {
        const access = top.parent;
        const next = access?.parent;
        if (!access || !next || !ts.isPropertyAccessExpression(access) || access.expression !== top
          || !ts.isCallExpression(next) || next.expression !== access) break;
        methods.push({ name: access.name.text, call: next });
        top = next;
      }
      return { methods, top };
    }

    /** superagent: a complete chain (awaited, or ended) without `.timeout(…)`. */
    function checkChain(call: TS.CallExpression, client: HttpClientKnowledge): void {
      const chain = client.chain!;
      const { methods, top } = chainOf(call);
      if (methods.some((m) => chain.timeoutMethods.includes(m.name))) return;
      const complete = methods.some((m) => chain.terminals.includes(m.name)) || (top.parent && ts.isAwaitExpression(top.parent));
      // Returned or stored: the caller may still add `.timeout()`.
      if (!complete) return;
      const end = call.getEnd();
      context.report({
        node: call,
        messageId: 'missingTimeout',
        data: { client: client.label, hint: hint(client) },
        fix: [{ start: end, end, text: client.fixProperty(context.options.timeoutMs) }],
      });
    }

    /**
     * node:http: is the request bounded by a 'timeout' handler that destroys it? `none` when no
     * timeout is set at all; a node when a timeout is set but only emits the event.
     */
    function timeoutEventVerdict(
      call: TS.CallExpression,
      client: HttpClientKnowledge,
      optionsArg: TS.Expression | undefined,
    ): 'bounded' | 'unknown' | 'none' | { node: TS.Node; what: string } {
      const te = client.timeoutEvent!;
      const option = findProperty(ts, scope, optionsArg, te.options);
      if (option.state === 'unknown') return 'unknown';
      const { methods, top } = chainOf(call);
      const uses: TS.CallExpression[] = methods.map((m) => m.call);
      let escapes = false;
      const parent = top.parent;
      if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
        const name = parent.name.text;
        const root = enclosingFunctionBody(parent) ?? sourceFile;
        someDescendant(ts, root, (n) => {
          if (!ts.isIdentifier(n) || n.text !== name || n === parent.name) return false;
          const access = n.parent;
          if (access && ts.isPropertyAccessExpression(access) && access.expression === n
            && access.parent && ts.isCallExpression(access.parent) && access.parent.expression === access) {
            uses.push(access.parent);
          } else {
            escapes = true;
          }
          return false;
        });
      } else if (!parent || !ts.isExpressionStatement(parent)) {
        // Returned or passed on: someone else may bound it.
        escapes = true;
      }
      let setter: TS.CallExpression | undefined;
      let destroys = false;
      const destroying = (fn: TS.Expression | undefined): boolean => {
        if (!fn) return false;
        const v = scope.resolveValue(fn);
        if (!ts.isArrowFunction(v) && !ts.isFunctionExpression(v)) return true; // cannot see it: assume it does
        return someDescendant(ts, v, (n) => ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)
          && te.abortMethods.includes(n.expression.name.text));
      };
      for (const use of uses) {
        const method = (use.expression as TS.PropertyAccessExpression).name.text;
        if (method === te.setter) {
          setter = use;
          if (destroying(use.arguments[1])) destroys = true;
        } else if (['on', 'once', 'addListener', 'prependListener'].includes(method)) {
          const event = use.arguments[0];
          if (event && ts.isStringLiteralLike(event) && event.text === te.event && destroying(use.arguments[1])) destroys = true;
        }
      }
      if (destroys) return 'bounded';
      if (option.state === 'present') return { node: option.node, what: `\`${option.node.getText(sourceFile).split(':')[0]!.trim()}\` option` };
      if (setter) return { node: setter, what: `\`${te.setter}()\`` };
      return escapes ? 'unknown' : 'none';
    }

    function enclosingFunctionBody(node: TS.Node): TS.Node | undefined {
      for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
      return undefined;
    }

    /** AWS SDK: `new NodeHttpHandler({ requestTimeout })` without `throwOnRequestTimeout`. */
    function checkWarningTimeout(call: Call, q: QualifiedName): void {
      for (const w of warningTimeouts) {
        if (!context.options[w.onlyWith] || !(w.modules as readonly string[]).includes(q.module)) continue;
        const joined = q.path.join('.');
        const isNew = ts.isNewExpression(call) && q.path.length === 1 && (w.classes as readonly string[]).includes(joined);
        const isCreate = ts.isCallExpression(call) && q.path.length === 2 && (w.classes as readonly string[]).includes(q.path[0]!)
          && q.path[1] === 'create';
        if (!isNew && !isCreate) continue;
        const options = call.arguments?.[0];
        const timeout = findProperty(ts, scope, options, [w.timeoutKey]);
        const enforced = findProperty(ts, scope, options, [w.enforceKey]);
        if (timeout.state !== 'present' || enforced.state !== 'absent') continue;
        const object = inlineObject(ts, scope, options);
        context.report({
          node: timeout.node,
          messageId: 'timeoutOnlyWarns',
          data: { key: w.timeoutKey, client: w.label, fix: w.fix },
          ...(object ? { suggest: [{ messageId: 'addTimeout', data: { property: w.fix }, edits: [addProperty(ts, sourceFile, object, w.fix)] }] } : {}),
        });
      }
    }

    function assignedName(call: Call): string | undefined {
      const parent = call.parent;
      if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
      return undefined;
    }

    /** `axios.interceptors.request.use((config) => { config.timeout = … })` */
    function interceptorSetsTimeout(call: TS.CallExpression): boolean {
      const fn = call.arguments[0];
      if (!fn) return false;
      return someDescendant(ts, fn, (node) => {
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
          && ts.isPropertyAccessExpression(node.left)) {
          return (axiosDefaults.defaultKeys as readonly string[]).includes(node.left.name.text);
        }
        if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
          const name = propertyName(ts, node.name);
          return name !== undefined && (axiosDefaults.defaultKeys as readonly string[]).includes(name);
        }
        return false;
      });
    }

    function checkGlobalDispatcher(call: TS.CallExpression): void {
      if (dispatcherHasTimeouts(call.arguments[0], 0)) data.globalDispatcher = true;
    }

    /** `new Agent({ headersTimeout, … })`, or a wrapper (`RetryAgent`) around such a dispatcher. */
    function dispatcherHasTimeouts(arg: TS.Expression | undefined, depth: number): boolean {
      if (!arg || depth > MAX_HOPS) return false;
      const value = scope.resolveValue(arg);
      if (!ts.isNewExpression(value)) return false;
      const q = scope.qualifiedName(value.expression);
      if (!q || q.module !== globalDispatcher.module || q.path.length !== 1) return false;
      const wrapped = globalDispatcher.wrappers[q.path[0]!];
      if (wrapped !== undefined) return dispatcherHasTimeouts(value.arguments?.[wrapped], depth + 1);
      if (!(globalDispatcher.dispatchers as readonly string[]).includes(q.path[0]!)) return false;
      return findProperty(ts, scope, value.arguments?.[0], globalDispatcher.timeoutKeys).state === 'present';
    }

    // ---- Calls through instances: @grpc/grpc-js clients and mysql2 connections/pools ----

    /**
     * Where a grpc client constructor comes from: `local` when it provably is one in this file
     * (`grpc.Client`, a member of `loadPackageDefinition(…)`, `makeGenericClientConstructor(…)`),
     * an import from a project module for the reduce step to confirm, or `undefined`.
     */
    function grpcConstructorOrigin(expression: TS.Expression, path: string[], depth: number): 'local' | Via | undefined {
      if (depth > MAX_HOPS) return undefined;
      const e = scope.unwrap(expression);
      if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
        return grpcConstructorOrigin(e.expression, [e.name.text, ...path], depth + 1);
      }
      if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
        return grpcConstructorOrigin(e.expression, [e.argumentExpression.text, ...path], depth + 1);
      }
      if (ts.isCallExpression(e)) {
        const q = scope.qualifiedName(e.expression);
        if (!q || q.module !== grpcClients.module || q.path.length !== 1) return undefined;
        const name = q.path[0]!;
        if ((grpcClients.packageLoaders as readonly string[]).includes(name) && path.length > 0) return 'local';
        if ((grpcClients.constructorFactories as readonly string[]).includes(name) && path.length === 0) return 'local';
        return undefined;
      }
      if (!ts.isIdentifier(e)) return undefined;
      const binding = scope.lookup(e);
      if (binding?.kind === 'import') {
        if (normalizeModule(binding.module) === grpcClients.module) {
          const full = binding.imported === '*' || binding.imported === 'default' ? path : [binding.imported, ...path];
          return full.length === 1 && (grpcClients.constructors as readonly string[]).includes(full[0]!) ? 'local' : undefined;
        }
        return isRelative(binding.module) ? { module: binding.module, imported: binding.imported, path } : undefined;
      }
      if (binding?.kind === 'variable' && binding.constant && binding.declaration.initializer && ts.isIdentifier(binding.declaration.name)) {
        return grpcConstructorOrigin(binding.declaration.initializer, path, depth + 1);
      }
      return undefined;
    }

    /** `new Service(address, credentials, options?)`, unless its options may give every call a deadline. */
    function grpcClientOrigin(created: TS.NewExpression): 'local' | Via | undefined {
      const origin = grpcConstructorOrigin(created.expression, [], 0);
      if (!origin) return undefined;
      const options = findProperty(ts, scope, created.arguments?.[2], grpcClients.clientOptionKeys);
      return options.state === 'absent' ? origin : undefined;
    }

    type InstanceOrigin = { kind: 'grpc' | 'mysql2'; via?: Via; expect?: 'grpc-constructor' };

    /** What an instance expression (`client` in `client.getUser(…)`) was created by. */
    function instanceOrigin(expression: TS.Expression, depth: number): InstanceOrigin | { kind: 'import'; via: Via } | undefined {
      if (depth > MAX_HOPS) return undefined;
      const value = scope.resolveValue(expression);
      if (ts.isNewExpression(value)) {
        const origin = grpcClientOrigin(value);
        if (origin === 'local') return { kind: 'grpc' };
        return origin ? { kind: 'grpc', via: origin, expect: 'grpc-constructor' } : undefined;
      }
      if (ts.isCallExpression(value)) {
        const q = scope.qualifiedName(value.expression);
        if (q) {
          const factory = q.path.length === 1 && queryTimeoutClients.find((c) => (c.modules as readonly string[]).includes(q.module)
            && (c.factories as readonly string[]).includes(q.path[0]!));
          return factory ? { kind: 'mysql2' } : undefined;
        }
        // `pool.promise()`
        const callee = scope.unwrap(value.expression);
        if (ts.isPropertyAccessExpression(callee) && queryTimeoutClients.some((c) => (c.derived as readonly string[]).includes(callee.name.text))) {
          const inner = instanceOrigin(callee.expression, depth + 1);
          return inner && (inner.kind === 'mysql2' || inner.kind === 'import') ? inner : undefined;
        }
        return undefined;
      }
      if (ts.isIdentifier(value)) {
        const binding = scope.lookup(value);
        if (binding?.kind === 'import' && isRelative(binding.module)) {
          return { kind: 'import', via: { module: binding.module, imported: binding.imported, path: [] } };
        }
      }
      return undefined;
    }

    /** The call's result is dropped: a unary call, not a stream someone writes to or reads from. */
    function resultDiscarded(call: TS.CallExpression): boolean {
      let node: TS.Node = call;
      while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isVoidExpression(node.parent))) node = node.parent;
      const parent = node.parent;
      if (!parent) return false;
      if (ts.isExpressionStatement(parent)) return true;
      // `new Promise((resolve, reject) => client.getUser(req, cb))`
      const promise = parent.parent;
      if (ts.isArrowFunction(parent) && parent.body === node && promise && ts.isNewExpression(promise) && promise.arguments?.[0] === parent) {
        const q = scope.qualifiedName(promise.expression);
        return q?.module === '' && q.path.length === 1 && q.path[0] === 'Promise';
      }
      return false;
    }

    /**
     * A callback-style unary grpc call without call options that bound it: the edits of the
     * suggestion (possibly none), or `undefined` when the call is bounded or not judged.
     */
    function grpcCallWithoutDeadline(call: TS.CallExpression, method: string): { edits?: TextEdit[] } | undefined {
      if ((grpcClients.clientMethods as readonly string[]).includes(method)) return undefined;
      const request = method === grpcClients.genericUnary.method ? grpcClients.genericUnary.request : 0;
      const args = call.arguments;
      const callbackIndex = args.length - 1;
      // (request, callback), (request, metadata | options, callback), (request, metadata, options, callback)
      const middle = callbackIndex - request - 1;
      if (middle < 0 || middle > 2 || args.some((a) => ts.isSpreadElement(a))) return undefined;
      if (!isFunctionValue(args[callbackIndex]!) || isFunctionValue(args[request]!)) return undefined;
      if (!resultDiscarded(call)) return undefined;
      const property = grpcClients.fixProperty(context.options.timeoutMs);
      const before = (node: TS.Node): TextEdit[] => {
        const start = node.getStart(sourceFile);
        return [{ start, end: start, text: `{ ${property} }, ` }];
      };
      if (middle === 0) return { edits: before(args[callbackIndex]!) };
      const slot = args[callbackIndex - 1]!;
      if (middle === 1 && isGrpcMetadata(slot)) return { edits: before(args[callbackIndex]!) };
      const presence = findProperty(ts, scope, slot, grpcClients.callOptionKeys);
      if (presence.state !== 'absent') return undefined;
      const object = inlineObject(ts, scope, slot);
      return object ? { edits: [addProperty(ts, sourceFile, object, property)] } : {};
    }

    function isGrpcMetadata(e: TS.Expression): boolean {
      const v = scope.resolveValue(e);
      if (!ts.isNewExpression(v)) return false;
      const q = scope.qualifiedName(v.expression);
      return q?.module === grpcClients.module && q.path.length === 1 && q.path[0] === grpcClients.metadataClass;
    }

    /** A mysql2 query with no `timeout`: the suggestion's edits, or `undefined` when bounded or not judged. */
    function queryWithoutTimeout(call: TS.CallExpression, client: (typeof queryTimeoutClients)[number]): { edits: TextEdit[] } | undefined {
      const first = call.arguments[0];
      if (!first || ts.isSpreadElement(first)) return undefined;
      const property = `${client.timeoutKey}: ${context.options.timeoutMs}`;
      const value = scope.resolveValue(first);
      if (ts.isObjectLiteralExpression(value)) {
        if (findProperty(ts, scope, value, [client.timeoutKey]).state !== 'absent') return undefined;
        const object = inlineObject(ts, scope, first);
        return { edits: object ? [addProperty(ts, sourceFile, object, property)] : [] };
      }
      if (!isStringValue(value)) return undefined;
      return {
        edits: [{ start: first.getStart(sourceFile), end: first.getEnd(), text: `{ ${client.sqlKey}: ${first.getText(sourceFile)}, ${property} }` }],
      };
    }

    function isStringValue(e: TS.Expression): boolean {
      if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return true;
      return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken
        && (isStringValue(scope.resolveValue(e.left)) || isStringValue(scope.resolveValue(e.right)));
    }

    /** `client.method(…)` on a grpc client or a mysql2 instance. */
    function checkInstanceCall(call: TS.CallExpression): void {
      const callee = scope.unwrap(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return;
      const method = callee.name.text;
      const last = call.arguments[call.arguments.length - 1];
      const grpc = last && isFunctionValue(last) ? grpcCallWithoutDeadline(call, method) : undefined;
      const mysql = context.options.checkDatabases
        ? queryTimeoutClients.find((c) => (c.queries as readonly string[]).includes(method)) : undefined;
      const query = mysql ? queryWithoutTimeout(call, mysql) : undefined;
      if (!grpc && !query) return;
      const origin = instanceOrigin(callee.expression, 0);
      if (!origin) return;
      if (grpc && (origin.kind === 'grpc' || origin.kind === 'import')) {
        const pending: Pending | undefined = origin.kind === 'import'
          ? { via: origin.via, expect: 'grpc-client' }
          : origin.via ? { via: origin.via, expect: 'grpc-constructor' } : undefined;
        const property = grpcClients.fixProperty(context.options.timeoutMs);
        context.report({
          node: call,
          messageId: 'missingDeadline',
          data: { client: grpcClients.label, hint: `\`{ ${property} }\`` },
          ...(grpc.edits ? { suggest: [{ messageId: 'addTimeout', data: { property }, edits: grpc.edits }] } : {}),
          ...(pending ? { pending: pending as unknown as Json } : {}),
        });
        return;
      }
      if (query && mysql && (origin.kind === 'mysql2' || origin.kind === 'import')) {
        const property = `${mysql.timeoutKey}: ${context.options.timeoutMs}`;
        context.report({
          node: call,
          messageId: 'queryWithoutTimeout',
          data: { client: mysql.label, hint: `\`{ ${mysql.sqlKey}, ${property} }\`` },
          ...(query.edits.length > 0 ? { suggest: [{ messageId: 'addTimeout', data: { property }, edits: query.edits }] } : {}),
          ...(origin.kind === 'import' ? { pending: { via: origin.via, expect: 'mysql2' } satisfies Pending as unknown as Json } : {}),
        });
      }
    }

    /** The module-level constant a value initialises, through `await`, casts and `.promise()`. */
    function moduleLevelName(node: TS.Node): string | undefined {
      let n = node;
      for (;;) {
        const p = n.parent;
        if (!p) return undefined;
        if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p) || ts.isSatisfiesExpression(p)
          || ts.isAwaitExpression(p) || ts.isTypeAssertionExpression(p)) {
          n = p;
        } else if (ts.isPropertyAccessExpression(p) && p.expression === n && p.parent && ts.isCallExpression(p.parent)
          && p.parent.expression === p && queryTimeoutClients.some((c) => (c.derived as readonly string[]).includes(p.name.text))) {
          n = p.parent;
        } else {
          break;
        }
      }
      const d = n.parent;
      if (!d || !ts.isVariableDeclaration(d) || d.initializer !== n || !ts.isIdentifier(d.name)) return undefined;
      const list = d.parent;
      if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
      return list.parent?.parent && ts.isSourceFile(list.parent.parent) ? d.name.text : undefined;
    }

    function recordExport(node: TS.Node, kind: ExportKind): void {
      const name = moduleLevelName(node);
      if (name !== undefined) (data.exported ??= {})[name] = kind;
    }

    return {
      CallExpression(node) {
        const call = node as TS.CallExpression;
        const q = scope.qualifiedName(call.expression);
        // Through an instance: a local one, or one imported from a project module.
        if (!q || isRelative(q.module)) {
          checkInstanceCall(call);
          return;
        }
        const joined = q.path.join('.');
        if (q.module === grpcClients.module && q.path.length === 1) {
          if ((grpcClients.packageLoaders as readonly string[]).includes(joined)) recordExport(call, 'grpc-package');
          if ((grpcClients.constructorFactories as readonly string[]).includes(joined)) recordExport(call, 'grpc-constructor');
          return;
        }
        if (q.path.length === 1 && queryTimeoutClients.some((c) => (c.modules as readonly string[]).includes(q.module)
          && (c.factories as readonly string[]).includes(joined))) {
          recordExport(call, 'mysql2');
          return;
        }
        if (q.module === axiosDefaults.module && joined === axiosDefaults.interceptor) {
          if (interceptorSetsTimeout(call)) data.axiosDefaults = true;
          return;
        }
        if (q.module === globalDispatcher.module && joined === globalDispatcher.setter) {
          checkGlobalDispatcher(call);
          return;
        }
        const factory = matchClient(q, 'factories');
        if (factory) {
          checkCall(call, factory.client, factory.shape, true);
          return;
        }
        const match = matchClient(q, 'calls');
        if (match) checkCall(call, match.client, match.shape, false);
        else checkWarningTimeout(call, q);
      },
      NewExpression(node) {
        const created = node as TS.NewExpression;
        // A module-level grpc client another file may call through.
        if (moduleLevelName(created) !== undefined && grpcClientOrigin(created) === 'local') recordExport(created, 'grpc-client');
        const q = scope.qualifiedName(created.expression);
        if (!q || q.module === '') return;
        const joined = q.path.join('.');
        // Every matching row: one constructor may lack several limits (pg Pool).
        for (const client of httpClients) {
          if (!client.modules.includes(q.module)) continue;
          const shape = client.constructors?.find((s) => s.names.includes(joined));
          if (shape) checkCall(created, client, shape, false);
        }
        checkWarningTimeout(created, q);
      },
      BinaryExpression(node) {
        const b = node as TS.BinaryExpression;
        if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const left = scope.unwrap(b.left);
        if (!ts.isPropertyAccessExpression(left)) return;
        const key = left.name.text;
        if (!(axiosDefaults.defaultKeys as readonly string[]).includes(key)) return;
        const q = scope.qualifiedName(left);
        if (q && q.module === axiosDefaults.module && q.path.length === 2 && q.path[0] === 'defaults') {
          data.axiosDefaults = true;
          return;
        }
        // `api.defaults.timeout = …` on an instance created in this file.
        const defaults = scope.unwrap(left.expression);
        if (ts.isPropertyAccessExpression(defaults) && defaults.name.text === 'defaults' && ts.isIdentifier(defaults.expression)) {
          instanceDefaults.add(defaults.expression.text);
        }
      },
      'SourceFile:exit'() {
        for (const instance of instances) {
          if (instance.name && instanceDefaults.has(instance.name)) continue;
          instance.report();
        }
        if (data.axiosDefaults || data.globalDispatcher || data.exported) context.setData({ ...data });
      },
    };
  },

  reduce(context) {
    let axios = false;
    let dispatcher = false;
    for (const facts of context.files.values()) {
      const d = facts.data['require-timeout'] as Data | undefined;
      if (d?.axiosDefaults) axios = true;
      if (d?.globalDispatcher) dispatcher = true;
    }
    /** What the module-level value exported as `name` by `file` is (following re-exports). */
    const exportKind = (file: string, name: string, hops: number): ExportKind | undefined => {
      const facts: FileFacts | undefined = context.files.get(file);
      if (!facts || hops > MAX_HOPS) return undefined;
      for (const e of facts.exports) {
        if (e.name === name && e.local !== undefined && !e.from) {
          const local = (facts.data['require-timeout'] as Data | undefined)?.exported?.[e.local];
          if (local) return local;
          // `import { pool } from './db'; export { pool }`
          const imported = facts.imports.find((i) => i.local === e.local);
          const target = imported && isRelative(imported.module) ? context.resolveImport(file, imported.module) : undefined;
          return target ? exportKind(target, imported!.imported, hops + 1) : undefined;
        }
        if (e.from && (e.name === name || e.name === '*')) {
          const target = context.resolveImport(file, e.from);
          const kind = target ? exportKind(target, e.name === '*' ? name : e.imported ?? name, hops + 1) : undefined;
          if (kind) return kind;
        }
      }
      return undefined;
    };
    // A finding stands unless project-wide set-up covers it. When the front end cannot see the
    // whole project, that set-up may sit in a file it cannot see: report nothing then.
    if (!context.complete) return;
    for (const finding of context.pending) {
      const p = finding.pending as unknown as Pending;
      if ('via' in p) {
        // Only an instance confirmed in its own file makes a finding.
        const target = context.resolveImport(finding.file, p.via.module);
        let path = p.via.path;
        let name = p.via.imported;
        // A namespace import reads the export from the path (`import * as gen from './gen'; new gen.Client()`).
        if (name === '*' && path.length > 0) [name, path] = [path[0]!, path.slice(1)];
        if (target && accepts(exportKind(target, name, 0), path, p.expect)) context.keep(finding);
        continue;
      }
      if (p.coveredBy === 'axiosDefaults' && axios) continue;
      if (p.coveredBy === 'globalDispatcher' && dispatcher) continue;
      context.keep(finding);
    }
  },
});

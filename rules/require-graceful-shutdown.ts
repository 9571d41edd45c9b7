// require-graceful-shutdown: a process starts an HTTP server (`listen` in user code) and nothing in
// the project drains it on SIGTERM: no `process.on('SIGTERM', …)` handler that does more than exit,
// no shutdown library, no Nest `enableShutdownHooks()`. A project rule: reported once per app, at
// the call that creates it, from `reduce`, with a suggestion in that file when it also calls `listen`.
import type * as TS from 'typescript';
import { someDescendant } from '../src/engine/ast.js';
import { evidenceVisitors, type EvidenceFacts } from '../src/engine/evidence.js';
import { defineRule } from '../src/engine/rule.js';
import type { FileContext, FileFacts, Json, Suggestion } from '../src/engine/types.js';
import { framework, frameworks, serveCall } from '../src/knowledge/frameworks.js';
import {
  nonDrainingCalls, serverHandleNames, shutdownEvidence, shutdownStyles, signalListenerMethods, terminationSignal,
} from '../src/knowledge/shutdown.js';
import { projectMentions, provenEvidence, startedApps } from '../src/project/evidence.js';
import { handlerModel, type AppInfo } from '../src/project/handlers.js';

export interface Options {
  /** Names or modules of the project's own shutdown helpers. */
  modules: string[];
}

type MessageIds = 'missingGracefulShutdown' | 'addSigtermHandler' | 'enableShutdownHooks';

const ID = 'require-graceful-shutdown';

const messages: Record<MessageIds, string> = {
  missingGracefulShutdown:
    'This {{framework}} {{kind}} is started with no SIGTERM handler anywhere in the project, so every deploy, scale-in or node drain kills it with requests in flight and their clients get errors; on SIGTERM stop accepting connections, let the open ones finish, then exit.',
  addSigtermHandler:
    'Keep the server handle and add a SIGTERM handler that stops accepting connections and exits once they have drained (this changes how the process stops).',
  enableShutdownHooks:
    'Call enableShutdownHooks() before listen, so that Nest closes the app and its connections on SIGTERM (this changes how the process stops).',
};

/** A `listen` (or `serve`) call, and where statements can go around it. */
interface ListenFact {
  /** The receiver, when it is a plain identifier (`app.listen`, `server.listen`). */
  receiver?: string;
  /** The receiver is a node:http(s) server created in this file: it is its own handle. */
  receiverIsServer?: boolean;
  /** A serve function (`serve()` of @hono/node-server, knowledge/frameworks.ts), which returns the server. */
  serve?: boolean;
  /** The name the result is already bound to (`const server = app.listen(…)`). */
  boundTo?: string;
  /** The statement holding the call, in a block; `bare` when the call (maybe awaited) is all of it. */
  statement?: { start: number; end: number; indent: string; bare: boolean };
}

interface Data {
  evidence: EvidenceFacts;
  /** A SIGTERM listener here that does more than exit. */
  sigterm: boolean;
  listens: ListenFact[];
  /** Which of `serverHandleNames` the file already uses. */
  usedNames: string[];
}

const LISTEN = new Set(frameworks.flatMap((f) => f.listen));
const SERVER_FACTORIES = frameworks.find((f) => f.id === 'node-http')!.factories;

export default defineRule<Options>({
  id: ID,
  meta: {
    type: 'problem',
    description: 'Require a SIGTERM handler that drains the HTTP server before the process exits',
    config: 'recommended',
    scope: 'project',
    requires: ['http'],
    hasSuggestions: true,
    messages,
    schema: {
      type: 'object',
      properties: {
        modules: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description: "Names or modules of the project's own shutdown helpers (`./lib/lifecycle`, `@acme/service-kit`), used when they are imported.",
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { modules: [] },
  },

  create(context) {
    const evidence = evidenceVisitors(context, shutdownEvidence);
    const { ts, scope } = context;
    const listens: ListenFact[] = [];
    let sigterm = false;

    const used = new Set<string>();
    // Two literals, the evidence table's visitors and this rule's (see RuleDefinition.create).
    return [evidence.visitors, {
      CallExpression(node) {
        const call = node as TS.CallExpression;
        if (!sigterm && isDrainingSigtermListener(context, call)) sigterm = true;
        const callee = scope.unwrap(call.expression);
        const q = ts.isIdentifier(callee) ? scope.qualifiedName(callee) : undefined;
        const serve = serveCall(q) !== undefined;
        if (serve || (ts.isPropertyAccessExpression(callee) && LISTEN.has(callee.name.text))) {
          listens.push(listenFact(context, call, serve ? undefined : (callee as TS.PropertyAccessExpression).expression));
        }
      },
      Identifier(node) {
        const name = (node as TS.Identifier).text;
        if (serverHandleNames.includes(name)) used.add(name);
      },
      'SourceFile:exit'() {
        const usedNames = serverHandleNames.filter((n) => used.has(n));
        const data: Data = { evidence: evidence.result(), sigterm, listens, usedNames };
        context.setData(data as unknown as Json);
      },
    }];
  },

  reduce(context) {
    const dataOf = (facts: FileFacts | undefined) => facts?.data[ID] as unknown as Data | undefined;
    if (provenEvidence(context.files, (f) => dataOf(f)?.evidence, shutdownEvidence)) return;
    for (const facts of context.files.values()) if (dataOf(facts)?.sigterm) return;
    const model = handlerModel(context);
    if (context.options.modules.length > 0 && projectMentions(context, model, context.options.modules)) return;
    for (const app of startedApps(model, { withRoutes: false })) {
      const facts = context.files.get(app.file);
      const data = dataOf(facts);
      const listen = data && pickListen(app, data.listens);
      // Without the whole project, judge only an app whose file starts it and loads nothing of the
      // project: a SIGTERM handler needs the server, so it would be in this file or one it imports.
      if (!context.complete && (!app.selfContained || !listen
        || facts!.imports.some((i) => i.module.startsWith('.')))) continue;
      const suggestion = data && listen ? suggest(app, listen, data) : undefined;
      context.report({
        messageId: 'missingGracefulShutdown',
        data: { framework: framework(app.framework).label, kind: app.kind === 'server' ? 'server' : 'app' },
        file: app.file,
        span: app.container.span,
        scopeName: app.container.scopeName,
        text: app.container.text,
        ...(suggestion ? { suggestions: [suggestion] } : {}),
      });
    }
  },
});

/** `process.on('SIGTERM', handler)` (or a signal not written as a literal) whose handler drains. */
function isDrainingSigtermListener(context: FileContext<Options>, call: TS.CallExpression): boolean {
  const { ts, scope } = context;
  const callee = scope.unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !signalListenerMethods.includes(callee.name.text)) return false;
  const q = scope.qualifiedName(callee);
  if (!q) return false;
  const method = q.module === '' && q.path.length === 2 && q.path[0] === 'process' ? q.path[1]
    : q.module === 'process' && q.path.length === 1 ? q.path[0] : undefined;
  if (method === undefined || !signalListenerMethods.includes(method)) return false;
  const [signal, handler] = call.arguments;
  if (!signal || !handler) return false;
  const s = scope.resolveValue(signal);
  // `for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, …)`: the signal may be SIGTERM.
  if (ts.isStringLiteralLike(s) && s.text !== terminationSignal) return false;
  const fn = functionOf(context, handler);
  // An imported or computed handler cannot be seen: it may drain.
  return fn === undefined || drains(context, fn);
}

function functionOf(context: FileContext<Options>, expression: TS.Expression): TS.Node | undefined {
  const { ts, scope } = context;
  const e = scope.unwrap(expression);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
  if (!ts.isIdentifier(e)) return undefined;
  const binding = scope.lookup(e);
  if (binding?.kind === 'function') return binding.declaration;
  if (binding?.kind === 'variable' && binding.declaration.initializer) {
    const init = scope.unwrap(binding.declaration.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** Whether a handler calls anything besides exiting, timers and logging. */
function drains(context: FileContext<Options>, fn: TS.Node): boolean {
  const { ts, scope } = context;
  const processCalls: readonly string[] = nonDrainingCalls.process;
  const globals: readonly string[] = nonDrainingCalls.globals;
  const logMethods: readonly string[] = nonDrainingCalls.logMethods;
  const members: readonly string[] = nonDrainingCalls.members;
  return someDescendant(ts, fn, (node) => {
    if (!ts.isCallExpression(node)) return false;
    const callee = scope.unwrap(node.expression);
    const q = scope.qualifiedName(callee);
    if (q?.module === '' && q.path.length === 2 && q.path[0] === 'process' && processCalls.includes(q.path[1]!)) return false;
    if (q?.module === 'process' && q.path.length === 1 && processCalls.includes(q.path[0]!)) return false;
    if (q?.module === '' && q.path.length === 1 && globals.includes(q.path[0]!)) return false;
    if (ts.isPropertyAccessExpression(callee)) {
      if (members.includes(callee.name.text)) return false;
      let root: TS.Expression = callee.expression;
      while (ts.isPropertyAccessExpression(root)) root = root.expression;
      if (logMethods.includes(callee.name.text) && ts.isIdentifier(root) && nonDrainingCalls.loggers.test(root.text)) return false;
    }
    return true;
  });
}

function listenFact(context: FileContext<Options>, call: TS.CallExpression, receiver: TS.Expression | undefined): ListenFact {
  const { ts, scope, sourceFile } = context;
  const fact: ListenFact = {};
  if (!receiver) fact.serve = true;
  const r = receiver && scope.unwrap(receiver);
  if (r && ts.isIdentifier(r)) {
    fact.receiver = r.text;
    const value = scope.resolveValue(r);
    if (ts.isCallExpression(value)) {
      const q = scope.qualifiedName(value.expression);
      if (q && SERVER_FACTORIES.some((f) => f.module === q.module && f.path.join('.') === q.path.join('.'))) fact.receiverIsServer = true;
    }
  }
  let top: TS.Node = call;
  while (top.parent && (ts.isAwaitExpression(top.parent) || ts.isParenthesizedExpression(top.parent))) top = top.parent;
  const p = top.parent;
  let statement: TS.Statement | undefined;
  let bare = false;
  if (p && ts.isExpressionStatement(p)) {
    statement = p;
    bare = true;
  } else if (p && ts.isVariableDeclaration(p) && p.initializer === top && ts.isIdentifier(p.name)
    && ts.isVariableDeclarationList(p.parent) && p.parent.declarations.length === 1 && ts.isVariableStatement(p.parent.parent)) {
    statement = p.parent.parent;
    fact.boundTo = p.name.text;
  }
  if (statement && statement.parent && (ts.isBlock(statement.parent) || ts.isSourceFile(statement.parent))) {
    const start = statement.getStart(sourceFile);
    const lineStart = sourceFile.text.lastIndexOf('\n', start - 1) + 1;
    const indent = /^[ \t]*/.exec(sourceFile.text.slice(lineStart, start))![0];
    fact.statement = { start, end: statement.getEnd(), indent, bare };
  }
  return fact;
}

/** The `listen` of this app in its own file: on its binding, or the only one there. */
function pickListen(app: AppInfo, listens: readonly ListenFact[]): ListenFact | undefined {
  const own = listens.filter((l) => l.receiver !== undefined && l.receiver === app.container.local);
  if (own.length === 1) return own[0];
  return listens.length === 1 ? listens[0] : undefined;
}

function suggest(app: AppInfo, listen: ListenFact, data: Data): Suggestion | undefined {
  const style = shutdownStyles[app.framework];
  const at = listen.statement;
  if (!style || !at) return undefined;
  if (style.before) {
    if (!listen.receiver) return undefined;
    return {
      messageId: 'enableShutdownHooks',
      message: messages.enableShutdownHooks,
      edits: [{ start: at.start, end: at.start, text: `${style.before(listen.receiver)}\n${at.indent}` }],
    };
  }
  const edits: Suggestion['edits'] = [];
  let handle: string | undefined;
  if (listen.receiver && !listen.serve && (style.handle === 'receiver' || listen.receiverIsServer)) {
    handle = listen.receiver;
  } else if (style.handle === 'receiver') {
    return undefined;
  } else if (listen.boundTo) {
    handle = listen.boundTo;
  } else if (at.bare) {
    handle = serverHandleNames.find((n) => !data.usedNames.includes(n));
    if (!handle) return undefined;
    edits.push({ start: at.start, end: at.start, text: `const ${handle} = ` });
  }
  if (!handle || !style.handler) return undefined;
  const lines = style.handler(handle).split('\n').map((l) => (l === '' ? l : at.indent + l)).join('\n');
  edits.push({ start: at.end, end: at.end, text: `\n\n${lines}` });
  return { messageId: 'addSigtermHandler', message: messages.addSigtermHandler, edits };
}

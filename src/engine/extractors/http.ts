// The `http` extractor: the HTTP surface of one file, as plain data, gathered in the shared walk.
// Apps/routers/servers created, routes registered, routers mounted, middleware used, servers
// started, and a small summary of each function that matters (what it calls, which headers it
// reads, which state it writes). Cross-file meaning (which router is mounted where, which
// function is a handler) is made in src/project/handlers.ts from these facts.
import type * as TS from 'typescript';
import {
  frameworks, nest, next, nextRoutePath, serveCall, type ContainerKind, type FactoryKnowledge, type FrameworkId,
} from '../../knowledge/frameworks.js';
import {
  dbModules, dbReceiverName, ormIdempotentMethods, ormWriteMethods, queryMethods, sideEffectCalls,
  sqlIdempotent, sqlWrite,
} from '../../knowledge/idempotency.js';
import { memberName } from '../ast.js';
import { propertyName } from '../objects.js';
import type { Extractor, ExtractorContext, Json, Span } from '../types.js';

/**
 * What an expression refers to, in terms the project step can resolve:
 * - `fn`: a function in this file (`id` from `FunctionFact.id`);
 * - `container`: an app/router/server created in this file;
 * - `param`: the `index`-th parameter of a function (a Fastify plugin's instance, an
 *   `app` handed to `registerRoutes(app)`);
 * - `import`: an imported binding (and the member read on it: `orders.router`);
 * - `call`: what calling a function returns (`app.use(makeRouter())`).
 */
export type Ref =
  | { kind: 'fn'; id: string }
  | { kind: 'container'; id: string }
  | { kind: 'param'; fn: Ref; index: number }
  | { kind: 'import'; module: string; imported: string; member?: string }
  | { kind: 'call'; fn: Ref };

/** Something passed where middleware, a router or a plugin goes. */
export interface ItemFact {
  ref?: Ref;
  /** The expression's text (a call's callee), for matching names (`idempotency()`). */
  name?: string;
  /** The package it comes from, when it is imported from one. */
  module?: string;
}

export interface ContainerFact {
  id: string;
  kind: ContainerKind;
  framework: FrameworkId;
  /** The variable it is bound to, if any. */
  local?: string;
  span: Span;
  /** A path prefix given at creation (`new Router({ prefix })`, `@Controller('orders')`). */
  prefix?: string;
  /** `createServer(x)`: the app or request listener it serves. */
  serves?: Ref;
  /** Where a statement can be inserted right after the creation, and its indentation. */
  insertAt?: number;
  indent?: string;
  scopeName: string;
  text: string;
}

export interface RouteFact {
  /** `undefined` when the owner's framework is only known in the project step. */
  framework?: FrameworkId;
  /** What the route is registered on; `undefined` for file-based routes (Next.js). */
  owner?: Ref;
  /** Upper-case HTTP method, or `ALL`. */
  method: string;
  /** The literal path, when written as one. */
  path?: string;
  handler?: Ref;
  middleware: ItemFact[];
  /** Where a finding about this route goes (`router.post`, `@Post()`, `POST`). */
  span: Span;
  scopeName: string;
  text: string;
}

/** `use`/`route`/`register` on a container: routers mounted, middleware added. */
export interface UseFact {
  owner: Ref;
  method: string;
  prefix?: string;
  items: ItemFact[];
  span: Span;
}

/** A container handed to a function (`registerRoutes(app)`): the function adds to it. */
export interface HandFact {
  container: Ref;
  fn: Ref;
  index: number;
}

export interface WriteFact {
  kind: 'sql' | 'orm' | 'payment' | 'queue' | 'email';
  /** An upsert / `ON CONFLICT`: repeating it does not write twice. */
  idempotent: boolean;
  span: Span;
  text: string;
}

export interface FunctionFact {
  id: string;
  /** `createOrder`, `OrdersController.create`, `handlers.create`; absent for inline functions. */
  name?: string;
  span: Span;
  params: string[];
  /** Project functions it calls or passes along (nested closures included). */
  calls: Ref[];
  /** Lower-cased header names it reads. */
  headers: string[];
  writes: WriteFact[];
  /** HTTP methods it compares `*.method` with. */
  methods: string[];
  /** Paths it compares `*.url` / `*.path` / `*.pathname` with. */
  paths: string[];
  /** What it returns, when that is a container or a parameter. */
  returns?: Ref;
  /** Where a statement can be inserted at the start of its body, and its indentation. */
  bodyAt?: number;
  bodyIndent?: string;
}

/** The lists of a summary that facts found in the walk go to. */
type SummaryList = 'calls' | 'headers' | 'writes' | 'methods' | 'paths';

export interface HttpFacts {
  containers: ContainerFact[];
  routes: RouteFact[];
  uses: UseFact[];
  hands: HandFact[];
  listens: Ref[];
  functions: FunctionFact[];
  /** Top-level names (and `name.member` of object literals and classes) bound to functions or containers. */
  locals: Record<string, Ref>;
}

const MAX_REF_DEPTH = 6;
const MAX_WRITES = 20;
const MAX_TEXT = 120;
const ROUTE_METHODS = new Set(frameworks.flatMap((f) => f.routeMethods));
const METHOD_ALIASES: Record<string, string> = Object.assign({}, ...frameworks.map((f) => f.methodAliases ?? {}));
const HEADER_GETTERS = new Set(['get', 'header', 'getHeader', 'has', 'Headers', 'Header']);
const MOUNT_METHODS = new Set(['use', 'route', 'register']);
const HOOK_STAGES = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler']);
/** Each framework's factories by the module they come from, in the knowledge's order. */
const FACTORIES_BY_MODULE = new Map<string, { factory: FactoryKnowledge; framework: FrameworkId }[]>();
for (const f of frameworks) {
  for (const factory of f.factories) {
    let list = FACTORIES_BY_MODULE.get(factory.module);
    if (!list) FACTORIES_BY_MODULE.set(factory.module, (list = []));
    list.push({ factory, framework: f.id });
  }
}
/** Member calls on a child that stand for it when mounted (Koa's `router.routes()`), from the knowledge. */
const ROUTER_STANDINS = new Set(frameworks.flatMap((f) => f.mounts.flatMap((m) => m.unwrap ?? [])));

function isFunctionNode(ts: ExtractorContext['ts'], node: TS.Node): node is TS.FunctionLikeDeclaration {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)
    || ts.isMethodDeclaration(node);
}

function create(context: ExtractorContext) {
  const { ts, scope, sourceFile } = context;
  const text = sourceFile.text;
  const facts: HttpFacts = { containers: [], routes: [], uses: [], hands: [], listens: [], functions: [], locals: {} };
  const summaries = new Map<TS.Node, FunctionFact>();
  const functionNodes = new Map<string, TS.Node>();
  const referenced = new Set<string>();

  const span = (node: TS.Node) => context.span(node.getStart(sourceFile), node.getEnd());
  const snippet = (node: TS.Node) => text.slice(node.getStart(sourceFile), Math.min(node.getEnd(), node.getStart(sourceFile) + MAX_TEXT));
  // A function's id is asked for at each reference to it: made once per node.
  const ids = new Map<TS.Node, string>();
  const fnId = (node: TS.Node) => {
    let id = ids.get(node);
    if (id === undefined) ids.set(node, (id = `f${node.getStart(sourceFile)}`));
    return id;
  };
  const containerId = (node: TS.Node) => `c${node.getStart(sourceFile)}`;

  function lineIndent(offset: number): string {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
  }

  /** A string written in place, or a constant bound to one. */
  function stringValue(expression: TS.Expression | undefined): string | undefined {
    if (!expression) return undefined;
    const e = scope.resolveValue(expression);
    return ts.isStringLiteralLike(e) ? e.text : undefined;
  }

  /** The start of a (template) string: enough to see `INSERT INTO …`. */
  function leadingText(expression: TS.Expression | undefined): string | undefined {
    if (!expression) return undefined;
    const e = scope.resolveValue(expression);
    if (ts.isStringLiteralLike(e)) return e.text;
    if (ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((s) => ` $ ${s.literal.text}`).join('');
    return undefined;
  }

  function matchFactory(expression: TS.Expression): { factory: FactoryKnowledge; framework: FrameworkId } | undefined {
    if (!ts.isCallExpression(expression) && !ts.isNewExpression(expression)) return undefined;
    const q = scope.qualifiedName(expression.expression);
    if (!q || q.module === '') return undefined;
    for (const m of FACTORIES_BY_MODULE.get(q.module) ?? []) {
      if (m.factory.path.length === q.path.length && m.factory.path.every((p, i) => p === q.path[i])) return m;
    }
    return undefined;
  }

  // The same callee and arguments are asked about by several facts: answer each node once.
  const refs = new Map<TS.Expression, Ref | null>();
  function refOf(expression: TS.Expression | undefined): Ref | undefined {
    if (!expression) return undefined;
    const known = refs.get(expression);
    if (known !== undefined) return known ?? undefined;
    const ref = refAt(expression, 0);
    refs.set(expression, ref ?? null);
    return ref;
  }

  function refAt(expression: TS.Expression | undefined, depth: number): Ref | undefined {
    if (!expression || depth > MAX_REF_DEPTH) return undefined;
    const e = scope.unwrap(expression);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { kind: 'fn', id: fnId(e) };
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
      if (matchFactory(e)) return { kind: 'container', id: containerId(e) };
      if (ts.isCallExpression(e)) {
        const callee = scope.unwrap(e.expression);
        // `router.routes()` (Koa) stands for the router.
        if (ts.isPropertyAccessExpression(callee) && ROUTER_STANDINS.has(callee.name.text) && e.arguments.length === 0) {
          return refAt(callee.expression, depth + 1);
        }
        const fn = refAt(callee, depth + 1);
        if (fn && (fn.kind === 'fn' || fn.kind === 'import')) return { kind: 'call', fn };
      }
      return undefined;
    }
    if (ts.isIdentifier(e)) {
      const binding = scope.lookup(e);
      if (!binding) return undefined;
      if (binding.kind === 'import') return { kind: 'import', module: binding.module, imported: binding.imported };
      if (binding.kind === 'function') return { kind: 'fn', id: fnId(binding.declaration) };
      if (binding.kind === 'variable') {
        const d = binding.declaration;
        if (!ts.isIdentifier(d.name) || !d.initializer) return undefined;
        return refAt(d.initializer, depth + 1);
      }
      if (binding.kind === 'parameter') {
        const parameter = binding.node as TS.ParameterDeclaration;
        const fn = parameter.parent;
        if (!fn || !isFunctionNode(ts, fn) || !ts.isIdentifier(parameter.name)) return undefined;
        return { kind: 'param', fn: { kind: 'fn', id: fnId(fn) }, index: fn.parameters.indexOf(parameter) };
      }
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const member = e.name.text;
      const base = scope.unwrap(e.expression);
      if (base.kind === ts.SyntaxKind.ThisKeyword) {
        const method = classMember(e, member);
        return method ? { kind: 'fn', id: fnId(method) } : undefined;
      }
      // `this.ordersService.create()`: an injected dependency, typed by its class.
      if (ts.isPropertyAccessExpression(base) && scope.unwrap(base.expression).kind === ts.SyntaxKind.ThisKeyword) {
        const type = injectedType(base, base.name.text);
        if (!type) return undefined;
        const binding = scope.lookupName(type.text, type);
        if (binding?.kind === 'import') return { kind: 'import', module: binding.module, imported: binding.imported, member };
        if (binding?.kind === 'class') {
          const m = binding.declaration.members.find((x) => ts.isMethodDeclaration(x) && x.name && propertyName(ts, x.name) === member);
          return m ? { kind: 'fn', id: fnId(m) } : undefined;
        }
        return undefined;
      }
      const ref = refAt(base, depth + 1);
      if (ref?.kind === 'import' && ref.member === undefined) return { ...ref, member };
      if (ts.isIdentifier(base)) {
        const object = scope.resolveValue(base);
        if (ts.isObjectLiteralExpression(object)) {
          for (const p of object.properties) {
            if (!p.name || propertyName(ts, p.name) !== member) continue;
            if (ts.isMethodDeclaration(p)) return { kind: 'fn', id: fnId(p) };
            if (ts.isPropertyAssignment(p)) return refAt(p.initializer, depth + 1);
            if (ts.isShorthandPropertyAssignment(p)) return refAt(p.name, depth + 1);
          }
        }
      }
      return undefined;
    }
    return undefined;
  }

  /** The class named by the type of an injected property (`constructor(private svc: OrdersService)`). */
  function injectedType(node: TS.Node, property: string): TS.Identifier | undefined {
    for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
      if (!ts.isClassLike(n)) continue;
      for (const m of n.members) {
        let type: TS.TypeNode | undefined;
        if (ts.isPropertyDeclaration(m) && m.name && propertyName(ts, m.name) === property) type = m.type;
        if (ts.isConstructorDeclaration(m)) {
          for (const p of m.parameters) {
            if (ts.isIdentifier(p.name) && p.name.text === property && ts.getModifiers(p)?.length) type = p.type;
          }
        }
        if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return type.typeName;
      }
      return undefined;
    }
    return undefined;
  }

  function classMember(node: TS.Node, member: string): TS.MethodDeclaration | undefined {
    for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isClassLike(n)) {
        return n.members.find((m): m is TS.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.name
          && propertyName(ts, m.name) === member);
      }
    }
    return undefined;
  }

  function itemOf(expression: TS.Expression): ItemFact {
    const e = scope.unwrap(expression);
    const item: ItemFact = {};
    const ref = refOf(e);
    if (ref) item.ref = ref;
    const callee = ts.isCallExpression(e) || ts.isNewExpression(e) ? scope.unwrap(e.expression) : e;
    if (!ts.isArrowFunction(callee) && !ts.isFunctionExpression(callee)) item.name = snippet(callee);
    const q = scope.qualifiedName(callee);
    if (q && q.module !== '') item.module = q.module;
    return item;
  }

  // ---- containers ------------------------------------------------------------------------

  function addContainer(node: TS.CallExpression | TS.NewExpression, factory: FactoryKnowledge, framework: FrameworkId): void {
    let local: string | undefined;
    let statement: TS.Node | undefined;
    let p: TS.Node = node;
    while (p.parent && (ts.isAwaitExpression(p.parent) || ts.isParenthesizedExpression(p.parent) || ts.isAsExpression(p.parent))) p = p.parent;
    if (p.parent && ts.isVariableDeclaration(p.parent) && ts.isIdentifier(p.parent.name) && p.parent.initializer === p) {
      local = p.parent.name.text;
      const list = p.parent.parent;
      if (list && ts.isVariableDeclarationList(list) && list.declarations.length === 1 && list.parent && ts.isVariableStatement(list.parent)) {
        statement = list.parent;
      }
    }
    const fact: ContainerFact = {
      id: containerId(node),
      kind: factory.kind,
      framework,
      span: span(node),
      scopeName: scope.enclosingFunctionName(node),
      text: snippet(node),
    };
    if (local) fact.local = local;
    if (statement) {
      fact.insertAt = statement.getEnd();
      fact.indent = lineIndent(statement.getStart(sourceFile));
    }
    const args = node.arguments ?? [];
    if (factory.prefixOption && args[0]) {
      const options = scope.resolveValue(args[0]);
      if (ts.isObjectLiteralExpression(options)) {
        const prefix = optionString(options, factory.prefixOption);
        if (prefix !== undefined) fact.prefix = prefix;
      }
    }
    if (factory.kind === 'server') {
      // `createServer(listener)` or `createServer(options, listener)`.
      const listener = args.find((a) => !ts.isObjectLiteralExpression(scope.resolveValue(a)));
      const ref = refOf(listener);
      if (ref) {
        fact.serves = ref;
        if (ref.kind === 'fn') referenced.add(ref.id);
      }
    }
    facts.containers.push(fact);
  }

  function optionString(object: TS.ObjectLiteralExpression, key: string): string | undefined {
    for (const p of object.properties) {
      if (ts.isPropertyAssignment(p) && p.name && propertyName(ts, p.name) === key) return stringValue(p.initializer);
    }
    return undefined;
  }

  function optionNode(object: TS.ObjectLiteralExpression, key: string): TS.Expression | undefined {
    for (const p of object.properties) {
      if (!p.name || propertyName(ts, p.name) !== key) continue;
      if (ts.isPropertyAssignment(p)) return p.initializer;
      if (ts.isShorthandPropertyAssignment(p)) return p.name;
    }
    return undefined;
  }

  // ---- member calls on containers --------------------------------------------------------

  /** The container a call chain starts from: `router.route('/x').get(h).post(h)` → `router`, `/x`. */
  function ownerOf(receiver: TS.Expression): { owner: Ref; path?: string } | undefined {
    let e = scope.unwrap(receiver);
    let chainPath: string | undefined;
    for (let i = 0; i < MAX_REF_DEPTH && ts.isCallExpression(e); i++) {
      const callee = scope.unwrap(e.expression);
      if (!ts.isPropertyAccessExpression(callee)) break;
      const name = callee.name.text;
      if (name === 'route' && e.arguments.length === 1 && stringValue(e.arguments[0]) !== undefined) {
        chainPath = stringValue(e.arguments[0]);
      } else if (!ROUTE_METHODS.has(name) && name !== 'use') {
        break;
      }
      e = scope.unwrap(callee.expression);
    }
    const owner = refOf(e);
    if (!owner || owner.kind === 'fn') return undefined;
    // A package's export (`axios.get(url, config)`) is not a route owner.
    if (owner.kind === 'import' && !isRelative(owner.module)) return undefined;
    return chainPath === undefined ? { owner } : { owner, path: chainPath };
  }

  function isHandlerLike(expression: TS.Expression): boolean {
    const e = scope.unwrap(expression);
    return ts.isArrowFunction(e) || ts.isFunctionExpression(e) || ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)
      || ts.isCallExpression(e);
  }

  function memberCall(call: TS.CallExpression, callee: TS.PropertyAccessExpression): void {
    const name = callee.name.text;
    const args = call.arguments;
    if (ROUTE_METHODS.has(name)) {
      const found = ownerOf(callee.expression);
      if (!found) return;
      let path: string | undefined = found.path;
      let handlers: readonly TS.Expression[] = args;
      if (found.path === undefined) {
        // `x.get(path, ...handlers)`: the path must be a string, or the owner a container made here.
        path = stringValue(args[0]);
        if (args.length < 2) return;
        if (path === undefined && found.owner.kind !== 'container') return;
        handlers = args.slice(1);
      }
      if (handlers.length === 0 || !handlers.every(isHandlerLike)) return;
      addRoute(found.owner, (METHOD_ALIASES[name] ?? name).toUpperCase(), path, handlers, callee);
      return;
    }
    if (name === 'route' && args.length === 1) {
      const options = scope.resolveValue(args[0]!);
      if (!ts.isObjectLiteralExpression(options)) return;
      const owner = ownerOf(callee.expression)?.owner;
      const ro = frameworks.find((f) => f.routeObject)!.routeObject!;
      if (!owner) return;
      const handler = optionNode(options, ro.handlerKey);
      if (!handler) return;
      const methodNode = optionNode(options, ro.methodKey);
      const methodValue = methodNode && scope.resolveValue(methodNode);
      const methods = methodValue && ts.isArrayLiteralExpression(methodValue)
        ? methodValue.elements.map((m) => stringValue(m)) : [stringValue(methodValue)];
      const middleware: TS.Expression[] = [];
      for (const key of ro.middlewareKeys) {
        const m = optionNode(options, key);
        const v = m && scope.resolveValue(m);
        if (v && ts.isArrayLiteralExpression(v)) middleware.push(...v.elements);
        else if (m) middleware.push(m);
      }
      for (const method of methods) {
        if (method === undefined) continue;
        addRoute(owner, method.toUpperCase(), optionString(options, ro.pathKey), [...middleware, handler], callee);
      }
      return;
    }
    if (MOUNT_METHODS.has(name) || name === 'addHook' || name.startsWith('useGlobal')) {
      const found = ownerOf(callee.expression);
      if (!found || args.length === 0) return;
      let prefix: string | undefined;
      let items: readonly TS.Expression[] = args;
      if (name === 'register') {
        const options = args[1] && scope.resolveValue(args[1]);
        if (options && ts.isObjectLiteralExpression(options)) prefix = optionString(options, 'prefix');
        items = [args[0]!];
      } else if (name === 'addHook') {
        if (!HOOK_STAGES.has(stringValue(args[0]) ?? '')) return;
        items = args.slice(1);
      } else {
        const first = stringValue(args[0]);
        if (first !== undefined) {
          prefix = first;
          items = args.slice(1);
        } else if (args[0] && ts.isArrayLiteralExpression(scope.unwrap(args[0]))) {
          return; // `use([paths], …)`: not followed.
        }
      }
      if (items.length === 0) return;
      const fact: UseFact = { owner: found.owner, method: name.startsWith('useGlobal') ? 'use' : name, items: items.map(itemOf), span: span(call) };
      if (prefix !== undefined) fact.prefix = prefix;
      for (const item of fact.items) if (item.ref?.kind === 'fn') referenced.add(item.ref.id);
      facts.uses.push(fact);
      return;
    }
    if (name === 'listen') {
      const found = ownerOf(callee.expression);
      if (found) facts.listens.push(found.owner);
      return;
    }
    if (name === nest.globalPrefix) {
      const found = ownerOf(callee.expression);
      const prefix = stringValue(args[0]);
      if (found && prefix !== undefined) facts.uses.push({ owner: found.owner, method: nest.globalPrefix, prefix, items: [], span: span(call) });
    }
  }

  function addRoute(owner: Ref, method: string, path: string | undefined, handlers: readonly TS.Expression[], at: TS.Node, framework?: FrameworkId): void {
    let last = scope.unwrap(handlers[handlers.length - 1]!);
    // `asyncHandler(async (req, res) => …)`: the wrapped function is the handler.
    if (ts.isCallExpression(last) && !matchFactory(last)) {
      const inner = last.arguments.find((a) => ts.isArrowFunction(scope.unwrap(a)) || ts.isFunctionExpression(scope.unwrap(a)));
      if (inner) last = inner;
    }
    const handler = refOf(last);
    if (handler?.kind === 'fn') referenced.add(handler.id);
    const middleware = handlers.slice(0, -1).map(itemOf);
    for (const m of middleware) if (m.ref?.kind === 'fn') referenced.add(m.ref.id);
    const fact: RouteFact = {
      owner, method, middleware, span: span(at), scopeName: scope.enclosingFunctionName(at), text: snippet(at),
    };
    if (framework) fact.framework = framework;
    if (path !== undefined) fact.path = path;
    if (handler) fact.handler = handler;
    facts.routes.push(fact);
  }

  /** `registerRoutes(app)`: a container handed to a project function. */
  function handOver(call: TS.CallExpression): void {
    const fn = refOf(call.expression);
    if (!fn || (fn.kind !== 'fn' && !(fn.kind === 'import' && isRelative(fn.module)))) return;
    call.arguments.forEach((arg, index) => {
      const e = scope.unwrap(arg);
      if (!ts.isIdentifier(e)) return;
      const ref = refOf(e);
      if (ref && (ref.kind === 'container' || ref.kind === 'param' || ref.kind === 'import')) {
        facts.hands.push({ container: ref, fn, index });
      }
    });
  }

  // ---- NestJS ----------------------------------------------------------------------------

  function decoratorsOf(node: TS.Node): { name: string; call: TS.CallExpression; decorator: TS.Decorator }[] {
    if (!ts.canHaveDecorators(node)) return [];
    const out: { name: string; call: TS.CallExpression; decorator: TS.Decorator }[] = [];
    for (const d of ts.getDecorators(node) ?? []) {
      if (!ts.isCallExpression(d.expression)) continue;
      const q = scope.qualifiedName(d.expression.expression);
      if (q && q.module === nest.module && q.path.length === 1) out.push({ name: q.path[0]!, call: d.expression, decorator: d });
    }
    return out;
  }

  function nestController(node: TS.ClassDeclaration): void {
    const decorators = decoratorsOf(node);
    const controller = decorators.find((d) => d.name === nest.controller);
    if (!controller) return;
    const arg = controller.call.arguments[0];
    let prefix = stringValue(arg);
    const options = arg && scope.resolveValue(arg);
    if (prefix === undefined && options && ts.isObjectLiteralExpression(options)) prefix = optionString(options, 'path');
    const id = containerId(node);
    const fact: ContainerFact = {
      id, kind: 'router', framework: 'nest', span: span(controller.decorator), scopeName: '', text: snippet(controller.decorator),
    };
    if (node.name) fact.local = node.name.text;
    if (prefix !== undefined) fact.prefix = prefix;
    facts.containers.push(fact);
    const owner: Ref = { kind: 'container', id };
    const classMiddleware = decorators.filter((d) => (nest.middlewareDecorators as readonly string[]).includes(d.name))
      .flatMap((d) => d.call.arguments.map(itemOf));
    if (classMiddleware.length > 0) facts.uses.push({ owner, method: 'use', items: classMiddleware, span: span(controller.decorator) });
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      const ds = decoratorsOf(member);
      const middleware = ds.filter((d) => (nest.middlewareDecorators as readonly string[]).includes(d.name))
        .flatMap((d) => d.call.arguments.map(itemOf));
      for (const d of ds) {
        const method = nest.routes[d.name];
        if (!method) continue;
        const path = d.call.arguments.length === 0 ? '' : stringValue(d.call.arguments[0]);
        referenced.add(fnId(member));
        const route: RouteFact = {
          framework: 'nest', owner, method, middleware, handler: { kind: 'fn', id: fnId(member) },
          span: span(d.decorator), scopeName: member.name && ts.isIdentifier(member.name) ? member.name.text : '', text: snippet(d.decorator),
        };
        if (path !== undefined) route.path = path;
        facts.routes.push(route);
      }
    }
  }

  // ---- function summaries ----------------------------------------------------------------

  function summary(fn: TS.Node): FunctionFact {
    let s = summaries.get(fn);
    if (!s) {
      s = { id: fnId(fn), span: span(fn), params: [], calls: [], headers: [], writes: [], methods: [], paths: [] };
      summaries.set(fn, s);
    }
    return s;
  }

  /**
   * The summaries' facts (calls, headers, writes, compared methods and paths), in walk order, each
   * with the node it was found at. A function's summary gets the facts of the nodes inside it: at
   * the end, and only for the functions the facts keep (finishFunctions). Adding each fact to every
   * enclosing function as the walk went cost a walk to the root per fact and a summary (with its
   * span) for every function that had one.
   */
  const found: { pos: number; end: number; list: SummaryList; value: unknown; key?: string }[] = [];

  function addToEnclosing<K extends SummaryList>(node: TS.Node, list: K, value: FunctionFact[K][number]): void {
    found.push({ pos: node.pos, end: node.end, list, value });
  }

  /**
   * The facts found inside `fn`, each list's values once (writes all, as found). The walk is in
   * document order, so `found` is ordered by position and a function's facts are one run of it.
   */
  function fillLists(fn: TS.Node, s: FunctionFact): void {
    let lo = 0;
    let hi = found.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (found[mid]!.pos < fn.pos) lo = mid + 1;
      else hi = mid;
    }
    const seen = new Map<SummaryList, Set<string>>();
    for (let i = lo; i < found.length && found[i]!.pos < fn.end; i++) {
      const f = found[i]!;
      if (f.end > fn.end) continue;
      const list = s[f.list] as unknown[];
      if (f.list === 'writes') {
        list.push(f.value);
        continue;
      }
      const key = (f.key ??= JSON.stringify(f.value));
      let keys = seen.get(f.list);
      if (!keys) seen.set(f.list, (keys = new Set()));
      if (keys.has(key)) continue;
      keys.add(key);
      list.push(f.value);
    }
  }

  function isRelative(module: string): boolean {
    return module.startsWith('./') || module.startsWith('../') || module === '.' || module === '..';
  }

  function projectRef(expression: TS.Expression): Ref | undefined {
    const ref = refOf(expression);
    if (!ref) return undefined;
    if (ref.kind === 'fn') return ref;
    if (ref.kind === 'import' && isRelative(ref.module)) return ref;
    return undefined;
  }

  /** The leftmost name of a receiver chain (`this.repo.save` → `repo`, `prisma.order.create` → `prisma`). */
  function receiverRoot(expression: TS.Expression): { name?: string; module?: string } {
    let e = scope.unwrap(expression);
    for (let i = 0; i < 12; i++) {
      if (ts.isCallExpression(e)) e = scope.unwrap(e.expression);
      else if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
        const inner = scope.unwrap(e.expression);
        if (inner.kind === ts.SyntaxKind.ThisKeyword && ts.isPropertyAccessExpression(e)) return { name: e.name.text };
        e = inner;
      } else break;
    }
    if (!ts.isIdentifier(e)) return {};
    const q = scope.qualifiedName(e);
    const binding = scope.lookup(e);
    let module = q && q.module !== '' ? q.module : undefined;
    if (!module && binding?.kind === 'variable' && binding.declaration.initializer) {
      // `const prisma = new PrismaClient()`: the module of what created it.
      const init = scope.unwrap(binding.declaration.initializer);
      if (ts.isNewExpression(init) || ts.isCallExpression(init)) {
        const cq = scope.qualifiedName(init.expression);
        if (cq && cq.module !== '') module = cq.module;
      }
    }
    return module ? { name: e.text, module } : { name: e.text };
  }

  function isDbReceiver(expression: TS.Expression): boolean {
    const root = receiverRoot(expression);
    if (root.module && dbModules.includes(root.module)) return true;
    return root.name !== undefined && dbReceiverName.test(root.name);
  }

  function chainHasIdempotentStep(call: TS.CallExpression): boolean {
    let n: TS.Node = call;
    for (let i = 0; i < 8 && n.parent; i++) {
      const p = n.parent;
      if (ts.isPropertyAccessExpression(p) && p.expression === n) {
        if (ormIdempotentMethods.includes(p.name.text)) return true;
        n = p;
      } else if (ts.isCallExpression(p) && p.expression === n) {
        n = p;
      } else break;
    }
    return false;
  }

  function hasUpsertOption(call: TS.CallExpression): boolean {
    return call.arguments.some((a) => {
      const o = scope.resolveValue(a);
      if (!ts.isObjectLiteralExpression(o)) return false;
      const v = optionNode(o, 'upsert');
      return v !== undefined && v.kind === ts.SyntaxKind.TrueKeyword;
    });
  }

  function writeOf(call: TS.CallExpression): WriteFact | undefined {
    const callee = scope.unwrap(call.expression);
    const name = ts.isIdentifier(callee) ? callee.text : memberName(ts, callee);
    if (!name) return undefined;
    const make = (kind: WriteFact['kind'], idempotent: boolean): WriteFact => ({ kind, idempotent, span: span(call), text: snippet(call) });
    if (queryMethods.includes(name)) {
      const sql = leadingText(call.arguments[0]);
      if (sql !== undefined && sqlWrite.test(sql)) return make('sql', sqlIdempotent.test(sql));
    }
    const receiver = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
    if (receiver && (ormWriteMethods.includes(name) || ormIdempotentMethods.includes(name)) && isDbReceiver(receiver)) {
      if (ormIdempotentMethods.includes(name)) return make('orm', true);
      return make('orm', chainHasIdempotentStep(call) || hasUpsertOption(call));
    }
    const q = scope.qualifiedName(callee);
    const path = q?.path ?? [];
    for (const effect of sideEffectCalls) {
      if (!effect.names.includes(name)) continue;
      if (effect.module && q?.module !== effect.module) continue;
      if (effect.within) {
        const before = receiver && ts.isPropertyAccessExpression(receiver) ? receiver.name.text
          : path.length >= 2 ? path[path.length - 2] : undefined;
        if (!before || !effect.within.includes(before)) continue;
      }
      if (effect.receiver) {
        const r = receiver && (ts.isIdentifier(receiver) ? receiver.text : memberName(ts, receiver));
        if (!r || !effect.receiver.test(r)) continue;
      }
      return make(effect.kind, false);
    }
    return undefined;
  }

  function taggedWrite(node: TS.TaggedTemplateExpression): WriteFact | undefined {
    const tag = scope.unwrap(node.tag);
    const name = ts.isIdentifier(tag) ? tag.text : memberName(ts, tag);
    if (!name || !(name === 'sql' || queryMethods.includes(name))) return undefined;
    const t = node.template;
    const sql = ts.isNoSubstitutionTemplateLiteral(t) ? t.text : t.head.text + t.templateSpans.map((s) => ` $ ${s.literal.text}`).join('');
    if (!sqlWrite.test(sql)) return undefined;
    return { kind: 'sql', idempotent: sqlIdempotent.test(sql), span: span(node), text: snippet(node) };
  }

  function headerRead(call: TS.CallExpression): string | undefined {
    const callee = scope.unwrap(call.expression);
    const name = ts.isIdentifier(callee) ? callee.text : memberName(ts, callee);
    if (!name || !HEADER_GETTERS.has(name)) return undefined;
    return stringValue(call.arguments[0])?.toLowerCase();
  }

  /** `x.method === 'POST'`, `req.url === '/healthz'`: what a request listener checks. */
  function comparison(left: TS.Expression, right: TS.Expression): { kind: 'methods' | 'paths'; value: string } | undefined {
    const value = stringValue(right);
    if (value === undefined) return undefined;
    const l = scope.unwrap(left);
    const name = memberName(ts, l);
    if (name === 'method') return { kind: 'methods', value: value.toUpperCase() };
    if (name === 'url' || name === 'path' || name === 'pathname' || name === 'originalUrl') return { kind: 'paths', value };
    return undefined;
  }

  function recordComparison(node: TS.Node, left: TS.Expression, right: TS.Expression): void {
    const c = comparison(left, right) ?? comparison(right, left);
    if (c) addToEnclosing(node, c.kind, c.value);
  }

  // ---- the file as a whole ---------------------------------------------------------------

  function nameOf(fn: TS.Node): string | undefined {
    const p = fn.parent;
    if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
    if (ts.isMethodDeclaration(fn) && fn.name) {
      const member = propertyName(ts, fn.name);
      if (member === undefined) return undefined;
      if (p && ts.isClassLike(p)) return p.name ? `${p.name.text}.${member}` : member;
      if (p && ts.isObjectLiteralExpression(p)) {
        const owner = p.parent && ts.isVariableDeclaration(p.parent) && ts.isIdentifier(p.parent.name) ? p.parent.name.text : undefined;
        return owner ? `${owner}.${member}` : undefined;
      }
      return undefined;
    }
    if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
    if (p && ts.isPropertyAssignment(p) && p.name) {
      const member = propertyName(ts, p.name);
      const object = p.parent;
      const owner = object?.parent && ts.isVariableDeclaration(object.parent) && ts.isIdentifier(object.parent.name) ? object.parent.name.text : undefined;
      return owner && member ? `${owner}.${member}` : undefined;
    }
    if (p && ts.isPropertyDeclaration(p) && p.name && p.parent && ts.isClassLike(p.parent) && p.parent.name) {
      const member = propertyName(ts, p.name);
      return member ? `${p.parent.name.text}.${member}` : undefined;
    }
    if (ts.isFunctionExpression(fn) && fn.name) return fn.name.text;
    return undefined;
  }

  function collectLocals(): void {
    const add = (name: string, ref: Ref | undefined) => {
      if (ref && !(name in facts.locals)) facts.locals[name] = ref;
    };
    for (const statement of sourceFile.statements) {
      if (ts.isFunctionDeclaration(statement)) {
        const isDefault = (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
        if (statement.name) add(statement.name.text, { kind: 'fn', id: fnId(statement) });
        else if (isDefault) add('default', { kind: 'fn', id: fnId(statement) });
      } else if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          if (!ts.isIdentifier(d.name) || !d.initializer) continue;
          add(d.name.text, refOf(d.initializer));
          const init = scope.unwrap(d.initializer);
          if (ts.isObjectLiteralExpression(init)) {
            for (const p of init.properties) {
              const member = p.name && propertyName(ts, p.name);
              if (!member) continue;
              if (ts.isMethodDeclaration(p)) add(`${d.name.text}.${member}`, { kind: 'fn', id: fnId(p) });
              else if (ts.isPropertyAssignment(p)) add(`${d.name.text}.${member}`, refOf(p.initializer));
              else if (ts.isShorthandPropertyAssignment(p)) add(`${d.name.text}.${member}`, refOf(p.name));
            }
          }
        }
      } else if (ts.isClassDeclaration(statement) && statement.name) {
        for (const m of statement.members) {
          const member = m.name && propertyName(ts, m.name);
          if (!member) continue;
          if (ts.isMethodDeclaration(m)) add(`${statement.name.text}.${member}`, { kind: 'fn', id: fnId(m) });
          else if (ts.isPropertyDeclaration(m) && m.initializer) add(`${statement.name.text}.${member}`, refOf(m.initializer));
        }
      } else if (ts.isExportAssignment(statement)) {
        const e = scope.unwrap(statement.expression);
        if (!ts.isIdentifier(e)) add('default', refOf(e));
      }
    }
  }

  function nextRoutes(): void {
    const file = context.file.split('\\').join('/');
    const app = next.appRouteFile.exec(file);
    if (app) {
      const path = nextRoutePath(app[1]!);
      for (const statement of sourceFile.statements) {
        const exported = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (!exported) continue;
        const named: [TS.Identifier, TS.Node][] = [];
        if (ts.isFunctionDeclaration(statement) && statement.name) named.push([statement.name, statement]);
        if (ts.isVariableStatement(statement)) {
          for (const d of statement.declarationList.declarations) {
            if (ts.isIdentifier(d.name) && d.initializer) named.push([d.name, d.initializer]);
          }
        }
        for (const [id, value] of named) {
          if (!(next.methods as readonly string[]).includes(id.text)) continue;
          const handler = ts.isFunctionDeclaration(value) ? { kind: 'fn' as const, id: fnId(value) } : refOf(value as TS.Expression);
          if (handler?.kind === 'fn') referenced.add(handler.id);
          const route: RouteFact = { framework: 'next', method: id.text, path, middleware: [], span: span(id), scopeName: id.text, text: id.text };
          if (handler) route.handler = handler;
          facts.routes.push(route);
        }
      }
      return;
    }
    const pages = next.pagesApiFile.exec(file);
    if (!pages) return;
    for (const statement of sourceFile.statements) {
      let handler: Ref | undefined;
      let at: TS.Node | undefined;
      if (ts.isFunctionDeclaration(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
        handler = { kind: 'fn', id: fnId(statement) };
        at = statement.name ?? statement;
      } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
        handler = refOf(statement.expression);
        at = statement.expression;
      }
      if (!handler || !at) continue;
      if (handler.kind === 'fn') referenced.add(handler.id);
      facts.routes.push({
        framework: 'next', method: 'ALL', path: nextRoutePath(pages[1]!), handler, middleware: [],
        // The handler's name, or `export default` for an anonymous one.
        span: ts.isFunctionDeclaration(at) ? context.span(at.getStart(sourceFile), at.getStart(sourceFile) + 'export default'.length) : span(at),
        scopeName: ts.isIdentifier(at) ? at.text : '', text: ts.isIdentifier(at) ? at.text : 'export default',
      });
    }
  }

  function finishFunctions(): void {
    for (const r of facts.routes) if (r.handler?.kind === 'call') addReferenced(r.handler);
    const keep = new Map<string, TS.Node>();
    for (const [id, node] of functionNodes) {
      if (referenced.has(id) || nameOf(node) !== undefined) keep.set(id, node);
    }
    for (const [id, node] of keep) {
      const s = summary(node);
      const name = nameOf(node);
      if (name !== undefined) s.name = name;
      const fn = node as TS.FunctionLikeDeclaration;
      s.params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
      const body = fn.body;
      if (body && ts.isBlock(body)) {
        s.bodyAt = body.getStart(sourceFile) + 1;
        const first = body.statements[0];
        s.bodyIndent = first ? lineIndent(first.getStart(sourceFile)) : `${lineIndent(fn.getStart(sourceFile))}  `;
      } else if (body) {
        const r = refOf(body);
        if (r && (r.kind === 'container' || r.kind === 'param')) s.returns = r;
      }
      void id;
    }
    for (const [node, s] of summaries) {
      if (!keep.has(s.id)) continue;
      fillLists(node, s);
      s.writes = s.writes.slice(0, MAX_WRITES);
      facts.functions.push(s);
    }
    facts.functions.sort((a, b) => a.span.start - b.span.start);
  }

  function addReferenced(ref: Ref): void {
    if (ref.kind === 'fn') referenced.add(ref.id);
    else if (ref.kind === 'call' || ref.kind === 'param') addReferenced(ref.fn);
  }

  const onFunction = (node: TS.Node) => {
    functionNodes.set(fnId(node), node);
  };

  return {
    visitors: {
      FunctionDeclaration: onFunction,
      FunctionExpression: onFunction,
      ArrowFunction: onFunction,
      MethodDeclaration: onFunction,
      ClassDeclaration(node: TS.Node) {
        nestController(node as TS.ClassDeclaration);
      },
      NewExpression(node: TS.Node) {
        const e = node as TS.NewExpression;
        const m = matchFactory(e);
        if (m) addContainer(e, m.factory, m.framework);
      },
      CallExpression(node: TS.Node) {
        const call = node as TS.CallExpression;
        const m = matchFactory(call);
        if (m) {
          addContainer(call, m.factory, m.framework);
        } else {
          const callee = scope.unwrap(call.expression);
          if (ts.isPropertyAccessExpression(callee)) memberCall(call, callee);
          handOver(call);
          // `serve({ fetch: app.fetch })` (@hono/node-server) starts a Hono app.
          const serve = serveCall(scope.qualifiedName(callee));
          if (serve && call.arguments[0]) {
            const options = scope.resolveValue(call.arguments[0]);
            const fetch = ts.isObjectLiteralExpression(options) ? optionNode(options, serve.appOption) : undefined;
            const target = fetch && ts.isPropertyAccessExpression(scope.unwrap(fetch)) ? refOf((scope.unwrap(fetch) as TS.PropertyAccessExpression).expression) : undefined;
            if (target) facts.listens.push(target);
          }
        }
        // Function summaries: calls into the project, header reads, writes.
        const target = projectRef(call.expression);
        if (target) addToEnclosing(call, 'calls', target);
        for (const arg of call.arguments) {
          const e = scope.unwrap(arg);
          if (!ts.isIdentifier(e) && !ts.isPropertyAccessExpression(e)) continue;
          const ref = projectRef(e);
          if (ref) addToEnclosing(call, 'calls', ref);
        }
        const header = headerRead(call);
        if (header !== undefined) addToEnclosing(call, 'headers', header);
        const write = writeOf(call);
        if (write) addToEnclosing(call, 'writes', write);
        const callee = scope.unwrap(call.expression);
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'startsWith') {
          recordComparison(call, callee.expression, call.arguments[0] ?? callee);
        }
      },
      TaggedTemplateExpression(node: TS.Node) {
        const write = taggedWrite(node as TS.TaggedTemplateExpression);
        if (write) addToEnclosing(node, 'writes', write);
      },
      ElementAccessExpression(node: TS.Node) {
        // `req.headers['idempotency-key']`
        const e = node as TS.ElementAccessExpression;
        if (memberName(ts, scope.unwrap(e.expression)) !== 'headers') return;
        const header = stringValue(e.argumentExpression);
        if (header !== undefined) addToEnclosing(node, 'headers', header.toLowerCase());
      },
      BinaryExpression(node: TS.Node) {
        const b = node as TS.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken
          && op !== ts.SyntaxKind.ExclamationEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsToken) return;
        recordComparison(b, b.left, b.right);
      },
      CaseClause(node: TS.Node) {
        const clause = node as TS.CaseClause;
        const switchStatement = clause.parent?.parent;
        if (switchStatement && ts.isSwitchStatement(switchStatement)) recordComparison(clause, switchStatement.expression, clause.expression);
      },
      ReturnStatement(node: TS.Node) {
        const r = node as TS.ReturnStatement;
        if (!r.expression) return;
        for (let n: TS.Node | undefined = r.parent; n; n = n.parent) {
          if (!isFunctionNode(ts, n)) continue;
          const ref = refOf(r.expression);
          if (ref && (ref.kind === 'container' || ref.kind === 'param')) summary(n).returns = ref;
          break;
        }
      },
    },
    result() {
      nextRoutes();
      collectLocals();
      for (const u of facts.uses) for (const i of u.items) if (i.ref) addReferenced(i.ref);
      for (const h of facts.hands) addReferenced(h.fn);
      finishFunctions();
      return facts as unknown as Json;
    },
  };
}

export const httpExtractor: Extractor = {
  name: 'http',
  create,
};

/** The http facts of a file (empty when the extractor did not run on it). */
export function httpFacts(shared: Record<string, unknown>): HttpFacts | undefined {
  return shared.http as HttpFacts | undefined;
}

// The request-handler model: from every file's `http` facts (src/engine/extractors/http.ts), which
// functions are request handlers (method, full path, framework), which apps and servers exist,
// and whether a function runs on the request path. Built in the reduce step, once per project
// view, and shared by every rule that asks (a rule lists `requires: ['http']` in its meta).
//
//   const model = handlerModel(context);               // in a rule's `reduce(context)`
//   for (const h of model.handlers) h.method, h.path, h.route.span …
//   model.onRequestPath(file, offset, 3)               // is the code at `offset` run per request?
//   model.reachableFromHandler(file, 'findUser', 3)    // is this function called from a handler?
import type { FrameworkId } from '../knowledge/frameworks.js';
import { joinPaths } from '../knowledge/frameworks.js';
import type {
  ContainerFact, FunctionFact, HttpFacts, ItemFact, Ref, RouteFact,
} from '../engine/extractors/http.js';
import type { FileFacts, ReduceContext, Span } from '../engine/types.js';

/** A function of the project: the file it is in and its facts. */
export interface ProjectFunction {
  file: string;
  fact: FunctionFact;
}

/** A middleware (or plugin hook, Nest interceptor) in front of a route. */
export interface ResolvedMiddleware {
  /** The file where it is used. */
  file: string;
  item: ItemFact;
  /** The project function it resolves to (the middleware itself, or the factory that returns it). */
  fn?: ProjectFunction;
}

export interface RequestHandler {
  framework: FrameworkId;
  /** Upper-case HTTP method (`POST`), or `ALL` for a catch-all listener without method checks. */
  method: string;
  /** The full path, mount prefixes composed (`/orders/:id`); `undefined` when a part is not a literal. */
  path?: string;
  /** The path as written in the registration (`/:id`), when a literal. */
  routePath?: string;
  /**
   * The top container it is served from (an app, a server, or an unmounted router), when it is
   * registered on one; `undefined` for file-based routes (Next.js).
   */
  root?: { file: string; container: ContainerFact };
  /** Where the route is registered (`router.post` in routes/orders.ts, `@Post()`, `export function POST`). */
  route: { file: string; span: Span; scopeName: string; text: string };
  /** The handler function, when it can be resolved (inline, local, imported, a controller method). */
  fn?: ProjectFunction;
  /** Middleware on the route, its containers and the mounts above them, nearest last. */
  middleware: ResolvedMiddleware[];
}

export interface AppInfo {
  file: string;
  container: ContainerFact;
  framework: FrameworkId;
  kind: ContainerFact['kind'];
  /** `listen` is called on it (or on a server serving it, or `serve({ fetch: app.fetch })`). */
  listens: boolean;
  /**
   * Nothing in its own file brings routes from elsewhere: no router/plugin/middleware imported
   * into it, not exported, not handed to a function of another file, not a Nest app. Only such
   * an app can be judged from its own file when the project view is incomplete.
   */
  selfContained: boolean;
}

export interface RequestPath {
  /** The handler (or middleware) the function is reached from. */
  from: ProjectFunction;
  /** The route, when `from` is a handler. */
  handler?: RequestHandler;
  /** Calls between `from` and the function (0: it is the handler itself). */
  depth: number;
}

export interface HandlerModel {
  /** Every route with its resolved handler, in file order. */
  readonly handlers: readonly RequestHandler[];
  /** Apps and servers that are roots (not mounted in or served by another): the deployable units. */
  readonly apps: readonly AppInfo[];
  /** Every function with facts, in every file. */
  functionsIn(file: string): readonly FunctionFact[];
  /** A function by file and name (`createOrder`, `OrdersController.create`) or id. */
  findFunction(file: string, nameOrId: string): ProjectFunction | undefined;
  /** Resolve a reference written in `file` to a project function (following imports and re-exports). */
  resolveFunction(file: string, ref: Ref): ProjectFunction | undefined;
  /** Whether a function (by name or id) is a handler or middleware, or called from one within `maxDepth` calls. */
  reachableFromHandler(file: string, nameOrId: string, maxDepth?: number): RequestPath | undefined;
  /** Whether the code at `offset` in `file` runs inside a function on the request path (innermost first). */
  onRequestPath(file: string, offset: number, maxDepth?: number): RequestPath | undefined;
}

export const DEFAULT_DEPTH = 3;
const MAX_DEPTH = 8;
const MAX_MOUNT_DEPTH = 12;

type Target =
  | { kind: 'fn'; key: string }
  | { kind: 'container'; key: string }
  | { kind: 'param'; key: string };

interface Node {
  key: string;
  file: string;
  container?: ContainerFact;
  framework?: FrameworkId;
  routes: { file: string; fact: RouteFact }[];
  middleware: ResolvedMiddleware[];
  children: { key: string; prefix: string | undefined; middleware: ResolvedMiddleware[] }[];
  parents: number;
  servedBy: string[];
}

type ModelSource = Pick<ReduceContext<unknown>, 'files' | 'resolveImport'>;

const cache = new WeakMap<ReadonlyMap<string, FileFacts>, HandlerModel>();

/** The model for a reduce context's files (built once per project view, shared by rules). */
export function handlerModel(context: ModelSource): HandlerModel {
  let model = cache.get(context.files);
  if (!model) {
    model = buildHandlerModel(context);
    cache.set(context.files, model);
  }
  return model;
}

export function buildHandlerModel(context: ModelSource): HandlerModel {
  const http = new Map<string, HttpFacts>();
  for (const [file, facts] of context.files) {
    const h = facts.shared.http as unknown as HttpFacts | undefined;
    if (h) http.set(file, h);
  }
  const functions = new Map<string, ProjectFunction>();
  const containers = new Map<string, { file: string; fact: ContainerFact }>();
  for (const [file, h] of http) {
    for (const f of h.functions) functions.set(`${file}#${f.id}`, { file, fact: f });
    for (const c of h.containers) containers.set(`${file}#${c.id}`, { file, fact: c });
  }

  // ---- resolution --------------------------------------------------------------------------

  function exported(file: string, name: string, member: string | undefined, depth: number): Target | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const facts = context.files.get(file);
    const h = http.get(file);
    if (!facts || !h) return undefined;
    const local = (n: string) => {
      const ref = h.locals[member ? `${n}.${member}` : n];
      return ref ? resolve(file, ref, depth + 1) : undefined;
    };
    for (const e of facts.exports) {
      if (e.name !== name) continue;
      if (e.from) {
        const target = context.resolveImport(file, e.from);
        if (target && e.imported && e.imported !== '*') return exported(target, e.imported, member, depth + 1);
        if (target && e.imported === '*' && member) return exported(target, member, undefined, depth + 1);
        continue;
      }
      const found = local(e.local ?? name);
      if (found) return found;
    }
    if (name === 'default') {
      const found = local('default');
      if (found) return found;
    }
    for (const e of facts.exports) {
      if (e.name !== '*' || !e.from) continue;
      const target = context.resolveImport(file, e.from);
      const found = target && exported(target, name, member, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  function resolve(file: string, ref: Ref, depth = 0): Target | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (ref.kind) {
      case 'fn':
        return functions.has(`${file}#${ref.id}`) ? { kind: 'fn', key: `${file}#${ref.id}` } : undefined;
      case 'container':
        return { kind: 'container', key: `${file}#${ref.id}` };
      case 'param': {
        const fn = resolve(file, ref.fn, depth + 1);
        return fn?.kind === 'fn' ? { kind: 'param', key: `${fn.key}/${ref.index}` } : undefined;
      }
      case 'call': {
        const fn = resolve(file, ref.fn, depth + 1);
        if (fn?.kind !== 'fn') return undefined;
        const f = functions.get(fn.key)!;
        return f.fact.returns ? resolve(f.file, f.fact.returns, depth + 1) : fn;
      }
      case 'import': {
        const target = context.resolveImport(file, ref.module);
        if (!target) return undefined;
        if (ref.imported === '*') {
          return ref.member ? exported(target, ref.member, undefined, depth + 1) : exported(target, 'default', undefined, depth + 1);
        }
        return exported(target, ref.imported, ref.member, depth + 1);
      }
    }
  }

  function resolveFunction(file: string, ref: Ref): ProjectFunction | undefined {
    let t = resolve(file, ref);
    // A middleware factory call resolves to what it returns; its facts are the factory's.
    if (!t && ref.kind === 'call') t = resolve(file, ref.fn);
    if (t?.kind === 'fn') return functions.get(t.key);
    if (ref.kind === 'call') {
      const fn = resolve(file, ref.fn);
      return fn?.kind === 'fn' ? functions.get(fn.key) : undefined;
    }
    return undefined;
  }

  const middlewareOf = (file: string, item: ItemFact): ResolvedMiddleware => {
    const fn = item.ref ? resolveFunction(file, item.ref) : undefined;
    return fn ? { file, item, fn } : { file, item };
  };

  // ---- the container graph -----------------------------------------------------------------

  const nodes = new Map<string, Node>();
  const node = (key: string, file: string): Node => {
    let n = nodes.get(key);
    if (!n) {
      const c = containers.get(key);
      n = { key, file, routes: [], middleware: [], children: [], parents: 0, servedBy: [] };
      if (c) {
        n.container = c.fact;
        n.framework = c.fact.framework;
      }
      nodes.set(key, n);
    }
    return n;
  };
  for (const [key, c] of containers) node(key, c.file);
  const fileOf = (key: string) => key.slice(0, key.indexOf('#'));
  const isOwner = (t: Target | undefined): t is Target => t !== undefined && (t.kind === 'container' || t.kind === 'param');
  const mount = (parent: Node, childKey: string, prefix: string | undefined, middleware: ResolvedMiddleware[]) => {
    if (childKey === parent.key) return;
    const child = node(childKey, fileOf(childKey));
    parent.children.push({ key: childKey, prefix, middleware });
    child.parents++;
  };

  const fileRoutes: { file: string; fact: RouteFact }[] = [];
  const listening = new Set<string>();
  for (const [file, h] of http) {
    for (const r of h.routes) {
      if (!r.owner) {
        fileRoutes.push({ file, fact: r });
        continue;
      }
      const owner = resolve(file, r.owner);
      if (isOwner(owner)) node(owner.key, fileOf(owner.key)).routes.push({ file, fact: r });
    }
    for (const u of h.uses) {
      const owner = resolve(file, u.owner);
      if (!isOwner(owner)) continue;
      const parent = node(owner.key, fileOf(owner.key));
      const before: ResolvedMiddleware[] = [];
      for (const item of u.items) {
        const t = item.ref ? resolve(file, item.ref) : undefined;
        if (u.method === 'register' && t?.kind === 'fn') {
          mount(parent, `${t.key}/0`, u.prefix, [...before]);
        } else if (isOwner(t)) {
          mount(parent, t.key, u.prefix, [...before]);
        } else if (u.method !== 'register') {
          const m = middlewareOf(file, item);
          before.push(m);
          if (u.prefix === undefined) parent.middleware.push(m);
        }
      }
    }
    for (const hand of h.hands) {
      const owner = resolve(file, hand.container);
      const fn = resolve(file, hand.fn);
      if (isOwner(owner) && fn?.kind === 'fn') mount(node(owner.key, fileOf(owner.key)), `${fn.key}/${hand.index}`, undefined, []);
    }
    for (const l of h.listens) {
      const t = resolve(file, l);
      if (isOwner(t)) listening.add(t.key);
    }
    for (const c of h.containers) {
      if (!c.serves) continue;
      const key = `${file}#${c.id}`;
      const t = resolve(file, c.serves);
      if (t?.kind === 'container') {
        node(t.key, fileOf(t.key)).servedBy.push(key);
      } else if (t?.kind === 'fn') {
        // A request listener: one catch-all route on the server.
        node(key, file).routes.push({
          file,
          fact: { framework: 'node-http', owner: { kind: 'container', id: c.id }, method: 'ALL', handler: c.serves, middleware: [], span: c.span, scopeName: c.scopeName, text: c.text },
        });
      }
    }
  }

  // ---- handlers, walking down from the roots ---------------------------------------------------

  const handlers: RequestHandler[] = [];
  const addRoute = (file: string, r: RouteFact, framework: FrameworkId, base: string | undefined, inherited: ResolvedMiddleware[], root?: Node) => {
    const fn = r.handler ? resolveFunction(file, r.handler) : undefined;
    const path = base === undefined || (r.path === undefined && r.framework !== 'next') ? undefined
      : r.path === undefined ? base : joinPaths(base, r.path);
    const middleware = [...inherited, ...r.middleware.map((m) => middlewareOf(file, m))];
    const methods = r.method === 'ALL' && fn && fn.fact.methods.length > 0 ? fn.fact.methods : [r.method];
    for (const method of methods) {
      const h: RequestHandler = {
        framework: r.framework ?? framework,
        method,
        route: { file, span: r.span, scopeName: r.scopeName, text: r.text },
        middleware,
      };
      if (path !== undefined) h.path = path;
      if (r.path !== undefined) h.routePath = r.path;
      if (root?.container) h.root = { file: root.file, container: root.container };
      if (fn) h.fn = fn;
      handlers.push(h);
    }
  };

  const visited = new Set<string>();
  const walk = (n: Node, root: Node, base: string | undefined, framework: FrameworkId, inherited: ResolvedMiddleware[], depth: number, seen: Set<string>) => {
    if (depth > MAX_MOUNT_DEPTH || seen.has(n.key)) return;
    visited.add(n.key);
    const nextSeen = new Set(seen).add(n.key);
    const own = n.container?.prefix;
    const here = base === undefined ? undefined : own !== undefined ? joinPaths(base, own) : base;
    const middleware = [...inherited, ...n.middleware];
    for (const r of n.routes) addRoute(r.file, r.fact, framework, here, middleware, root);
    for (const c of n.children) {
      const child = nodes.get(c.key)!;
      const childBase = here === undefined ? undefined : c.prefix === undefined ? here : joinPaths(here, c.prefix);
      walk(child, root, childBase, child.framework ?? framework, [...middleware, ...c.middleware], depth + 1, nextSeen);
    }
  };
  const sorted = [...nodes.values()].sort((a, b) => a.key.localeCompare(b.key));
  for (const n of sorted) if (n.container && n.parents === 0) walk(n, n, '', n.framework!, [], 0, new Set());
  // Containers only inside a cycle of mounts: still walk them once.
  for (const n of sorted) if (n.container && !visited.has(n.key)) walk(n, n, undefined, n.framework!, [], 0, new Set());
  for (const r of fileRoutes) addRoute(r.file, r.fact, r.fact.framework ?? 'next', '', []);
  handlers.sort((a, b) => a.route.file.localeCompare(b.route.file) || a.route.span.start - b.route.span.start || a.method.localeCompare(b.method));

  // ---- apps --------------------------------------------------------------------------------

  const apps: AppInfo[] = [];
  for (const n of sorted) {
    const c = n.container;
    if (!c || c.kind === 'router' || n.parents > 0) continue;
    // A server serving an app of this project is that app's listener, not another app.
    const servesApp = c.serves && resolve(n.file, c.serves)?.kind === 'container';
    if (servesApp) continue;
    const listens = listening.has(n.key) || n.servedBy.some((s) => listening.has(s));
    apps.push({ file: n.file, container: c, framework: c.framework, kind: c.kind, listens, selfContained: selfContained(n.file, c) });
  }

  function selfContained(file: string, c: ContainerFact): boolean {
    if (c.framework === 'nest') return false;
    const facts = context.files.get(file)!;
    const h = http.get(file)!;
    if (c.local && facts.exports.some((e) => e.local === c.local)) return false;
    if (h.locals.default?.kind === 'container' && h.locals.default.id === c.id) return false;
    if (c.serves?.kind === 'import') return false;
    const mine = (ref: Ref) => {
      const t = resolve(file, ref);
      return t?.kind === 'container' && t.key === `${file}#${c.id}`;
    };
    const foreign = (ref: Ref | undefined): boolean => ref !== undefined
      && (ref.kind === 'import' || ((ref.kind === 'call' || ref.kind === 'param') && foreign(ref.fn)));
    if (h.uses.some((u) => mine(u.owner) && u.items.some((i) => foreign(i.ref)))) return false;
    if (h.hands.some((x) => mine(x.container) && foreign(x.fn))) return false;
    return true;
  }

  // ---- reachability ------------------------------------------------------------------------

  const distance = new Map<string, RequestPath>();
  const queue: string[] = [];
  const start = (fn: ProjectFunction, handler: RequestHandler | undefined) => {
    const key = `${fn.file}#${fn.fact.id}`;
    if (distance.has(key)) return;
    distance.set(key, handler ? { from: fn, handler, depth: 0 } : { from: fn, depth: 0 });
    queue.push(key);
  };
  for (const h of handlers) if (h.fn) start(h.fn, h);
  for (const h of handlers) for (const m of h.middleware) if (m.fn) start(m.fn, undefined);
  for (const n of nodes.values()) for (const m of n.middleware) if (m.fn) start(m.fn, undefined);
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i]!;
    const here = distance.get(key)!;
    if (here.depth >= MAX_DEPTH) continue;
    const f = functions.get(key)!;
    for (const call of f.fact.calls) {
      const callee = resolveFunction(f.file, call);
      if (!callee) continue;
      const ck = `${callee.file}#${callee.fact.id}`;
      if (distance.has(ck)) continue;
      distance.set(ck, { ...here, depth: here.depth + 1 });
      queue.push(ck);
    }
  }

  const findFunction = (file: string, nameOrId: string): ProjectFunction | undefined => {
    const byId = functions.get(`${file}#${nameOrId}`);
    if (byId) return byId;
    const h = http.get(file);
    const fact = h?.functions.find((f) => f.name === nameOrId);
    return fact ? { file, fact } : undefined;
  };

  return {
    handlers,
    apps,
    functionsIn: (file) => http.get(file)?.functions ?? [],
    findFunction,
    resolveFunction,
    reachableFromHandler(file, nameOrId, maxDepth = DEFAULT_DEPTH) {
      const fn = findFunction(file, nameOrId);
      const path = fn && distance.get(`${file}#${fn.fact.id}`);
      return path && path.depth <= maxDepth ? path : undefined;
    },
    onRequestPath(file, offset, maxDepth = DEFAULT_DEPTH) {
      const containing = (http.get(file)?.functions ?? [])
        .filter((f) => f.span.start <= offset && offset < f.span.end)
        .sort((a, b) => (a.span.end - a.span.start) - (b.span.end - b.span.start));
      let best: RequestPath | undefined;
      for (const f of containing) {
        const p = distance.get(`${file}#${f.id}`);
        if (p && p.depth <= maxDepth && (!best || p.depth < best.depth)) best = p;
      }
      return best;
    },
  };
}

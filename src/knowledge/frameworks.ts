// What scalelint knows about HTTP server frameworks: how an app, router or server is created,
// which member calls register routes or mount routers, how a server starts, and how a handler
// reads a request header. Data, not control flow: the http extractor (src/engine/extractors/http.ts)
// interprets these rows, and a new framework is a row here plus a fixture.

export type FrameworkId = 'express' | 'fastify' | 'koa' | 'hono' | 'nest' | 'next' | 'node-http';

export type ContainerKind = 'app' | 'router' | 'server';

/** A call (or `new`) that creates an app, router or server. */
export interface FactoryKnowledge {
  /** Normalised module (no `node:` prefix). */
  module: string;
  /** Member path below the module (`[]` calls the default export / the module itself). */
  path: readonly string[];
  kind: ContainerKind;
  /** Option of the factory's first argument holding a path prefix (`new Router({ prefix })`). */
  prefixOption?: string;
}

/** How a container mounts a child router / plugin / sub-app. */
export interface MountKnowledge {
  /** Member called on the parent (`use`, `register`, `route`). */
  method: string;
  /**
   * `pathThenChildren`: `use('/prefix'?, ...middleware, child)` (Express, Koa, Hono `route`);
   * `childThenOptions`: `register(plugin, { prefix })` (Fastify).
   */
  shape: 'pathThenChildren' | 'childThenOptions';
  /** For `childThenOptions`: the option naming the prefix. */
  prefixOption?: string;
  /** Member calls on a child that stand for it (`router.routes()` in Koa). */
  unwrap?: readonly string[];
}

export interface FrameworkKnowledge {
  id: FrameworkId;
  label: string;
  factories: readonly FactoryKnowledge[];
  /** Members registering a route as `(path, ...middleware, handler)`; the name is the method (`all` = any). */
  routeMethods: readonly string[];
  /** Member aliases to an HTTP method (`del` → DELETE in koa-router). */
  methodAliases?: Readonly<Record<string, string>>;
  /** `route('/x')` returning a chain of method calls (Express). */
  routeChain?: string;
  /** `route({ method, url, handler, preHandler })` (Fastify). */
  routeObject?: { method: string; methodKey: string; pathKey: string; handlerKey: string; middlewareKeys: readonly string[] };
  mounts: readonly MountKnowledge[];
  /** Members that add middleware to every route of the container (`use(fn)`). */
  middleware: readonly string[];
  /** Members that start serving (`listen`). */
  listen: readonly string[];
  /**
   * Functions that start serving an app given as an option and return the server
   * (`serve({ fetch: app.fetch })` of @hono/node-server).
   */
  serveCalls?: readonly { module: string; path: readonly string[]; appOption: string }[];
  /**
   * How a handler reads a header, given its first parameter's name; `undefined` when a
   * suggestion cannot be written as one statement (Nest parameter decorators).
   */
  readHeader?: (param: string, header: string) => string;
  /** A minimal liveness route, registered on `app` right after it is created. */
  healthRoute?: (app: string, path: string) => string;
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'] as const;

export const frameworks: readonly FrameworkKnowledge[] = [
  {
    id: 'express',
    label: 'Express',
    factories: [
      { module: 'express', path: [], kind: 'app' },
      { module: 'express', path: ['Router'], kind: 'router' },
    ],
    routeMethods: [...HTTP_METHODS, 'all'],
    routeChain: 'route',
    mounts: [{ method: 'use', shape: 'pathThenChildren' }],
    middleware: ['use'],
    listen: ['listen'],
    readHeader: (req, header) => `${req}.get('${header}')`,
    healthRoute: (app, path) => `${app}.get('${path}', (_req, res) => {\n  res.status(200).send('ok');\n});`,
  },
  {
    id: 'fastify',
    label: 'Fastify',
    factories: [
      { module: 'fastify', path: [], kind: 'app' },
      { module: 'fastify', path: ['fastify'], kind: 'app' },
    ],
    routeMethods: [...HTTP_METHODS, 'all'],
    routeObject: { method: 'route', methodKey: 'method', pathKey: 'url', handlerKey: 'handler', middlewareKeys: ['preHandler', 'onRequest', 'preValidation'] },
    mounts: [{ method: 'register', shape: 'childThenOptions', prefixOption: 'prefix' }],
    middleware: ['addHook', 'use'],
    listen: ['listen'],
    readHeader: (request, header) => `${request}.headers['${header.toLowerCase()}']`,
    healthRoute: (app, path) => `${app}.get('${path}', async () => ({ status: 'ok' }));`,
  },
  {
    id: 'koa',
    label: 'Koa',
    factories: [
      { module: 'koa', path: [], kind: 'app' },
      { module: '@koa/router', path: [], kind: 'router', prefixOption: 'prefix' },
      { module: '@koa/router', path: ['Router'], kind: 'router', prefixOption: 'prefix' },
      { module: 'koa-router', path: [], kind: 'router', prefixOption: 'prefix' },
    ],
    routeMethods: [...HTTP_METHODS, 'all', 'del'],
    methodAliases: { del: 'DELETE' },
    mounts: [{ method: 'use', shape: 'pathThenChildren', unwrap: ['routes', 'middleware'] }],
    middleware: ['use'],
    listen: ['listen'],
    readHeader: (ctx, header) => `${ctx}.get('${header}')`,
    healthRoute: (app, path) =>
      `${app}.use(async (ctx, next) => {\n  if (ctx.path === '${path}') {\n    ctx.body = 'ok';\n    return;\n  }\n  await next();\n});`,
  },
  {
    id: 'hono',
    label: 'Hono',
    factories: [
      { module: 'hono', path: ['Hono'], kind: 'app' },
      { module: 'hono/tiny', path: ['Hono'], kind: 'app' },
      { module: 'hono/quick', path: ['Hono'], kind: 'app' },
    ],
    routeMethods: [...HTTP_METHODS, 'all'],
    mounts: [{ method: 'route', shape: 'pathThenChildren' }],
    middleware: ['use'],
    // `serve({ fetch: app.fetch })` from @hono/node-server, or `export default app` on Bun/Workers.
    listen: [],
    serveCalls: [{ module: '@hono/node-server', path: ['serve'], appOption: 'fetch' }],
    readHeader: (c, header) => `${c}.req.header('${header}')`,
    healthRoute: (app, path) => `${app}.get('${path}', (c) => c.text('ok'));`,
  },
  {
    id: 'nest',
    label: 'NestJS',
    factories: [{ module: '@nestjs/core', path: ['NestFactory', 'create'], kind: 'app' }],
    routeMethods: [],
    mounts: [],
    middleware: ['use'],
    listen: ['listen'],
  },
  {
    id: 'next',
    label: 'Next.js',
    factories: [],
    routeMethods: [],
    mounts: [],
    middleware: [],
    listen: [],
    readHeader: (request, header) => `${request}.headers.get('${header}')`,
  },
  {
    id: 'node-http',
    label: 'node:http',
    factories: [
      { module: 'http', path: ['createServer'], kind: 'server' },
      { module: 'https', path: ['createServer'], kind: 'server' },
      { module: 'http2', path: ['createServer'], kind: 'server' },
      { module: 'http2', path: ['createSecureServer'], kind: 'server' },
    ],
    routeMethods: [],
    mounts: [],
    middleware: [],
    listen: ['listen'],
    readHeader: (req, header) => `${req}.headers['${header.toLowerCase()}']`,
  },
];

export function framework(id: FrameworkId): FrameworkKnowledge {
  return frameworks.find((f) => f.id === id)!;
}

/** The serve function (a `serveCalls` row) a callee names, by its module and member path. */
export function serveCall(q: { module: string; path: readonly string[] } | undefined): { appOption: string } | undefined {
  if (!q) return undefined;
  for (const f of frameworks) {
    for (const s of f.serveCalls ?? []) {
      if (s.module === q.module && s.path.length === q.path.length && s.path.every((p, i) => p === q.path[i])) return s;
    }
  }
  return undefined;
}

/** NestJS: the controller decorator and the route decorators (decorator name → HTTP method). */
export const nest = {
  module: '@nestjs/common',
  controller: 'Controller',
  routes: { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Options: 'OPTIONS', Head: 'HEAD', All: 'ALL' } as Readonly<Record<string, string>>,
  /** Decorators naming middleware-like classes on a controller or route. */
  middlewareDecorators: ['UseInterceptors', 'UseGuards', 'UsePipes'],
  /** `app.setGlobalPrefix('api')`. */
  globalPrefix: 'setGlobalPrefix',
} as const;

/** Next.js file conventions. */
export const next = {
  /** App-router route handlers: `app/**\/route.ts`, exported per method. */
  appRouteFile: /(?:^|\/)app\/(.*?)\/?route\.(?:ts|js|mts|mjs|tsx|jsx)$/,
  /** Pages API routes: `pages/api/**`, a default export `(req, res)`. */
  pagesApiFile: /(?:^|\/)pages\/(api(?:\/.*?)?)\.(?:ts|js|mts|mjs|tsx|jsx)$/,
  methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
} as const;

/**
 * The URL path a Next.js route file serves, from its path: route groups `(x)` and parallel
 * routes `@x` drop out, `[id]` becomes `:id`, `[...slug]` becomes `*`, a trailing `index` drops.
 */
export function nextRoutePath(segments: string): string {
  const parts = segments.split('/').filter((s) => s !== '' && !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  if (parts[parts.length - 1] === 'index') parts.pop();
  const mapped = parts.map((s) => s.replace(/^\[\[?\.\.\.(.+?)\]\]?$/, '*').replace(/^\[(.+)\]$/, ':$1'));
  return '/' + mapped.join('/');
}

/** Join a prefix and a route path the way routers do (`/orders` + `/` → `/orders`). */
export function joinPaths(prefix: string, path: string): string {
  const a = prefix === '/' ? '' : prefix.replace(/\/+$/, '');
  const b = path === '' || path === '/' ? '' : path.startsWith('/') ? path : `/${path}`;
  const joined = `${a.startsWith('/') || a === '' ? a : `/${a}`}${b}`;
  return joined === '' ? '/' : joined;
}

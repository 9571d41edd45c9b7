// Server-side sessions and per-user state: which session middleware keeps sessions in process
// memory unless given a `store`, which stores are in-process, and what identifies a user, a
// session or a request (a map keyed by one of those holds per-user state). Data, not control
// flow: `no-module-state` interprets these rows.

/** A module export (normalised module, member path below it; `[]` is the default export itself). */
export interface ModuleRef {
  module: string;
  path: readonly string[];
}

export interface SessionMiddleware {
  id: string;
  /** Shown in messages. */
  label: string;
  /** The middleware factory or plugin. */
  export: ModuleRef;
  /**
   * How it is used: `call` — the factory is called with the options (`session({ … })`, Express);
   * `register` — the plugin is handed to `register(plugin, options)` (Fastify).
   */
  use: 'call' | 'register';
  /** Index of the options argument: of the factory call, or of `register`. */
  optionsIndex: number;
  /** The option naming the store; when it is missing the in-memory default is used. */
  storeOption: string;
  /** The default store's name, for messages. */
  defaultStore: string;
}

/**
 * Session middleware whose default store is in process memory (express-session: `MemoryStore`,
 * "will leak memory under most conditions, does not scale past a single process";
 * @fastify/session: an in-memory store too). `cookie-session`, `koa-session` (cookie by default)
 * and `@fastify/secure-session` keep the session in the cookie and are stateless on the server.
 */
export const sessionMiddleware: readonly SessionMiddleware[] = [
  {
    id: 'express-session',
    label: 'express-session',
    export: { module: 'express-session', path: [] },
    use: 'call',
    optionsIndex: 0,
    storeOption: 'store',
    defaultStore: 'MemoryStore',
  },
  {
    id: 'fastify-session',
    label: '@fastify/session',
    export: { module: '@fastify/session', path: [] },
    use: 'register',
    optionsIndex: 1,
    storeOption: 'store',
    defaultStore: 'MemoryStore',
  },
  {
    id: 'fastify-session-legacy',
    label: 'fastify-session',
    export: { module: 'fastify-session', path: [] },
    use: 'register',
    optionsIndex: 1,
    storeOption: 'store',
    defaultStore: 'MemoryStore',
  },
];

/**
 * Stores that keep sessions in this process: a class constructed with `new` (`session.MemoryStore`),
 * or a factory whose result is the class (`memorystore(session)` → `new MemoryStore({ … })`).
 */
export const inMemoryStores: readonly (ModuleRef & { label: string; via: 'class' | 'factory' })[] = [
  { module: 'express-session', path: ['MemoryStore'], label: 'express-session MemoryStore', via: 'class' },
  { module: '@fastify/session', path: ['MemoryStore'], label: '@fastify/session MemoryStore', via: 'class' },
  { module: 'memorystore', path: [], label: 'memorystore', via: 'factory' },
];

/** The `store` placeholder the suggestion adds (a no-op until it is filled in). */
export const storePlaceholder = 'store: /* TODO: a shared store, e.g. new RedisStore({ client: redisClient }) from connect-redis */ undefined';

/**
 * Names (identifiers and property names, compared case-insensitively) that identify a user, a
 * session, a client or a request: a module-level map keyed by one of them (`req.session.userId`,
 * `req.ip`, a token) holds per-user state.
 */
export const perUserNames: readonly string[] = [
  'user', 'userid', 'user_id', 'uid', 'username', 'email', 'session', 'sessionid', 'session_id', 'sid',
  'ip', 'ips', 'clientip', 'remoteaddress', 'token', 'accesstoken', 'refreshtoken', 'apikey', 'api_key',
  'authorization', 'cookie', 'cookies', 'accountid', 'customerid', 'tenantid', 'visitorid', 'deviceid',
  'idempotencykey', 'requestid', 'socket',
];

/** Name endings that say the same (`currentUserId`, `bearerToken`, `ownerAccountId`). */
export const perUserSuffixes: readonly string[] = ['userid', 'sessionid', 'token', 'accountid', 'customerid', 'apikey'];

/** Request headers (lower-case) that identify a user, a client or a request. */
export const perUserHeaders: readonly string[] = [
  'authorization', 'cookie', 'x-api-key', 'x-forwarded-for', 'x-real-ip', 'idempotency-key', 'x-idempotency-key',
  'x-request-id', 'x-user-id', 'x-session-id',
];

export function isPerUserName(name: string): boolean {
  const lower = name.toLowerCase();
  return perUserNames.includes(lower) || perUserSuffixes.some((s) => lower.endsWith(s));
}

// What scalelint knows about HTTP clients: how an outbound call is recognised, where its options
// are, which option bounds its time, and what project-wide set-up covers it. Data, not control
// flow: a new client is a row here plus a test.

/** How one family of calls takes its options. */
export interface CallShape {
  /** Member path below the client object, joined by `.` (`get`, `interceptors.request.use`); `''` calls the client itself. */
  names: readonly string[];
  /**
   * Index of the options argument. `configOrUrl`: axios-style `f(config)` or `f(url, config)`.
   * `lastObject`: the last argument written as an object (ioredis `new Redis(port, host, options)`).
   */
  options: number | 'configOrUrl' | 'lastObject';
}

export interface HttpClientKnowledge {
  id: string;
  /** Shown in messages. */
  label: string;
  /** Modules exporting the client (normalised: no `node:` prefix). */
  modules: readonly string[];
  /** Global names that are this client (`fetch`). */
  globals?: readonly string[];
  /** Outbound calls on the module object or the global. */
  calls: readonly CallShape[];
  /** Calls that create an instance with default options (`axios.create`). */
  factories?: readonly CallShape[];
  /** Any of these options set means the call is bounded; `a.b` is option `b` inside option `a`. */
  timeoutKeys: readonly string[];
  /** The property an autofix adds, given the timeout in ms. */
  fixProperty: (ms: number) => string;
  /** A value of a timeout key that means "no timeout". */
  disabledValues?: readonly (number | boolean)[];
  /**
   * Project-wide set-up that covers every call of this client, checked in the reduce step:
   * `axiosDefaults` (`axios.defaults.timeout`, an interceptor setting it), `globalDispatcher`
   * (undici `setGlobalDispatcher` with timeouts). None: the call alone decides.
   */
  coveredBy?: 'axiosDefaults' | 'globalDispatcher';
  /** `new X(options)` that creates a client or pool with default options (pg `new Pool()`). */
  constructors?: readonly CallShape[];
  /** The client has a finite default: only a disabling value (`disabledValues`) is a finding. */
  hasDefault?: boolean;
  /**
   * A request builder (superagent): the timeout is a chained method call, and the chain is
   * judged only when it is complete (awaited, or ended by one of `terminals`).
   */
  chain?: { timeoutMethods: readonly string[]; terminals: readonly string[] };
  /**
   * node:http: `timeout`/`setTimeout` only emit `'timeout'`; they bound the request only with a
   * handler of that event that calls one of `abortMethods`.
   */
  timeoutEvent?: { options: readonly string[]; setter: string; event: string; abortMethods: readonly string[] };
  /** Reported only when this option of the rule is on (the `strict` config turns it on). */
  onlyWith?: 'checkDatabases' | 'checkStrictClients';
  /** What is missing when no key is set: an outbound call's timeout, a query time limit, or a long default. */
  missing?: 'missingTimeout' | 'missingQueryTimeout' | 'missingAcquireTimeout' | 'longDefaultTimeout';
  /**
   * How the missing option is offered: `autofix` (default) when adding it keeps the program's
   * meaning, `suggestion` when a limit may cut legitimate slow work (database statements).
   */
  fix?: 'autofix' | 'suggestion' | 'none';
}

const fetchShape: CallShape[] = [{ names: ['fetch'], options: 1 }];

export const httpClients: readonly HttpClientKnowledge[] = [
  {
    id: 'fetch',
    label: 'fetch',
    modules: ['undici'],
    globals: ['fetch'],
    calls: fetchShape,
    timeoutKeys: ['signal'],
    fixProperty: (ms) => `signal: AbortSignal.timeout(${ms})`,
    coveredBy: 'globalDispatcher',
  },
  {
    id: 'node-fetch',
    label: 'node-fetch',
    modules: ['node-fetch'],
    calls: [{ names: [''], options: 1 }],
    // v2 honours `timeout`; v3 removed it, but a call that sets it shows intent, so not reported.
    timeoutKeys: ['signal', 'timeout'],
    fixProperty: (ms) => `signal: AbortSignal.timeout(${ms})`,
    coveredBy: 'globalDispatcher',
  },
  {
    id: 'axios',
    label: 'axios',
    modules: ['axios'],
    calls: [
      { names: [''], options: 'configOrUrl' },
      { names: ['request'], options: 0 },
      // (`getUri(config)` only builds a URL: no request.)
      { names: ['get', 'delete', 'head', 'options'], options: 1 },
      { names: ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'], options: 2 },
    ],
    factories: [{ names: ['create'], options: 0 }],
    timeoutKeys: ['timeout', 'signal'],
    disabledValues: [0],
    fixProperty: (ms) => `timeout: ${ms}`,
    coveredBy: 'axiosDefaults',
  },
  {
    id: 'undici',
    label: 'undici request',
    modules: ['undici'],
    // Per-phase limits of 300 s (headers, body) but no overall deadline.
    calls: [{ names: ['request', 'stream', 'pipeline'], options: 1 }],
    timeoutKeys: ['signal', 'headersTimeout', 'bodyTimeout', 'dispatcher'],
    fixProperty: (ms) => `signal: AbortSignal.timeout(${ms})`,
    coveredBy: 'globalDispatcher',
  },
  {
    id: 'node-http',
    label: 'node:http',
    modules: ['http', 'https'],
    calls: [{ names: ['request', 'get'], options: 'configOrUrl' }],
    timeoutKeys: ['signal'],
    timeoutEvent: { options: ['timeout'], setter: 'setTimeout', event: 'timeout', abortMethods: ['destroy', 'abort'] },
    fixProperty: (ms) => `signal: AbortSignal.timeout(${ms})`,
  },
  {
    id: 'got',
    label: 'got',
    modules: ['got'],
    // `got(url, options)` or `got(options)`, and the same for every shortcut.
    calls: [
      { names: ['', 'get', 'post', 'put', 'patch', 'delete', 'head', 'stream', 'paginate'], options: 'configOrUrl' },
    ],
    factories: [{ names: ['extend'], options: 0 }],
    // `timeout: { request: ms }` (v12+) or a number (before v12).
    timeoutKeys: ['timeout', 'signal'],
    fixProperty: (ms) => `timeout: { request: ${ms} }`,
  },
  {
    id: 'ky',
    label: 'ky',
    modules: ['ky'],
    calls: [{ names: ['', 'get', 'post', 'put', 'patch', 'delete', 'head'], options: 1 }],
    factories: [{ names: ['create', 'extend'], options: 0 }],
    timeoutKeys: ['timeout'],
    // 10 s by default: only `timeout: false` removes it.
    hasDefault: true,
    disabledValues: [false],
    fixProperty: (ms) => `timeout: ${ms}`,
  },
  {
    id: 'superagent',
    label: 'superagent',
    modules: ['superagent'],
    // Options are not an argument: see `chain`.
    calls: [{ names: ['', 'get', 'post', 'put', 'patch', 'del', 'delete', 'head', 'options'], options: 0 }],
    timeoutKeys: [],
    chain: { timeoutMethods: ['timeout'], terminals: ['then', 'end'] },
    fixProperty: (ms) => `.timeout(${ms})`,
  },
  {
    id: 'needle',
    label: 'needle',
    modules: ['needle'],
    calls: [
      { names: ['get', 'head'], options: 1 },
      { names: ['post', 'put', 'patch', 'delete'], options: 2 },
      { names: ['', 'request'], options: 3 },
    ],
    // `open_timeout`/`timeout` bound only the connection (10 s by default).
    timeoutKeys: ['response_timeout', 'read_timeout'],
    fixProperty: (ms) => `response_timeout: ${ms}`,
  },
  {
    id: 'pg',
    label: 'pg',
    modules: ['pg'],
    calls: [],
    constructors: [{ names: ['Pool', 'Client'], options: 0 }],
    timeoutKeys: ['statement_timeout', 'query_timeout'],
    fixProperty: (ms) => `statement_timeout: ${ms}`,
    onlyWith: 'checkDatabases',
    missing: 'missingQueryTimeout',
    fix: 'suggestion',
  },
  {
    id: 'pg-pool',
    label: 'pg Pool',
    modules: ['pg'],
    calls: [],
    // The default 0 waits forever for a free connection when the pool is exhausted.
    constructors: [{ names: ['Pool'], options: 0 }],
    timeoutKeys: ['connectionTimeoutMillis'],
    disabledValues: [0],
    fixProperty: (ms) => `connectionTimeoutMillis: ${ms}`,
    onlyWith: 'checkDatabases',
    missing: 'missingAcquireTimeout',
    fix: 'suggestion',
  },
  {
    id: 'ioredis',
    label: 'ioredis',
    modules: ['ioredis'],
    calls: [],
    constructors: [{ names: ['', 'Redis', 'Cluster'], options: 'lastObject' }],
    timeoutKeys: ['commandTimeout'],
    fixProperty: (ms) => `commandTimeout: ${ms}`,
    onlyWith: 'checkDatabases',
    missing: 'missingQueryTimeout',
    fix: 'suggestion',
  },
  {
    id: 'node-redis',
    label: 'node-redis',
    modules: ['redis', '@redis/client'],
    calls: [],
    // v4 has no command timeout at all (only `socket.connectTimeout`, 5 s). v5 adds
    // `socket.socketTimeout` (a socket idle that long is closed) and
    // `commandOptions.timeout` (bounds only commands not yet written to the socket).
    factories: [{ names: ['createClient'], options: 0 }],
    timeoutKeys: ['socket.socketTimeout', 'commandOptions.timeout'],
    fixProperty: (ms) => `socket: { socketTimeout: ${ms} }`,
    onlyWith: 'checkDatabases',
    missing: 'missingQueryTimeout',
    fix: 'suggestion',
  },
  {
    id: 'openai',
    label: 'openai',
    modules: ['openai'],
    calls: [],
    // 10 minutes by default: finite, but long enough to pile up requests.
    constructors: [{ names: ['', 'OpenAI', 'AzureOpenAI'], options: 0 }],
    timeoutKeys: ['timeout'],
    fixProperty: (ms) => `timeout: ${ms}`,
    onlyWith: 'checkStrictClients',
    missing: 'longDefaultTimeout',
    fix: 'none',
  },
];

/**
 * AWS SDK v3: an expired `requestTimeout` of the Node handler only logs a warning unless
 * `throwOnRequestTimeout` is set (strict).
 */
export const warningTimeouts = [
  {
    label: 'AWS SDK',
    modules: ['@smithy/node-http-handler', '@aws-sdk/node-http-handler'],
    /** `new NodeHttpHandler(options)` and `NodeHttpHandler.create(options)`. */
    classes: ['NodeHttpHandler'],
    timeoutKey: 'requestTimeout',
    enforceKey: 'throwOnRequestTimeout',
    fix: 'throwOnRequestTimeout: true',
    onlyWith: 'checkStrictClients',
  },
] as const;

/** `setGlobalDispatcher(new Agent({ … }))`: these options bound every `fetch`. */
export const globalDispatcher = {
  module: 'undici',
  setter: 'setGlobalDispatcher',
  dispatchers: ['Agent', 'Pool', 'Client', 'ProxyAgent', 'EnvHttpProxyAgent'],
  /**
   * Dispatchers that wrap another one, by the index of the wrapped dispatcher's argument: their
   * own options have no timeouts, so they bound calls only when the wrapped dispatcher does
   * (`new RetryAgent(new Agent({ headersTimeout, bodyTimeout }))`).
   */
  wrappers: { RetryAgent: 0 } as Readonly<Record<string, number>>,
  timeoutKeys: ['headersTimeout', 'bodyTimeout'],
} as const;

/**
 * @grpc/grpc-js: no default deadline (Infinity). RPC methods come from service client
 * constructors, so a call is judged only on an instance provably created from one of them.
 */
export const grpcClients = {
  label: '@grpc/grpc-js',
  module: '@grpc/grpc-js',
  /** Calls whose result holds service client constructors at any member path (`proto.pkg.Service`). */
  packageLoaders: ['loadPackageDefinition'],
  /** Calls whose result is itself a client constructor. */
  constructorFactories: ['makeGenericClientConstructor'],
  /** Client constructors exported by the module. */
  constructors: ['Client'],
  /**
   * Client options (third constructor argument) that may give every call a deadline: interceptors,
   * or a service config (`timeout` in its `methodConfig`). A client built with them is not judged.
   */
  clientOptionKeys: ['interceptors', 'interceptor_providers', 'grpc.service_config'],
  /**
   * Call options that bound the call: a `deadline`, a `parent` server call (its deadline
   * propagates by default), or per-call interceptors (which may set one).
   */
  callOptionKeys: ['deadline', 'parent', 'interceptors', 'interceptor_providers'],
  /** Methods of the `Client` base class that are not unary RPCs (streams may live as long as they like). */
  clientMethods: ['close', 'getChannel', 'waitForReady', 'makeClientStreamRequest', 'makeServerStreamRequest', 'makeBidiStreamRequest'],
  /** The generic unary call `makeUnaryRequest(method, serialize, deserialize, request, …)`: index of the request. */
  genericUnary: { method: 'makeUnaryRequest', request: 3 },
  /** `new Metadata()` in the slot before the callback is metadata, not call options. */
  metadataClass: 'Metadata',
  /** The deadline is absolute: a suggestion, never an autofix. */
  fixProperty: (ms: number) => `deadline: Date.now() + ${ms}`,
} as const;

/**
 * Database clients whose time limit is per query, on calls through an instance
 * (`conn.query({ sql, timeout })`); reported with `checkDatabases` (strict).
 */
export const queryTimeoutClients = [
  {
    id: 'mysql2',
    label: 'mysql2',
    modules: ['mysql2', 'mysql2/promise'],
    /** Module calls that create an instance (the promise API's `createConnection` is awaited). */
    factories: ['createConnection', 'createPool'],
    /** Instance methods that return another instance (`pool.promise()`). */
    derived: ['promise'],
    /** Query methods: `query(sqlOrOptions, values?, cb?)`. Connect timeout (10 s by default) is not judged. */
    queries: ['query', 'execute'],
    timeoutKey: 'timeout',
    /** The key holding the SQL when the first argument is an options object. */
    sqlKey: 'sql',
    onlyWith: 'checkDatabases',
  },
] as const;

/** Where axios keeps process-wide defaults. */
export const axiosDefaults = {
  module: 'axios',
  /** `axios.defaults.<key> = …` */
  defaultKeys: ['timeout', 'signal'],
  /** `axios.interceptors.request.use(fn)` where `fn` sets one of the keys. */
  interceptor: 'interceptors.request.use',
} as const;

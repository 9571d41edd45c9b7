// What scalelint knows about HTTP clients: how an outbound call is recognised, where its options
// are, which option bounds its time, and what project-wide set-up covers it. Data, not control
// flow: a new client is a row here plus a test.

/** How one family of calls takes its options. */
export interface CallShape {
  /** Member path below the client object, joined by `.` (`get`, `interceptors.request.use`); `''` calls the client itself. */
  names: readonly string[];
  /**
   * Index of the options argument. `configOrUrl`: axios-style `f(config)` or `f(url, config)`.
   */
  options: number | 'configOrUrl';
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
  /** Any of these options set means the call is bounded. */
  timeoutKeys: readonly string[];
  /** The property an autofix adds, given the timeout in ms. */
  fixProperty: (ms: number) => string;
  /** A value of a timeout key that means "no timeout". */
  disabledValues?: readonly (number | boolean)[];
  /**
   * Project-wide set-up that covers every call of this client, checked in the reduce step:
   * `axiosDefaults` (`axios.defaults.timeout`, an interceptor setting it), `globalDispatcher`
   * (undici `setGlobalDispatcher` with timeouts).
   */
  coveredBy: 'axiosDefaults' | 'globalDispatcher';
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
      { names: ['get', 'delete', 'head', 'options', 'getUri'], options: 1 },
      { names: ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'], options: 2 },
    ],
    factories: [{ names: ['create'], options: 0 }],
    timeoutKeys: ['timeout', 'signal'],
    disabledValues: [0],
    fixProperty: (ms) => `timeout: ${ms}`,
    coveredBy: 'axiosDefaults',
  },
];

/** `setGlobalDispatcher(new Agent({ … }))`: these options bound every `fetch`. */
export const globalDispatcher = {
  module: 'undici',
  setter: 'setGlobalDispatcher',
  dispatchers: ['Agent', 'Pool', 'Client', 'ProxyAgent', 'EnvHttpProxyAgent', 'RetryAgent'],
  timeoutKeys: ['headersTimeout', 'bodyTimeout'],
} as const;

/** Where axios keeps process-wide defaults. */
export const axiosDefaults = {
  module: 'axios',
  /** `axios.defaults.<key> = …` */
  defaultKeys: ['timeout', 'signal'],
  /** `axios.interceptors.request.use(fn)` where `fn` sets one of the keys. */
  interceptor: 'interceptors.request.use',
} as const;

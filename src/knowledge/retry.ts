// What scalelint knows about retries: how a retry library's call is recognised, where its options
// are, which option adds jitter (and its safe value), whether its default is jittered and whether
// it waits at all by default. Also the sleeps and random sources of hand-written retry loops.
// Data, not control flow: a new library is a row here plus a test.

/** How one family of calls takes its options. */
export interface RetryCallShape {
  /** Member path below the module object, joined by `.`; `''` calls the default export itself. */
  names: readonly string[];
  /**
   * Index of the options argument. `nonFunction`: the one argument that is not a function
   * (promise-retry accepts `(fn, options)` and `(options, fn)`). `objectFirst`: the first argument
   * when it is an object, else the second (got accepts `(url, options)` and `(options)`).
   */
  options: number | 'nonFunction' | 'objectFirst';
}

/** A literal an option can hold. */
export type OptionValue = string | number | boolean;

/** An option that switches jitter on or off. */
export interface JitterOptionCheck {
  kind: 'jitterOption';
  key: string;
  /** Whether leaving the option out gives a jittered delay. */
  defaultJittered: boolean;
  /** Values that turn jitter off (reported as `jitterDisabled` when written). */
  unjitteredValues: readonly OptionValue[];
  /** The property an autofix adds (or a suggestion writes in place of an unjittered value). */
  fix: string;
}

/** An option holding a function that computes the delay (the library adds no jitter to its result). */
export interface DelayFunctionCheck {
  kind: 'delayFunction';
  key: string;
  /** Leaving it out means retrying immediately. */
  required: boolean;
  /** Exports of the library usable as the value that are jittered (`axiosRetry.exponentialDelay`). */
  jitteredExports?: readonly string[];
  /** A property of the function's parameter that already carries the library's noise (got `computedValue`). */
  noisyParameterProperty?: string;
  /** A sibling option that adds jitter to the function's result (ky `jitter`), and the text adding it. */
  jitterSibling?: { key: string; fix: string };
  /** What a suggestion sets the option to; `{{local}}` is the name the library's default export has here. */
  suggestValue?: string;
}

/** cockatiel: the `backoff` option holds a backoff object. */
export interface BackoffCheck {
  kind: 'backoff';
  key: string;
  /** Leaving it out means retrying immediately. */
  required: boolean;
  /** Backoff classes that are jittered by default. */
  jittered: readonly string[];
  /** Backoff classes that wait fixed delays. */
  constant: readonly string[];
  /** Option of a jittered class that can turn its jitter off, and the values that do. */
  generatorKey: string;
  unjitteredGenerators: readonly string[];
}

export type RetryCheck = JitterOptionCheck | DelayFunctionCheck | BackoffCheck;

export interface RetryLibraryKnowledge {
  id: string;
  /** Shown in messages. */
  label: string;
  /** Modules exporting the library (normalised: no `node:` prefix). */
  modules: readonly string[];
  /** Calls that start a retry, or create a client whose retries the options configure. */
  calls?: readonly RetryCallShape[];
  /** Object literal properties holding the retry options (retry-axios `raxConfig`), in files importing the module. */
  properties?: readonly string[];
  /** The retry options are nested under this key of the call's options (got, ky: `retry`). */
  nested?: string;
  /** A chained `.retry(n)` call on a request started by the module: retries at once, re-sends POST. */
  chainRetry?: string;
  /** Whether the library's defaults are jittered / wait between attempts at all (documentation). */
  defaultJittered: boolean;
  defaultDelay: boolean;
  checks: readonly RetryCheck[];
}

const randomize = (defaultJittered: boolean): JitterOptionCheck => ({
  kind: 'jitterOption',
  key: 'randomize',
  defaultJittered,
  unjitteredValues: [false],
  fix: 'randomize: true',
});

const gotCalls = ['', 'get', 'post', 'put', 'patch', 'delete', 'head', 'stream', 'paginate'];
const kyCalls = ['', 'get', 'post', 'put', 'patch', 'delete', 'head'];

export const retryLibraries: readonly RetryLibraryKnowledge[] = [
  {
    id: 'p-retry',
    label: 'p-retry',
    modules: ['p-retry'],
    calls: [{ names: [''], options: 1 }],
    defaultJittered: false,
    defaultDelay: true,
    checks: [randomize(false)],
  },
  {
    id: 'retry',
    label: 'retry',
    modules: ['retry'],
    calls: [
      { names: ['operation', 'timeouts'], options: 0 },
      { names: ['wrap', 'createTimeout'], options: 1 },
    ],
    defaultJittered: false,
    defaultDelay: true,
    checks: [randomize(false)],
  },
  {
    id: 'promise-retry',
    label: 'promise-retry',
    modules: ['promise-retry'],
    calls: [{ names: [''], options: 'nonFunction' }],
    defaultJittered: false,
    defaultDelay: true,
    checks: [randomize(false)],
  },
  {
    id: 'async-retry',
    label: 'async-retry',
    modules: ['async-retry'],
    calls: [{ names: [''], options: 1 }],
    // Randomized by default: only an explicit `randomize: false` is a finding.
    defaultJittered: true,
    defaultDelay: true,
    checks: [randomize(true)],
  },
  {
    id: 'exponential-backoff',
    label: 'exponential-backoff',
    modules: ['exponential-backoff'],
    calls: [{ names: ['backOff'], options: 1 }],
    defaultJittered: false,
    defaultDelay: true,
    checks: [{ kind: 'jitterOption', key: 'jitter', defaultJittered: false, unjitteredValues: ['none'], fix: "jitter: 'full'" }],
  },
  {
    id: 'cockatiel',
    label: 'cockatiel',
    modules: ['cockatiel'],
    calls: [{ names: ['retry'], options: 1 }],
    defaultJittered: false,
    // `retry(policy, { maxAttempts })` without a backoff retries immediately.
    defaultDelay: false,
    checks: [{
      kind: 'backoff',
      key: 'backoff',
      required: true,
      jittered: ['ExponentialBackoff'],
      constant: ['ConstantBackoff', 'IterableBackoff'],
      generatorKey: 'generator',
      unjitteredGenerators: ['noJitterGenerator'],
    }],
  },
  {
    id: 'axios-retry',
    label: 'axios-retry',
    modules: ['axios-retry'],
    calls: [{ names: [''], options: 1 }],
    defaultJittered: false,
    // The default `retryDelay` is no delay at all.
    defaultDelay: false,
    checks: [{
      kind: 'delayFunction',
      key: 'retryDelay',
      required: true,
      // exponentialDelay adds 0–20 % of random noise.
      jitteredExports: ['exponentialDelay'],
      suggestValue: 'retryDelay: {{local}}.exponentialDelay',
    }],
  },
  {
    id: 'retry-axios',
    label: 'retry-axios',
    modules: ['retry-axios'],
    properties: ['raxConfig'],
    defaultJittered: false,
    defaultDelay: true,
    checks: [{ kind: 'jitterOption', key: 'jitter', defaultJittered: false, unjitteredValues: ['none'], fix: "jitter: 'full'" }],
  },
  {
    id: 'got',
    label: 'got',
    modules: ['got'],
    calls: [
      { names: gotCalls, options: 'objectFirst' },
      { names: ['extend'], options: 0 },
    ],
    nested: 'retry',
    // got adds 0–100 ms of noise to its computed delay.
    defaultJittered: true,
    defaultDelay: true,
    checks: [
      { kind: 'delayFunction', key: 'calculateDelay', required: false, noisyParameterProperty: 'computedValue' },
      { kind: 'jitterOption', key: 'noise', defaultJittered: true, unjitteredValues: [0], fix: 'noise: 100' },
    ],
  },
  {
    id: 'ky',
    label: 'ky',
    modules: ['ky'],
    calls: [
      { names: kyCalls, options: 1 },
      { names: ['create', 'extend'], options: 0 },
    ],
    nested: 'retry',
    // No jitter by default, but the default retry set-up is not reported (a finding needs a fixed delay function).
    defaultJittered: false,
    defaultDelay: true,
    checks: [{ kind: 'delayFunction', key: 'delay', required: false, jitterSibling: { key: 'jitter', fix: 'jitter: true' } }],
  },
  {
    id: 'superagent',
    label: 'superagent',
    modules: ['superagent'],
    chainRetry: 'retry',
    defaultJittered: false,
    defaultDelay: false,
    checks: [],
  },
];

/** A sleep: awaiting it waits for the delay in argument `delayArgument`. */
export interface SleepKnowledge {
  module: string;
  /** Member path below the module (`[]`: the default export). */
  path: readonly string[];
  delayArgument: number;
}

export const sleeps: readonly SleepKnowledge[] = [
  { module: 'timers/promises', path: ['setTimeout'], delayArgument: 0 },
  { module: 'timers/promises', path: ['scheduler', 'wait'], delayArgument: 0 },
  { module: 'delay', path: [], delayArgument: 0 },
  { module: 'sleep-promise', path: [], delayArgument: 0 },
];

/** Calls that schedule a callback: `setTimeout(callback, delay)`. */
export const timers = {
  globals: ['setTimeout'],
  callbackArgument: 0,
  delayArgument: 1,
  /** `util.promisify(setTimeout)` is a sleep whose delay is argument 0. */
  promisify: { module: 'util', path: ['promisify'] },
} as const;

/** Sources of randomness: a delay computed with one of these is jittered. */
export const randomSources: readonly { module: string; path: readonly string[] }[] = [
  { module: '', path: ['Math', 'random'] },
  { module: '', path: ['crypto', 'randomInt'] },
  { module: '', path: ['crypto', 'getRandomValues'] },
  { module: 'crypto', path: ['randomInt'] },
  { module: 'crypto', path: ['randomBytes'] },
  { module: 'crypto', path: ['getRandomValues'] },
  { module: 'lodash', path: ['random'] },
  { module: 'lodash.random', path: [] },
];

/** A project helper whose name says it adds randomness (`jitter(ms)`, `withJitter`, `randomBetween`). */
export const jitterHelperName = /jitter|random/i;

/** Pure arithmetic on numbers: its result is random only if an argument is. */
export const pureMath: readonly { module: string; path: readonly string[] }[] = [
  ...['min', 'max', 'pow', 'floor', 'ceil', 'round', 'trunc', 'abs', 'sqrt', 'exp', 'log2'].map((m) => ({ module: '', path: ['Math', m] })),
  { module: '', path: ['Number'] },
  { module: '', path: ['parseInt'] },
  { module: '', path: ['parseFloat'] },
];

/** Properties of a response whose check means "the call failed" (`!res.ok`, `res.status >= 500`). */
export const responseChecks = {
  okProperties: ['ok'],
  statusProperties: ['status', 'statusCode'],
} as const;

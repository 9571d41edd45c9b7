// Concurrency: what bounds a fan-out. `Promise.all(items.map(fetchOne))` starts every call at once;
// with a list as long as the request or a query result makes it, that is no backpressure at all
// (sockets, file descriptors and database connections run out together). Limiters and mappers
// with a concurrency option bound it. Sources: p-limit, p-map, p-queue, p-all, bottleneck and
// async (caolan) READMEs.

/** `Promise` combinators that start everything they are given. */
export const fanOutCombinators: readonly string[] = ['all', 'allSettled'];

/** Array methods whose callback runs once per element, all started synchronously. */
export const perElementMethods: readonly string[] = ['map', 'flatMap'];

/**
 * Limiter factories: the value they return (or a member of it) runs a task within the limit, so a
 * callback that goes through it is bounded: `const limit = pLimit(5); items.map((i) => limit(() => get(i)))`.
 */
export const limiters: readonly { module: string; path: readonly string[]; call: 'new' | 'call'; run: readonly string[] }[] = [
  // `run: []`: the limiter itself is called.
  { module: 'p-limit', path: [], call: 'call', run: [] },
  { module: 'p-limit', path: ['pLimit'], call: 'call', run: [] },
  { module: 'p-queue', path: [], call: 'new', run: ['add', 'addAll'] },
  { module: 'bottleneck', path: [], call: 'new', run: ['schedule', 'wrap', 'submit'] },
  { module: 'async-sema', path: ['Sema'], call: 'new', run: ['acquire'] },
];

/**
 * Mappers over a collection: bounded with their concurrency option or argument, unbounded
 * without (p-map's default concurrency is Infinity; async's `map`/`each` run everything at once).
 */
export interface Mapper {
  module: string;
  path: readonly string[];
  /** The option (in the options object at `optionsIndex`) that bounds it. */
  concurrencyOption?: string;
  optionsIndex?: number;
  /** Bounded by construction (async's `mapLimit`, `eachLimit`, `mapSeries`). */
  bounded?: boolean;
  label: string;
}

export const mappers: readonly Mapper[] = [
  { module: 'p-map', path: [], concurrencyOption: 'concurrency', optionsIndex: 2, label: 'p-map' },
  { module: 'p-map', path: ['default'], concurrencyOption: 'concurrency', optionsIndex: 2, label: 'p-map' },
  { module: 'p-all', path: [], concurrencyOption: 'concurrency', optionsIndex: 1, label: 'p-all' },
  ...['map', 'each', 'forEach', 'parallel', 'concat', 'filter'].map((name) => ({ module: 'async', path: [name], label: `async.${name}` })),
  ...['mapLimit', 'eachLimit', 'forEachLimit', 'parallelLimit', 'mapSeries', 'eachSeries', 'forEachSeries', 'series']
    .map((name) => ({ module: 'async', path: [name], bounded: true, label: `async.${name}` })),
];

/** Members that take a bounded slice of a list (`items.slice(i, i + BATCH)`). */
export const slicingMethods: readonly string[] = ['slice', 'splice'];

/** Arrays written in place with at most this many elements count as bounded (a literal tuple). */
export const smallLiteralLength = 64;

/** Members of a request object that carry client input (`req.body.items`, `ctx.request.query.ids`). */
export const requestInputMembers: readonly string[] = ['body', 'query', 'params', 'searchParams'];

/** Filesystem modules whose promise API does I/O in a fan-out callback. */
export const fileModules: readonly { module: string; path?: readonly string[] }[] = [
  { module: 'fs/promises' },
  { module: 'fs', path: ['promises'] },
  { module: 'fs-extra' },
];

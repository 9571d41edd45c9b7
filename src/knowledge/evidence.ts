// Evidence that a service-wide concern is handled somewhere in the project (a rate limiter,
// metrics, a shutdown handler): the shape of the rows of rate-limit.ts, metrics.ts and shutdown.ts.
// src/engine/evidence.ts finds the rows in each file; src/project/evidence.ts joins the files.

export interface Evidence {
  /** Stable id of the row. */
  id: string;
  /** Package (no `node:` prefix). A subpath import (`dd-trace/init`) counts as the package. */
  module?: string;
  /**
   * Named exports (or members of the default or namespace import) whose use counts. Without
   * `names`, importing or requiring the module counts.
   */
  names?: readonly string[];
  /**
   * With `names`: only a call or `new` of one of them counts, and only when its options object
   * has one of these keys, or cannot be read (a variable, a spread). A `NodeSDK` with only a
   * trace exporter sets up tracing, not metrics.
   */
  optionKeys?: readonly string[];
  /** With `optionKeys`: a call without arguments counts (the library then reads its environment). */
  emptyCounts?: boolean;
  /**
   * Member calls that must also be made somewhere in the project (`limiter.consume(key)`: a
   * limiter that is created and never consumed limits nothing). Without `module`, such a member
   * call alone counts (`app.enableShutdownHooks()`).
   */
  memberCalls?: readonly string[];
  /** An object property written inside another (`config: { rateLimit: … }` in a route's options). */
  propertyPath?: readonly [string, string];
}

// Every rule, in alphabetical order (a test checks the order and that each has docs and tests).
import type { RuleDefinition } from '../src/engine/types.js';
import noBlockingInHandler from './no-blocking-in-handler.js';
import noModuleState from './no-module-state.js';
import noQueryInLoop from './no-query-in-loop.js';
import noUnboundedConcurrency from './no-unbounded-concurrency.js';
import noUnpooledDbClient from './no-unpooled-db-client.js';
import requireGracefulShutdown from './require-graceful-shutdown.js';
import requireHealthEndpoint from './require-health-endpoint.js';
import requireIdempotencyKey from './require-idempotency-key.js';
import requireMetrics from './require-metrics.js';
import requireRateLimit from './require-rate-limit.js';
import requireRetryJitter from './require-retry-jitter.js';
import requireStructuredLogging from './require-structured-logging.js';
import requireTimeout from './require-timeout.js';

// Options types differ per rule; the list only carries them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const rules: readonly RuleDefinition<any>[] = [
  noBlockingInHandler,
  noModuleState,
  noQueryInLoop,
  noUnboundedConcurrency,
  noUnpooledDbClient,
  requireGracefulShutdown,
  requireHealthEndpoint,
  requireIdempotencyKey,
  requireMetrics,
  requireRateLimit,
  requireRetryJitter,
  requireStructuredLogging,
  requireTimeout,
];

// Project knowledge users add from configuration (`settings.scalelint` in ESLint, the same keys in
// scalelint.config.json). Each key extends a table in src/knowledge/.

export interface HttpClientSetting {
  /** Module specifier (`./lib/http`) or package name of the project's own client. */
  module: string;
  /** Option that carries the timeout, when the wrapper has its own name for it. */
  timeoutOption?: string;
}

export interface Settings {
  /** Project HTTP client wrappers whose calls always carry a timeout, or need `timeoutOption`. */
  httpClients?: HttpClientSetting[];
  /** Modules or names of the project's rate-limit middleware. */
  rateLimiters?: string[];
  /** Modules or names of the project's idempotency middleware. */
  idempotencyMiddleware?: string[];
  /** Extra health/readiness paths. */
  healthPaths?: string[];
  /** Set when the project configures a global timeout outside the code (e.g. a preloaded module). */
  globalTimeouts?: { fetch?: boolean; axios?: boolean };
}

export const settingsKeys = [
  'httpClients',
  'rateLimiters',
  'idempotencyMiddleware',
  'healthPaths',
  'globalTimeouts',
] as const;

export function normalizeSettings(raw: unknown): Settings {
  if (raw === null || typeof raw !== 'object') return {};
  return raw as Settings;
}

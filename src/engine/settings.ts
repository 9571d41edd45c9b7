// Project knowledge users add from configuration (`settings.scalelint` in ESLint, the same keys in
// scalelint.config.json). Each key extends a table in src/knowledge/. `settingsSchema` is the
// JSON Schema of these keys: the config file is validated against it and it is published in
// schemas/config.schema.json.

export interface HttpClientSetting {
  /** Module specifier (`./lib/http`) or package name of the project's own client. */
  module: string;
  /** Option that carries the timeout, when the wrapper has its own name for it. */
  timeoutOption?: string;
}

export interface DbClientSetting {
  /** Module specifier (`./lib/db`) or package name of the project's own database helper. */
  module: string;
  /** Whether what the module exports is pooled (a pool, or a client over one). */
  pooled?: boolean;
}

export interface Settings {
  /** Project HTTP client wrappers whose calls always carry a timeout, or need `timeoutOption`. */
  httpClients?: HttpClientSetting[];
  /** Project database helpers, and whether they are pooled. Validated, but no rule reads it yet (docs/adoption.md). */
  dbClients?: DbClientSetting[];
  /** Modules or names of the project's rate-limit middleware. */
  rateLimiters?: string[];
  /** Modules or names of the project's idempotency middleware. */
  idempotencyMiddleware?: string[];
  /** Extra health/readiness paths. */
  healthPaths?: string[];
  /** Set when the project configures a global timeout outside the code (e.g. a preloaded module). */
  globalTimeouts?: { fetch?: boolean; axios?: boolean };
  /**
   * Not configurable: set by the front end to the project root (the audited folder; ESLint's
   * working directory). Folder names in paths (`scripts/`, `bin/`) are judged below it, never in
   * the folders the project happens to sit in.
   */
  root?: string;
}

export const settingsKeys = [
  'httpClients',
  'dbClients',
  'rateLimiters',
  'idempotencyMiddleware',
  'healthPaths',
  'globalTimeouts',
] as const;

const moduleList = (description: string) => ({
  type: 'array',
  description,
  items: { type: 'string', minLength: 1 },
  uniqueItems: true,
});

/** JSON Schema (draft-07) of each settings key. */
export const settingsSchema: Record<(typeof settingsKeys)[number], Record<string, unknown>> = {
  httpClients: {
    type: 'array',
    description: "The project's own HTTP client wrappers.",
    items: {
      type: 'object',
      properties: {
        module: { type: 'string', minLength: 1, description: 'Module specifier (`./lib/http`) or package name of the wrapper.' },
        timeoutOption: { type: 'string', minLength: 1, description: 'Option that carries the timeout, when the wrapper has its own name for it.' },
      },
      required: ['module'],
      additionalProperties: false,
    },
  },
  dbClients: {
    type: 'array',
    description: "The project's own database helpers (accepted, but not read by any rule yet).",
    items: {
      type: 'object',
      properties: {
        module: { type: 'string', minLength: 1, description: 'Module specifier (`./lib/db`) or package name of the helper.' },
        pooled: { type: 'boolean', description: 'Whether what the module exports is pooled.' },
      },
      required: ['module'],
      additionalProperties: false,
    },
  },
  rateLimiters: moduleList("Modules or names of the project's rate-limit middleware."),
  idempotencyMiddleware: moduleList("Modules or names of the project's idempotency middleware."),
  healthPaths: {
    type: 'array',
    description: 'Extra health or readiness paths, such as `/up`.',
    items: { type: 'string', pattern: '^/' },
    uniqueItems: true,
  },
  globalTimeouts: {
    type: 'object',
    description: 'Global timeouts set up outside the code (for example in a preloaded module).',
    properties: {
      fetch: { type: 'boolean', description: 'Every `fetch` has a timeout (a global undici dispatcher with timeouts).' },
      axios: { type: 'boolean', description: 'Every axios call has a timeout (`axios.defaults.timeout`).' },
    },
    additionalProperties: false,
  },
};

export function normalizeSettings(raw: unknown): Settings {
  if (raw === null || typeof raw !== 'object') return {};
  return raw as Settings;
}

// Which rules an audit runs, at what severity, with which options. Rule entries take the ESLint
// forms (`"warn"`, `1`, `["warn", { ... }]`) and `{ "severity": "warn", "options": { ... } }`;
// options are validated against each rule's `meta.schema`. This module and config-file.ts are
// also loaded by the ESLint plugin's `configFromFile`: they must never import ts-morph.
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { rules as allRules } from '../../rules/index.js';
import { presetOptions } from '../engine/rule.js';
import type { Settings } from '../engine/settings.js';
import type { ActiveRule, ConfigName, RuleDefinition } from '../engine/types.js';

export type Severity = 'off' | 'warn' | 'error';
export const SEVERITIES: readonly Severity[] = ['off', 'warn', 'error'];

export interface RuleSetting {
  severity: Severity;
  options?: object;
}

/** What a rule entry may be in a config: ESLint's forms and `{ severity, options }`. */
export type RuleEntry = Severity | 0 | 1 | 2 | [Severity | 0 | 1 | 2, object?] | RuleSetting;

export interface AuditConfig {
  /** The preset the audit starts from. */
  extends: ConfigName;
  rules: Record<string, RuleEntry>;
  settings: Settings;
  /** Globs (relative to the project root, `/` separators): only matching files are analysed. */
  include?: string[];
  /** Globs of files never analysed. */
  exclude?: string[];
}

const LEVEL: Record<ConfigName, number> = { recommended: 0, strict: 1, all: 2 };

export class ConfigError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ruleById(id: string): RuleDefinition<any> | undefined {
  return allRules.find((r) => r.id === id);
}

export interface ResolvedRule extends ActiveRule {
  severity: Exclude<Severity, 'off'>;
}

// Loaded when a config or rule options are first validated: most runs have none, and loading
// ajv and making its instance is ~40 ms of every run's start-up otherwise.
let ajvInstance: Ajv | undefined;
function ajv(): Ajv {
  if (!ajvInstance) {
    const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    ajvInstance = new AjvClass({ allErrors: true, strict: false, verbose: true });
  }
  return ajvInstance;
}
const validators = new Map<string, ValidateFunction>();

/** Where in a JSON document an ajv error points, as `a.b[0].c`. */
function where(instancePath: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** One sentence per schema violation, naming the key and what is allowed; `prefix` says whose. */
export function describeSchemaError(prefix: string, error: ErrorObject): string {
  const path = where(error.instancePath);
  const lead = prefix ? `${prefix}: ` : '';
  const at = path ? `"${path}"` : 'the value';
  const got = error.data === undefined ? '' : ` (got ${JSON.stringify(error.data)})`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `${lead}${path ? `${at}: ` : ''}unknown key "${String(params.additionalProperty)}"; allowed keys: ${allowed.join(', ') || 'none'}`;
    }
    case 'enum':
      return `${lead}${at} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${got}`;
    case 'type':
      return `${lead}${at} must be ${String(params.type)}${got}`;
    case 'required':
      return `${lead}${at} is missing the required key "${String(params.missingProperty)}"`;
    default:
      return `${lead}${at} ${error.message ?? 'is invalid'}${got}`;
  }
}

export function schemaErrors(validate: ValidateFunction, data: unknown, prefix: string): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => describeSchemaError(prefix, e));
}

export function compileSchema(schema: object): ValidateFunction {
  return ajv().compile(schema);
}

function optionsValidator(rule: RuleDefinition<object>): ValidateFunction {
  let validate = validators.get(rule.id);
  if (!validate) validators.set(rule.id, (validate = ajv().compile(rule.meta.schema)));
  return validate;
}

const NUMERIC: Record<number, Severity> = { 0: 'off', 1: 'warn', 2: 'error' };

function severityOf(id: string, raw: unknown): Severity {
  if (typeof raw === 'number' && NUMERIC[raw]) return NUMERIC[raw];
  if (typeof raw === 'string' && (SEVERITIES as readonly string[]).includes(raw)) return raw as Severity;
  throw new ConfigError(`rules["${id}"]: severity must be one of off, warn, error (or 0, 1, 2) (got ${JSON.stringify(raw)})`);
}

/** A rule entry in any accepted form, checked against the rule's option schema. */
export function normalizeRuleEntry(id: string, rule: RuleDefinition<object>, raw: unknown): RuleSetting {
  let setting: RuleSetting;
  if (Array.isArray(raw)) {
    if (raw.length < 1 || raw.length > 2) throw new ConfigError(`rules["${id}"]: an array entry is [severity] or [severity, options]`);
    setting = { severity: severityOf(id, raw[0]), ...(raw.length === 2 ? { options: raw[1] as object } : {}) };
  } else if (raw !== null && typeof raw === 'object') {
    const unknown = Object.keys(raw).filter((k) => k !== 'severity' && k !== 'options');
    if (unknown.length > 0) throw new ConfigError(`rules["${id}"]: unknown key "${unknown[0]}"; allowed keys: severity, options`);
    const entry = raw as { severity?: unknown; options?: unknown };
    setting = { severity: severityOf(id, entry.severity), ...(entry.options !== undefined ? { options: entry.options as object } : {}) };
  } else {
    setting = { severity: severityOf(id, raw) };
  }
  if (setting.options !== undefined) {
    const errors = schemaErrors(optionsValidator(rule), setting.options, `rules["${id}"] options`);
    if (errors.length > 0) throw new ConfigError(`${errors.join('; ')}`);
  }
  return setting;
}

export function resolveRules(config: AuditConfig): ResolvedRule[] {
  for (const id of Object.keys(config.rules)) {
    if (!ruleById(id.replace(/^scalelint\//, ''))) {
      throw new ConfigError(`unknown rule "${id}"; known rules: ${allRules.map((r) => r.id).join(', ')}`);
    }
  }
  const out: ResolvedRule[] = [];
  for (const rule of allRules) {
    const key = config.rules[rule.id] !== undefined ? rule.id : `scalelint/${rule.id}`;
    const raw = config.rules[key];
    const setting: RuleSetting = raw === undefined
      ? { severity: LEVEL[rule.meta.config] <= LEVEL[config.extends] ? 'error' : 'off' }
      : normalizeRuleEntry(key, rule, raw);
    if (setting.severity === 'off') continue;
    out.push({
      rule,
      options: { ...rule.meta.defaultOptions, ...presetOptions(rule, config.extends), ...setting.options },
      severity: setting.severity,
    });
  }
  return out;
}

/** Every rule's severity and options under `config` (`off` included), for ESLint's `rules`. */
export function ruleSettings(config: AuditConfig): Map<string, RuleSetting> {
  const active = new Map(resolveRules(config).map((r) => [r.rule.id, r]));
  const out = new Map<string, RuleSetting>();
  for (const rule of allRules) {
    const r = active.get(rule.id);
    out.set(rule.id, r ? { severity: r.severity, options: r.options } : { severity: 'off' });
  }
  return out;
}

export function defaultConfig(): AuditConfig {
  return { extends: 'recommended', rules: {}, settings: {} };
}

/** `--rule id=severity`: change a rule's severity, keeping its options from the config. */
export function overrideSeverity(config: AuditConfig, id: string, severity: Severity): void {
  const rule = ruleById(id);
  if (!rule) throw new ConfigError(`--rule ${id}=${severity}: unknown rule "${id}"; known rules: ${allRules.map((r) => r.id).join(', ')}`);
  const key = config.rules[id] !== undefined ? id : `scalelint/${id}`;
  const existing = config.rules[key];
  const options = existing === undefined ? undefined : normalizeRuleEntry(key, rule, existing).options;
  delete config.rules[`scalelint/${id}`];
  config.rules[id] = options ? { severity, options } : severity;
}

// Which rules an audit runs, at what severity, with which options.
import { rules as allRules } from '../../rules/index.js';
import type { Settings } from '../engine/settings.js';
import type { ActiveRule, ConfigName, RuleDefinition } from '../engine/types.js';

export type Severity = 'off' | 'warn' | 'error';

export interface RuleSetting {
  severity: Severity;
  options?: object;
}

export interface AuditConfig {
  /** The preset the audit starts from. */
  extends: ConfigName;
  rules: Record<string, Severity | RuleSetting>;
  settings: Settings;
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

export function resolveRules(config: AuditConfig): ResolvedRule[] {
  for (const id of Object.keys(config.rules)) {
    if (!ruleById(id.replace(/^scalelint\//, ''))) {
      throw new ConfigError(`unknown rule "${id}"; known rules: ${allRules.map((r) => r.id).join(', ')}`);
    }
  }
  const out: ResolvedRule[] = [];
  for (const rule of allRules) {
    const raw = config.rules[rule.id] ?? config.rules[`scalelint/${rule.id}`];
    const setting: RuleSetting = typeof raw === 'string' ? { severity: raw } : raw ?? {
      severity: LEVEL[rule.meta.config] <= LEVEL[config.extends] ? 'error' : 'off',
    };
    if (!['off', 'warn', 'error'].includes(setting.severity)) {
      throw new ConfigError(`rule "${rule.id}": severity must be one of off, warn, error (got "${String(setting.severity)}")`);
    }
    if (setting.severity === 'off') continue;
    out.push({
      rule,
      options: { ...rule.meta.defaultOptions, ...setting.options },
      severity: setting.severity,
    });
  }
  return out;
}

export function defaultConfig(): AuditConfig {
  return { extends: 'recommended', rules: {}, settings: {} };
}

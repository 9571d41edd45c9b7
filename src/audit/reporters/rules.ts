// `scalelint rules`: every rule with its severity in each config, fixes, suggestions, whether it
// uses type information, and its docs link. The JSON keeps the first release's fields and adds
// `configs` (the severity per config).
import { rules as allRules } from '../../../rules/index.js';
import { docsUrl } from '../../engine/rule.js';
import type { ConfigName } from '../../engine/types.js';

const CONFIGS: readonly ConfigName[] = ['recommended', 'strict', 'all'];
const LEVEL: Record<ConfigName, number> = { recommended: 0, strict: 1, all: 2 };

export interface RuleListing {
  id: string;
  description: string;
  /** The smallest config that enables the rule. */
  config: ConfigName;
  recommended: boolean;
  strict: boolean;
  all: boolean;
  /** The rule's severity in each shipped config. */
  configs: Record<ConfigName, 'error' | 'off'>;
  fixable: boolean;
  hasSuggestions: boolean;
  scope: 'file' | 'project';
  /** No rule needs a type checker: type information is used when present, never required. */
  usesTypeInformation: boolean;
  docs: string;
}

export function ruleListing(): RuleListing[] {
  return allRules.map((r) => {
    const inConfig = (c: ConfigName) => LEVEL[r.meta.config as ConfigName] <= LEVEL[c];
    return {
      id: r.id,
      description: r.meta.description,
      config: r.meta.config,
      recommended: inConfig('recommended'),
      strict: inConfig('strict'),
      all: true,
      configs: Object.fromEntries(CONFIGS.map((c) => [c, inConfig(c) ? 'error' : 'off'])) as Record<ConfigName, 'error' | 'off'>,
      fixable: Boolean(r.meta.fixable),
      hasSuggestions: Boolean(r.meta.hasSuggestions),
      scope: r.meta.scope,
      usesTypeInformation: false,
      docs: docsUrl(r.id),
    };
  });
}

export function rulesJson(version: string): string {
  return JSON.stringify({ tool: 'scalelint', version, formatVersion: 1, rules: ruleListing() }, null, 2) + '\n';
}

export function rulesText(): string {
  const list = ruleListing();
  const header = ['RULE', 'RECOMMENDED', 'STRICT', 'ALL', 'FIX', 'SUGGESTIONS', 'TYPES', 'SCOPE'];
  const rows = list.map((r) => [
    r.id, r.configs.recommended, r.configs.strict, r.configs.all,
    r.fixable ? 'yes' : '-', r.hasSuggestions ? 'yes' : '-', r.usesTypeInformation ? 'yes' : '-', r.scope,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const out = [line(header)];
  for (const [i, r] of list.entries()) {
    out.push(line(rows[i]!), `  ${r.description}`, `  ${r.docs}`);
  }
  const types = list.some((r) => r.usesTypeInformation) ? 'TYPES: uses type information when the project has it' : 'no rule needs type information';
  out.push('', `${list.length} rule${list.length === 1 ? '' : 's'}; severities are those of the shipped configs; ${types}.`);
  return out.join('\n') + '\n';
}

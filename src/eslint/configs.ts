// Flat configs generated from rule metadata: `recommended` ⊂ `strict` ⊂ `all`.
import type { ESLint, Linter } from 'eslint';
import { presetOptions } from '../engine/rule.js';
import type { ConfigName, RuleDefinition } from '../engine/types.js';

const LEVEL: Record<ConfigName, number> = { recommended: 0, strict: 1, all: 2 };
export const FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

export function rulesFor(config: ConfigName, rules: readonly RuleDefinition<object>[]): Linter.RulesRecord {
  const out: Linter.RulesRecord = {};
  for (const rule of rules) {
    if (LEVEL[rule.meta.config] > LEVEL[config]) continue;
    const options = presetOptions(rule, config);
    out[`scalelint/${rule.id}`] = options ? ['error', { ...rule.meta.defaultOptions, ...options }] : 'error';
  }
  return out;
}

export function makeConfigs(plugin: ESLint.Plugin, parser: Linter.Parser, rules: readonly RuleDefinition<object>[]): Record<ConfigName, Linter.Config> {
  const make = (name: ConfigName): Linter.Config => ({
    name: `scalelint/${name}`,
    files: FILES,
    plugins: { scalelint: plugin },
    languageOptions: { parser },
    rules: rulesFor(name, rules),
  });
  return { recommended: make('recommended'), strict: make('strict'), all: make('all') };
}

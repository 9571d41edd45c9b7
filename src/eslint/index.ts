// The ESLint plugin. It loads only the engine, the knowledge tables and the rules: never ts-morph
// or the audit, so an editor pays for what it uses.
import type { ESLint, Linter, Rule } from 'eslint';
import * as parser from '@typescript-eslint/parser';
import { rules as definitions } from '../../rules/index.js';
import { pkg } from '../version.js';
import { toEslintRule } from './adapter.js';
import { makeConfigFromFile } from './config-file.js';
import { makeConfigs } from './configs.js';

const rules: Record<string, Rule.RuleModule> = {};
for (const rule of definitions) rules[rule.id] = toEslintRule(rule);

const plugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: 'scalelint' },
  rules,
  configs: {} as Record<'recommended' | 'strict' | 'all', Linter.Config>,
} satisfies ESLint.Plugin;

Object.assign(plugin.configs, makeConfigs(plugin, parser as unknown as Linter.Parser, definitions));

/** A flat config read from scalelint.config.json (or package.json "scalelint") in `dir`. */
export const configFromFile = makeConfigFromFile(plugin, parser as unknown as Linter.Parser);

export default plugin;
// The plugin's parts as named exports too: CommonJS consumers that `require()` this ES module
// (and tools such as eslint-doc-generator) get the namespace, not the default export.
export const { meta, configs } = plugin;
export { rules };

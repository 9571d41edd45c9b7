import type { ConfigName, RuleDefinition } from './types.js';

export const DOCS_BASE = 'https://github.com/scalelint/eslint-plugin-scalelint/blob/main/docs/rules/';

/** Where a finding's id is documented: its rule page, or for the audit's `unused-disable-directive` the section on suppressions. */
export function docsUrl(id: string): string {
  if (id === 'unused-disable-directive') return DOCS_BASE.replace(/docs\/rules\/$/, 'docs/adoption.md#2-suppress-one-finding');
  return `${DOCS_BASE}${id}.md`;
}

/** Identity, for type inference of a rule's options. */
export function defineRule<O extends object>(rule: RuleDefinition<O>): RuleDefinition<O> {
  return rule;
}

const PRESETS: readonly ConfigName[] = ['recommended', 'strict', 'all'];

/**
 * The options a preset gives a rule beyond its defaults: `meta.presetOptions` of that preset and
 * of the smaller ones (`all` takes `strict`'s), or `undefined` when the defaults are used as is.
 */
export function presetOptions<O extends object>(rule: RuleDefinition<O>, preset: ConfigName): Partial<O> | undefined {
  const byPreset = rule.meta.presetOptions;
  if (!byPreset) return undefined;
  let out: Partial<O> | undefined;
  for (const p of PRESETS.slice(0, PRESETS.indexOf(preset) + 1)) {
    if (byPreset[p]) out = { ...out, ...byPreset[p] };
  }
  return out;
}

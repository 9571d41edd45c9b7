import type { RuleDefinition } from './types.js';

export const DOCS_BASE = 'https://github.com/scalelint/eslint-plugin-scalelint/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

/** Identity, for type inference of a rule's options. */
export function defineRule<O extends object>(rule: RuleDefinition<O>): RuleDefinition<O> {
  return rule;
}

// A RuleTester for engine rules: the typescript-eslint parser, and files in a sandbox folder of
// their own so the adapter's project scan sees only the file under test.
import * as parser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import type { Rule } from 'eslint';
import { toEslintRule } from '../../src/eslint/adapter.js';
import type { RuleDefinition } from '../../src/engine/types.js';

export const SANDBOX = 'test/fixtures/rule-tester';

export function ruleTester(): RuleTester {
  return new RuleTester({
    languageOptions: { parser },
    defaultFilenames: { ts: `${SANDBOX}/file.ts`, tsx: `${SANDBOX}/react.tsx` },
  });
}

/** The ESLint form of an engine rule, typed for RuleTester.run. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function eslintRule(rule: RuleDefinition<any>): any {
  return toEslintRule(rule) as Rule.RuleModule;
}

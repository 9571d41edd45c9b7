import rule from '../rules/require-timeout.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

ruleTester().run('require-timeout', eslintRule(rule), {
  valid: [
    `fetch(url, { signal: AbortSignal.timeout(5000) });`,
  ],
  invalid: [
    {
      code: `await fetch(url);`,
      output: `await fetch(url, { signal: AbortSignal.timeout(10000) });`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 7, endColumn: 17 }],
    },
  ],
});

// Every row of the rate-limit, metrics and shutdown tables silences its rule: one valid case per
// library imported (or named, or called as the row says), next to an app that would be reported.
import { describe } from 'vitest';
import gracefulShutdown from '../rules/require-graceful-shutdown.js';
import metrics from '../rules/require-metrics.js';
import rateLimit from '../rules/require-rate-limit.js';
import type { Evidence } from '../src/knowledge/evidence.js';
import { metricsEvidence } from '../src/knowledge/metrics.js';
import { rateLimitEvidence } from '../src/knowledge/rate-limit.js';
import { shutdownEvidence } from '../src/knowledge/shutdown.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

const APP = `const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
export default app.listen(3000);`;

/** A use of the row: the module imported, its first name called, its member call made, its property written. */
function use(e: Evidence): string {
  const lines = [`import express from 'express';`];
  if (e.module && e.names) {
    lines.push(`import * as lib from '${e.module}';`, `new lib.${e.names[0]}();`);
  } else if (e.module) {
    lines.push(`import lib from '${e.module}';`, `void lib;`);
  }
  if (e.memberCalls) lines.push(`declare const limiter: any;`, `limiter.${e.memberCalls[0]}('key');`);
  if (e.propertyPath) lines.push(`const route = { ${e.propertyPath[0]}: { ${e.propertyPath[1]}: { max: 1 } } };`, `void route;`);
  return `${lines.join('\n')}\n${APP}`;
}

const tables = [
  ['require-rate-limit', rateLimit, rateLimitEvidence, 'missingRateLimit'],
  ['require-metrics', metrics, metricsEvidence, 'missingMetrics'],
  ['require-graceful-shutdown', gracefulShutdown, shutdownEvidence, 'missingGracefulShutdown'],
] as const;

for (const [id, rule, table, messageId] of tables) {
  describe(`${id}: every row of its table`, () => {
    ruleTester().run(id, eslintRule(rule), {
      valid: table.map((e) => ({ name: e.id, code: use(e) })),
      // The same app with none of them is reported.
      invalid: [{ code: `import express from 'express';\n${APP}`, errors: [{ messageId, line: 2, column: 13 }] }],
    });
  });
}

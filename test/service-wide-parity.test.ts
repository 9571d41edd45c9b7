// Parity of require-rate-limit, require-metrics and require-graceful-shutdown on the service-wide
// fixtures and the demo app: ESLint with type information reports exactly what the audit reports;
// without type information a subset; and without the project view (`projectScan: false`) a subset
// too, silent wherever the evidence could sit in a file it cannot see.
import * as path from 'node:path';
import * as parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/eslint/index.js';
import { auditFindings, eslintFindings, FIXTURES, sortFindings, type Simple } from './helpers/fixtures.js';

const RULES = {
  'scalelint/require-rate-limit': 'error',
  'scalelint/require-metrics': 'error',
  'scalelint/require-graceful-shutdown': 'error',
} as const;
const MINE = new Set(Object.keys(RULES).map((r) => r.replace('scalelint/', '')));

const PROJECTS = [
  'service-wide/express-covered',
  'service-wide/express-uncovered',
  'service-wide/fastify-covered',
  'service-wide/nest-covered',
  'service-wide/nest-uncovered',
  'demo-app',
];

async function withoutProject(root: string): Promise<Simple[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ ...plugin.configs.all, rules: RULES, settings: { scalelint: { projectScan: false } } }],
  });
  const out: Simple[] = [];
  for (const r of await eslint.lintFiles(['.'])) {
    for (const m of r.messages) {
      out.push({
        ruleId: m.ruleId!.replace(/^scalelint\//, ''),
        file: path.relative(root, r.filePath).split(path.sep).join('/'),
        line: m.line, column: m.column, endLine: m.endLine ?? m.line, endColumn: m.endColumn ?? m.column, message: m.message,
      });
    }
  }
  return sortFindings(out);
}

describe.each(PROJECTS)('service-wide rules on fixtures/%s', (name) => {
  const root = path.join(FIXTURES, name);
  const audited = auditFindings(root, { extends: 'all', rules: {}, settings: {} }).filter((f) => MINE.has(f.ruleId));

  it('ESLint with projectService reports exactly what the audit reports', async () => {
    expect(await eslintFindings(root, { typed: true, preset: 'all', rules: RULES })).toEqual(audited);
  });

  it('ESLint without type information reports a subset of it', async () => {
    const untyped = await eslintFindings(root, { typed: false, preset: 'all', rules: RULES });
    for (const f of untyped) expect(audited).toContainEqual(f);
  });

  it('ESLint without the project view reports a subset of it', async () => {
    const alone = await withoutProject(root);
    for (const f of alone) expect(audited).toContainEqual(f);
  });
});

it('the demo app is flagged by all three rules, in both front ends', async () => {
  const root = path.join(FIXTURES, 'demo-app');
  const brief = (list: Simple[]) => list.filter((f) => MINE.has(f.ruleId)).map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
  const expected = [
    'require-graceful-shutdown src/server.ts:12:13',
    'require-metrics src/server.ts:12:13',
    'require-rate-limit src/server.ts:12:13',
  ];
  expect(brief(auditFindings(root, { extends: 'all', rules: {}, settings: {} }))).toEqual(expected);
  expect(brief(await eslintFindings(root, { typed: false, preset: 'all' }))).toEqual(expected);
});

it('without the project view, only what a file proves alone is reported', async () => {
  // express-uncovered's app.ts imports its middleware and routes: nothing is reported for the app,
  // but the 429 of middleware/quota.ts is decided in its own file.
  expect((await withoutProject(path.join(FIXTURES, 'service-wide/express-uncovered'))).map((f) => `${f.ruleId} ${f.file}:${f.line}`))
    .toEqual(['require-rate-limit src/middleware/quota.ts:19']);
});

// Parity per DESIGN.md: ESLint with type information reports exactly what the audit reports on the
// same files; ESLint without types reports a subset (here: the same, since it scans the project).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, auditFindings, eslintFindings } from './helpers/fixtures.js';

const PROJECTS = ['demo-app', 'timeouts/global-defaults', 'timeouts/instance-elsewhere'];

describe.each(PROJECTS)('parity on fixtures/%s', (name) => {
  const root = path.join(FIXTURES, name);
  const audited = auditFindings(root, { extends: 'all', rules: {}, settings: {} });

  it('ESLint with projectService reports exactly what the audit reports', async () => {
    expect(await eslintFindings(root, { typed: true, preset: 'all' })).toEqual(audited);
  });

  it('ESLint without type information reports a subset of it', async () => {
    const untyped = await eslintFindings(root, { typed: false, preset: 'all' });
    for (const f of untyped) expect(audited).toContainEqual(f);
  });
});

it('the demo app has findings in both front ends', async () => {
  const root = path.join(FIXTURES, 'demo-app');
  const recommended = await eslintFindings(root, { typed: false });
  expect(recommended.filter((f) => f.ruleId === 'require-timeout').map((f) => `${f.file}:${f.line}`))
    .toEqual(['src/lib/payments.ts:21', 'src/lib/payments.ts:41', 'src/lib/payments.ts:48']);
});

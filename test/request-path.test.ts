// The request-path rules on fixtures/request-path (a handler calling helpers in other modules that
// block, query in a loop, fan out and log; with clean counterparts: start-up code, a CLI script,
// listen and signal callbacks, a bounded fan-out, a batched query) and on the demo app: the audit's
// findings, what the reduce step adds, and parity with ESLint.
import * as path from 'node:path';
import * as parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit/run.js';
import plugin from '../src/eslint/index.js';
import { FIXTURES, auditFindings, eslintFindings, type Simple } from './helpers/fixtures.js';

const RULES = ['no-blocking-in-handler', 'no-query-in-loop', 'no-unbounded-concurrency', 'require-structured-logging'];
const ALL = { extends: 'all' as const, rules: {}, settings: {} };
const mine = (list: Simple[]) => list.filter((f) => RULES.includes(f.ruleId));
const where = (list: Simple[]) => list.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn}`);

const root = path.join(FIXTURES, 'request-path');

describe('fixtures/request-path', () => {
  const audited = mine(auditFindings(root, ALL));

  it('reports what each handler reaches, across files, and nothing in start-up code, scripts or bounded code', () => {
    expect(where(audited).sort()).toEqual([
      'no-blocking-in-handler src/lib/render.ts:10:10-10:18',
      'no-blocking-in-handler src/lib/render.ts:8:20-8:35',
      'no-query-in-loop src/lib/orders.ts:14:28-14:114',
      'no-query-in-loop src/routes/orders.ts:33:53-33:109',
      'no-unbounded-concurrency src/routes/orders.ts:25:9-25:20',
      'require-structured-logging src/routes/reports.ts:17:5-17:18',
      'require-structured-logging src/routes/reports.ts:8:3-8:14',
    ]);
  });

  it('names the batching alternative of the driver found in another file', () => {
    const n1 = audited.find((f) => f.file === 'src/lib/orders.ts')!;
    expect(n1.message).toBe('This pg query runs once per item of the loop (N+1): N items cost N database round trips on the request path, so latency and database load grow with the list; fetch them in one query: one query over every key (`WHERE id = ANY($1)`).');
    const both = audited.find((f) => f.ruleId === 'no-query-in-loop' && f.file === 'src/routes/orders.ts')!;
    expect(both.message).toContain('N+1 and unbounded');
    expect(both.message).toContain('`findMany({ where: { id: { in: ids } } })`');
    // Said once: the unbounded-concurrency rule leaves the query fan-out to no-query-in-loop.
    expect(audited.filter((f) => f.file === 'src/routes/orders.ts' && f.line === 33)).toHaveLength(1);
  });

  it('links each finding to its handler, suggests the async API and the imported logger', () => {
    const result = audit({ root, config: ALL });
    const byRule = (id: string, file: string) => result.findings.filter((f) => f.ruleId === id && f.file.endsWith(file));
    const [gzip, read] = byRule('no-blocking-in-handler', 'render.ts').sort((a, b) => b.span.start - a.span.start);
    expect(read!.related).toEqual([{ file: path.join(root, 'src/routes/reports.ts'), line: 7, message: 'called from the request handler GET /reports/:name (1 call deep)' }]);
    expect(read!.suggestions!.map((s) => s.message)).toEqual(['Use `await readFile(…)` from `node:fs/promises` (the handler then yields while it waits: code after it runs later, so check nothing relies on the synchronous order).']);
    expect(read!.suggestions![0]!.edits.map((e) => e.text)).toEqual(["\nimport { readFile } from 'node:fs/promises';", "await readFile(`${TEMPLATES}/${name}.html`, 'utf8')"]);
    // A named import (`gzipSync`) has no receiver to promisify: no suggestion.
    expect(gzip!.suggestions).toBeUndefined();
    const logs = byRule('require-structured-logging', 'reports.ts').sort((a, b) => a.span.start - b.span.start);
    expect(logs.map((f) => (f.suggestions ?? []).map((s) => s.edits[0]!.text))).toEqual([['logger.info'], ['logger.error']]);
  });

  it('ESLint with type information reports exactly what the audit reports', async () => {
    expect(mine(await eslintFindings(root, { typed: true, preset: 'all' }))).toEqual(audited);
  });

  it('ESLint without type information reports a subset of it', async () => {
    const untyped = mine(await eslintFindings(root, { typed: false, preset: 'all' }));
    expect(untyped.length).toBeGreaterThan(0);
    for (const f of untyped) expect(audited).toContainEqual(f);
  });

  it('without a view of the other files, ESLint reports only what the file itself shows', async () => {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ ...plugin.configs.all, settings: { scalelint: { projectScan: false } } }],
    });
    const results = await eslint.lintFiles(['.']);
    const found = results.flatMap((r) => r.messages.filter((m) => RULES.includes((m.ruleId ?? '').replace('scalelint/', '')))
      .map((m) => `${m.ruleId!.replace('scalelint/', '')} ${path.relative(root, r.filePath)}:${m.line}`));
    // The helpers in lib/ are reached only from routes/: not reported; the handlers' own code is.
    expect(found.sort()).toEqual([
      'no-unbounded-concurrency src/routes/orders.ts:25',
      'require-structured-logging src/routes/reports.ts:17',
      'require-structured-logging src/routes/reports.ts:8',
    ]);
  });

  it('the recommended config leaves console logging to strict', () => {
    const recommended = mine(auditFindings(root, { extends: 'recommended', rules: {}, settings: {} }));
    expect([...new Set(recommended.map((f) => f.ruleId))].sort()).toEqual(['no-blocking-in-handler', 'no-query-in-loop', 'no-unbounded-concurrency']);
  });
});

describe('fixtures/demo-app', () => {
  it('has console logging on the request path (strict), and nothing else for these rules', () => {
    const found = mine(auditFindings(path.join(FIXTURES, 'demo-app'), ALL));
    expect(where(found)).toEqual([
      'require-structured-logging src/lib/retry.ts:18:9-18:21',
      'require-structured-logging src/routes/users.ts:44:5-44:16',
    ]);
  });
});

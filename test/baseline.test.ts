// The baseline round trip through the real binary: accept today's findings, move code around
// without resurfacing them, fail on a new one, count stale entries without failing, and drop
// fixed findings on the next update. Also: unused disable directives and --fix-dry-run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineEntries, textHash, type BaselineFile } from '../src/audit/baseline.js';
import type { AuditFinding } from '../src/audit/run.js';
import { scalelint } from './helpers/cli.js';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-baseline-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', private: true, type: 'module' }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const SERVICE = `import axios from 'axios';

export async function prices(sku: string) {
  const a = await fetch(\`https://supplier.example/\${sku}\`);
  const b = await fetch(\`https://supplier.example/\${sku}\`);
  return [a, b];
}

export async function stock(sku: string) {
  return (await axios.get(\`https://stock.example/\${sku}\`)).data;
}
`;

const json = (dir: string, args: string[] = []) => {
  const run = scalelint(['audit', dir, '--format', 'json', ...args]);
  return { ...run, report: run.stdout ? JSON.parse(run.stdout) : undefined };
};
const timeoutFindings = (report: { findings: { ruleId: string; file: string; line: number }[] }) =>
  report.findings.filter((f) => f.ruleId === 'require-timeout').map((f) => `${f.file}:${f.line}`);

describe('baseline round trip', () => {
  const dir = project({ 'src/service.ts': SERVICE });
  const baseline = path.join(dir, 'scalelint-baseline.json');

  it('--update-baseline writes sorted, versioned entries with counts, and exits 0', () => {
    const before = json(dir);
    expect(before.code).toBe(1);
    expect(timeoutFindings(before.report)).toEqual(['src/service.ts:4', 'src/service.ts:5', 'src/service.ts:10']);

    const update = scalelint(['audit', dir, '--update-baseline'], { cwd: dir });
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/Baseline scalelint-baseline\.json: \d+ entries written\./);
    const file = JSON.parse(fs.readFileSync(baseline, 'utf8')) as BaselineFile;
    expect(file.tool).toBe('scalelint');
    expect(file.formatVersion).toBe(1);
    const mine = file.entries.filter((e) => e.rule === 'require-timeout');
    // The two identical fetch calls are one key with count 2.
    expect(mine).toEqual([
      { rule: 'require-timeout', file: 'src/service.ts', scope: 'prices', hash: textHash('fetch(`https://supplier.example/${sku}`)'), count: 2 },
      { rule: 'require-timeout', file: 'src/service.ts', scope: 'stock', hash: expect.stringMatching(/^[0-9a-f]{16}$/), count: 1 },
    ]);
    // Stable: a second update writes the same bytes.
    const first = fs.readFileSync(baseline, 'utf8');
    scalelint(['audit', dir, '--update-baseline', '--baseline', baseline]);
    expect(fs.readFileSync(baseline, 'utf8')).toBe(first);
  });

  it('with --baseline, accepted findings are not reported and the run passes', () => {
    const run = json(dir, ['--baseline', baseline]);
    expect(run.code).toBe(0);
    expect(run.report.findings).toEqual([]);
    expect(run.report.summary).toMatchObject({ findings: 0, baselined: 3, staleBaselineEntries: 0 });
  });

  it('inserting lines above and re-indenting a finding does not resurface it', () => {
    const moved = `// A new header comment.\n\n/** More lines. */\n${SERVICE.replace('  return (await axios.get', '  if (sku) {\n    return (await   axios.get').replace(').data;\n}', ').data;\n  }\n  return undefined;\n}')}`;
    fs.writeFileSync(path.join(dir, 'src/service.ts'), moved);
    expect(json(dir).report.findings.length).toBeGreaterThanOrEqual(3);
    const run = json(dir, ['--baseline', baseline]);
    expect(run.report.findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('a third identical call is new and fails the run; the text report says what was accepted', () => {
    const text = fs.readFileSync(path.join(dir, 'src/service.ts'), 'utf8')
      .replace('  return [a, b];', '  const c = await fetch(`https://supplier.example/${sku}`);\n  return [a, b, c];');
    fs.writeFileSync(path.join(dir, 'src/service.ts'), text);
    const run = json(dir, ['--baseline', baseline]);
    expect(run.code).toBe(1);
    expect(timeoutFindings(run.report)).toEqual(['src/service.ts:9']);
    expect(run.report.summary).toMatchObject({ findings: 1, baselined: 3 });
    const plain = scalelint(['audit', dir, '--baseline', baseline]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/Baseline .*scalelint-baseline\.json: 3 accepted findings not shown\./);
  });

  it('a new finding in another file fails the run too', () => {
    fs.writeFileSync(path.join(dir, 'src/extra.ts'), 'export const load = (u: string) => fetch(u);\n');
    const run = json(dir, ['--baseline', baseline]);
    expect(run.code).toBe(1);
    expect(timeoutFindings(run.report)).toEqual(['src/extra.ts:1', 'src/service.ts:9']);
    fs.rmSync(path.join(dir, 'src/extra.ts'));
  });

  it('fixed findings make entries stale (counted, not failing) and drop out on the next update', () => {
    const fixed = fs.readFileSync(path.join(dir, 'src/service.ts'), 'utf8')
      .replace('axios.get(`https://stock.example/${sku}`)', 'axios.get(`https://stock.example/${sku}`, { timeout: 5000 })')
      .replace('  const c = await fetch(`https://supplier.example/${sku}`);\n', '')
      .replace('[a, b, c]', '[a, b]');
    fs.writeFileSync(path.join(dir, 'src/service.ts'), fixed);
    const run = json(dir, ['--baseline', baseline]);
    expect(run.code).toBe(0);
    expect(run.report.summary).toMatchObject({ findings: 0, baselined: 2, staleBaselineEntries: 1 });
    expect(scalelint(['audit', dir, '--baseline', baseline]).stdout).toMatch(/1 stale entry \(fixed or changed code: run --update-baseline to drop it\)/);

    scalelint(['audit', dir, '--baseline', baseline, '--update-baseline']);
    const file = JSON.parse(fs.readFileSync(baseline, 'utf8')) as BaselineFile;
    expect(file.entries.filter((e) => e.rule === 'require-timeout').map((e) => [e.scope, e.count])).toEqual([['prices', 2]]);
    expect(json(dir, ['--baseline', baseline]).report.summary).toMatchObject({ baselined: 2, staleBaselineEntries: 0 });
  });

  it('SARIF still lists baselined findings, as suppressed', () => {
    const run = scalelint(['audit', dir, '--baseline', baseline, '--format', 'sarif']);
    const results = JSON.parse(run.stdout).runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'require-timeout');
    expect(results).toHaveLength(2);
    for (const r of results) expect(r.suppressions).toEqual([expect.objectContaining({ kind: 'external', status: 'accepted' })]);
  });

  it('a missing or foreign baseline file is a usage error (exit 2)', () => {
    const missing = scalelint(['audit', dir, '--baseline', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read baseline .*nope\.json: ENOENT/);
    fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ tool: 'scalelint', formatVersion: 99, entries: [] }));
    expect(scalelint(['audit', dir, '--baseline', path.join(dir, 'other.json')]).stderr).toMatch(/formatVersion 99; this scalelint reads 1/);
  });
});

describe('baseline keys', () => {
  const finding = (text: string, scopeName = 'f', file = '/r/src/a.ts'): AuditFinding => ({
    ruleId: 'require-timeout', messageId: 'm', message: 'm', file, scopeName, text, severity: 'error', fixable: false,
    span: { start: 0, end: 1, line: 1, column: 1, endLine: 1, endColumn: 2 },
  });

  it('normalise whitespace, separate scopes and files, and count identical keys', () => {
    expect(textHash('fetch( url,\n\t opts )')).toBe(textHash('fetch( url, opts )'));
    expect(textHash('fetch(url)')).not.toBe(textHash('fetch(other)'));
    const entries = baselineEntries('/r', [finding('fetch(u)'), finding('fetch(u)'), finding('fetch(u)', 'g'), finding('fetch(u)', 'f', '/r/src/b.ts')]);
    expect(entries.map((e) => [e.file, e.scope, e.count])).toEqual([['src/a.ts', 'f', 2], ['src/a.ts', 'g', 1], ['src/b.ts', 'f', 1]]);
  });
});

describe('--report-unused-disable-directives', () => {
  const dir = project({
    'src/a.ts': [
      'export async function f(u: string) {',
      '  // eslint-disable-next-line scalelint/require-timeout -- the proxy times out',
      '  const a = await fetch(u);',
      '  // eslint-disable-next-line scalelint/require-timeout',
      '  const b = await fetch(u, { signal: AbortSignal.timeout(1000) });',
      '  // eslint-disable-next-line',
      '  const c = 1;',
      '  return [a, b, c]; // eslint-disable-line no-console, scalelint/require-timeout',
      '}',
      '',
    ].join('\n'),
  });

  it('without the flag, directives only silence', () => {
    const run = json(dir);
    expect(run.code).toBe(0);
    expect(run.report.findings).toEqual([]);
  });

  it('reports each scalelint rule named in a directive that silenced nothing, as a warning on the comment', () => {
    const run = json(dir, ['--report-unused-disable-directives']);
    expect(run.report.findings.map((f: { ruleId: string; severity: string; line: number; column: number }) => [f.ruleId, f.severity, f.line, f.column]))
      .toEqual([['unused-disable-directive', 'warn', 4, 3], ['unused-disable-directive', 'warn', 8, 21]]);
    expect(run.report.findings[0].message).toMatch(/^Unused eslint-disable-next-line directive: scalelint\/require-timeout reported nothing here/);
    // Warnings: exit 0 unless --max-warnings says otherwise.
    expect(run.code).toBe(0);
    expect(scalelint(['audit', dir, '--report-unused-disable-directives', '--max-warnings', '0']).code).toBe(1);
  });

  it('does not judge directives for rules turned off in this run', () => {
    const run = json(dir, ['--report-unused-disable-directives', '--rule', 'require-timeout=off']);
    expect(run.report.findings.filter((f: { ruleId: string }) => f.ruleId === 'unused-disable-directive')).toEqual([]);
  });
});

describe('--fix-dry-run', () => {
  it('prints the unified diff --fix would apply and writes nothing', () => {
    const dir = project({ 'src/service.ts': SERVICE });
    const before = fs.readFileSync(path.join(dir, 'src/service.ts'), 'utf8');
    const run = scalelint(['audit', dir, '--fix-dry-run']);
    expect(run.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'src/service.ts'), 'utf8')).toBe(before);
    expect(run.stdout.split('\n').slice(0, 3)).toEqual(['diff --git a/src/service.ts b/src/service.ts', '--- a/src/service.ts', '+++ b/src/service.ts']);
    expect(run.stdout).toContain('\n-  const a = await fetch(`https://supplier.example/${sku}`);\n');
    expect(run.stdout).toContain('\n+  const a = await fetch(`https://supplier.example/${sku}`, { signal: AbortSignal.timeout(10000) });\n');
    expect(run.stdout).toContain('+  return (await axios.get(`https://stock.example/${sku}`, { timeout: 10000 })).data;');

    // The diff is exactly what --fix writes.
    const patched = scalelint(['audit', dir, '--fix']);
    expect(patched.code).toBe(0);
    const after = fs.readFileSync(path.join(dir, 'src/service.ts'), 'utf8');
    const removed = run.stdout.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---')).map((l) => l.slice(1));
    const added = run.stdout.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1));
    for (const l of removed) expect(after.split('\n')).not.toContain(l);
    for (const l of added) expect(after.split('\n')).toContain(l);
    expect(scalelint(['audit', dir, '--fix-dry-run']).stdout).toBe('');
  });

  it('excludes --fix', () => {
    const run = scalelint(['audit', '.', '--fix', '--fix-dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--fix and --fix-dry-run exclude each other/);
  });
});

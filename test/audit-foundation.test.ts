// The audit end to end on fixture projects, through the real binary: the JSON report field by
// field, exit codes, cross-file verdicts and --fix.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { FIXTURES, auditFindings, copyFixture } from './helpers/fixtures.js';

const BIN = path.resolve(import.meta.dirname, '../bin/scalelint.js');

function cli(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scalelint audit --format json on the demo app', () => {
  const run = cli(['audit', 'fixtures/demo-app', '--format', 'json', '--rule', 'require-timeout=error'], path.resolve(import.meta.dirname, '..'));
  const report = JSON.parse(run.stdout);
  const timeouts = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'require-timeout');

  it('exits 1 with findings and prints the contract header', () => {
    expect(run.code).toBe(1);
    expect(report.tool).toBe('scalelint');
    expect(report.formatVersion).toBe(1);
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.root).toBe('fixtures/demo-app');
    expect(report.errors).toEqual([]);
    expect(report.summary.files).toBe(6);
    expect(report.summary.findings).toBe(report.findings.length);
    expect(report.summary.errors).toBe(0);
    expect(typeof report.summary.durationMs).toBe('number');
  });

  it('reports each missing timeout with positions, message and fixability', () => {
    expect(timeouts).toEqual([
      {
        ruleId: 'require-timeout', severity: 'error', file: 'src/lib/payments.ts',
        line: 21, column: 28, endLine: 27, endColumn: 3,
        message: 'This axios instance has no default timeout, so every call through it can hang forever. Set timeout: 10000 when creating it.',
        fixable: true, suggestions: [], related: [],
      },
      {
        ruleId: 'require-timeout', severity: 'error', file: 'src/lib/payments.ts',
        line: 41, column: 21, endLine: 41, endColumn: 31,
        message: 'This fetch call has no timeout: one slow dependency will hold the request and its connection until the peer gives up. Pass signal: AbortSignal.timeout(10000).',
        fixable: true, suggestions: [], related: [],
      },
      {
        ruleId: 'require-timeout', severity: 'error', file: 'src/lib/payments.ts',
        line: 48, column: 48, endLine: 48, endColumn: 62,
        message: 'This axios call has no timeout: one slow dependency will hold the request and its connection until the peer gives up. Pass timeout: 10000.',
        fixable: true, suggestions: [], related: [],
      },
    ]);
  });

  it('sorts findings by file, line, column and rule', () => {
    const keys = report.findings.map((f: { file: string; line: number; column: number; ruleId: string }) => [f.file, f.line, f.column, f.ruleId]);
    const sorted = [...keys].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || (a[1] as number) - (b[1] as number)
      || (a[2] as number) - (b[2] as number) || String(a[3]).localeCompare(String(b[3])));
    expect(keys).toEqual(sorted);
  });
});

describe('cross-file verdicts', () => {
  it('project-wide axios defaults and an undici dispatcher set in another file cover every call', () => {
    expect(auditFindings(path.join(FIXTURES, 'timeouts/global-defaults'))).toEqual([]);
  });

  it('an instance created with a timeout in another module is not flagged where it is used', () => {
    const findings = auditFindings(path.join(FIXTURES, 'timeouts/instance-elsewhere'));
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['src/http.ts:4:23']);
  });
});

describe('exit codes and errors', () => {
  it('exits 0 when clean and 2 on a usage error', () => {
    expect(cli(['audit', path.join(FIXTURES, 'timeouts/global-defaults')]).code).toBe(0);
    const bad = cli(['audit', '--format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of');
    const unknownRule = cli(['audit', path.join(FIXTURES, 'timeouts/global-defaults'), '--rule', 'no-such-rule=error']);
    expect(unknownRule.code).toBe(2);
    expect(unknownRule.stderr).toContain('unknown rule "no-such-rule"');
  });

  it('lists a file that does not parse under errors and still analyses the rest', () => {
    const dir = copyFixture('timeouts/global-defaults');
    fs.writeFileSync(path.join(dir, 'src/broken.ts'), 'export const x = (;\n');
    fs.rmSync(path.join(dir, 'src/setup.ts'));
    const run = cli(['audit', dir, '--format', 'json']);
    const report = JSON.parse(run.stdout);
    expect(run.code).toBe(1);
    expect(report.errors).toEqual([{ file: 'src/broken.ts', message: expect.stringMatching(/^parse error at 1:19: /) }]);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['src/lib/http.ts', 'src/routes/stock.ts', 'src/routes/stock.ts']);
  });

  it('falls back to scanning the folder when tsconfig.json is broken', () => {
    const dir = copyFixture('timeouts/instance-elsewhere');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{ "extends": "./missing.json" }');
    const report = JSON.parse(cli(['audit', dir, '--format', 'json']).stdout);
    expect(report.errors).toEqual([{ file: 'tsconfig.json', message: expect.stringContaining('invalid tsconfig') }]);
    expect(report.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(['src/http.ts:4']);
  });
});

describe('--fix', () => {
  function parseErrors(file: string): number {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
  }

  it('removes the missing-timeout findings of the demo app, keeps files parseable and is idempotent', () => {
    const dir = copyFixture('demo-app');
    const files = ['src/lib/payments.ts', 'src/server.ts', 'src/db.ts', 'src/lib/retry.ts', 'src/routes/orders.ts', 'src/routes/users.ts'];
    const mtimes = new Map(files.map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]));
    const before = fs.readFileSync(path.join(dir, 'src/lib/payments.ts'), 'utf8');

    const first = cli(['audit', dir, '--fix', '--format', 'json', '--rule', 'require-timeout=error']);
    const report = JSON.parse(first.stdout);
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'require-timeout')).toEqual([]);

    const after = fs.readFileSync(path.join(dir, 'src/lib/payments.ts'), 'utf8');
    expect(after).not.toBe(before);
    expect(after).toContain('await fetch(url, { signal: AbortSignal.timeout(10000) })');
    expect(after).toContain('await axios.get(url, { timeout: 10000 })');
    expect(after).toContain("    'Content-Type': 'application/json',\n  },\n  timeout: 10000,\n});");
    for (const f of files) expect(parseErrors(path.join(dir, f))).toBe(0);
    // Only the file with fixes was written.
    for (const f of files.filter((x) => x !== 'src/lib/payments.ts')) expect(fs.statSync(path.join(dir, f)).mtimeMs).toBe(mtimes.get(f));
    // No temporary file left behind.
    expect(fs.readdirSync(path.join(dir, 'src/lib')).filter((f) => f.includes('scalelint'))).toEqual([]);

    const second = cli(['audit', dir, '--fix', '--format', 'json', '--rule', 'require-timeout=error']);
    expect(fs.readFileSync(path.join(dir, 'src/lib/payments.ts'), 'utf8')).toBe(after);
    expect(JSON.parse(second.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'require-timeout')).toEqual([]);
  });

  it('keeps a BOM and CRLF line endings', () => {
    const dir = copyFixture('timeouts/instance-elsewhere');
    const file = path.join(dir, 'src/http.ts');
    const text = '\ufeff' + fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n');
    fs.writeFileSync(file, text);
    cli(['audit', dir, '--fix']);
    const fixed = fs.readFileSync(file, 'utf8');
    expect(fixed.startsWith('\ufeff')).toBe(true);
    expect(fixed).toContain("axios.create({ baseURL: 'https://search.internal', timeout: 10000 });\r\n");
    expect(fixed.replace(/\r\n/g, '').includes('\n')).toBe(false);
  });
});

// Configuration: scalelint.config.json / package.json "scalelint" / --config, validated with
// messages that name the bad key; rule severities and options; include/exclude; the project's
// knowledge keys; the published JSON Schema; --rule overrides; configFromFile() for ESLint; and
// monorepo workspaces. Binary runs need `npm run build` first (`npm test` does it).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/audit/config-file.js';
import { configSchema } from '../src/audit/config-schema.js';
import { overrideSeverity, resolveRules } from '../src/audit/config.js';
import { listProjectFiles, parsePnpmWorkspace } from '../src/audit/files.js';
import { audit } from '../src/audit/run.js';
import { configFromFile } from '../src/eslint/index.js';
import { FIXTURES, sortFindings, type Simple } from './helpers/fixtures.js';
import { REPO, scalelint } from './helpers/cli.js';

const CONFIGURED = path.join(FIXTURES, 'adoption/configured');

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-config-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const FETCH = 'export async function f(u: string) {\n  return fetch(u);\n}\n';

describe('invalid configuration exits 2 and names the bad key', () => {
  const cases: [string, unknown, RegExp][] = [
    ['an unknown top-level key', { rulez: {} }, /scalelint\.config\.json: unknown key "rulez"; allowed keys: .*extends, rules, include, exclude, httpClients, dbClients, rateLimiters, idempotencyMiddleware, healthPaths, globalTimeouts/],
    ['an unknown preset', { extends: 'strictest' }, /"extends" must be one of "recommended", "strict", "all" \(got "strictest"\)/],
    ['an unknown rule', { rules: { 'no-such-rule': 'warn' } }, /unknown rule "no-such-rule"; known rules: .*require-timeout/],
    ['a bad severity', { rules: { 'require-timeout': 'warning' } }, /rules\["require-timeout"\]: severity must be one of off, warn, error \(or 0, 1, 2\) \(got "warning"\)/],
    ['a bad option type', { rules: { 'require-timeout': ['warn', { timeoutMs: 'soon' }] } }, /rules\["require-timeout"\] options: "timeoutMs" must be integer \(got "soon"\)/],
    ['an unknown option', { rules: { 'scalelint/require-timeout': ['error', { timeout: 5 }] } }, /rules\["scalelint\/require-timeout"\] options: unknown key "timeout"; allowed keys: timeoutMs/],
    ['a knowledge entry without its required key', { httpClients: [{ mod: './lib/http' }] }, /"httpClients\[0\]" is missing the required key "module"/],
    ['a knowledge entry of the wrong type', { rateLimiters: './limiter' }, /"rateLimiters" must be array \(got "\.\/limiter"\)/],
    ['a health path that is not a path', { healthPaths: ['up'] }, /"healthPaths\[0\]" must match pattern "\^\/" \(got "up"\)/],
    ['an unknown global timeout', { globalTimeouts: { got: true } }, /"globalTimeouts": unknown key "got"; allowed keys: fetch, axios/],
    ['include that is not a list of globs', { include: 'src' }, /"include" must be array/],
  ];
  for (const [name, config, message] of cases) {
    it(name, () => {
      const dir = project({ 'scalelint.config.json': JSON.stringify(config), 'src/a.ts': FETCH });
      const run = scalelint(['audit', dir]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    });
  }

  it('reads the "scalelint" key of package.json, and names it in errors', () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', scalelint: { extends: 'none' } }), 'src/a.ts': FETCH });
    const run = scalelint(['audit', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/package\.json "scalelint": "extends" must be one of/);
  });

  it('reports a config file that is not JSON, or missing with --config', () => {
    const dir = project({ 'scalelint.config.json': '{ rules: ', 'src/a.ts': FETCH });
    expect(scalelint(['audit', dir]).stderr).toMatch(/scalelint\.config\.json is not valid JSON/);
    const missing = scalelint(['audit', dir, '--config', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read config .*nope\.json: ENOENT/);
  });

  it('rejects a bad --rule', () => {
    const dir = project({ 'src/a.ts': FETCH });
    expect(scalelint(['audit', dir, '--rule', 'require-timeout=loud']).stderr).toMatch(/--rule takes id=off\|warn\|error/);
    const unknown = scalelint(['audit', dir, '--rule', 'no-such-rule=off']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown rule "no-such-rule"/);
  });
});

describe('rule entries, options and overrides', () => {
  it('accepts the ESLint forms and { severity, options }', () => {
    const severityOf = (entry: unknown) => {
      const config = parseConfig({ rules: { 'require-timeout': entry } }, 'test');
      return resolveRules(config).find((r) => r.rule.id === 'require-timeout');
    };
    expect(severityOf('warn')?.severity).toBe('warn');
    expect(severityOf(2)?.severity).toBe('error');
    expect(severityOf(0)).toBeUndefined();
    expect(severityOf(['warn'])?.severity).toBe('warn');
    expect(severityOf(['error', { timeoutMs: 5000 }])?.options).toMatchObject({ timeoutMs: 5000 });
    expect(severityOf({ severity: 'warn', options: { timeoutMs: 7000 } })?.options).toMatchObject({ timeoutMs: 7000 });
  });

  it('--rule changes the severity and keeps the options of the config', () => {
    const config = parseConfig({ rules: { 'scalelint/require-timeout': ['warn', { timeoutMs: 5000 }] } }, 'test');
    overrideSeverity(config, 'require-timeout', 'error');
    const rule = resolveRules(config).find((r) => r.rule.id === 'require-timeout');
    expect(rule?.severity).toBe('error');
    expect(rule?.options).toMatchObject({ timeoutMs: 5000 });
  });

  it('the configured fixture: severity, options, exclude and a knowledge key all apply', () => {
    const run = scalelint(['audit', CONFIGURED, '--format', 'json']);
    const report = JSON.parse(run.stdout);
    const timeouts = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'require-timeout');
    // fetch is covered by globalTimeouts.fetch; src/legacy is excluded; the axios call is a
    // warning whose fix uses timeoutMs 5000.
    expect(timeouts.map((f: { file: string; line: number; severity: string; message: string }) => [f.file, f.line, f.severity, f.message])).toEqual([
      ['src/clients.ts', 10, 'warn', expect.stringContaining('Pass timeout: 5000.')],
    ]);
    expect(report.summary.files).toBe(1);
    // Warnings alone exit 0, unless --max-warnings is exceeded or --rule makes them errors.
    expect(run.code).toBe(0);
    expect(scalelint(['audit', CONFIGURED, '--max-warnings', '0']).code).toBe(1);
    const strict = scalelint(['audit', CONFIGURED, '--rule', 'require-timeout=error', '--format', 'json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'require-timeout').message).toContain('timeout: 5000');
  });

  it('include narrows the audit to matching files; --config names another file', () => {
    const dir = project({
      'src/a.ts': FETCH,
      'scripts/b.ts': FETCH,
      'other.json': JSON.stringify({ include: ['scripts'] }),
    });
    const findings = audit({ root: dir, config: parseConfig({ include: ['src/**/*.ts'] }, 'test') }).findings;
    expect(findings.map((f) => path.relative(dir, f.file))).toEqual(['src/a.ts']);
    const run = scalelint(['audit', dir, '--config', path.join(dir, 'other.json'), '--format', 'json']);
    expect(JSON.parse(run.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['scripts/b.ts']);
  });
});

describe('the published JSON Schema', () => {
  const file = path.join(REPO, 'schemas/config.schema.json');

  it('is written by the build from the rules and settings, and shipped', () => {
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(configSchema());
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('schemas');
    expect(pkg.exports['./schemas/config.schema.json']).toBe('./schemas/config.schema.json');
  });

  it('accepts the fixture config and rejects what the loader rejects', () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(fs.readFileSync(file, 'utf8')));
    expect(validate(JSON.parse(fs.readFileSync(path.join(CONFIGURED, 'scalelint.config.json'), 'utf8')))).toBe(true);
    expect(validate({ extends: 'strict', rules: { 'scalelint/require-timeout': { severity: 1, options: { timeoutMs: 1 } } }, httpClients: [{ module: './lib/http', timeoutOption: 'timeoutMs' }], dbClients: [{ module: './db', pooled: true }], healthPaths: ['/up'] })).toBe(true);
    for (const bad of [{ rulez: {} }, { rules: { 'require-timeout': ['warn', { timeoutMs: 'x' }] } }, { rules: { nope: 'off' } }, { healthPaths: ['up'] }, { httpClients: [{}] }]) {
      expect(validate(bad)).toBe(false);
      expect(() => parseConfig(bad, 'test')).toThrow();
    }
  });
});

describe('configFromFile: one file configures ESLint too', () => {
  it('ESLint with it reports what the audit reports on the configured fixture', async () => {
    const config = configFromFile(CONFIGURED);
    expect(config.settings).toEqual({ scalelint: { globalTimeouts: { fetch: true } } });
    expect(config.rules?.['scalelint/require-timeout']).toEqual(['warn', expect.objectContaining({ timeoutMs: 5000 })]);
    expect(config.ignores).toEqual(['src/legacy/**']);

    const eslint = new ESLint({ cwd: CONFIGURED, overrideConfigFile: true, overrideConfig: [config] });
    const results = await eslint.lintFiles(['src']);
    const fromEslint: Simple[] = [];
    for (const r of results) {
      for (const m of r.messages) {
        fromEslint.push({ ruleId: (m.ruleId ?? '').replace(/^scalelint\//, ''), file: path.relative(CONFIGURED, r.filePath), line: m.line, column: m.column, endLine: m.endLine ?? m.line, endColumn: m.endColumn ?? m.column, message: m.message });
        expect(m.severity).toBe(1);
      }
    }
    const fromAudit = audit({ root: CONFIGURED, config: parseConfig(JSON.parse(fs.readFileSync(path.join(CONFIGURED, 'scalelint.config.json'), 'utf8')), 'test') }).findings
      .map((f) => ({ ruleId: f.ruleId, file: path.relative(CONFIGURED, f.file), line: f.span.line, column: f.span.column, endLine: f.span.endLine, endColumn: f.span.endColumn, message: f.message }));
    expect(fromEslint.length).toBeGreaterThan(0);
    expect(sortFindings(fromEslint)).toEqual(sortFindings(fromAudit));
  });

  it('throws the same clear error on an invalid file, and gives the defaults without one', () => {
    const dir = project({ 'scalelint.config.json': JSON.stringify({ healthPaths: 'up' }) });
    expect(() => configFromFile(dir)).toThrow(/"healthPaths" must be array/);
    const none = configFromFile(project({}));
    expect(none.settings).toEqual({ scalelint: {} });
    expect(none.rules?.['scalelint/require-timeout']).toEqual(['error', expect.objectContaining({ timeoutMs: 10000 })]);
  });
});

describe('monorepos: workspaces in one run', () => {
  const rel = (root: string, files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

  it('npm/yarn workspaces ({ packages }): each package through its own tsconfig, others scanned', () => {
    const root = path.join(FIXTURES, 'adoption/monorepo-npm');
    const listing = listProjectFiles(root);
    expect(rel(root, listing.workspaces ?? [])).toEqual(['packages/api', 'packages/worker']);
    // users.test.ts is excluded by packages/api/tsconfig.json.
    expect(rel(root, listing.files)).toEqual(['packages/api/src/users.ts', 'packages/worker/lib/job.js', 'tools/scripts/release.ts']);
    const run = scalelint(['audit', root, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`))
      .toEqual(['packages/api/src/users.ts:2', 'packages/worker/lib/job.js:2', 'tools/scripts/release.ts:2']);
  });

  it('pnpm-workspace.yaml, with a negated pattern and a solution-style root tsconfig', () => {
    const root = path.join(FIXTURES, 'adoption/monorepo-pnpm');
    const listing = listProjectFiles(root);
    expect(rel(root, listing.workspaces ?? [])).toEqual(['apps/web']);
    expect(rel(root, listing.files)).toEqual(['apps/web/src/page.ts']);
  });

  it('an array of workspaces; a package with its own tsconfig takes precedence over the root scan', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'm', workspaces: ['libs/*'] }),
      'libs/a/package.json': '{}',
      'libs/a/tsconfig.json': JSON.stringify({ include: ['src'] }),
      'libs/a/src/x.ts': FETCH,
      'libs/a/scratch/y.ts': FETCH,
      'libs/b/src/z.ts': FETCH,
    });
    expect(rel(dir, listProjectFiles(dir).files)).toEqual(['libs/a/src/x.ts', 'libs/b/src/z.ts']);
  });

  it('parses the packages list of pnpm-workspace.yaml', () => {
    expect(parsePnpmWorkspace("packages:\n  - 'apps/*'\n  - \"libs/**\"  # all\n  - tools\n\ncatalog:\n  react: ^18\n")).toEqual(['apps/*', 'libs/**', 'tools']);
    expect(parsePnpmWorkspace('packages: [apps/*, "libs/*"]\n')).toEqual(['apps/*', 'libs/*']);
    expect(parsePnpmWorkspace('# nothing\n')).toEqual([]);
  });
});

// Fixes are safe for the type checker: after `scalelint audit --fix` (the built binary), `tsc`
// reports no more errors than before. fixtures/typecheck-app type-checks with nothing installed
// (its libraries are declared in types/), so there it must stay at 0; every other fixture project
// is checked the same way, comparing counts (most of them import packages that are not installed).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/audit/config-file.js';
import { audit } from '../src/audit/run.js';
import { BIN, REPO } from './helpers/cli.js';
import { FIXTURES } from './helpers/fixtures.js';

/**
 * The fixtures are type-checked in temporary copies, where `types: ["node"]` would no longer find
 * the repository's @types/node: point `typeRoots` at it, so a copy checks as the fixture does in place.
 * `skipLibCheck`: fixes edit source files, never declaration files, so the errors a fix can add are
 * all in source files (and checking lib.dom.d.ts and @types/node again for every program is slow).
 */
const OVERRIDES: ts.CompilerOptions = { noEmit: true, skipLibCheck: true, typeRoots: [path.join(REPO, 'node_modules/@types')] };

/** Declaration files of TypeScript's libs and of node_modules, parsed once for every program. */
const libraryFiles = new Map<string, ts.SourceFile | undefined>();
function compilerHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    if (!fileName.startsWith(path.join(REPO, 'node_modules') + path.sep)) return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate);
    const key = `${fileName}\0${JSON.stringify(languageVersionOrOptions)}`;
    if (!libraryFiles.has(key)) libraryFiles.set(key, getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate));
    return libraryFiles.get(key);
  };
  return host;
}

interface TypeError {
  file: string;
  line: number;
  /** `TS2345 Argument of type …`: what is compared before and after (fixes may move lines). */
  error: string;
}

/** Every error `tsc -p <tsconfig> --noEmit` reports. */
function typeErrors(tsconfig: string): TypeError[] {
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, OVERRIDES, host)!;
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    host: compilerHost(parsed.options),
    ...(parsed.projectReferences ? { projectReferences: parsed.projectReferences } : {}),
  });
  const root = path.dirname(tsconfig);
  return [...parsed.errors, ...ts.getPreEmitDiagnostics(program)]
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => ({
      file: d.file ? path.relative(root, d.file.fileName) : '',
      line: d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0,
      error: `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    }));
}

/** Errors per tsconfig.json of a project folder (a monorepo has several). */
function projectErrors(root: string): Record<string, TypeError[]> {
  const out: Record<string, TypeError[]> = {};
  for (const config of listFiles(root).filter((f) => path.basename(f) === 'tsconfig.json')) {
    out[path.relative(root, config) || 'tsconfig.json'] = typeErrors(config);
  }
  return out;
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !path.join(e.parentPath, e.name).includes(`${path.sep}node_modules${path.sep}`))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function snapshot(root: string): Map<string, { text: string; mtimeMs: number }> {
  return new Map(listFiles(root).map((f) => [f, { text: fs.readFileSync(f, 'utf8'), mtimeMs: fs.statSync(f).mtimeMs }]));
}

interface Report {
  findings: { ruleId: string; fixable: boolean; file: string; line: number }[];
  errors: unknown[];
}

function auditJson(root: string, extra: string[] = []): Report {
  const r = spawnSync(process.execPath, [BIN, 'audit', root, '--format', 'json', '--no-progress', ...extra], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr, `stderr of audit ${extra.join(' ')}`).toBe('');
  expect([0, 1], `exit code of audit ${extra.join(' ')}`).toContain(r.status);
  return JSON.parse(r.stdout) as Report;
}

function countBy<T>(list: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of list) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

function copy(relative: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `scalelint-typecheck-${relative.replace(/\W/g, '-')}-`));
  fs.cpSync(path.join(FIXTURES, relative), dir, { recursive: true });
  return dir;
}

interface Outcome {
  /** Fixable findings before the fix, by rule: each one is a fix applied. */
  fixesApplied: Record<string, number>;
  changedFiles: string[];
  before: Record<string, TypeError[]>;
  after: Record<string, TypeError[]>;
}

/** The findings, the way the binary configures the audit (the project's config file). */
function findings(root: string) {
  return audit({ root, config: loadConfig(root) }).findings;
}

/**
 * Copy a fixture project, type-check it, `--fix` it through the binary, type-check it again.
 * (A project with no fixable finding is left out: --fix has nothing to write.)
 */
function fixAndTypecheck(relative: string): Outcome {
  const root = copy(relative);
  try {
    return fixAndTypecheckIn(root, relative);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function fixAndTypecheckIn(root: string, relative: string): Outcome {
  const found = findings(root);
  const fixesApplied = countBy(found.filter((f) => f.fixable), (f) => f.ruleId);
  const before = projectErrors(root);
  const original = snapshot(root);
  const fixed = auditJson(root, ['--fix']);
  const now = snapshot(root);
  const changedFiles = [...now].filter(([f, s]) => s.text !== original.get(f)?.text).map(([f]) => path.relative(root, f)).sort();
  // Files without fixes are not rewritten.
  for (const [file, s] of now) {
    if (!changedFiles.includes(path.relative(root, file))) expect(s.mtimeMs, `${relative}/${path.relative(root, file)} rewritten`).toBe(original.get(file)!.mtimeMs);
  }
  // Every fixable finding was fixed, and only those findings went away.
  expect(fixed.findings.filter((f) => f.fixable)).toEqual([]);
  expect(countBy(fixed.findings, (f) => f.ruleId)).toEqual(
    Object.fromEntries(Object.entries(countBy(found, (f) => f.ruleId))
      .map(([rule, n]) => [rule, n - (fixesApplied[rule] ?? 0)] as const).filter(([, n]) => n > 0)),
  );
  expect(changedFiles.length).toBeGreaterThan(0);
  // A second --fix changes nothing.
  expect(audit({ root, config: loadConfig(root), fix: true }).fixedFiles).toEqual([]);
  expect(snapshot(root)).toEqual(now);
  const after = projectErrors(root);
  return { fixesApplied, changedFiles, before, after };
}

const count = (errors: Record<string, TypeError[]>) => Object.values(errors).reduce((n, e) => n + e.length, 0);

describe('fixtures/typecheck-app: a project that type-checks, full of autofixable findings', () => {
  it('type-checks in place with no installs (0 errors)', () => {
    expect(typeErrors(path.join(FIXTURES, 'typecheck-app/tsconfig.json'))).toEqual([]);
  });

  it('still type-checks after --fix, with fixes of both fixable rules applied, and a second --fix changes nothing', () => {
    const outcome = fixAndTypecheck('typecheck-app');
    expect(outcome.before).toEqual({ 'tsconfig.json': [] });
    expect(outcome.fixesApplied).toEqual({ 'require-timeout': 18, 'require-retry-jitter': 6 });
    expect(outcome.changedFiles).toEqual(['src/clients/legacy.ts', 'src/clients/rates.ts', 'src/clients/search.ts', 'src/clients/users.ts', 'src/jobs/retry.ts']);
    expect(outcome.after).toEqual({ 'tsconfig.json': [] });
  });

  it('a fix that breaks the types is caught: the stubs are strict enough to reject a wrong option', () => {
    // The check above can fail: the same project with one fix done wrong (jitter widened to string
    // in an untyped object, axios.getUri given a second argument) has type errors.
    const root = copy('typecheck-app');
    const users = path.join(root, 'src/clients/users.ts');
    const text = fs.readFileSync(users, 'utf8');
    fs.writeFileSync(users, text
      .replace("backoffType: 'linear' as const }", "backoffType: 'linear' as const, jitter: 'full' }")
      .replace("baseURL: 'https://users.example' });\n}", "baseURL: 'https://users.example' }, { timeout: 10000 });\n}"));
    const errors = typeErrors(path.join(root, 'tsconfig.json'));
    fs.rmSync(root, { recursive: true, force: true });
    expect(errors.map((e) => `${e.file}:${e.line} ${e.error.slice(0, 6)}`)).toEqual(['src/clients/users.ts:47 TS2345', 'src/clients/users.ts:52 TS2554']);
  });
});

/** Fixture projects: folders with a package.json whose parent folders (below fixtures/) have none. */
function fixtureProjects(): string[] {
  const out: string[] = [];
  const visit = (relative: string) => {
    const dir = path.join(FIXTURES, relative);
    if (relative && fs.existsSync(path.join(dir, 'package.json'))) {
      out.push(relative);
      return;
    }
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'node_modules') visit(path.join(relative, e.name));
    }
  };
  visit('');
  return out.sort();
}

describe('every fixture project with fixes: no more type errors after --fix than before', () => {
  const projects = fixtureProjects().filter((p) => p !== 'typecheck-app');
  const withFixes = projects.filter((p) => findings(path.join(FIXTURES, p)).some((f) => f.fixable));
  const measured: Record<string, string> = {};

  it('some fixture projects have fixes', () => {
    expect(projects.length).toBeGreaterThanOrEqual(20);
    expect(withFixes.length).toBeGreaterThanOrEqual(5);
  });

  it.each(withFixes)('%s', (relative) => {
    const outcome = fixAndTypecheck(relative);
    expect(count(outcome.after)).toBeLessThanOrEqual(count(outcome.before));
    // Not only the count: no error is new (compared by file, code and message; fixes may move lines).
    const key = (e: TypeError) => `${e.file}: ${e.error}`;
    for (const [config, errors] of Object.entries(outcome.after)) {
      const before = countBy(outcome.before[config] ?? [], key);
      for (const [error, n] of Object.entries(countBy(errors, key))) expect(n, `${relative}/${config}: ${error}`).toBeLessThanOrEqual(before[error] ?? 0);
    }
    const fixes = Object.entries(outcome.fixesApplied).map(([r, n]) => `${r} ${n}`).join(', ');
    const perConfig = Object.entries(outcome.before).map(([c, e]) => `${c} ${e.length} → ${outcome.after[c]!.length}`).join(', ');
    measured[relative] = `${fixes} in ${outcome.changedFiles.length} file(s); tsc errors ${perConfig}`;
  });

  it('(the numbers)', () => {
    console.log(`fix-typecheck:\n${Object.entries(measured).map(([p, m]) => `  ${p}: ${m}`).join('\n')}`);
    expect(Object.keys(measured)).toEqual(withFixes);
  });
});

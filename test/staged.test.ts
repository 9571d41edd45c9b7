// `--staged` and `--changed [--since REF]` in temporary git repositories, through the real binary:
// the index (not the working tree) is what --staged audits; findings are those in changed files
// plus those the change brought about elsewhere; the pre-commit hook definitions run against a
// scratch repository when the `pre-commit` tool is installed (Debian package `pre-commit`).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/fixtures.js';
import { REPO, scalelint } from './helpers/cli.js';

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-staged-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  write(dir, { 'package.json': JSON.stringify({ name: 'p', private: true, type: 'module' }), ...files });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

const UNSAFE = (name: string) => `export async function ${name}(u: string) {\n  return fetch(u);\n}\n`;
const SAFE = (name: string) => `export async function ${name}(u: string) {\n  return fetch(u, { signal: AbortSignal.timeout(5000) });\n}\n`;

function audit(dir: string, args: string[]) {
  const run = scalelint(['audit', '--format', 'json', ...args], { cwd: dir });
  const report = run.stdout ? JSON.parse(run.stdout) : undefined;
  const where = report?.findings
    .filter((f: { ruleId: string }) => f.ruleId === 'require-timeout')
    .map((f: { file: string; line: number }) => `${f.file}:${f.line}`);
  return { ...run, report, where };
}

describe('--staged audits the git index, not the working tree', () => {
  const dir = repo({ 'src/a.ts': SAFE('a'), 'src/b.ts': SAFE('b'), 'src/old.ts': UNSAFE('old') });
  // a: the staged version has a finding, the working tree fixed it afterwards.
  write(dir, { 'src/a.ts': UNSAFE('a') });
  git(dir, 'add', 'src/a.ts');
  write(dir, { 'src/a.ts': SAFE('a') });
  // b: staged clean, the working tree (not staged) has a finding.
  write(dir, { 'src/b.ts': `// staged\n${SAFE('b')}` });
  git(dir, 'add', 'src/b.ts');
  write(dir, { 'src/b.ts': UNSAFE('b') });
  // c: untracked, with a finding; it is not part of the commit.
  write(dir, { 'src/c.ts': UNSAFE('c') });

  it('reports the staged content of changed files only', () => {
    const run = audit(dir, ['--staged']);
    expect(run.stderr).toBe('');
    // old.ts has a finding but is unchanged; c.ts is untracked; b.ts's finding is not staged.
    expect(run.where).toEqual(['src/a.ts:2']);
    expect(run.code).toBe(1);
    expect(run.report.summary.files).toBe(3);
  });

  it('passes when what is staged is clean, whatever the working tree holds', () => {
    git(dir, 'add', 'src/a.ts');
    const run = audit(dir, ['--staged']);
    expect(run.where).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('--changed looks at the working tree against HEAD, untracked files included', () => {
    const run = audit(dir, ['--changed']);
    expect(run.where).toEqual(['src/b.ts:2', 'src/c.ts:2']);
    expect(run.code).toBe(1);
  });

  it('--changed --since REF measures against an older commit', () => {
    const first = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'second');
    expect(audit(dir, ['--changed']).where).toEqual([]);
    expect(audit(dir, ['--changed', '--since', first]).where).toEqual(['src/b.ts:2', 'src/c.ts:2']);
    const bad = scalelint(['audit', '--changed', '--since', 'no-such-ref'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since no-such-ref: no such commit/);
  });

  it('works before the first commit: everything staged is new', () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-staged-'));
    git(fresh, 'init', '-q');
    write(fresh, { 'src/a.ts': UNSAFE('a') });
    git(fresh, 'add', '-A');
    expect(audit(fresh, ['--staged']).where).toEqual(['src/a.ts:2']);
  });
});

describe('project verdicts: findings the change brings about in unchanged files', () => {
  // setup.ts sets global timeouts for fetch (setGlobalDispatcher) and axios (defaults).
  const dir = repo({});
  fs.cpSync(path.join(FIXTURES, 'timeouts/global-defaults'), dir, { recursive: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'fixture');
  const setup = path.join(dir, 'src/setup.ts');
  const original = fs.readFileSync(setup, 'utf8');

  it('nothing is reported for an unrelated change', () => {
    write(dir, { 'src/lib/extra.ts': 'export const n = 1;\n' });
    git(dir, 'add', '-A');
    const run = audit(dir, ['--staged']);
    expect(run.where).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('removing the global dispatcher resurfaces the fetch call in an unchanged file', () => {
    fs.writeFileSync(setup, original.replace('setGlobalDispatcher(new Agent(dispatcherOptions));', ''));
    git(dir, 'add', 'src/setup.ts');
    const run = audit(dir, ['--staged']);
    expect(run.where).toEqual(['src/routes/stock.ts:15']);
    expect(run.code).toBe(1);
    expect(audit(dir, ['--changed']).where).toEqual(['src/routes/stock.ts:15']);
  });

  it('deleting the set-up file resurfaces every call it covered', () => {
    git(dir, 'rm', '-q', '-f', 'src/setup.ts');
    const run = audit(dir, ['--staged']);
    expect(run.where).toEqual(['src/lib/http.ts:4', 'src/routes/stock.ts:10', 'src/routes/stock.ts:15']);
  });
});

describe('--staged with a baseline, and usage errors', () => {
  it('--update-baseline over a change keeps the entries of the other files', () => {
    const dir = repo({ 'src/a.ts': UNSAFE('a'), 'src/b.ts': UNSAFE('b') });
    expect(scalelint(['audit', '--update-baseline'], { cwd: dir }).code).toBe(0);
    const full = JSON.parse(fs.readFileSync(path.join(dir, 'scalelint-baseline.json'), 'utf8'));
    expect(full.entries.map((e: { file: string }) => e.file)).toEqual(['src/a.ts', 'src/b.ts']);
    write(dir, { 'src/b.ts': `${UNSAFE('b')}${UNSAFE('b2')}` });
    git(dir, 'add', 'src/b.ts');
    const run = audit(dir, ['--staged', '--baseline', 'scalelint-baseline.json']);
    expect(run.where).toEqual(['src/b.ts:5']);
    // a.ts is out of the change: its entry is neither matched nor stale.
    expect(run.report.summary).toMatchObject({ baselined: 1, staleBaselineEntries: 0 });
    expect(scalelint(['audit', '--staged', '--update-baseline'], { cwd: dir }).code).toBe(0);
    const updated = JSON.parse(fs.readFileSync(path.join(dir, 'scalelint-baseline.json'), 'utf8'));
    expect(updated.entries.map((e: { file: string; scope: string }) => `${e.file}#${e.scope}`)).toEqual(['src/a.ts#a', 'src/b.ts#b', 'src/b.ts#b2']);
  });

  it('refuses what cannot work', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-nogit-'));
    write(outside, { 'src/a.ts': UNSAFE('a') });
    const cases: [string[], string, RegExp][] = [
      [['--staged'], outside, /--staged needs a git repository/],
      [['--since', 'HEAD'], REPO, /--since goes with --changed/],
      [['--staged', '--changed'], REPO, /--staged and --changed exclude each other/],
      [['--staged', '--fix'], REPO, /--staged audits the git index; fixes apply to the working tree/],
    ];
    for (const [args, cwd, message] of cases) {
      const run = scalelint(['audit', ...args], { cwd });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const hasPreCommit = !preCommit.error && preCommit.status === 0;
if (!hasPreCommit) {
  console.warn('staged.test.ts: the `pre-commit` tool is not installed (Debian package `pre-commit`): skipping the hook test');
}

describe.skipIf(!hasPreCommit)('.pre-commit-hooks.yaml with the pre-commit framework', () => {
  it('both hooks install from this repository and fail a commit that adds a call without a timeout', () => {
    const head = git(REPO, 'rev-parse', 'HEAD').trim();
    // pre-commit installs from a commit: the hook file must be committed.
    expect(git(REPO, 'ls-tree', '--name-only', head, '.pre-commit-hooks.yaml').trim()).toBe('.pre-commit-hooks.yaml');
    const dir = repo({ 'src/ok.ts': SAFE('ok') });
    write(dir, { 'src/a.ts': UNSAFE('a') });
    git(dir, 'add', 'src/a.ts');
    write(dir, { 'src/a.ts': SAFE('a') }); // unstaged fix: the hooks must look at what is staged
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-pre-commit-home-'));
    const env = {
      ...process.env,
      PRE_COMMIT_HOME: home,
      // Older pre-commit releases (Debian's 3.0.x) read `npm pack`'s stdout as the tarball name,
      // and npm's banner for the `prepare` build gets in the way; a silent npm prints none.
      NPM_CONFIG_LOGLEVEL: 'silent',
    };
    const run = (hook: string) => spawnSync('pre-commit', ['try-repo', REPO, hook, '--ref', head, '--verbose'], {
      cwd: dir, encoding: 'utf8', env, timeout: 540_000,
    });
    for (const hook of ['scalelint-staged', 'scalelint']) {
      const r = run(hook);
      const out = `${r.stdout}\n${r.stderr}`;
      expect(r.status, out).toBe(1);
      expect(out).toMatch(/src\/a\.ts\n\s+2:10\s+error\s+This fetch call has no timeout/);
      expect(out).toMatch(/- hook id: scalelint/);
    }
    // The unstaged working-tree fix is back in place afterwards.
    expect(fs.readFileSync(path.join(dir, 'src/a.ts'), 'utf8')).toBe(SAFE('a'));
    git(dir, 'add', 'src/a.ts');
    const clean = run('scalelint-staged');
    expect(clean.status, `${clean.stdout}\n${clean.stderr}`).toBe(0);
  }, 600_000);
});

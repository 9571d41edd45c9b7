// ESLint reuses the project snapshot's walk for the file it lints only when that walk is of the
// same text. An editor buffer that differs from the file on disk must be walked itself, in both
// directions: a problem only in the buffer is reported, one only on disk is not.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import plugin from '../src/eslint/index.js';
import type { TypeScriptApi } from '../src/engine/types.js';

const BAD = `export async function load(url: string) {\n  return fetch(url);\n}\n`;
const GOOD = `export async function load(url: string) {\n  return fetch(url, { signal: AbortSignal.timeout(5000) });\n}\n`;

function project(onDisk: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-snapshot-'));
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src/client.ts'), onDisk);
  return root;
}

async function timeoutFindings(root: string, text: string): Promise<number[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
  const [result] = await eslint.lintText(text, { filePath: path.join(root, 'src/client.ts') });
  return result!.messages.filter((m) => m.ruleId === 'scalelint/require-timeout').map((m) => m.line);
}

describe('ESLint and the project snapshot', () => {
  it('walks the buffer when it differs from the file on disk', async () => {
    const clean = project(GOOD);
    const dirty = project(BAD);
    try {
      expect(await timeoutFindings(clean, BAD)).toEqual([2]);
      expect(await timeoutFindings(dirty, GOOD)).toEqual([]);
      // And the same text as on disk gives the snapshot's own answer.
      expect(await timeoutFindings(dirty, BAD)).toEqual([2]);
      expect(await timeoutFindings(clean, GOOD)).toEqual([]);
    } finally {
      fs.rmSync(clean, { recursive: true, force: true });
      fs.rmSync(dirty, { recursive: true, force: true });
    }
  });
});

// The scan's results are kept on disk between ESLint runs (a run that lints one file would
// otherwise parse and walk the whole project first). Each run below loads the plugin afresh, as a
// new ESLint process would: nothing is carried in memory from the run before.
describe('ESLint and the project scan kept on disk', () => {
  // An hour on: the files these tests write look as old as a checkout's, so each run keeps their
  // stat signatures at once (a file changed within two seconds keeps none, and a run that came
  // just after that would then write them: what each run writes must not hang on the timing).
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_600_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const OTHER = `export const sum = (a: number, b: number) => a + b;\n`;

  function withModules(onDisk: string): string {
    const root = project(onDisk);
    // Enough other files that one changed file is appended to the journal, not a rewritten base.
    for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(root, `src/other-${i}.ts`), OTHER.replace('sum', `sum${i}`));
    fs.mkdirSync(path.join(root, 'node_modules'));
    return root;
  }

  async function freshRun(root: string, settings: Record<string, unknown> = {}): Promise<number[]> {
    vi.resetModules();
    const { default: fresh } = await import('../src/eslint/index.js');
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [fresh.configs.recommended, { settings: { scalelint: settings } }] });
    const [result] = await eslint.lintFiles([path.join(root, 'src/client.ts')]);
    return result!.messages.filter((m) => m.ruleId === 'scalelint/require-timeout').map((m) => m.line);
  }

  const cacheFolder = (root: string) => path.join(root, 'node_modules/.cache/scalelint');
  const journalLines = (root: string): string[] => {
    const journal = fs.readdirSync(cacheFolder(root)).find((f) => f.endsWith('.journal'));
    return journal ? fs.readFileSync(path.join(cacheFolder(root), journal), 'utf8').split('\n').filter(Boolean) : [];
  };

  it('writes every file\'s result once, then analyses only the files that changed, with the same findings', async () => {
    const root = withModules(BAD);
    try {
      expect(await freshRun(root)).toEqual([2]);
      const [base] = fs.readdirSync(cacheFolder(root)).filter((f) => /^eslint-scan-[0-9a-f]+\.json$/.test(f));
      expect(base).toBeDefined();
      expect(journalLines(root)).toEqual([]);
      // Nothing changed: nothing analysed, nothing written (not even the base rewritten: the same
      // file, with the same bytes).
      const baseFile = path.join(cacheFolder(root), base!);
      const before = { ino: fs.statSync(baseFile).ino, bytes: fs.readFileSync(baseFile, 'utf8') };
      expect(await freshRun(root)).toEqual([2]);
      expect(journalLines(root)).toEqual([]);
      expect({ ino: fs.statSync(baseFile).ino, bytes: fs.readFileSync(baseFile, 'utf8') }).toEqual(before);
      // One file changed: its result (and only its) is new, and the findings follow the file.
      fs.writeFileSync(path.join(root, 'src/client.ts'), GOOD);
      expect(await freshRun(root)).toEqual([]);
      expect(journalLines(root).map((l) => JSON.parse(l.slice(0, l.indexOf('\t')))[1])).toEqual(['src/client.ts']);
      // And back: the old text's result is the one on disk again.
      fs.writeFileSync(path.join(root, 'src/client.ts'), BAD);
      expect(await freshRun(root)).toEqual([2]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('keeps one file per rule set: two configs in one project do not overwrite each other', async () => {
    const root = withModules(BAD);
    const run = async () => {
      vi.resetModules();
      const { default: fresh } = await import('../src/eslint/index.js');
      const eslint = new ESLint({
        cwd: root,
        overrideConfigFile: true,
        overrideConfig: [{ ...fresh.configs.recommended, files: ['src/client.ts'] }, { ...fresh.configs.strict, files: ['src/other-*.ts'] }],
      });
      await eslint.lintFiles([path.join(root, 'src')]);
    };
    const bases = () => fs.readdirSync(cacheFolder(root)).filter((f) => /^eslint-scan-[0-9a-f]+\.json$/.test(f))
      .map((f) => [f, fs.readFileSync(path.join(cacheFolder(root), f), 'utf8')]);
    try {
      await run();
      const first = bases();
      expect(first).toHaveLength(2);
      await run();
      expect(bases()).toEqual(first);
      expect(journalLines(root)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('removes kept scans unused for 30 days, and keeps the ones in use however old their content', async () => {
    const root = withModules(BAD);
    try {
      await freshRun(root);
      const [current] = fs.readdirSync(cacheFolder(root)).filter((f) => f.endsWith('.json'));
      const old = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
      // The scan in use, untouched for 31 days; and one of a rule set no longer configured.
      fs.utimesSync(path.join(cacheFolder(root), current!), old, old);
      fs.utimesSync(path.join(cacheFolder(root), `${current}.reduced`), old, old);
      for (const f of ['eslint-scan-0123456789ab.json', 'eslint-scan-0123456789ab.json.reduced', 'eslint-scan-0123456789ab.json.journal']) {
        fs.writeFileSync(path.join(cacheFolder(root), f), '{}');
        fs.utimesSync(path.join(cacheFolder(root), f), old, old);
      }
      expect(await freshRun(root)).toEqual([2]);
      expect(fs.readdirSync(cacheFolder(root)).sort()).toEqual([current, `${current}.reduced`]);
      // The one in use was kept and used, not removed and made again: its kept reduce is untouched.
      expect(fs.statSync(path.join(cacheFolder(root), `${current}.reduced`)).mtimeMs).toBeLessThan(old.getTime() + 1000);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('keeps a workspace package\'s scan in the workspace root\'s node_modules, never in a stray one above a package', async () => {
    const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-home-'));
    try {
      // A node_modules folder with no package.json beside it, above the project: not a package's.
      fs.mkdirSync(path.join(outer, 'node_modules'));
      const ws = path.join(outer, 'ws');
      fs.mkdirSync(path.join(ws, 'node_modules'), { recursive: true });
      fs.writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ workspaces: ['packages/*'] }));
      const pkg = path.join(ws, 'packages/api');
      fs.mkdirSync(path.join(pkg, 'src'), { recursive: true });
      fs.writeFileSync(path.join(pkg, 'package.json'), '{}');
      fs.writeFileSync(path.join(pkg, 'src/client.ts'), BAD);
      expect(await freshRun(pkg)).toEqual([2]);
      expect(fs.readdirSync(path.join(ws, 'node_modules/.cache/scalelint')).some((f) => f.startsWith('eslint-scan-'))).toBe(true);
      expect(fs.existsSync(path.join(pkg, 'node_modules'))).toBe(false);

      // The same project moved out of the workspace: only the stray folder is above it.
      const alone = path.join(outer, 'alone');
      fs.cpSync(pkg, alone, { recursive: true });
      expect(await freshRun(alone)).toEqual([2]);
      expect(fs.existsSync(path.join(outer, 'node_modules/.cache'))).toBe(false);
      expect(fs.existsSync(path.join(alone, 'node_modules'))).toBe(false);
    } finally {
      fs.rmSync(outer, { recursive: true, force: true });
    }
  });

  it('sees a file rewritten to the same size with its modification time put back, in the same process', async () => {
    // No node_modules: only this process's memory of each file. The shutdown handler lives in
    // another file than the server it closes; misspelt, the server's file gets a finding.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-same-size-'));
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    fs.mkdirSync(path.join(root, 'src'));
    const app = path.join(root, 'src/app.ts');
    const shutdown = path.join(root, 'src/shutdown.ts');
    fs.writeFileSync(app, "import express from 'express';\nconst app = express();\nexport const server = app.listen(3000);\n");
    fs.writeFileSync(shutdown, "import { server } from './app';\nprocess.on('SIGTERM', () => server.close());\n");
    vi.resetModules();
    const { default: fresh } = await import('../src/eslint/index.js');
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [fresh.configs.all] });
    const shutdownFindings = async () => (await eslint.lintFiles([app]))[0]!.messages
      .filter((m) => m.ruleId === 'scalelint/require-graceful-shutdown').map((m) => m.line);
    // A whole second, which utimes sets exactly (a file system's nanoseconds it may not).
    const second = Math.floor(fs.statSync(shutdown).mtimeMs / 1000) - 100;
    fs.utimesSync(shutdown, second, second);
    try {
      expect(await shutdownFindings()).toEqual([]);
      const { mtimeMs, size } = fs.statSync(shutdown);
      fs.writeFileSync(shutdown, fs.readFileSync(shutdown, 'utf8').replace('SIGTERM', 'SIGTERX'));
      fs.utimesSync(shutdown, second, second);
      expect(fs.statSync(shutdown).size).toBe(size);
      expect(fs.statSync(shutdown).mtimeMs).toBe(mtimeMs);
      // Past the snapshot's few seconds of trust: the folder is looked at again.
      vi.setSystemTime(Date.now() + 10_000);
      expect(await shutdownFindings()).toEqual([2]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('does not take results kept under another TypeScript version', async () => {
    const root = withModules(BAD);
    const file = path.join(root, 'src/client.ts');
    const scan = async (version?: string) => {
      vi.resetModules();
      const ts = (await import('typescript')).default;
      const { projectFindings } = await import('../src/eslint/project.js');
      const { default: requireTimeout } = await import('../rules/require-timeout.js');
      const api = (version ? { ...ts, version } : ts) as unknown as TypeScriptApi;
      const { sourceFile } = (await import('../src/engine/parse.js')).parseText(api, file, BAD);
      return projectFindings({
        ts: api, file, sourceFile, current: () => { throw new Error('the scan holds this file'); }, program: null, cwd: root,
        rules: [{ rule: requireTimeout, options: {} }], settings: {},
      }).map((f) => f.span.line);
    };
    const baseFile = () => {
      const name = fs.readdirSync(cacheFolder(root)).find((f) => /^eslint-scan-[0-9a-f]+\.json$/.test(f))!;
      return path.join(cacheFolder(root), name);
    };
    try {
      expect(await scan()).toEqual([2]);
      const first = fs.statSync(baseFile()).ino;
      expect(await scan()).toEqual([2]);
      expect(fs.statSync(baseFile()).ino).toBe(first);
      // Another TypeScript: the base is of another key, made again and put in place of the old.
      expect(await scan('9.9.9')).toEqual([2]);
      expect(fs.statSync(baseFile()).ino).not.toBe(first);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('costs only a miss when the cache is damaged', async () => {
    const root = withModules(BAD);
    try {
      expect(await freshRun(root)).toEqual([2]);
      for (const f of fs.readdirSync(cacheFolder(root))) fs.writeFileSync(path.join(cacheFolder(root), f), '{"v":');
      expect(await freshRun(root)).toEqual([2]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('is not kept with projectScanCache: false, nor where there is no node_modules folder to keep it in', async () => {
    const off = withModules(BAD);
    const bare = project(BAD);
    try {
      expect(await freshRun(off, { projectScanCache: false })).toEqual([2]);
      expect(fs.existsSync(cacheFolder(off))).toBe(false);
      expect(await freshRun(bare)).toEqual([2]);
      expect(fs.existsSync(path.join(bare, 'node_modules'))).toBe(false);
    } finally {
      fs.rmSync(off, { recursive: true, force: true });
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});

// ESLint's --concurrency lints in worker threads, each with its own copy of the plugin. One of them
// scans the project while the others wait for its results (src/engine/file-lock.ts).
describe("ESLint's --concurrency and the project scan", () => {
  const cacheFolder = (root: string) => path.join(root, 'node_modules/.cache/scalelint');
  it('gives the findings one thread gives, and leaves no lock behind', async () => {
    const { spawnSync } = await import('node:child_process');
    const root = project(BAD);
    try {
      fs.mkdirSync(path.join(root, 'node_modules'));
      for (let i = 0; i < 12; i++) {
        fs.writeFileSync(path.join(root, `src/part-${i}.ts`), i % 3 === 0 ? BAD : GOOD);
      }
      fs.writeFileSync(path.join(root, 'eslint.config.mjs'),
        `import plugin from ${JSON.stringify(path.resolve('dist/src/eslint/index.js'))};\nexport default [plugin.configs.all];\n`);
      const lint = (concurrency: string) => {
        fs.rmSync(cacheFolder(root), { recursive: true, force: true });
        const run = spawnSync(process.execPath, [path.resolve('node_modules/eslint/bin/eslint.js'), '--format', 'json',
          '--concurrency', concurrency, 'src'], { cwd: root, encoding: 'utf8', timeout: 50_000 });
        const results = JSON.parse(run.stdout) as ESLint.LintResult[];
        return results.map((r) => `${path.basename(r.filePath)} ${r.messages.map((m) => `${m.ruleId}:${m.line}`).join(',')}`).sort();
      };
      const one = lint('off');
      expect(one.filter((r) => r.includes('scalelint/require-timeout:2'))).toHaveLength(5);
      expect(lint('2')).toEqual(one);
      expect(fs.readdirSync(cacheFolder(root)).filter((f) => f.includes('.lock') || f.endsWith('.tmp'))).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

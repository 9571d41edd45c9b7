// The audit compiles TypeScript through V8's code cache. A code cache is code: it must live in the
// user's own private cache folder, never in the audited project, and one that others can write is
// not read.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../bin/scalelint.js');
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/demo-app');

function audit(cwd: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [BIN, 'audit', FIXTURE, '--format', 'json'], {
    cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000,
  });
}

function listAll(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('the TypeScript code cache', () => {
  it('is written to the private user cache folder, not to the project or the working directory', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-xdg-'));
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-cwd-'));
    fs.mkdirSync(path.join(project, 'node_modules'));
    const before = listAll(FIXTURE);
    try {
      const r = audit(project, { XDG_CACHE_HOME: home });
      expect(r.status).toBe(1);
      const written = listAll(home);
      expect(written).toHaveLength(1);
      expect(path.basename(written[0]!)).toMatch(/^typescript-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.v8cache$/);
      if (process.platform !== 'win32') {
        expect(fs.statSync(written[0]!).mode & 0o077).toBe(0);
        expect(fs.statSync(path.dirname(written[0]!)).mode & 0o077).toBe(0);
      }
      expect(listAll(project)).toEqual([]);
      expect(listAll(FIXTURE)).toEqual(before);
      // A second run reads it (the same file, its time set to now: pruning keeps what is used)
      // and reports the same.
      const { ino } = fs.statSync(written[0]!);
      fs.utimesSync(written[0]!, 1_000_000, 1_000_000);
      const again = audit(project, { XDG_CACHE_HOME: home });
      expect(JSON.parse(again.stdout).findings).toEqual(JSON.parse(r.stdout).findings);
      expect(fs.statSync(written[0]!).ino).toBe(ino);
      expect(fs.statSync(written[0]!).mtimeMs).toBeGreaterThan(Date.now() - 600_000);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('the CLI (which sets V8 flags) and a plain node process keep separate caches and neither rejects the other', () => {
    // V8 rejects a code cache made under other flags (~170 ms of compiling TypeScript again):
    // with one file for both, each would throw the other's away on every run.
    // The plain process is a script file, as a program using the library is (`node -e` would
    // differ from the CLI by its own node options, and hide a key that forgot the flags).
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-xdg-'));
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-plain-')), 'plain.mjs');
    fs.writeFileSync(script, `import { typescript } from ${JSON.stringify(path.resolve(import.meta.dirname, '../dist/src/audit/typescript.js'))};\ntypescript();\n`);
    const plain = () => spawnSync(process.execPath, [script], {
      encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home }, timeout: 120_000,
    });
    try {
      expect(audit(home, { XDG_CACHE_HOME: home }).status).toBe(1);
      expect(plain().status).toBe(0);
      const files = listAll(home);
      expect(files).toHaveLength(2);
      // A rejected cache is written again at exit, through a new file (a new inode): neither was.
      const written = new Map(files.map((f) => [f, fs.statSync(f).ino]));
      expect(audit(home, { XDG_CACHE_HOME: home }).status).toBe(1);
      expect(plain().status).toBe(0);
      expect(new Map(listAll(home).map((f) => [f, fs.statSync(f).ino]))).toEqual(written);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('is there for worker threads when nothing in this thread has loaded TypeScript yet (a listing from --cache)', () => {
    // TypeScript loads on first use; the code cache handed to workers must not then be missing.
    const module = JSON.stringify(path.resolve(import.meta.dirname, '../dist/src/audit/typescript.js'));
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-xdg-'));
    try {
      const out = spawnSync(process.execPath, ['--input-type=module', '-e',
        `import { typescriptCodeCache } from ${module}; console.log(typescriptCodeCache()?.length ?? 0);`], {
        encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home }, timeout: 120_000,
      });
      expect(Number(out.stdout.trim())).toBeGreaterThan(100_000);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('keeps the most recently used caches only (one per TypeScript copy would pile up)', async () => {
    const { pruneCaches, KEPT_CODE_CACHES } = await import('../src/audit/typescript.js');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-prune-'));
    try {
      const names = Array.from({ length: KEPT_CODE_CACHES + 3 }, (_, i) => `typescript-${String(i).padStart(16, '0')}-v20.0.0-x64.v8cache`);
      names.forEach((name, i) => {
        const file = path.join(folder, name);
        fs.writeFileSync(file, 'x');
        fs.utimesSync(file, 1_000_000 + i, 1_000_000 + i); // the later, the newer
      });
      fs.writeFileSync(path.join(folder, 'other-file'), 'kept');
      pruneCaches(folder);
      expect(fs.readdirSync(folder).sort()).toEqual([...names.slice(3), 'other-file'].sort());
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('removes the temporary file of a cache write that was stopped, not one being written', async () => {
    const { pruneCaches } = await import('../src/audit/typescript.js');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-prune-'));
    try {
      const cache = 'typescript-0000000000000000-v20.0.0-x64.v8cache';
      const stale = `.${cache}.scalelint-4242.tmp`;
      const writing = `.${cache}.scalelint-4343.tmp`;
      const other = '.other.tmp'; // not a temporary file of writeFileAtomic's
      for (const name of [cache, stale, writing, other]) fs.writeFileSync(path.join(folder, name), 'x');
      const now = Date.now();
      const hourAgo = (now - 3_600_000) / 1000;
      for (const name of [stale, other]) fs.utimesSync(path.join(folder, name), hourAgo, hourAgo);
      pruneCaches(folder, 8, now);
      expect(fs.readdirSync(folder).sort()).toEqual([other, writing, cache].sort());
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it.skipIf(process.platform === 'win32')('is trusted only in a folder and file of this user that no one else can write', async () => {
    const { trusted } = await import('../src/audit/typescript.js');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-trust-'));
    const file = path.join(folder, 'typescript.v8cache');
    try {
      fs.chmodSync(folder, 0o700);
      fs.writeFileSync(file, 'x', { mode: 0o600 });
      expect(trusted(file)).toBe(true);
      fs.chmodSync(file, 0o666);
      expect(trusted(file)).toBe(false);
      fs.chmodSync(file, 0o600);
      fs.chmodSync(folder, 0o777);
      expect(trusted(file)).toBe(false);
      fs.chmodSync(folder, 0o700);
      expect(trusted(path.join(folder, 'missing'))).toBe(false);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it.skipIf(process.platform === 'win32')('a corrupt cache file that others can write changes nothing (it is not trusted, and V8 would reject it)', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-xdg-'));
    try {
      const first = audit(os.tmpdir(), { XDG_CACHE_HOME: home });
      const [file] = listAll(home);
      // Replace it with garbage and make it writable by everyone: it must be neither trusted nor fatal.
      fs.writeFileSync(file!, Buffer.alloc(4096, 7));
      fs.chmodSync(file!, 0o666);
      const r = audit(os.tmpdir(), { XDG_CACHE_HOME: home });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).findings).toEqual(JSON.parse(first.stdout).findings);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

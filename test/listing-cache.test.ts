// `--cache` keeps the file listing (src/audit/listing-cache.ts): reused only while nothing it
// depends on changed. Each test lists once (which keeps the listing), then plants a file that does
// not exist in the kept listing: a reused listing returns it, a listing made again does not.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProjectFiles } from '../src/audit/files.js';
import { listProjectFilesCached } from '../src/audit/listing-cache.js';
import { typescript } from '../src/audit/typescript.js';
import { tempFolders } from './helpers/temp.js';

const tempDir = tempFolders('scalelint-listing-');

function project(files: Record<string, string>): string {
  const root = tempDir();
  write(root, files);
  return root;
}

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

const rel = (root: string, files: string[]) => files.map((f) => path.relative(root, f)).sort();

/** What the test pretends is the time: files just written are then old enough to vouch for. */
const later = () => Date.now() + 60_000;

interface Kept { listing: { files: unknown[] }; inputs: unknown[] }

/** Change the kept listing in place. */
function tamper(cacheFile: string, change: (kept: Kept) => void): void {
  const kept = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Kept;
  change(kept);
  fs.writeFileSync(cacheFile, JSON.stringify(kept));
}

/** List through the cache, then add `phantom.ts` to the kept listing (see the top). */
function listAndPlant(root: string, cacheFile: string): string[] {
  const first = rel(root, listProjectFilesCached(root, {}, cacheFile, later()).files);
  tamper(cacheFile, (kept) => kept.listing.files.push(path.join(root, 'phantom.ts')));
  return first;
}

function cached(root: string, cacheFile: string): string[] {
  return rel(root, listProjectFilesCached(root, {}, cacheFile, later()).files);
}

describe('the listing kept by --cache', () => {
  const base = {
    'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json', include: ['src'] }),
    'tsconfig.base.json': JSON.stringify({ exclude: ['src/legacy'] }),
    'src/a.ts': '',
    'src/deep/er/b.ts': '',
    'src/legacy/old.ts': '',
    'src/assets/readme.md': '',
  };

  it('is reused while nothing it depends on changed, and equals a fresh listing', () => {
    const root = project(base);
    const cacheFile = path.join(tempDir(), 'listing.json');
    expect(listAndPlant(root, cacheFile)).toEqual(['src/a.ts', 'src/deep/er/b.ts']);
    expect(rel(root, listProjectFiles(root).files)).toEqual(['src/a.ts', 'src/deep/er/b.ts']);
    expect(cached(root, cacheFile)).toEqual(['phantom.ts', 'src/a.ts', 'src/deep/er/b.ts']);
  });

  const changes: [string, (root: string) => void, string[]][] = [
    ['a file added in a folder deep down', (root) => write(root, { 'src/deep/er/c.ts': '' }), ['src/a.ts', 'src/deep/er/b.ts', 'src/deep/er/c.ts']],
    ['a source file added in a folder that had none', (root) => write(root, { 'src/assets/x.ts': '' }), ['src/a.ts', 'src/assets/x.ts', 'src/deep/er/b.ts']],
    ['a new folder', (root) => write(root, { 'src/new/n.ts': '' }), ['src/a.ts', 'src/deep/er/b.ts', 'src/new/n.ts']],
    ['a file removed', (root) => fs.rmSync(path.join(root, 'src/deep/er/b.ts')), ['src/a.ts']],
    ['a file renamed', (root) => fs.renameSync(path.join(root, 'src/a.ts'), path.join(root, 'src/z.ts')), ['src/deep/er/b.ts', 'src/z.ts']],
    ['tsconfig.json edited', (root) => write(root, { 'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json', include: ['src/deep'] }) }), ['src/deep/er/b.ts']],
    ['the config it extends edited', (root) => write(root, { 'tsconfig.base.json': JSON.stringify({}) }), ['src/a.ts', 'src/deep/er/b.ts', 'src/legacy/old.ts']],
    ['tsconfig.json removed', (root) => fs.rmSync(path.join(root, 'tsconfig.json')), ['src/a.ts', 'src/deep/er/b.ts', 'src/legacy/old.ts']],
  ];
  for (const [what, change, expected] of changes) {
    it(`is made again after ${what}`, () => {
      const root = project(base);
      const cacheFile = path.join(tempDir(), 'listing.json');
      listAndPlant(root, cacheFile);
      change(root);
      expect(cached(root, cacheFile)).toEqual(expected);
      expect(rel(root, listProjectFiles(root).files)).toEqual(expected);
    });
  }

  it('is made again when a workspace package appears', () => {
    const root = project({
      'package.json': JSON.stringify({ workspaces: ['packages/*'] }),
      // Listed through tsconfig files only: no walk of the whole folder sees a new package.
      'tsconfig.json': JSON.stringify({ include: ['scripts'] }),
      'packages/a/package.json': '{}', 'packages/a/tsconfig.json': JSON.stringify({ include: ['src'] }), 'packages/a/src/a.ts': '',
    });
    const cacheFile = path.join(tempDir(), 'listing.json');
    expect(listAndPlant(root, cacheFile)).toEqual(['packages/a/src/a.ts']);
    write(root, { 'packages/b/package.json': '{}', 'packages/b/tsconfig.json': JSON.stringify({ include: ['lib'] }), 'packages/b/lib/b.ts': '' });
    expect(cached(root, cacheFile)).toEqual(['packages/a/src/a.ts', 'packages/b/lib/b.ts']);
  });

  it('applies git\'s ignore rules afresh to a reused listing', () => {
    const root = project({ ...base, '.gitignore': 'nothing\n' });
    execFileSync('git', ['init', '-q'], { cwd: root });
    const cacheFile = path.join(tempDir(), 'listing.json');
    listAndPlant(root, cacheFile);
    // Edited in place: no folder changes, and the listing does not depend on .gitignore.
    fs.appendFileSync(path.join(root, '.gitignore'), 'src/deep/\n');
    expect(cached(root, cacheFile)).toEqual(['phantom.ts', 'src/a.ts']);
  });

  it('is not kept when something it depends on changed too recently to vouch for', () => {
    const root = project(base);
    const cacheFile = path.join(tempDir(), 'listing.json');
    expect(rel(root, listProjectFilesCached(root, {}, cacheFile).files)).toEqual(['src/a.ts', 'src/deep/er/b.ts']);
    expect(fs.existsSync(cacheFile)).toBe(false);
  });

  it('is not kept when this TypeScript lacks the internals that tell which folders it read', () => {
    const sys = typescript().sys as unknown as { getAccessibleFileSystemEntries?: unknown };
    const entries = sys.getAccessibleFileSystemEntries;
    expect(typeof entries).toBe('function');
    const root = project(base);
    const cacheFile = path.join(tempDir(), 'listing.json');
    delete sys.getAccessibleFileSystemEntries;
    try {
      expect(cached(root, cacheFile)).toEqual(['src/a.ts', 'src/deep/er/b.ts']);
    } finally {
      sys.getAccessibleFileSystemEntries = entries;
    }
    expect(fs.existsSync(cacheFile)).toBe(false);
  });

  it('is not kept when the listing met errors, which are reported each time', () => {
    const root = project({ 'tsconfig.json': '{ "compilerOptions": { "strict": tru', 'src/a.ts': '' });
    const cacheFile = path.join(tempDir(), 'listing.json');
    const listing = listProjectFilesCached(root, {}, cacheFile, later());
    expect(listing.errors).toHaveLength(1);
    expect(rel(root, listing.files)).toEqual(['src/a.ts']);
    expect(fs.existsSync(cacheFile)).toBe(false);
  });

  it('is not reused with other include or exclude globs, for another root, or when not its own', () => {
    const root = project(base);
    const cacheFile = path.join(tempDir(), 'listing.json');
    listAndPlant(root, cacheFile);
    expect(rel(root, listProjectFilesCached(root, { exclude: ['src/deep'] }, cacheFile, later()).files)).toEqual(['src/a.ts']);
    listAndPlant(root, cacheFile);
    const copy = project(base);
    expect(rel(copy, listProjectFilesCached(copy, {}, cacheFile, later()).files)).toEqual(['src/a.ts', 'src/deep/er/b.ts']);
    fs.writeFileSync(cacheFile, '{"v":1,"key":');
    expect(cached(copy, cacheFile)).toEqual(['src/a.ts', 'src/deep/er/b.ts']);
  });

  // Each damage alone, to a listing with the phantom planted: a reuse would return the phantom.
  const damages: [string, (kept: Kept, root: string) => void][] = [
    ['a file outside the project (a cache planted in the repository)', (kept, root) => kept.listing.files.push(path.join(root, '../secret.ts'))],
    ['no inputs to check', (kept) => {
      kept.inputs = [];
    }],
    ['an input that is not a [path, signature] pair', (kept) => kept.inputs.push(1)],
    ['an input of numbers', (kept) => kept.inputs.push([1, 2])],
    ['a file that is not a path', (kept) => kept.listing.files.push({})],
  ];
  for (const [what, damage] of damages) {
    it(`is made again, not reused and not a crash, when it holds ${what}`, () => {
      const root = project(base);
      const cacheFile = path.join(tempDir(), 'listing.json');
      listAndPlant(root, cacheFile);
      tamper(cacheFile, (kept) => damage(kept, root));
      expect(cached(root, cacheFile)).toEqual(['src/a.ts', 'src/deep/er/b.ts']);
    });
  }
});

describe('scalelint audit --cache', () => {
  const cli = path.resolve(import.meta.dirname, '../bin/scalelint.js');
  const audit = (root: string) => spawnSync(process.execPath, [cli, 'audit', '--cache', '--format', 'json'], {
    cwd: root, encoding: 'utf8', env: { ...process.env, SCALELINT_TIMING: '1' }, timeout: 60_000,
  });
  const files = (out: string) => (JSON.parse(out) as { findings: { file: string }[] }).findings.map((f) => f.file).sort();

  it('lists from the cache once nothing changed (TypeScript is then not loaded), and sees a file added later', async () => {
    const root = project({
      'tsconfig.json': JSON.stringify({ include: ['src'] }),
      'src/a.ts': 'export async function f(u: string) { return fetch(u); }\n',
      // As in any project with dependencies: the cache goes in it, and the root's entries stay.
      'node_modules/.package-lock.json': '{}',
    });
    // Files written in the last two seconds are not vouched for, and no listing is kept.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const first = audit(root);
    expect(files(first.stdout)).toEqual(['src/a.ts']);
    expect(first.stderr).toContain('phase: load TypeScript');
    const listing = path.join(root, 'node_modules/.cache/scalelint/audit-cache.json.listing');
    expect(fs.existsSync(listing)).toBe(true);

    const warm = audit(root);
    expect(files(warm.stdout)).toEqual(['src/a.ts']);
    expect(warm.stderr).not.toContain('phase: load TypeScript');

    write(root, { 'src/b.ts': 'export async function g(u: string) { return fetch(u); }\n' });
    expect(files(audit(root).stdout)).toEqual(['src/a.ts', 'src/b.ts']);
  });
});

// The `--cache` files: a base (an index line, then one result per line) and a journal of the
// entries changed since. A warm run that changed a few files appends to the journal; the base is
// rewritten when entries must go or the journal has grown; a torn or foreign journal line, or a
// damaged base, costs only a miss. Results are parsed when used; the reduce step's findings are
// kept under a digest of all results.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ResultCache, CACHE_FORMAT_VERSION, cacheKey } from '../src/engine/result-cache.js';
import type { FileResult } from '../src/engine/types.js';

let root = '';
let file = '';
const result = (name: string): FileResult => ({
  facts: { file: name, imports: [], exports: [], data: {}, shared: {} },
  findings: [],
});
const open = (key = 'k') => new ResultCache(file, key, root);
/** The base's index line. */
const index = () => JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]!);
const journalLine = (key: string, rel: string, hash: string, r: FileResult, digest?: string) => {
  const raw = JSON.stringify(r);
  return `${JSON.stringify([cacheKey(root, key), rel, hash, digest ?? createHash('sha1').update(raw).digest('hex')])}\t${raw}`;
};
const abs = (rel: string) => path.join(root, rel);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-cache-'));
  file = path.join(root, 'cache', 'audit-cache.json');
});

/** A cold run over `n` files, saved: the base holds them all. */
function fill(n: number, key = 'k'): ResultCache {
  const cache = open(key);
  for (let i = 0; i < n; i++) cache.set(abs(`src/f${i}.ts`), `h${i}`, result(`f${i}`));
  cache.save();
  return cache;
}

describe('audit cache', () => {
  it('a cold run writes the base only; a warm run reads every entry back', () => {
    fill(20);
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    const base = index();
    expect(base.v).toBe(CACHE_FORMAT_VERSION);
    expect(base.files).toHaveLength(20);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(21);
    const warm = open();
    for (let i = 0; i < 20; i++) expect(warm.get(abs(`src/f${i}.ts`), `h${i}`)).toEqual(result(`f${i}`));
    expect(warm.get(abs('src/f0.ts'), 'other')).toBeUndefined();
  });

  it('reads results back after a result with text that is not ASCII (byte offsets, not characters)', () => {
    const cache = open();
    const names = ['ascii', 'café', '日本語 ✓', 'after'];
    names.forEach((name, i) => cache.set(abs(`src/f${i}.ts`), `h${i}`, result(name)));
    cache.save();
    const warm = open();
    names.forEach((name, i) => expect(warm.get(abs(`src/f${i}.ts`), `h${i}`)).toEqual(result(name)));
  });

  it('a run that changed one file appends one journal line and leaves the base as it was', () => {
    fill(20);
    const before = fs.readFileSync(file, 'utf8');
    const warm = open();
    for (let i = 1; i < 20; i++) warm.get(abs(`src/f${i}.ts`), `h${i}`);
    warm.set(abs('src/f0.ts'), 'changed', result('f0 changed'));
    warm.save();
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const lines = fs.readFileSync(`${file}.journal`, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(journalLine('k', 'src/f0.ts', 'changed', result('f0 changed')));
    // The journal wins over the base.
    const next = open();
    expect(next.get(abs('src/f0.ts'), 'changed')).toEqual(result('f0 changed'));
    expect(next.get(abs('src/f0.ts'), 'h0')).toBeUndefined();
  });

  it('a base rewrite removes the temporary file of a rewrite that was stopped, not a fresh one', () => {
    const folder = path.dirname(file);
    fs.mkdirSync(folder, { recursive: true });
    const stale = path.join(folder, '.audit-cache.json.scalelint-4242-3.tmp');
    const staleOlderName = path.join(folder, '.audit-cache.json.scalelint-4141.tmp'); // before thread ids
    const writing = path.join(folder, '.audit-cache.json.scalelint-4343.tmp');
    const notOurs = path.join(folder, '.audit-cache.json.tmp');
    for (const f of [stale, staleOlderName, writing, notOurs]) fs.writeFileSync(f, 'partial');
    const hourAgo = (Date.now() - 3_600_000) / 1000;
    for (const f of [stale, staleOlderName, notOurs]) fs.utimesSync(f, hourAgo, hourAgo);
    fill(3);
    expect(fs.readdirSync(folder).sort()).toEqual(['.audit-cache.json.scalelint-4343.tmp', '.audit-cache.json.tmp', 'audit-cache.json'].sort());
  });

  it('a file set twice in one run (a fix, then its re-analysis) keeps the last hash, with its result in full', () => {
    fill(100);
    const run = open();
    run.set(abs('src/new.ts'), 'before fix', result('new'), 'sig-1');
    run.set(abs('src/new.ts'), 'after fix', result('new'), 'sig-2'); // same result: a comment
    run.set(abs('src/f0.ts'), 'fixed once', result('f0 changed'));
    run.set(abs('src/f0.ts'), 'fixed twice', result('f0 changed again'));
    run.retain(Array.from({ length: 100 }, (_, i) => abs(`src/f${i}.ts`))); // still in the project
    run.save();
    const next = open();
    expect(next.get(abs('src/new.ts'), 'before fix')).toBeUndefined();
    expect(next.get(abs('src/new.ts'), 'after fix')).toEqual(result('new'));
    expect(next.getByStat(abs('src/new.ts'), 'sig-2')).toEqual({ result: result('new'), hash: 'after fix' });
    expect(next.get(abs('src/f0.ts'), 'fixed twice')).toEqual(result('f0 changed again'));
    expect(fs.existsSync(`${file}.journal`)).toBe(true); // through the journal, not a rewrite
  });

  it('an unchanged warm run writes nothing', () => {
    fill(5);
    const mtime = fs.statSync(file).mtimeMs;
    const warm = open();
    for (let i = 0; i < 5; i++) warm.get(abs(`src/f${i}.ts`), `h${i}`);
    warm.save();
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
  });

  it('keeps stat signatures: with a new result in its line, and for a known result in a line without one', () => {
    const cache = open();
    cache.set(abs('src/a.ts'), 'ha', result('a'), 'sig-a');
    cache.set(abs('src/b.ts'), 'hb', result('b'));
    // Enough other files that a line for b is appended to the journal, not a rewritten base.
    for (let i = 0; i < 20; i++) cache.set(abs(`src/f${i}.ts`), `h${i}`, result(`f${i}`));
    cache.save();
    expect(index().files.slice(0, 2).map((f: unknown[]) => [f[0], f[4]])).toEqual([['src/a.ts', 'sig-a'], ['src/b.ts', undefined]]);
    const warm = open();
    for (let i = 0; i < 20; i++) warm.get(abs(`src/f${i}.ts`), `h${i}`);
    expect(warm.getByStat(abs('src/a.ts'), 'sig-a')).toEqual({ result: result('a'), hash: 'ha' });
    expect(warm.getByStat(abs('src/a.ts'), 'other')).toBeUndefined();
    expect(warm.getByStat(abs('src/b.ts'), 'sig-b')).toBeUndefined();
    // b's content is known by its hash; its signature is new (a checkout, a touch).
    expect(warm.get(abs('src/b.ts'), 'hb', 'sig-b')).toEqual(result('b'));
    const before = fs.readFileSync(file, 'utf8');
    warm.save();
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const digest = createHash('sha1').update(JSON.stringify(result('b'))).digest('hex');
    expect(fs.readFileSync(`${file}.journal`, 'utf8')).toBe(`${JSON.stringify([cacheKey(root, 'k'), 'src/b.ts', 'hb', digest, 'sig-b'])}\t\n`);
    const next = open();
    expect(next.getByStat(abs('src/b.ts'), 'sig-b')).toEqual({ result: result('b'), hash: 'hb' });
    expect(next.getByStat(abs('src/a.ts'), 'sig-a')).toEqual({ result: result('a'), hash: 'ha' });
  });

  it('new content with the same result (a comment added) is journalled without the result', () => {
    fill(20);
    const warm = open();
    for (let i = 1; i < 20; i++) warm.get(abs(`src/f${i}.ts`), `h${i}`);
    warm.set(abs('src/f0.ts'), 'h0 with a comment', result('f0'), 'sig');
    warm.save();
    const digest = createHash('sha1').update(JSON.stringify(result('f0'))).digest('hex');
    expect(fs.readFileSync(`${file}.journal`, 'utf8')).toBe(`${JSON.stringify([cacheKey(root, 'k'), 'src/f0.ts', 'h0 with a comment', digest, 'sig'])}\t\n`);
    const next = open();
    expect(next.get(abs('src/f0.ts'), 'h0')).toBeUndefined();
    expect(next.get(abs('src/f0.ts'), 'h0 with a comment')).toEqual(result('f0'));
    expect(next.getByStat(abs('src/f0.ts'), 'sig')).toEqual({ result: result('f0'), hash: 'h0 with a comment' });
  });

  it('a line without a result applies only to the result it names', () => {
    fill(2);
    const stale = createHash('sha1').update(JSON.stringify(result('older'))).digest('hex');
    fs.writeFileSync(`${file}.journal`, `${JSON.stringify([cacheKey(root, 'k'), 'src/f0.ts', 'h0', stale, 'sig'])}\t\n`);
    expect(open().getByStat(abs('src/f0.ts'), 'sig')).toBeUndefined();
    const digest = createHash('sha1').update(JSON.stringify(result('f0'))).digest('hex');
    fs.writeFileSync(`${file}.journal`, `${JSON.stringify([cacheKey(root, 'k'), 'src/f0.ts', 'h0', digest, 'sig'])}\t\n`);
    expect(open().getByStat(abs('src/f0.ts'), 'sig')).toEqual({ result: result('f0'), hash: 'h0' });
  });

  it('files still in the project keep their entries when this run does not use them (another shard\'s)', () => {
    fill(20);
    const shard = open();
    // This run analyses f0-f9 only; f10-f18 are the project's too; f19 is gone.
    for (let i = 0; i < 10; i++) shard.get(abs(`src/f${i}.ts`), `h${i}`);
    shard.retain(Array.from({ length: 19 }, (_, i) => abs(`src/f${i}.ts`)));
    shard.save(); // f19 is gone: rewrite, keeping f10-f18 from the old base
    const files = index().files as [string, string][];
    expect(files.map(([rel]) => rel).sort()).toEqual(Array.from({ length: 19 }, (_, i) => `src/f${i}.ts`).sort());
    expect(open().get(abs('src/f15.ts'), 'h15')).toEqual(result('f15'));
  });

  it('a file gone from the project folds the journal into a new base without it', () => {
    fill(20);
    const warm = open();
    for (let i = 1; i < 20; i++) warm.get(abs(`src/f${i}.ts`), `h${i}`);
    warm.set(abs('src/f1.ts'), 'changed', result('f1 changed'));
    warm.save(); // f0 is gone: rewrite
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    const files = index().files as [string, string][];
    expect(files).toHaveLength(19);
    expect(files.find(([rel]) => rel === 'src/f0.ts')).toBeUndefined();
    expect(files.find(([rel]) => rel === 'src/f1.ts')![1]).toBe('changed');
    // Entries that came from the old base and from this run read back alike.
    const next = open();
    expect(next.get(abs('src/f1.ts'), 'changed')).toEqual(result('f1 changed'));
    expect(next.get(abs('src/f7.ts'), 'h7')).toEqual(result('f7'));
  });

  it('a journal grown past a quarter of the base is folded into the base', () => {
    fill(8);
    for (let run = 0; run < 4; run++) {
      const warm = open();
      for (let i = 0; i < 8; i++) if (!warm.get(abs(`src/f${i}.ts`), `h${i}-${run - 1}`)) warm.get(abs(`src/f${i}.ts`), `h${i}`);
      warm.set(abs('src/f0.ts'), `h0-${run}`, result(`f0 run ${run}`));
      warm.save();
      // 8 entries of equal size: one line is at most a quarter of the base, two are more.
      expect(fs.existsSync(`${file}.journal`)).toBe(run % 2 === 0);
    }
    const last = open();
    expect(last.get(abs('src/f0.ts'), 'h0-3')).toEqual(result('f0 run 3'));
  });

  it('a torn line, a line of another configuration and a line that is not JSON are skipped', () => {
    fill(4);
    const warm = open();
    for (let i = 1; i < 4; i++) warm.get(abs(`src/f${i}.ts`), `h${i}`);
    warm.set(abs('src/f0.ts'), 'good', result('good'));
    warm.save();
    const foreign = journalLine('other', 'src/f1.ts', 'x', result('foreign'));
    const full = journalLine('k', 'src/f2.ts', 'y', result('torn'));
    const torn = full.slice(0, full.length - 10);
    fs.appendFileSync(`${file}.journal`, `${foreign}\nnot json\n\t{}\n${torn}`);
    const next = open();
    expect(next.get(abs('src/f0.ts'), 'good')).toEqual(result('good'));
    expect(next.get(abs('src/f1.ts'), 'x')).toBeUndefined();
    expect(next.get(abs('src/f1.ts'), 'h1')).toEqual(result('f1'));
    expect(next.get(abs('src/f2.ts'), 'y')).toBeUndefined();
    expect(next.get(abs('src/f2.ts'), 'h2')).toEqual(result('f2'));
  });

  it('a base of another configuration is not used, and the next save replaces it and its journal', () => {
    fill(3, 'old');
    fs.writeFileSync(`${file}.journal`, `${journalLine('old', 'src/f0.ts', 'h0', result('f0'))}\n`);
    const cache = open('new');
    expect(cache.get(abs('src/f0.ts'), 'h0')).toBeUndefined();
    cache.set(abs('src/f0.ts'), 'h0', result('f0 new'));
    cache.save();
    expect(index().key).toBe(cacheKey(root, 'new'));
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
  });

  it('a damaged base (cut short, or an index that is not JSON) is a miss for every file', () => {
    fill(4);
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, text.length - 5));
    expect(open().get(abs('src/f0.ts'), 'h0')).toBeUndefined();
    fs.writeFileSync(file, `{${text}`);
    expect(open().get(abs('src/f0.ts'), 'h0')).toBeUndefined();
    fs.writeFileSync(file, '');
    expect(open().get(abs('src/f0.ts'), 'h0')).toBeUndefined();
  });

  it('reads results from the base it indexed, even when another run replaces the base meanwhile', () => {
    fill(3);
    const warm = open();
    const got = warm.get(abs('src/f1.ts'), 'h1')!;
    // Another run (another configuration) renames a new base into place before this one reads.
    const other = new ResultCache(file, 'other', root);
    other.set(abs('src/f1.ts'), 'h1', result('other f1'));
    other.save();
    expect(index().key).toBe(cacheKey(root, 'other'));
    expect(got.facts.file).toBe('f1');
    expect(got).toEqual(result('f1'));
    warm.close();
  });

  it('detach: results used from the base stay readable after it is closed; close alone does not keep them', () => {
    fill(3);
    const detached = open();
    const kept = detached.get(abs('src/f1.ts'), 'h1')!;
    detached.detach();
    expect(kept).toEqual(result('f1'));
    const closed = open();
    const lost = closed.get(abs('src/f1.ts'), 'h1')!;
    closed.close();
    expect(() => lost.facts).toThrow(/closed before its results were read/);
  });

  it('keeps the reduce step\'s findings under a digest of every result of the run', () => {
    const finding = { ruleId: 'r', messageId: 'm', message: 'msg', file: abs('src/f0.ts'), scopeName: '', text: 't',
      span: { start: 0, end: 1, line: 1, column: 1, endLine: 1, endColumn: 2 } };
    const cold = fill(3);
    const digest = cold.resultsDigest();
    cold.reducedStore(digest).write([finding]);
    // The same results (one file's text changed, its result did not): the same digest.
    const same = open();
    same.get(abs('src/f0.ts'), 'h0');
    same.get(abs('src/f1.ts'), 'h1');
    same.set(abs('src/f2.ts'), 'h2 with a comment', result('f2'));
    expect(same.resultsDigest()).toBe(digest);
    expect(same.reducedStore(digest).read()).toEqual([finding]);
    // A result changed, or a file is gone: another digest, and no findings for it.
    const changed = open();
    changed.get(abs('src/f0.ts'), 'h0');
    changed.get(abs('src/f1.ts'), 'h1');
    changed.set(abs('src/f2.ts'), 'h2 edited', result('f2 edited'));
    expect(changed.resultsDigest()).not.toBe(digest);
    expect(changed.reducedStore(changed.resultsDigest()).read()).toBeUndefined();
    const fewer = open();
    fewer.get(abs('src/f0.ts'), 'h0');
    fewer.get(abs('src/f1.ts'), 'h1');
    expect(fewer.resultsDigest()).not.toBe(digest);
    // Another configuration never reads them.
    expect(new ResultCache(file, 'other', root).reducedStore(digest).read()).toBeUndefined();
  });
});

// Both caches are keyed by the code that made the results, not only by its version number: a rule
// edited in a checkout (or a package built from git) keeps its version and must not be answered
// from results of the code before.
describe('the code version in cache keys', () => {
  it('changes when a code file of the package changes, and only then', async () => {
    const { execFileSync } = await import('node:child_process');
    const pkgRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-codever-'));
    try {
      fs.writeFileSync(path.join(pkgRoot, 'package.json'), JSON.stringify({ name: 'eslint-plugin-scalelint', version: '9.9.9', type: 'module' }));
      fs.mkdirSync(path.join(pkgRoot, 'dist/src'), { recursive: true });
      fs.mkdirSync(path.join(pkgRoot, 'dist/rules'), { recursive: true });
      fs.mkdirSync(path.join(pkgRoot, 'dist/src/engine'));
      for (const f of ['version.js', 'engine/discover.js', 'engine/parse.js']) fs.copyFileSync(path.resolve('dist/src', f), path.join(pkgRoot, 'dist/src', f));
      const rule = path.join(pkgRoot, 'dist/rules/some-rule.js');
      fs.writeFileSync(rule, 'export default 1;\n');
      const version = () => execFileSync(process.execPath, ['--input-type=module', '-e',
        `import { codeVersion } from ${JSON.stringify(path.join(pkgRoot, 'dist/src/version.js'))}; console.log(codeVersion());`], { encoding: 'utf8' }).trim();
      const first = version();
      expect(first).toMatch(/^9\.9\.9\+[0-9a-f]{16}$/);
      expect(version()).toBe(first);
      fs.writeFileSync(path.join(pkgRoot, 'dist/rules/notes.md'), 'not code');
      expect(version()).toBe(first);
      fs.writeFileSync(rule, 'export default 2;;\n');
      expect(version()).not.toBe(first);
    } finally {
      fs.rmSync(pkgRoot, { recursive: true, force: true });
    }
  });
});

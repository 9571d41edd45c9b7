// The `--cache` files: a base and a journal of the entries changed since. A warm run that changed
// a few files appends to the journal; the base is rewritten when entries must go or the journal
// has grown; a torn or foreign journal line costs only a miss.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditCache, CACHE_FORMAT_VERSION } from '../src/audit/cache.js';
import type { FileResult } from '../src/engine/types.js';

let root = '';
let file = '';
const result = (name: string): FileResult => ({
  facts: { file: name, imports: [], exports: [], data: {}, shared: {} },
  findings: [],
});
const open = (key = 'k') => new AuditCache(file, key, root);
const abs = (rel: string) => path.join(root, rel);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-cache-'));
  file = path.join(root, 'cache', 'audit-cache.json');
});

/** A cold run over `n` files, saved: the base holds them all. */
function fill(n: number, key = 'k'): AuditCache {
  const cache = open(key);
  for (let i = 0; i < n; i++) cache.set(abs(`src/f${i}.ts`), `h${i}`, result(`f${i}`));
  cache.save();
  return cache;
}

describe('audit cache', () => {
  it('a cold run writes the base only; a warm run reads every entry back', () => {
    fill(20);
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    const base = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(base.formatVersion).toBe(CACHE_FORMAT_VERSION);
    expect(Object.keys(base.files)).toHaveLength(20);
    const warm = open();
    for (let i = 0; i < 20; i++) expect(warm.get(abs(`src/f${i}.ts`), `h${i}`)).toEqual(result(`f${i}`));
    expect(warm.get(abs('src/f0.ts'), 'other')).toBeUndefined();
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
    expect(JSON.parse(lines[0]!)).toMatchObject({ v: CACHE_FORMAT_VERSION, key: 'k', file: 'src/f0.ts', hash: 'changed' });
    // The journal wins over the base.
    const next = open();
    expect(next.get(abs('src/f0.ts'), 'changed')).toEqual(result('f0 changed'));
    expect(next.get(abs('src/f0.ts'), 'h0')).toBeUndefined();
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

  it('a file gone from the project folds the journal into a new base without it', () => {
    fill(20);
    const warm = open();
    for (let i = 1; i < 20; i++) warm.get(abs(`src/f${i}.ts`), `h${i}`);
    warm.set(abs('src/f1.ts'), 'changed', result('f1 changed'));
    warm.save(); // f0 is gone: rewrite
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
    const base = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(Object.keys(base.files)).toHaveLength(19);
    expect(base.files['src/f0.ts']).toBeUndefined();
    expect(base.files['src/f1.ts'].hash).toBe('changed');
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
    const foreign = JSON.stringify({ v: CACHE_FORMAT_VERSION, key: 'other', file: 'src/f1.ts', hash: 'x', result: result('foreign') });
    const torn = JSON.stringify({ v: CACHE_FORMAT_VERSION, key: 'k', file: 'src/f2.ts', hash: 'y', result: result('torn') }).slice(0, 40);
    fs.appendFileSync(`${file}.journal`, `${foreign}\nnot json\n${torn}`);
    const next = open();
    expect(next.get(abs('src/f0.ts'), 'good')).toEqual(result('good'));
    expect(next.get(abs('src/f1.ts'), 'x')).toBeUndefined();
    expect(next.get(abs('src/f1.ts'), 'h1')).toEqual(result('f1'));
    expect(next.get(abs('src/f2.ts'), 'y')).toBeUndefined();
    expect(next.get(abs('src/f2.ts'), 'h2')).toEqual(result('f2'));
  });

  it('a base of another configuration is not used, and the next save replaces it and its journal', () => {
    fill(3, 'old');
    fs.writeFileSync(`${file}.journal`, JSON.stringify({ v: CACHE_FORMAT_VERSION, key: 'old', file: 'src/f0.ts', hash: 'h0', result: result('f0') }) + '\n');
    const cache = open('new');
    expect(cache.get(abs('src/f0.ts'), 'h0')).toBeUndefined();
    cache.set(abs('src/f0.ts'), 'h0', result('f0 new'));
    cache.save();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).key).toBe('new');
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
  });
});

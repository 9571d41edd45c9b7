// FileTexts (src/audit/map.ts): texts of files the cache answered by their stat, read when asked.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTexts } from '../src/audit/map.js';
import { tempFolders } from './helpers/temp.js';

const folder = tempFolders('scalelint-texts-');

describe('FileTexts', () => {
  it('reads a deferred file when its text is asked for, BOM removed, and not before', () => {
    const d = folder();
    const file = path.join(d, 'a.ts');
    fs.writeFileSync(file, '\uFEFFconst a = 1;\n');
    const texts = new FileTexts(1024);
    texts.defer(file);
    fs.writeFileSync(file, '\uFEFFconst a = 2;\n'); // the text read is the one on disk when asked
    expect(texts.get(file)).toBe('const a = 2;\n');
    fs.writeFileSync(file, 'changed again');
    expect(texts.get(file)).toBe('const a = 2;\n'); // read once
  });

  it('gives no text, and does not throw, for a deferred file removed or grown past the size limit', () => {
    const d = folder();
    const gone = path.join(d, 'gone.ts');
    const big = path.join(d, 'big.ts');
    const kept = path.join(d, 'kept.ts');
    for (const f of [gone, big, kept]) fs.writeFileSync(f, 'x;\n');
    const texts = new FileTexts(16);
    texts.defer(gone);
    texts.defer(big);
    texts.set(kept, 'given');
    fs.rmSync(gone);
    fs.writeFileSync(big, 'x'.repeat(64));
    expect(texts.get(gone)).toBeUndefined();
    expect(texts.has(big)).toBe(false);
    expect([...texts]).toEqual([[kept, 'given']]);
    expect(texts.size).toBe(1);
  });

  it('reads every deferred file when iterated', () => {
    const d = folder();
    const files = ['a.ts', 'b.ts', 'c.ts'].map((n) => path.join(d, n));
    files.forEach((f, i) => fs.writeFileSync(f, `// ${i}\n`));
    const texts = new FileTexts(1024);
    for (const f of files) texts.defer(f);
    expect(new Map(texts)).toEqual(new Map(files.map((f, i) => [f, `// ${i}\n`])));
  });
});

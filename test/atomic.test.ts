// writeFileAtomic: the one way fixed sources, baselines and caches are written.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/engine/atomic.js';

describe('writeFileAtomic', () => {
  it('replaces the file, with the mode asked for, and leaves nothing beside it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-atomic-'));
    const file = path.join(dir, 'a.json');
    fs.writeFileSync(file, 'old');
    writeFileAtomic(file, 'new', { mode: 0o600 });
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['a.json']);
  });

  it('a write that fails throws and leaves no temporary file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-atomic-'));
    const target = path.join(dir, 'taken');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true }); // a folder cannot be renamed over
    expect(() => writeFileAtomic(target, 'text')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['taken']);
  });
});

describe('writeFileAtomic with parts', () => {
  it('writes the parts one after the other, across chunk boundaries, with the mode asked for', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-atomic-'));
    const file = path.join(dir, 'big.json');
    const parts = ['head\n', ...Array.from({ length: 3000 }, (_, i) => `${String(i).padStart(4, '0')}${'x'.repeat(1000)}\n`), 'é end'];
    writeFileAtomic(file, parts, { mode: 0o600 });
    expect(fs.readFileSync(file, 'utf8')).toBe(parts.join(''));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['big.json']);
  });
});

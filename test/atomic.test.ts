// writeFileAtomic: the one way fixed sources, baselines and caches are written.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/engine/atomic.js';
import { writeAtomic } from '../src/audit/fix.js';

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

describe('writeFileAtomic from several threads of one process', () => {
  it('a reader never sees a mix: each thread writes through its own temporary file', async () => {
    // ESLint's --concurrency runs the plugin in worker threads of one process, each saving the
    // same project scan. With one temporary name per pid, a thread renamed the file another was
    // still writing, and readers saw a torn file in most reads.
    const { Worker } = await import('node:worker_threads');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-atomic-'));
    const file = path.join(dir, 'shared.json');
    const atomic = path.resolve('dist/src/engine/atomic.js');
    const size = 64 * 16384;
    const code = `
      const { workerData } = require('node:worker_threads');
      import(${JSON.stringify(atomic)}).then(({ writeFileAtomic }) => {
        const parts = Array.from({ length: 64 }, () => workerData.c.repeat(16384));
        for (let i = 0; i < 60; i++) { try { writeFileAtomic(workerData.file, parts); } catch {} }
      });`;
    try {
      const workers = ['a', 'b'].map((c) => new Worker(code, { eval: true, workerData: { c, file } }));
      let running = workers.length;
      for (const w of workers) w.on('exit', () => running--);
      let reads = 0;
      const torn: number[] = [];
      while (running > 0) {
        let text: string | undefined;
        try {
          text = fs.readFileSync(file, 'latin1');
        } catch {
          // not written yet
        }
        if (text !== undefined) {
          reads++;
          if (text.length !== size || !(/^a+$/.test(text) || /^b+$/.test(text))) torn.push(text.length);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(reads).toBeGreaterThan(0);
      expect(torn).toEqual([]);
      expect(fs.readdirSync(dir)).toEqual(['shared.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a fixed source', () => {
  it('is written with its own temporary files that a stopped --fix left removed, and nothing else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-atomic-'));
    const file = path.join(dir, 'x.ts');
    fs.writeFileSync(file, 'old');
    const eleven = (Date.now() - 11 * 60_000) / 1000;
    const beside = {
      mine: '.x.ts.scalelint-123-0.tmp', // x.ts's, from a --fix killed eleven minutes ago
      fresh: '.x.ts.scalelint-124-0.tmp', // x.ts's, from a --fix that may still be writing
      other: '.y.ts.scalelint-123-0.tmp', // another file's: left for that file's next write
      user: '.x.ts.scalelint-notes.tmp', // not a name this tool makes
    };
    for (const [what, name] of Object.entries(beside)) {
      fs.writeFileSync(path.join(dir, name), '');
      if (what !== 'fresh') fs.utimesSync(path.join(dir, name), eleven, eleven);
    }
    writeAtomic(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.readdirSync(dir).sort()).toEqual([beside.fresh, beside.user, beside.other, 'x.ts'].sort());
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

// `--cache` answers a file whose stat signature (times, size, inode) is the one kept with its
// result without reading it; a file changed too recently to vouch for, or a run that fixes, reads.
// node:fs is wrapped to see which source files a run opens; Date is moved forward so that files
// written by the test look as old as files in a real checkout.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const opened: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
    opened.push(String(file));
    return (real.openSync as (...a: unknown[]) => number)(file, ...rest);
  }) as typeof real.openSync;
  return { ...real, openSync, default: { ...real, openSync } };
});

const { audit, auditShard, mergeShards } = await import('../src/audit/run.js');
const { statSignature } = await import('../src/engine/result-cache.js');

let root = '';
const src = (name: string) => path.join(root, 'src', name);
const FETCH = (url: string, silenced = false) =>
  `export async function get() {\n${silenced ? '  // eslint-disable-next-line scalelint/require-timeout\n' : ''}  return fetch('${url}');\n}\n`;

/** One audit with `--cache`, and the project's source files it opened. */
function run(options: { fix?: boolean; reportUnusedDisableDirectives?: boolean } = {}) {
  opened.length = 0;
  const result = audit({ root, cache: true, ...options });
  const sources = opened.filter((f) => f.startsWith(path.join(root, 'src'))).map((f) => path.basename(f)).sort();
  return { where: result.findings.map((f) => `${path.basename(f.file)}:${f.span.line}:${f.ruleId}`), sources };
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-stat-'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"stat-test","private":true}\n');
  // a.ts: a finding silenced by a comment, which only its text tells; b.ts: a finding; c.ts: none.
  fs.writeFileSync(src('a.ts'), FETCH('https://a.example', true));
  fs.writeFileSync(src('b.ts'), FETCH('https://b.example'));
  fs.writeFileSync(src('c.ts'), 'export const c = 1;\n');
  vi.useFakeTimers({ toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Move the clock to `ms` after the files' last change. */
const later = (ms: number) => vi.setSystemTime(Math.max(...['a.ts', 'b.ts', 'c.ts'].map((f) => fs.statSync(src(f)).ctimeMs)) + ms);

describe('--cache and stat signatures', () => {
  it('a file unchanged since a look some seconds after its last change is not read again', () => {
    later(10_000);
    const first = run();
    expect(first.where).toEqual(['b.ts:2:require-timeout']);
    expect(first.sources).toEqual(['a.ts', 'b.ts', 'c.ts']);

    later(20_000);
    const warm = run();
    expect(warm.where).toEqual(first.where);
    // a.ts has a silenced finding: its suppression comment is read. b.ts has a finding but no
    // `eslint-` comment, which its cache entry says; c.ts has neither.
    expect(warm.sources).toEqual(['a.ts']);
  });

  it('a file changed since is read, even at the same size', () => {
    later(10_000);
    run();
    const before = fs.statSync(src('b.ts')).size;
    fs.writeFileSync(src('c.ts'), 'export const d = 1;\n');
    fs.writeFileSync(src('b.ts'), FETCH('https://c.example'));
    fs.appendFileSync(src('a.ts'), '');
    expect(fs.statSync(src('b.ts')).size).toBe(before);
    later(10_000);
    const after = run();
    expect(after.sources).toEqual(['a.ts', 'b.ts', 'c.ts']);
    expect(after.where).toEqual(['b.ts:2:require-timeout']);
  });

  it('a file looked at within two seconds of its last change keeps no signature: the next run reads it again', () => {
    later(1_000);
    run();
    later(1_500);
    expect(run().sources).toEqual(['a.ts', 'b.ts', 'c.ts']);
    later(10_000);
    run(); // now old enough: the signatures are kept
    later(12_000);
    expect(run().sources).toEqual(['a.ts']);
  });

  it('unused disable comments are still found in files answered by their stat', () => {
    fs.writeFileSync(src('c.ts'), '// eslint-disable-next-line scalelint/require-timeout\nexport const c = 1;\n');
    later(10_000);
    run();
    later(20_000);
    const warm = run({ reportUnusedDisableDirectives: true });
    expect(warm.where).toEqual(['b.ts:2:require-timeout', 'c.ts:1:unused-disable-directive']);
    expect(warm.sources).toEqual(['a.ts', 'c.ts']);
  });

  it('a suppression comment added where the result stays the same is read once its file is answered by its stat', () => {
    later(10_000);
    expect(run().where).toEqual(['b.ts:2:require-timeout']);
    // The same result (same spans, same text of the call): the cache keeps it under the new text.
    fs.writeFileSync(src('b.ts'), FETCH('https://b.example').replace("');", "'); // eslint-disable-line scalelint/require-timeout"));
    later(10_000);
    const changed = run();
    expect(changed.where).toEqual([]);
    expect(changed.sources).toEqual(['a.ts', 'b.ts']);
    later(20_000);
    const warm = run();
    expect(warm.where).toEqual([]);
    expect(warm.sources).toEqual(['a.ts', 'b.ts']);
  });

  it('a file over a lower --max-file-size is skipped as such, not answered from the cache by its stat', () => {
    later(10_000);
    run();
    later(20_000);
    const limit = fs.statSync(src('c.ts')).size + 1;
    const result = audit({ root, cache: true, maxFileSize: limit });
    expect(result.errors.map((e) => [path.basename(e.file), e.message.split(' (')[0]])).toEqual([
      ['a.ts', 'larger than --max-file-size'], ['b.ts', 'larger than --max-file-size'],
    ]);
    expect(result.findings).toEqual([]);
  });

  it('a run that fixes reads every file: its edits apply to the text its results came from', () => {
    later(10_000);
    run();
    later(20_000);
    expect(run({ fix: true }).sources).toEqual(expect.arrayContaining(['a.ts', 'b.ts', 'c.ts']));
  });
});

describe('scalelint merge', () => {
  it('applies suppression comments, reading only the files with findings, and gives the unsharded report', async () => {
    later(10_000);
    const single = audit({ root }).findings.map((f) => `${path.basename(f.file)}:${f.span.line}:${f.ruleId}`);
    expect(single).toEqual(['b.ts:2:require-timeout']); // a.ts's finding is silenced by its comment
    const shards = [await auditShard({ root, shard: { index: 1, total: 2 } }), await auditShard({ root, shard: { index: 2, total: 2 } })];
    opened.length = 0;
    const merged = mergeShards(shards).findings.map((f) => `${path.basename(f.file)}:${f.span.line}:${f.ruleId}`);
    expect(merged).toEqual(single);
    // a.ts (a silenced finding) and b.ts (a finding) are read for their comments; c.ts, none.
    expect(opened.filter((f) => f.startsWith(path.join(root, 'src'))).map((f) => path.basename(f)).sort()).toEqual(['a.ts', 'b.ts']);
  });
});

describe('statSignature', () => {
  it('is undefined for a file changed within the last two seconds, and names times, size and inode otherwise', () => {
    const stat = fs.statSync(src('c.ts'));
    const changed = Math.max(stat.mtimeMs, stat.ctimeMs);
    expect(statSignature(stat, changed + 1_999)).toBeUndefined();
    expect(statSignature(stat, changed + 2_000)).toBe(`${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}:${stat.ino}`);
  });
});

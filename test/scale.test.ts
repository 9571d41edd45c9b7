// Scale features of the audit: worker threads, the cache, and shards merged into one report.
// They must all give exactly what a plain single-threaded run gives.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the corpus generator is plain JavaScript, shared with the benchmark
import { generate } from '../bench/generate.mjs';
import { CACHE_FORMAT_VERSION } from '../src/engine/result-cache.js';

const BIN = path.resolve(import.meta.dirname, '../bin/scalelint.js');
let corpus = '';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The report without its timing. */
function report(args: string[]) {
  const r = cli(args);
  expect(r.stderr).toBe('');
  const json = JSON.parse(r.stdout);
  delete json.summary.durationMs;
  return { code: r.code, json };
}

describe('worker threads, cache and shards', () => {
  beforeAll(() => {
    corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-scale-'));
    (generate as (dir: string, n: number, seed: number) => number)(corpus, 300, 7);
  });

  let single: ReturnType<typeof report>;
  it('a single-threaded run has findings of several rules', () => {
    single = report(['audit', corpus, '--format', 'json', '--concurrency', '1']);
    expect(single.code).toBe(1);
    expect(single.json.summary.files).toBe(300);
    const rules = new Set(single.json.findings.map((f: { ruleId: string }) => f.ruleId));
    expect(rules.size).toBeGreaterThanOrEqual(3);
  });

  it('--concurrency 2 gives the same report', () => {
    expect(report(['audit', corpus, '--format', 'json', '--concurrency', '2'])).toEqual(single);
  });

  it('--cache gives the same report cold and warm, and sees a changed file', () => {
    const cacheFile = path.join(corpus, 'node_modules/.cache/scalelint/audit-cache.json');
    expect(report(['audit', corpus, '--format', 'json', '--cache'])).toEqual(single);
    const cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8').split('\n')[0]!);
    expect(cache.v).toBe(CACHE_FORMAT_VERSION);
    expect(cache.files).toHaveLength(300);
    expect(report(['audit', corpus, '--format', 'json', '--cache'])).toEqual(single);

    // A comment added changes no result: the reduce step's findings are taken as they were kept
    // (the file holding them is not rewritten), and the report is the same.
    const file = path.join(corpus, 'src/lib/limits.ts');
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const reducedFile = `${cacheFile}.reduced`;
    const kept = fs.readFileSync(reducedFile, 'utf8');
    fs.utimesSync(reducedFile, 1, 1);
    fs.writeFileSync(file, before + '\n// a comment\n');
    expect(report(['audit', corpus, '--format', 'json', '--cache'])).toEqual(single);
    expect(fs.statSync(reducedFile).mtimeMs).toBe(1000);
    expect(fs.readFileSync(reducedFile, 'utf8')).toBe(kept);

    fs.writeFileSync(file, before + '\nexport const probe = () => fetch("https://probe.example");\n');
    const changed = report(['audit', corpus, '--format', 'json', '--cache']);
    const added = changed.json.findings.filter((f: { file: string }) => f.file === 'src/lib/limits.ts');
    expect(added.map((f: { ruleId: string }) => f.ruleId)).toEqual(['require-timeout']);
    expect(changed.json.findings).toHaveLength(single.json.findings.length + 1);
    expect(fs.readFileSync(reducedFile, 'utf8')).not.toBe(kept);
    fs.writeFileSync(file, before);
    expect(report(['audit', corpus, '--format', 'json', '--cache'])).toEqual(single);
  });

  it('--fix with --cache (results and the reduce step\'s findings from the cache) writes what --fix writes', () => {
    const demo = path.resolve(import.meta.dirname, '../fixtures/demo-app');
    const [cached, plain] = ['cached', 'plain'].map((name) => {
      const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-fix-cache-')), name);
      fs.cpSync(demo, dir, { recursive: true });
      return dir;
    }) as [string, string];
    cli(['audit', cached, '--cache']);
    cli(['audit', cached, '--cache']); // the second run reuses the reduce step's findings
    const fixedCached = report(['audit', cached, '--cache', '--fix', '--format', 'json']);
    const fixedPlain = report(['audit', plain, '--fix', '--format', 'json']);
    expect({ ...fixedCached.json, root: '' }).toEqual({ ...fixedPlain.json, root: '' });
    const files = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => !f.startsWith('node_modules') && fs.statSync(path.join(dir, f)).isFile()).sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);
    expect(files(plain)).not.toEqual(files(demo)); // the fixes changed something
    expect(files(cached)).toEqual(files(plain));
    expect(report(['audit', cached, '--cache', '--format', 'json']).json.findings).toEqual(report(['audit', plain, '--format', 'json']).json.findings);
  });

  it('the CLI switches off V8 allocation-site pretenuring before it parses anything', () => {
    // Without it, V8 tenures dozens of parser and rule allocation sites on this corpus (54 when
    // measured) and every later file's tree is allocated old: see src/v8-flags.ts.
    const r = spawnSync(process.execPath, ['--trace-pretenuring-statistics', BIN, 'audit', corpus, '--format', 'json'], {
      encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout.slice(r.stdout.indexOf('{\n'))).summary.files).toBe(300);
    expect(r.stdout.match(/=> tenure/g) ?? []).toEqual([]);
    // Control: the same audit through the library (which leaves the flags alone) does tenure
    // sites, and the trace still prints them as matched above (else the check could not fail).
    const api = pathToFileURL(path.resolve(import.meta.dirname, '../dist/src/audit/api.js')).href;
    const plain = spawnSync(process.execPath, ['--trace-pretenuring-statistics', '--input-type=module', '-e',
      `const { audit } = await import(${JSON.stringify(api)}); audit({ root: ${JSON.stringify(corpus)} });`], {
      encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    expect(plain.status).toBe(0);
    expect((plain.stdout.match(/=> tenure/g) ?? []).length).toBeGreaterThan(0);
  });

  it('three shards merged give the report of the unsharded run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-shards-'));
    const files: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const out = path.join(dir, `shard-${i}.json`);
      // The second shard runs twice with the cache: the second time every result comes from it
      // (read on demand, after the cache file is closed unless the shard reads them first).
      const args = ['audit', corpus, '--shard', `${i}/3`, '--output', out];
      if (i === 2) cli([...args, '--cache']);
      const r = cli(i === 2 ? [...args, '--cache'] : args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const shard = JSON.parse(fs.readFileSync(out, 'utf8'));
      expect(shard).toMatchObject({ tool: 'scalelint', kind: 'shard', formatVersion: 1, shard: { index: i, total: 3 } });
      expect(shard.results.length).toBe(100);
      files.push(out);
    }
    // The cache still holds every file's result, not only the second shard's.
    const cacheFile = path.join(corpus, 'node_modules/.cache/scalelint/audit-cache.json');
    expect(JSON.parse(fs.readFileSync(cacheFile, 'utf8').split('\n')[0]!).files).toHaveLength(300);
    const merged = report(['merge', ...files, '--format', 'json']);
    // The root is printed as given; the merge knows it as an absolute path.
    expect({ ...merged, json: { ...merged.json, root: single.json.root } }).toEqual(single);
  });

  it('merge refuses shards that do not belong together', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-shards-'));
    const a = path.join(dir, 'a.json');
    cli(['audit', corpus, '--shard', '1/2', '--output', a]);
    const missing = cli(['merge', a]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shards must cover 1..2 once each; missing 2');
    const bad = cli(['audit', corpus, '--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard takes I/N');
  });
});

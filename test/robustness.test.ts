// Bad input gets a clear error and the rest still runs; fixes never break code. Hostile files
// through the real binary, then a seeded generative test over mutants of every fixture file.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { defaultConfig, resolveRules } from '../src/audit/config.js';
import { computeFixes } from '../src/audit/fix.js';
import { readSource } from '../src/audit/map.js';
import { analyzeFile } from '../src/engine/analyze.js';
import { listSourceFiles } from '../src/engine/discover.js';
import { ParseError, parseText } from '../src/engine/parse.js';
import type * as TS from 'typescript';
import type { FileResult, TypeScriptApi } from '../src/engine/types.js';
import { reduceProject } from '../src/project/reduce.js';
import { FIXTURES } from './helpers/fixtures.js';

const BIN = path.resolve(import.meta.dirname, '../bin/scalelint.js');
const tsApi = ts as unknown as TypeScriptApi;
const GOOD = 'export async function rates() {\n  return fetch("https://rates.example");\n}\n';

function writeProject(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-robust-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

function auditJson(root: string, extra: string[] = []) {
  const r = spawnSync(process.execPath, [BIN, 'audit', root, '--format', 'json', ...extra], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : undefined };
}

describe('hostile input', () => {
  const bundle = 'var a=[' + '{"k":[1,2,3],"s":"x"},'.repeat(240_000) + '0];';
  const root = writeProject({
    'src/good.ts': GOOD,
    'src/syntax.ts': 'export function (',
    'src/empty.ts': '',
    'src/binary.ts': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00, 0xff]),
    'src/latin1.ts': Buffer.from('const s = "caf\xe9";\n', 'latin1'),
    'src/bom.ts': '\ufeff' + GOOD.replace('rates', 'bomRates'),
    'src/crlf.ts': GOOD.replace('rates', 'crlfRates').replace(/\n/g, '\r\n'),
    'src/bundle.min.js': bundle,
    'src/deep-parens.ts': 'const x = ' + '('.repeat(20_000) + '1' + ')'.repeat(20_000) + ';',
    'src/deep-chain.ts': 'const x = a' + '.b'.repeat(20_000) + ';\nfetch(x' + '.c'.repeat(20_000) + ');\n',
    'src/deep-binary.ts': 'const x = 1' + ' + 1'.repeat(20_000) + ';',
    'src/with space/ünïcödé ✓.ts': GOOD.replace('rates', 'unicodeRates'),
  });
  fs.symlinkSync(path.join(root, 'src'), path.join(root, 'src/loop'));
  const outside = writeProject({ 'secret.ts': GOOD });
  fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(root, 'src/outside.ts'));
  execFileSync('mkfifo', [path.join(root, 'src/fifo.ts')]);

  const run = auditJson(root);

  it('exits 1 (findings), never with a stack trace', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('stops quietly when the reader of its output goes away (`scalelint audit | head`)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'audit', path.join(import.meta.dirname, '../fixtures/demo-app'), '--format', 'json']);
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect([0, 1]).toContain(code);
  });

  it('a FIFO or a folder given directly is rejected at once, never read (readSource)', () => {
    // (Opening a FIFO for reading without O_NONBLOCK would wait for a writer: the test would hang.)
    expect(() => readSource(path.join(root, 'src/fifo.ts'), 1_000_000)).toThrow(ParseError);
    expect(() => readSource(path.join(root, 'src'), 1_000_000)).toThrow(/not a regular file/);
    expect(() => readSource(path.join(root, 'src/loop'), 1_000_000)).toThrow(/not a regular file/);
  });

  it('lists each bad file under errors with a one-line reason', () => {
    const errors = Object.fromEntries(run.report.errors.map((e: { file: string; message: string }) => [e.file, e.message]));
    expect(errors).toEqual({
      'src/syntax.ts': expect.stringMatching(/^parse error at 1:17: /),
      'src/binary.ts': 'binary file (contains NUL bytes): skipped',
      'src/latin1.ts': 'not valid UTF-8: skipped',
      'src/bundle.min.js': expect.stringMatching(/^larger than --max-file-size \(\d+ > 1000000 bytes\): skipped$/),
      'src/deep-parens.ts': 'too deeply nested to parse (stack overflow)',
    });
    for (const message of Object.values(errors)) expect(String(message)).not.toContain('\n');
  });

  it('analyses every other file, with its findings, and follows no link out of the root', () => {
    const found = run.report.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`);
    expect(found).toEqual([
      'src/bom.ts:2', 'src/crlf.ts:2', 'src/deep-chain.ts:2', 'src/good.ts:2', 'src/with space/ünïcödé ✓.ts:2',
    ]);
    // good, empty, bom, crlf, both deep files that parse, unicode
    expect(run.report.summary.files).toBe(7);
  });

  it('columns in a file with a BOM do not count the BOM', () => {
    const bom = run.report.findings.find((f: { file: string }) => f.file === 'src/bom.ts');
    expect([bom.line, bom.column]).toEqual([2, 10]);
  });

  it('--max-file-size lets a large file through, and it is parsed without error', () => {
    const big = auditJson(root, ['--max-file-size', '10000000']);
    expect(big.code).toBe(1);
    expect(big.report.errors.map((e: { file: string }) => e.file)).not.toContain('src/bundle.min.js');
  });
});

// ---------------------------------------------------------------------------------------------
// Generative: seeded token mutations of every fixture file.

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tokens(text: string): { start: number; end: number }[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const out: { start: number; end: number }[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia) continue;
    out.push({ start: scanner.getTokenStart(), end: scanner.getTokenEnd() });
  }
  return out;
}

function mutateLines(text: string, random: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(random() * lines.length);
  const j = Math.floor(random() * lines.length);
  const op = Math.floor(random() * 3);
  if (op === 0) lines.splice(i, 1);
  else if (op === 1) lines.splice(i, 0, lines[j]!);
  else [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  return lines.join('\n');
}

function mutate(text: string, random: () => number): string {
  if (random() < 0.5) return mutateLines(text, random);
  const toks = tokens(text);
  if (toks.length < 2) return text;
  const pick = () => toks[Math.floor(random() * toks.length)]!;
  const op = Math.floor(random() * 3);
  const a = pick();
  if (op === 0) return text.slice(0, a.start) + text.slice(a.end);
  if (op === 1) return text.slice(0, a.end) + ' ' + text.slice(a.start, a.end) + text.slice(a.end);
  const i = toks.indexOf(a);
  const b = toks[Math.min(i + 1, toks.length - 1)]!;
  if (b === a) return text;
  return text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
}

describe('JSDoc', () => {
  // The parser skips JSDoc (src/engine/parse.ts: no rule reads it, and it is a third of the parse
  // of documented code). Comments written as JSDoc, well-formed or not, in .ts and in .js (where
  // JSDoc carries types), change no finding.
  const documented = [
    '/**',
    ' * Loads the rates. @param {string base the currency {malformed',
    ' * @returns {Promise<Response>} @type {(x: number) => void}',
    ' */',
    'export async function rates(/** @type {string} */ base) {',
    '  /** @type {number} */ const tries = 3;',
    '  return fetch(`https://rates.example/${base}?t=${tries}`);',
    '}',
    '',
  ].join('\n');
  // The same code with every comment blanked out, so that offsets and lines stay the same.
  const bare = documented.replace(/\/\*\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  const rules = resolveRules(defaultConfig());

  for (const file of ['/p/src/rates.ts', '/p/src/rates.js']) {
    it(`is not parsed, and changes no finding (${path.extname(file)})`, () => {
      const { sourceFile } = parseText(tsApi, file, documented);
      const fn = sourceFile.statements[0] as TS.FunctionDeclaration & { jsDoc?: unknown };
      expect(fn.jsDoc).toBeUndefined();
      const findings = (text: string) => analyzeFile(tsApi, parseText(tsApi, file, text).sourceFile, file, rules, {}).findings
        .map(({ ruleId, span }) => ({ ruleId, span }));
      expect(findings(documented).map((f) => f.ruleId)).toContain('require-timeout');
      expect(findings(documented)).toEqual(findings(bare));
    });
  }
});

describe('generative: mutants of the fixture files', () => {
  const MUTANTS = 600;
  const rules = resolveRules({ extends: 'all', rules: {}, settings: {} });
  const config = { extends: 'all' as const, rules: {}, settings: {} };
  const sources = listSourceFiles(FIXTURES).filter((f) => /\.(ts|js|mjs|cjs|tsx)$/.test(f));

  it(`never crashes, and every fix of a parsing mutant parses and reaches a fixed point (${MUTANTS} mutants)`, () => {
    const random = mulberry32(20261129);
    const stats = { tried: 0, parsed: 0, unparseable: 0, fixesApplied: 0, filesFixed: 0 };
    for (let n = 0; n < MUTANTS; n++) {
      const file = sources[Math.floor(random() * sources.length)]!;
      let text = fs.readFileSync(file, 'utf8');
      const rounds = 1 + Math.floor(random() * 2);
      for (let r = 0; r < rounds; r++) text = mutate(text, random);
      if (random() < 0.2) text = text.replace(/\n/g, '\r\n');
      stats.tried++;
      let result: FileResult;
      try {
        const { sourceFile } = parseText(tsApi, file, text);
        result = analyzeFile(tsApi, sourceFile, file, rules, {});
      } catch (error) {
        if (error instanceof ParseError) {
          stats.unparseable++;
          continue;
        }
        throw new Error(`crash on a mutant of ${path.relative(FIXTURES, file)}: ${(error as Error).stack}\n---\n${text}`);
      }
      stats.parsed++;
      const findings = reduceProject([result], rules, { complete: true, settings: {} });
      stats.fixesApplied += findings.filter((f) => f.fix).length;
      const texts = new Map([[file, text]]);
      const fixed = computeFixes({ results: [result], findings, texts, rules, config, errors: [] });
      const change = fixed.changed.get(file);
      if (!change) continue;
      stats.filesFixed++;
      // (1) it still parses
      expect(() => parseText(tsApi, file, change.after), `fixed mutant of ${file} must parse`).not.toThrow();
      // (2) a second pass changes nothing
      const again = analyzeFile(tsApi, parseText(tsApi, file, change.after).sourceFile, file, rules, {});
      const againFindings = reduceProject([again], rules, { complete: true, settings: {} });
      const second = computeFixes({ results: [again], findings: againFindings, texts: new Map([[file, change.after]]), rules, config, errors: [] });
      expect(second.changed.size, `second fix of ${file} must change nothing`).toBe(0);
      // (4) line endings are kept
      const crlf = (s: string) => (s.match(/\r\n/g) ?? []).length;
      const lf = (s: string) => (s.match(/(?<!\r)\n/g) ?? []).length;
      if (lf(change.before) === 0) expect(lf(change.after)).toBe(0);
      if (crlf(change.before) === 0) expect(crlf(change.after)).toBe(0);
    }
    expect(stats.tried).toBe(MUTANTS);
    expect(stats.parsed).toBeGreaterThan(100);
    expect(stats.filesFixed).toBeGreaterThan(10);
    console.log(`robustness: ${JSON.stringify(stats)}`);
  });
});

describe('the ESLint rules on odd input', () => {
  it('do not throw on empty, BOM, CRLF, deep-chain or syntax-error files', async () => {
    const { ESLint } = await import('eslint');
    const plugin = (await import('../src/eslint/index.js')).default;
    const root = writeProject({ 'package.json': '{}' });
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.all] });
    const inputs: Record<string, [string, number]> = {
      'empty.ts': ['', 0],
      'bom.ts': ['\ufeff' + GOOD, 1],
      'crlf.ts': [GOOD.replace(/\n/g, '\r\n'), 1],
      // (typescript-estree itself overflows past ~1,000 levels; that is the parser's limit, not ours)
      'chain.ts': ['fetch(a' + '.b'.repeat(500) + ');', 1],
      'syntax.ts': ['export function (', 1],
    };
    for (const [name, [code, expected]] of Object.entries(inputs)) {
      const [result] = await eslint.lintText(code, { filePath: path.join(root, name) });
      expect(result!.messages.length, name).toBe(expected);
      if (name === 'syntax.ts') expect(result!.messages[0]!.fatal).toBe(true);
      else for (const m of result!.messages) expect(`${m.ruleId}: ${m.message}`, name).toMatch(/^scalelint\//);
    }
  });
});

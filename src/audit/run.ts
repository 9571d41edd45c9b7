// The audit: list the project's files, parse each once with ts-morph's TypeScript, run every rule
// in one walk per file, drop the AST, reduce the facts across the project, then fix and report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { analyzeFile } from '../engine/analyze.js';
import { ParseError, parseText } from '../engine/parse.js';
import type { FileResult, Finding, TypeScriptApi } from '../engine/types.js';
import { reduceProject } from '../project/reduce.js';
import { defaultConfig, resolveRules, type AuditConfig, type ResolvedRule } from './config.js';
import { listProjectFiles } from './files.js';
import { applyBaseline, readBaseline, updatedEntries, writeBaseline, type BaselineFile } from './baseline.js';
import { scopeToChange, type ChangeSet } from './changes.js';
import { unifiedDiff } from './diff.js';
import { applyFixes, computeFixes } from './fix.js';
import { filterSuppressed, unusedDirectives } from './suppressions.js';

export const DEFAULT_MAX_FILE_SIZE = 1_000_000;

export interface AuditOptions {
  /** The project folder (default: the working directory). */
  root?: string;
  /** Report only findings in these files or folders (absolute or relative to the working directory). */
  paths?: string[];
  config?: AuditConfig;
  fix?: boolean;
  maxFileSize?: number;
  /** Progress of the map step (for a progress line): before each file, and once when all `total` are done. */
  onProgress?(done: number, total: number): void;
  /** Report `eslint-disable` directives naming scalelint rules that silence nothing (as warnings). */
  reportUnusedDisableDirectives?: boolean;
  /** Compute the fixes in memory and return their unified diff in `fixDiff`; write nothing. */
  fixDryRun?: boolean;
  /** Audit a change (`--staged`, `--changed`): see changes.ts. */
  changes?: ChangeSet;
  /** Compare to a baseline file (`--baseline`), or rewrite it from this run (`update`). */
  baseline?: { file: string; update?: boolean };
}

export interface BaselineSummary {
  file: string;
  /** Findings accepted by the baseline (marked `baselined`). */
  baselined: number;
  /** Accepted occurrences that no longer occur. */
  stale: number;
  /** Entries written, with `update`. */
  written?: number;
}

export interface AuditFinding extends Finding {
  severity: 'warn' | 'error';
  fixable: boolean;
  /** Accepted in the baseline: reporters that can say so (SARIF `suppressions`) still list it. */
  baselined?: boolean;
}

export interface AuditError {
  file: string;
  message: string;
}

export interface AuditResult {
  root: string;
  files: number;
  findings: AuditFinding[];
  errors: AuditError[];
  /** Files written by `fix`. */
  fixedFiles: string[];
  /** With `fixDryRun`: the unified diff `fix` would apply (empty when nothing to fix). */
  fixDiff?: string;
  baseline?: BaselineSummary;
  durationMs: number;
}

const tsApi = ts as unknown as TypeScriptApi;

export function analyzeText(file: string, text: string, rules: ResolvedRule[], config: AuditConfig): FileResult {
  const { sourceFile } = parseText(tsApi, file, text);
  return analyzeFile(tsApi, sourceFile, file, rules, config.settings);
}

function describe(error: unknown): string {
  if (error instanceof ParseError) return error.message;
  const e = error as NodeJS.ErrnoException;
  if (e?.code) return `cannot read: ${e.code}`;
  return `internal error: ${(error as Error)?.message ?? String(error)}`.split('\n')[0]!;
}

function isUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

export function readSource(file: string, maxFileSize: number): string {
  const stat = fs.lstatSync(file);
  if (!stat.isFile()) {
    const real = fs.statSync(file);
    if (!real.isFile()) throw new ParseError('not a regular file: skipped');
  }
  if (stat.size > maxFileSize) throw new ParseError(`larger than --max-file-size (${stat.size} > ${maxFileSize} bytes): skipped`);
  const buffer = fs.readFileSync(file);
  if (buffer.includes(0)) throw new ParseError('binary file (contains NUL bytes): skipped');
  if (!isUtf8(buffer)) throw new ParseError('not valid UTF-8: skipped');
  return buffer.toString('utf8');
}

function within(file: string, scopes: string[] | undefined): boolean {
  if (!scopes || scopes.length === 0) return true;
  return scopes.some((s) => file === s || file.startsWith(s.endsWith(path.sep) ? s : s + path.sep));
}

export function audit(options: AuditOptions = {}): AuditResult {
  const started = performance.now();
  const root = path.resolve(options.root ?? process.cwd());
  const config = options.config ?? defaultConfig();
  const rules = resolveRules(config);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const scopes = options.paths?.map((p) => path.resolve(p));

  const listing = listProjectFiles(root, { ...(config.include ? { include: config.include } : {}), ...(config.exclude ? { exclude: config.exclude } : {}) });
  const changes = options.changes;
  if (changes) listing.files = [...listing.files.filter((f) => changes.present(f)), ...changes.extraFiles].sort();
  const errors: AuditError[] = [...listing.errors];
  const results: FileResult[] = [];
  const texts = new Map<string, string>();
  let done = 0;
  for (const file of listing.files) {
    options.onProgress?.(done++, listing.files.length);
    let text: string;
    try {
      const raw = changes?.targetText(file) ?? readSource(file, maxFileSize);
      // Offsets are in the text without its BOM, as in ESLint; the fixer writes the BOM back.
      text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      results.push(analyzeText(file, text, rules, config));
    } catch (error) {
      errors.push({ file, message: describe(error) });
      continue;
    }
    texts.set(file, text);
  }

  options.onProgress?.(done, listing.files.length);
  const reduced = reduceProject(results, rules, { complete: true, settings: config.settings });
  let findings = filterSuppressed(reduced, texts);
  if (changes) {
    findings = scopeToChange({ changes, results, texts, findings, rules, settings: config.settings, analyze: (f, t) => analyzeText(f, t, rules, config) });
  }
  if (options.reportUnusedDisableDirectives) {
    const unused = unusedDirectives(reduced, texts, new Set(rules.map((r) => r.rule.id)));
    findings.push(...(changes ? unused.filter((f) => changes.changed.has(f.file)) : unused));
  }
  let fixedFiles: string[] = [];
  let fixDiff: string | undefined;
  if (options.fix) {
    const fixed = applyFixes({ results, findings, texts, rules, config, errors });
    findings = fixed.findings;
    fixedFiles = fixed.written;
  } else if (options.fixDryRun) {
    const fixed = computeFixes({ results, findings, texts: new Map(texts), rules, config, errors });
    fixDiff = unifiedDiff(root, fixed.changed);
  }

  const severity = new Map(rules.map((r) => [r.rule.id, r.severity]));
  const out: AuditFinding[] = findings
    .filter((f) => within(f.file, scopes))
    .map((f) => ({ ...f, severity: severity.get(f.ruleId) ?? 'warn', fixable: Boolean(f.fix) }));
  out.sort((a, b) => a.file.localeCompare(b.file) || a.span.line - b.span.line || a.span.column - b.span.column
    || a.ruleId.localeCompare(b.ruleId));
  const baseline = options.baseline ? compareToBaseline(root, out, options.baseline, changes || scopes ? (f) => within(f, scopes) && (!changes || changes.changed.has(f) || changes.deleted.has(f)) : undefined) : undefined;
  errors.sort((a, b) => a.file.localeCompare(b.file));
  return {
    root,
    files: results.length,
    findings: out,
    errors,
    fixedFiles,
    ...(fixDiff !== undefined ? { fixDiff } : {}),
    ...(baseline ? { baseline } : {}),
    durationMs: Math.round(performance.now() - started),
  };
}

/** Mark baselined findings, or (with `update`) rewrite the baseline from them. */
function compareToBaseline(root: string, findings: AuditFinding[], options: { file: string; update?: boolean }, inScope?: (file: string) => boolean): BaselineSummary {
  const scoped = inScope ? (rel: string) => inScope(path.join(root, rel)) : undefined;
  let previous: BaselineFile | undefined;
  if (!options.update || (scoped && fs.existsSync(options.file))) previous = readBaseline(options.file);
  if (options.update) {
    const entries = updatedEntries(root, findings, previous, scoped);
    writeBaseline(options.file, entries);
    for (const f of findings) f.baselined = true;
    return { file: options.file, baselined: findings.length, stale: 0, written: entries.length };
  }
  const outcome = applyBaseline(root, findings, previous!, scoped);
  return { file: options.file, baselined: outcome.baselined, stale: outcome.stale };
}

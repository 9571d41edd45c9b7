// The audit: list the project's files, parse each once with ts-morph's TypeScript, run every rule
// in one walk per file, drop the AST, reduce the facts across the project, then fix and report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileResult, Finding } from '../engine/types.js';
import { reduceProject } from '../project/reduce.js';
import { defaultConfig, resolveRules, type AuditConfig, type ResolvedRule } from './config.js';
import { listProjectFiles } from './files.js';
import { listProjectFilesCached } from './listing-cache.js';
import { applyBaseline, readBaseline, updatedEntries, writeBaseline, type BaselineFile } from './baseline.js';
import { scopeToChange, type ChangeSet } from './changes.js';
import { unifiedDiff } from './diff.js';
import { applyFixes, computeFixes } from './fix.js';
import { filterSuppressed, unusedDirectives } from './suppressions.js';
import type { ResultCache } from '../engine/result-cache.js';
import { auditCache, listingCacheFile } from './cache.js';
import { analyzeText, FileTexts, mapParallel, mapSync, type MapInput, type Mapped } from './map.js';
import { fromShards, toShard, type ShardFile } from './shard.js';
import { addTiming, timings } from '../engine/timing.js';
import { LOAD_TYPESCRIPT } from './typescript.js';

export { DEFAULT_MAX_FILE_SIZE } from './defaults.js';
import { DEFAULT_MAX_FILE_SIZE } from './defaults.js';

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
  /** Worker threads for the map step (`auditAsync` only; `audit` runs in this thread). */
  concurrency?: number;
  /** Reuse unchanged files' results (`true`: node_modules/.cache/scalelint; a string: that file). */
  cache?: boolean | string;
  /** Analyse only the i-th of n deterministic parts of the files (`auditShard`). */
  shard?: { index: number; total: number };
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

// Kept here for the modules that imported them from run.ts.
export { analyzeText, readSource } from './map.js';

function within(file: string, scopes: string[] | undefined): boolean {
  if (!scopes || scopes.length === 0) return true;
  return scopes.some((s) => file === s || file.startsWith(s.endsWith(path.sep) ? s : s + path.sep));
}

interface Prepared {
  started: number;
  root: string;
  config: AuditConfig;
  rules: ResolvedRule[];
  maxFileSize: number;
  scopes?: string[];
  files: string[];
  listingErrors: AuditError[];
  cache?: ResultCache;
}

function prepare(options: AuditOptions): Prepared {
  const started = performance.now();
  const root = path.resolve(options.root ?? process.cwd());
  // Rules judge folder names (`scripts/`) below the root: it travels with the settings (to
  // workers, shards and the cache key too).
  const given = options.config ?? defaultConfig();
  const config: AuditConfig = { ...given, settings: { ...given.settings, root } };
  const rules = resolveRules(config);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const scopes = options.paths?.map((p) => path.resolve(p));
  const listed = performance.now();
  // TypeScript loads on first use, which is usually the listing's: its own phase, not this one's.
  const loadingBefore = timings?.get(LOAD_TYPESCRIPT) ?? 0;
  const changes = options.changes;
  // A staged run analyses texts from the index: they are not what the cache knows by path.
  const cached = options.cache && !changes;
  const location = typeof options.cache === 'string' ? options.cache : undefined;
  const listOptions = { ...(config.include ? { include: config.include } : {}), ...(config.exclude ? { exclude: config.exclude } : {}) };
  const listing = cached ? listProjectFilesCached(root, listOptions, listingCacheFile(root, location)) : listProjectFiles(root, listOptions);
  addTiming('phase: list files', performance.now() - listed - ((timings?.get(LOAD_TYPESCRIPT) ?? 0) - loadingBefore));
  let files = listing.files;
  if (changes) files = [...files.filter((f) => changes.present(f)), ...changes.extraFiles].sort();
  if (options.shard) files = files.filter((_, i) => i % options.shard!.total === options.shard!.index - 1);
  const opening = performance.now();
  const cache = cached ? auditCache(root, config, location) : undefined;
  if (cache) addTiming('phase: cache open', performance.now() - opening);
  // Entries go with files that leave the project, not with files this run does not analyse
  // (another shard's, one unreadable this time).
  cache?.retain(listing.files);
  return {
    started, root, config, rules, maxFileSize, files, listingErrors: [...listing.errors],
    ...(scopes ? { scopes } : {}), ...(cache ? { cache } : {}),
  };
}

function mapInput(p: Prepared, options: AuditOptions): MapInput {
  const changes = options.changes;
  return {
    files: p.files, rules: p.rules, config: p.config, maxFileSize: p.maxFileSize,
    ...(changes ? { textOf: (f: string) => changes.targetText(f) } : {}),
    ...(p.cache ? { cache: p.cache } : {}),
    ...(p.cache && !options.fix && !options.fixDryRun ? { trustStat: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
}

/** The audit in this thread. */
export function audit(options: AuditOptions = {}): AuditResult {
  const p = prepare(options);
  try {
    const mapped = mapSync(mapInput(p, options));
    p.cache?.save();
    return finish(p, mapped, options);
  } finally {
    p.cache?.close();
  }
}

/** Below this many files, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD = 200;

/** The map step on `options.concurrency` threads when it pays, then the cache saved. */
async function mapStep(p: Prepared, options: AuditOptions): Promise<Mapped> {
  const concurrency = options.concurrency ?? 1;
  const mapped = concurrency > 1 && p.files.length >= PARALLEL_THRESHOLD
    ? await mapParallel(mapInput(p, options), concurrency)
    : mapSync(mapInput(p, options));
  const saving = performance.now();
  p.cache?.save();
  if (p.cache) addTiming('phase: cache save', performance.now() - saving);
  return mapped;
}

/** The audit, with the map step in `options.concurrency` threads when it pays. */
export async function auditAsync(options: AuditOptions = {}): Promise<AuditResult> {
  const p = prepare(options);
  try {
    return finish(p, await mapStep(p, options), options);
  } finally {
    p.cache?.close();
  }
}

/** `--shard i/n`: the map step over a deterministic 1/n of the files, as data for `merge`. */
export async function auditShard(options: AuditOptions & { shard: { index: number; total: number } }): Promise<ShardFile> {
  const p = prepare(options);
  try {
    const mapped = await mapStep(p, options);
    // Results from the cache are read on demand: read them while the cache is open.
    const results = mapped.results.map((r) => ({ facts: r.facts, findings: r.findings }));
    return toShard(p.root, p.config, options.shard, { ...mapped, results }, [...p.listingErrors]);
  } finally {
    p.cache?.close();
  }
}

/** `scalelint merge`: reduce shards into the report an unsharded run gives. */
export function mergeShards(shards: readonly ShardFile[], options: Omit<AuditOptions, 'root' | 'config' | 'shard'> = {}): AuditResult {
  const merged = fromShards(shards);
  // Suppression comments are read from the files themselves: merge runs in the checkout the
  // shards analysed (the usual CI matrix). As for results the cache answered by their stat, a
  // file is read when its text is asked for (one with findings), and parsed never; a file gone
  // since the shard ran has no text, and its findings stand without suppressions.
  const texts = new FileTexts(Number.MAX_SAFE_INTEGER);
  for (const r of merged.mapped.results) texts.defer(r.facts.file);
  merged.mapped.texts = texts;
  const p: Prepared = {
    started: performance.now(),
    root: merged.root,
    config: merged.config,
    rules: resolveRules(merged.config),
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    files: merged.mapped.results.map((r) => r.facts.file),
    listingErrors: merged.listingErrors,
    ...(options.paths ? { scopes: options.paths.map((x) => path.resolve(x)) } : {}),
  };
  return finish(p, merged.mapped, { ...options, fix: false, fixDryRun: false });
}

/**
 * The reduce step, or (with the cache) its findings from the last run whose results were all the
 * same: then no cached result is even parsed (see cache.ts).
 */
function reduceStep(p: Prepared, results: readonly FileResult[]): Finding[] {
  const store = p.cache?.reducedStore(p.cache.resultsDigest());
  const known = store?.read();
  if (known) return known;
  const reduced = reduceProject(results, p.rules, { complete: true, settings: p.config.settings });
  store?.write(reduced);
  return reduced;
}

function finish(p: Prepared, mapped: Mapped, options: AuditOptions): AuditResult {
  const { root, config, rules, scopes, started } = p;
  const changes = options.changes;
  const errors: AuditError[] = [...p.listingErrors, ...mapped.errors];
  const { results, texts } = mapped;
  const reducing = performance.now();
  const reduced = reduceStep(p, results);
  addTiming('phase: reduce', performance.now() - reducing);
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

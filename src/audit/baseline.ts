// The baseline: findings a team has accepted, so a run fails only on new ones. An entry is keyed by
// rule, file (relative to the audited root, `/` separators), the enclosing function's name and a
// hash of the flagged text with whitespace normalised — never by line — so inserting lines above
// a finding does not resurface it; identical keys carry an occurrence count, so two identical
// calls are two accepted findings and a third is new. Written sorted and stable, with a format
// version. Baselined findings stay in the result marked `baselined: true` (SARIF reports them as
// suppressed; the other formats leave them out) and never count toward the exit code.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './config.js';
import type { AuditFinding } from './run.js';
import { writeFileAtomic } from '../engine/atomic.js';

export const BASELINE_FORMAT_VERSION = 1;
export const DEFAULT_BASELINE = 'scalelint-baseline.json';

export interface BaselineEntry {
  rule: string;
  file: string;
  /** Enclosing function's name; `''` at module level. */
  scope: string;
  /** First 16 hex digits of the SHA-256 of the flagged text, whitespace runs collapsed to one space. */
  hash: string;
  count: number;
}

export interface BaselineFile {
  tool: 'scalelint';
  formatVersion: number;
  entries: BaselineEntry[];
}

export interface BaselineOutcome {
  /** Findings not in the baseline. */
  fresh: number;
  /** Findings the baseline accepts (now marked `baselined`). */
  baselined: number;
  /** Accepted occurrences with no finding left: fixed or changed code. Counted, never a failure. */
  stale: number;
}

export function textHash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);
}

const toPosix = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');

function keyOf(e: Omit<BaselineEntry, 'count'>): string {
  return JSON.stringify([e.rule, e.file, e.scope, e.hash]);
}

function entryOf(root: string, f: AuditFinding): Omit<BaselineEntry, 'count'> {
  return { rule: f.ruleId, file: toPosix(root, f.file), scope: f.scopeName, hash: textHash(f.text) };
}

function compare(a: BaselineEntry, b: BaselineEntry): number {
  const s = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return s(a.file, b.file) || s(a.rule, b.rule) || s(a.scope, b.scope) || s(a.hash, b.hash);
}

/** Entries for `findings`, sorted, identical keys merged with a count. */
export function baselineEntries(root: string, findings: readonly AuditFinding[]): BaselineEntry[] {
  const map = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const e = entryOf(root, f);
    const k = keyOf(e);
    const existing = map.get(k);
    if (existing) existing.count++;
    else map.set(k, { ...e, count: 1 });
  }
  return [...map.values()].sort(compare);
}

export function readBaseline(file: string): BaselineFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read baseline ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`baseline ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const b = json as Partial<BaselineFile>;
  if (!b || typeof b !== 'object' || b.tool !== 'scalelint' || !Array.isArray(b.entries)) {
    throw new ConfigError(`baseline ${file} is not a scalelint baseline (expected { "tool": "scalelint", "formatVersion": ${BASELINE_FORMAT_VERSION}, "entries": [...] })`);
  }
  if (b.formatVersion !== BASELINE_FORMAT_VERSION) {
    throw new ConfigError(`baseline ${file} has formatVersion ${String(b.formatVersion)}; this scalelint reads ${BASELINE_FORMAT_VERSION}: regenerate it with --update-baseline`);
  }
  for (const [i, e] of b.entries.entries()) {
    const ok = e && typeof e.rule === 'string' && typeof e.file === 'string' && typeof e.scope === 'string'
      && typeof e.hash === 'string' && Number.isInteger(e.count) && e.count >= 1;
    if (!ok) throw new ConfigError(`baseline ${file}: entries[${i}] must have rule, file, scope, hash (strings) and count (a whole number ≥ 1)`);
  }
  return b as BaselineFile;
}

export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const file: BaselineFile = {
    tool: 'scalelint',
    formatVersion: BASELINE_FORMAT_VERSION,
    entries: [...entries].sort(compare).map((e) => ({ rule: e.rule, file: e.file, scope: e.scope, hash: e.hash, count: e.count })),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/**
 * Mark findings the baseline accepts (`baselined: true`), in report order: for a key accepted
 * `count` times, the first `count` findings with that key are accepted and any further one is new.
 * `inScope` limits which entries can be stale (a run over some files cannot judge the others).
 */
export function applyBaseline(
  root: string,
  findings: AuditFinding[],
  baseline: BaselineFile,
  inScope: (relFile: string) => boolean = () => true,
): BaselineOutcome {
  const remaining = new Map<string, number>();
  for (const e of baseline.entries) remaining.set(keyOf(e), (remaining.get(keyOf(e)) ?? 0) + e.count);
  let baselined = 0;
  for (const f of findings) {
    const k = keyOf(entryOf(root, f));
    const left = remaining.get(k) ?? 0;
    if (left > 0) {
      remaining.set(k, left - 1);
      f.baselined = true;
      baselined++;
    }
  }
  let stale = 0;
  for (const e of baseline.entries) {
    const k = keyOf(e);
    const left = remaining.get(k) ?? 0;
    if (left > 0 && inScope(e.file)) stale += Math.min(left, e.count);
    remaining.set(k, Math.max(0, left - e.count));
  }
  return { fresh: findings.length - baselined, baselined, stale };
}

/**
 * The entries `--update-baseline` writes: the current findings; when the run covered only some
 * files (`--staged`, `--changed`, paths), the previous entries of the other files are kept.
 */
export function updatedEntries(
  root: string,
  findings: readonly AuditFinding[],
  previous: BaselineFile | undefined,
  inScope: ((relFile: string) => boolean) | undefined,
): BaselineEntry[] {
  const current = baselineEntries(root, findings);
  if (!previous || !inScope) return current;
  const kept = previous.entries.filter((e) => !inScope(e.file));
  const merged = new Map<string, BaselineEntry>();
  for (const e of [...kept, ...current]) {
    const k = keyOf(e);
    const m = merged.get(k);
    if (m) m.count += e.count;
    else merged.set(k, { ...e });
  }
  return [...merged.values()].sort(compare);
}

export function writeBaseline(file: string, entries: readonly BaselineEntry[]): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(file, serializeBaseline(entries));
}

// What several reporters need: paths as the CI workspace sees them, counts by rule, stable
// fingerprints, and the rules' own words from their docs pages.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditFinding, AuditResult } from '../run.js';
import type { ReportContext } from './types.js';
import { relativePath } from './types.js';

/**
 * The folder that paths in SARIF, GitHub annotations and Markdown links are relative to: the
 * working directory (the repository checkout in CI, which is what code scanning and annotations
 * resolve against), or the audited folder itself when it lies outside the working directory.
 */
export function workspaceOf(ctx: Pick<ReportContext, 'result' | 'displayRoot'>): { dir: string; prefix: string } {
  const { root } = ctx.result;
  const shown = ctx.displayRoot;
  if (shown === '.' || shown === '') return { dir: root, prefix: '' };
  if (shown.startsWith('../') || shown === '..' || path.isAbsolute(shown)) return { dir: root, prefix: '' };
  const depth = shown.split('/').filter(Boolean).length;
  return { dir: path.resolve(root, ...Array<string>(depth).fill('..')), prefix: `${shown.replace(/\/+$/, '')}/` };
}

/** A file's path relative to the workspace, with `/` separators. */
export function workspacePath(ctx: Pick<ReportContext, 'result' | 'displayRoot'>, file: string): string {
  return workspaceOf(ctx).prefix + relativePath(ctx.result.root, file);
}

export interface RuleCount {
  ruleId: string;
  errors: number;
  warnings: number;
  total: number;
}

/** Findings per rule, most first (then by id). */
export function countByRule(findings: readonly AuditFinding[]): RuleCount[] {
  const map = new Map<string, RuleCount>();
  for (const f of findings) {
    let c = map.get(f.ruleId);
    if (!c) map.set(f.ruleId, (c = { ruleId: f.ruleId, errors: 0, warnings: 0, total: 0 }));
    if (f.severity === 'error') c.errors++;
    else c.warnings++;
    c.total++;
  }
  return [...map.values()].sort((a, b) => b.total - a.total || a.ruleId.localeCompare(b.ruleId));
}

export function totals(result: AuditResult): { findings: number; errors: number; warnings: number; fixable: number } {
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  return {
    findings: result.findings.length,
    errors,
    warnings: result.findings.length - errors,
    fixable: result.findings.filter((f) => f.fixable).length,
  };
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Fingerprints that survive lines moving: rule, file (relative to the audited root), enclosing
 * function and flagged text with whitespace normalised (the baseline's key, DESIGN.md), plus an
 * occurrence index so two identical calls in one function stay two results. Findings must be
 * in report order (sorted by position), so the index is stable too.
 */
export function fingerprints(result: AuditResult): string[] {
  const seen = new Map<string, number>();
  return result.findings.map((f) => {
    const key = [f.ruleId, relativePath(result.root, f.file), f.scopeName, f.text.replace(/\s+/g, ' ').trim()].join('\u0000');
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    return `${hash}:${n}`;
  });
}

/** Offsets in a text (BOM excluded) to 1-based lines and columns (UTF-16 units, end exclusive). */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    // The line breaks TypeScript counts: \n, \r\n, a lone \r, U+2028, U+2029.
    if (ch === 10 || ch === 0x2028 || ch === 0x2029) starts.push(i + 1);
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

const docsCache = new Map<string, string | undefined>();

function packageRoot(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'eslint-plugin-scalelint') return dir;
    } catch {
      // not here: go up
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

/** The first paragraph under "## Why it matters at scale" in the rule's shipped docs page. */
export function whyItMatters(ruleId: string): string | undefined {
  if (docsCache.has(ruleId)) return docsCache.get(ruleId);
  let found: string | undefined;
  const root = packageRoot();
  if (root) {
    try {
      const page = fs.readFileSync(path.join(root, 'docs', 'rules', `${ruleId}.md`), 'utf8');
      const section = /^## Why it matters at scale[ \t]*\r?\n\s*([\s\S]*?)(?:\r?\n[ \t]*\r?\n|\r?\n#|(?![\s\S]))/m.exec(page);
      found = section?.[1]?.replace(/\s+/g, ' ').trim() || undefined;
    } catch {
      found = undefined;
    }
  }
  docsCache.set(ruleId, found);
  return found;
}

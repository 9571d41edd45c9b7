// `--fix`: apply autofixes in passes (overlapping fixes wait for the next pass, never merged),
// re-analysing the file after each pass, then write each changed file atomically.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../engine/edits.js';
import type { FileResult, Finding, TextEdit } from '../engine/types.js';
import { reduceProject } from '../project/reduce.js';
import type { AuditConfig, ResolvedRule } from './config.js';
import { analyzeText, type AuditError } from './run.js';
import { filterSuppressed } from './suppressions.js';
import { removeStaleTemporariesOf, writeFileAtomic } from '../engine/atomic.js';

const MAX_PASSES = 10;

export interface FixInput {
  results: FileResult[];
  findings: Finding[];
  texts: Map<string, string>;
  rules: ResolvedRule[];
  config: AuditConfig;
  errors: AuditError[];
}

/** Pick non-overlapping fixes, in file order; the rest wait for the next pass. */
export function selectEdits(findings: readonly Finding[]): TextEdit[] {
  const fixes = findings.filter((f) => f.fix).sort((a, b) => a.span.start - b.span.start);
  const chosen: TextEdit[] = [];
  let lastEnd = -1;
  for (const finding of fixes) {
    const edits = [...finding.fix!].sort((a, b) => a.start - b.start);
    const start = edits[0]!.start;
    const end = Math.max(...edits.map((e) => e.end));
    if (start <= lastEnd) continue;
    chosen.push(...edits);
    lastEnd = end;
  }
  return chosen;
}

export function writeAtomic(file: string, text: string): void {
  const bomless = fs.readFileSync(file, 'utf8');
  const bom = bomless.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const mode = fs.statSync(file).mode;
  writeFileAtomic(file, bom + text, { mode });
  // A `--fix` killed while writing this file left its temporary file beside it, in the user's
  // source folder, where nothing else would remove it.
  removeStaleTemporariesOf(file);
}

export interface FixOutcome {
  findings: Finding[];
  /** Files whose text the fixes changed: their text before and after. */
  changed: Map<string, { before: string; after: string }>;
}

/** Apply autofixes in memory, in passes, until none is left or nothing changes. Writes nothing. */
export function computeFixes(input: FixInput): FixOutcome {
  const { results, texts, rules, config } = input;
  const byFile = new Map(results.map((r, i) => [r.facts.file, i]));
  const original = new Map<string, string>();
  let findings = input.findings;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixable = new Map<string, Finding[]>();
    for (const f of findings) {
      if (!f.fix) continue;
      let list = fixable.get(f.file);
      if (!list) fixable.set(f.file, (list = []));
      list.push(f);
    }
    if (fixable.size === 0) break;
    let changed = false;
    for (const [file, list] of fixable) {
      const text = texts.get(file)!;
      const next = applyEdits(text, selectEdits(list));
      if (next === text) continue;
      try {
        const result = analyzeText(file, next, rules, config);
        if (!original.has(file)) original.set(file, text);
        texts.set(file, next);
        results[byFile.get(file)!] = result;
        changed = true;
      } catch (error) {
        // A fix that breaks the file is a bug in a rule: keep the file as it was.
        input.errors.push({ file, message: `fix not applied: it would leave the file unparseable (${(error as Error).message})` });
        for (const f of list) delete f.fix;
      }
    }
    if (!changed) break;
    findings = filterSuppressed(reduceProject(results, rules, { complete: true, settings: config.settings }), texts);
  }
  const changed = new Map<string, { before: string; after: string }>();
  for (const [file, before] of original) {
    const after = texts.get(file)!;
    if (after !== before) changed.set(file, { before, after });
  }
  return { findings, changed };
}

/** `--fix`: compute the fixes, then write each changed file atomically (and no other file). */
export function applyFixes(input: FixInput): { findings: Finding[]; written: string[] } {
  const { findings, changed } = computeFixes(input);
  const written: string[] = [];
  for (const [file, { after }] of changed) {
    writeAtomic(file, after);
    written.push(file);
  }
  return { findings, written };
}

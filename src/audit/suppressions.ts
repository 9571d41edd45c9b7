// `eslint-disable` comments naming scalelint rules (or none) silence the audit too, so a project
// has one suppression syntax for both front ends. With `--report-unused-disable-directives`, each
// scalelint rule named in a directive that silenced nothing becomes a warning-level finding of the
// pseudo-rule `unused-disable-directive`, located on the comment. Bare directives (no rule named)
// are never reported as unused: in a project also linted by ESLint they may serve other plugins.
import type { Finding, Span } from '../engine/types.js';

export const UNUSED_DIRECTIVE_ID = 'unused-disable-directive';

export interface Directive {
  kind: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  line: number;
  /** Empty: every rule. */
  rules: string[];
  /** Offsets of the comment in the file's text. */
  start: number;
  end: number;
}

const DIRECTIVE = /(?:\/\/|\/\*)\s*eslint-(disable-next-line|disable-line|disable|enable)(?=[\s*]|$)([^\n]*?)(?:\*\/|$)/gm;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function parseDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  const starts = lineStarts(text);
  for (const match of text.matchAll(DIRECTIVE)) {
    const body = (match[2] ?? '').split('--')[0]!;
    const rules = body.split(/[\s,]+/).filter(Boolean);
    out.push({ kind: match[1] as Directive['kind'], line: lineOf(starts, match.index), rules, start: match.index, end: match.index + match[0].length });
  }
  return out;
}

function names(directive: Directive, ruleId: string): boolean {
  return directive.rules.length === 0 || directive.rules.includes(`scalelint/${ruleId}`);
}

/** The directive that silences `finding`, if any. */
export function suppressedBy(directives: readonly Directive[], finding: Finding): Directive | undefined {
  const line = finding.span.line;
  let blocker: Directive | undefined;
  for (const d of directives) {
    if (!names(d, finding.ruleId)) continue;
    if (d.kind === 'disable-line' && d.line === line) return d;
    if (d.kind === 'disable-next-line' && d.line + 1 === line) return d;
    if (d.line > line) continue;
    if (d.kind === 'disable') blocker = d;
    if (d.kind === 'enable') blocker = undefined;
  }
  return blocker;
}

export function isSuppressed(directives: readonly Directive[], finding: Finding): boolean {
  return suppressedBy(directives, finding) !== undefined;
}

/** Files' texts, by path; some may be known to hold no directive without being read. */
export interface SourceTexts extends ReadonlyMap<string, string> {
  withoutDirectives?(file: string): boolean;
  /** Every file, read or not (iterating the map reads them all). */
  names?(): string[];
}

function directivesOf(cache: Map<string, Directive[]>, texts: SourceTexts, file: string): Directive[] {
  let directives = cache.get(file);
  if (!directives) {
    const text = texts.withoutDirectives?.(file) ? '' : texts.get(file) ?? '';
    directives = text.includes('eslint-') ? parseDirectives(text) : [];
    cache.set(file, directives);
  }
  return directives;
}

export function filterSuppressed(findings: Finding[], texts: SourceTexts): Finding[] {
  const cache = new Map<string, Directive[]>();
  return findings.filter((f) => {
    const directives = directivesOf(cache, texts, f.file);
    return directives.length === 0 || !isSuppressed(directives, f);
  });
}

function spanOf(text: string, start: number, end: number): Span {
  const starts = lineStarts(text);
  const line = lineOf(starts, start);
  const endLine = lineOf(starts, end);
  return { start, end, line, column: start - starts[line - 1]! + 1, endLine, endColumn: end - starts[endLine - 1]! + 1 };
}

/**
 * Directives that silence nothing, as findings: one per scalelint rule named in a directive when
 * no finding of that rule was silenced by it. `findings` are all findings before suppression;
 * `activeRules` the rules this run ran (a directive for a rule that is off is not judged).
 */
export function unusedDirectives(findings: readonly Finding[], texts: SourceTexts, activeRules: ReadonlySet<string>): Finding[] {
  const cache = new Map<string, Directive[]>();
  const used = new Map<Directive, Set<string>>();
  for (const f of findings) {
    const d = suppressedBy(directivesOf(cache, texts, f.file), f);
    if (!d) continue;
    let set = used.get(d);
    if (!set) used.set(d, (set = new Set()));
    set.add(f.ruleId);
  }
  const out: Finding[] = [];
  for (const file of texts.names?.() ?? [...texts.keys()]) {
    if (texts.withoutDirectives?.(file)) continue;
    const text = texts.get(file) ?? '';
    if (!text.includes('eslint-')) continue;
    for (const d of directivesOf(cache, texts, file)) {
      if (d.kind === 'enable') continue;
      for (const name of d.rules) {
        const id = name.startsWith('scalelint/') ? name.slice('scalelint/'.length) : undefined;
        if (!id || !activeRules.has(id) || used.get(d)?.has(id)) continue;
        const span = spanOf(text, d.start, d.end);
        out.push({
          ruleId: UNUSED_DIRECTIVE_ID,
          messageId: 'unusedDirective',
          message: `Unused eslint-${d.kind} directive: scalelint/${id} reported nothing here; remove it so it cannot hide a future finding.`,
          data: { rule: id },
          file,
          span,
          scopeName: '',
          text: text.slice(d.start, d.end),
        });
      }
    }
  }
  return out;
}

// `eslint-disable` comments naming scalelint rules (or none) silence the audit too, so a project
// has one suppression syntax for both front ends.
import type { Finding } from '../engine/types.js';

interface Directive {
  kind: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  line: number;
  /** Empty: every rule. */
  rules: string[];
}

const DIRECTIVE = /(?:\/\/|\/\*)\s*eslint-(disable-next-line|disable-line|disable|enable)(?=[\s*]|$)([^\n]*?)(?:\*\/|$)/gm;

export function parseDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  for (const match of text.matchAll(DIRECTIVE)) {
    const body = (match[2] ?? '').split('--')[0]!;
    const rules = body.split(/[\s,]+/).filter(Boolean);
    out.push({ kind: match[1] as Directive['kind'], line: lineOf(match.index), rules });
  }
  return out;
}

function names(directive: Directive, ruleId: string): boolean {
  return directive.rules.length === 0 || directive.rules.includes(`scalelint/${ruleId}`);
}

export function isSuppressed(directives: readonly Directive[], finding: Finding): boolean {
  const line = finding.span.line;
  let blocked = false;
  for (const d of directives) {
    if (!names(d, finding.ruleId)) continue;
    if (d.kind === 'disable-line' && d.line === line) return true;
    if (d.kind === 'disable-next-line' && d.line + 1 === line) return true;
    if (d.line > line) continue;
    if (d.kind === 'disable') blocked = true;
    if (d.kind === 'enable') blocked = false;
  }
  return blocked;
}

export function filterSuppressed(findings: Finding[], texts: ReadonlyMap<string, string>): Finding[] {
  const cache = new Map<string, Directive[]>();
  return findings.filter((f) => {
    let directives = cache.get(f.file);
    if (!directives) {
      const text = texts.get(f.file) ?? '';
      directives = text.includes('eslint-') ? parseDirectives(text) : [];
      cache.set(f.file, directives);
    }
    return directives.length === 0 || !isSuppressed(directives, f);
  });
}

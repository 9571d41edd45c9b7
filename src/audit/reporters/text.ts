// Human-readable report: findings grouped by file with a code frame, then a summary by rule.
import type { AuditFinding } from '../run.js';
import type { Reporter } from './types.js';
import { relativePath } from './types.js';

const paint = (on: boolean) => (code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function codeFrame(text: string, f: AuditFinding, c: ReturnType<typeof paint>): string {
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, f.span.line - 1);
  const last = Math.min(lines.length, f.span.line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === f.span.line ? c('31', '>') : ' ';
    const line = (lines[n - 1] ?? '').replace(/\t/g, '  ');
    out.push(`  ${marker} ${c('2', String(n).padStart(width))} | ${line}`);
    if (n === f.span.line) {
      const raw = lines[n - 1] ?? '';
      const lead = raw.slice(0, f.span.column - 1).replace(/\t/g, '  ').replace(/[^\s]/g, ' ');
      const endCol = f.span.endLine === f.span.line ? f.span.endColumn : raw.length + 1;
      const length = Math.max(1, endCol - f.span.column);
      out.push(`    ${' '.repeat(width)} | ${lead}${c('31', '^'.repeat(Math.min(length, 200)))}`);
    }
  }
  return out.join('\n');
}

export const text: Reporter = ({ result: all, color, readText }) => {
  const c = paint(color);
  // Findings accepted in the baseline are not shown; the last lines count them.
  const result = { ...all, findings: all.findings.filter((f) => !f.baselined) };
  const out: string[] = [];
  const byFile = new Map<string, AuditFinding[]>();
  for (const f of result.findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  for (const [file, findings] of byFile) {
    out.push(c('4', relativePath(result.root, file)));
    const source = readText(file);
    for (const f of findings) {
      const sev = f.severity === 'error' ? c('31', 'error') : c('33', 'warn ');
      out.push(`  ${f.span.line}:${f.span.column}  ${sev}  ${f.message}  ${c('2', `scalelint/${f.ruleId}`)}`);
      if (source !== undefined) out.push(codeFrame(source, f, c));
      for (const s of f.suggestions ?? []) out.push(`    ${c('36', 'suggestion:')} ${s.message}`);
      out.push('');
    }
  }
  if (result.errors.length > 0) {
    out.push(c('4', 'Files not analysed'));
    for (const e of result.errors) out.push(`  ${relativePath(result.root, e.file)}: ${e.message}`);
    out.push('');
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  const fixable = result.findings.filter((f) => f.fixable).length;
  if (result.findings.length > 0) {
    const byRule = new Map<string, number>();
    for (const f of result.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    out.push('By rule:');
    for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      out.push(`  ${String(n).padStart(4)}  scalelint/${rule}`);
    }
    out.push('');
  }
  const summary = `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} `
    + `(${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${result.files} files`
    + `${result.errors.length ? `, ${result.errors.length} not analysed` : ''}, ${result.durationMs} ms.`;
  out.push(result.findings.length === 0 ? c('32', `No findings in ${result.files} files, ${result.durationMs} ms.`) : c('1', summary));
  if (fixable > 0) out.push(`${fixable} finding${fixable === 1 ? ' is' : 's are'} fixable with \`scalelint audit --fix\`.`);
  if (result.baseline) {
    const b = result.baseline;
    out.push(b.written !== undefined
      ? `Baseline ${b.file}: ${b.written} entr${b.written === 1 ? 'y' : 'ies'} written.`
      : `Baseline ${b.file}: ${b.baselined} accepted finding${b.baselined === 1 ? '' : 's'} not shown`
        + `${b.stale > 0 ? `; ${b.stale} stale entr${b.stale === 1 ? 'y' : 'ies'} (fixed or changed code: run --update-baseline to drop ${b.stale === 1 ? 'it' : 'them'})` : ''}.`);
  }
  if (result.fixedFiles.length > 0) out.push(`Fixed ${result.fixedFiles.length} file${result.fixedFiles.length === 1 ? '' : 's'}.`);
  return out.join('\n') + '\n';
};

// GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding, shown on
// the pull request's changed lines. Paths are relative to the working directory (the checkout).
import type { AuditFinding } from '../run.js';
import { plural, totals, workspacePath } from './shared.js';
import type { Reporter } from './types.js';

/** The message part of a workflow command: `%`, CR and LF are escaped (the runner decodes them). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: also `:` and `,`, which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, props: Record<string, string | number>, message: string): string {
  const list = Object.entries(props).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${name} ${list}::${escapeData(message)}`;
}

function annotation(file: string, f: AuditFinding): string {
  return command(f.severity === 'error' ? 'error' : 'warning', {
    file,
    line: f.span.line,
    col: f.span.column,
    endLine: f.span.endLine,
    endColumn: f.span.endColumn,
    title: `scalelint/${f.ruleId}`,
  }, f.message);
}

export const github: Reporter = (ctx) => {
  const { result } = ctx;
  // Baselined findings are accepted debt: no annotation.
  const out = result.findings.filter((f) => !f.baselined).map((f) => annotation(workspacePath(ctx, f.file), f));
  for (const e of result.errors) {
    out.push(command('warning', { file: workspacePath(ctx, e.file), title: 'scalelint: file not analysed' }, e.message));
  }
  const t = totals({ ...result, findings: result.findings.filter((f) => !f.baselined) });
  // A plain line (not a command) so the log says what happened even with no findings.
  out.push(`scalelint: ${plural(t.findings, 'finding')} (${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}) in ${plural(result.files, 'file')}.`);
  return out.join('\n') + '\n';
};

// The JSON report of the public contract (DESIGN.md): `formatVersion` 1.
import type { Reporter } from './types.js';
import { relativePath } from './types.js';

export const JSON_FORMAT_VERSION = 1;

export const json: Reporter = ({ result, displayRoot, version }) => {
  const rel = (f: string) => relativePath(result.root, f);
  // With --baseline, accepted findings are left out (the contract); the summary counts them.
  const findings = result.findings.filter((f) => !f.baselined);
  const report = {
    tool: 'scalelint',
    version,
    formatVersion: JSON_FORMAT_VERSION,
    root: displayRoot,
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      file: rel(f.file),
      line: f.span.line,
      column: f.span.column,
      endLine: f.span.endLine,
      endColumn: f.span.endColumn,
      message: f.message,
      fixable: f.fixable,
      suggestions: (f.suggestions ?? []).map((s) => s.message),
      related: (f.related ?? []).map((r) => ({ file: rel(r.file), line: r.line, message: r.message })),
    })),
    errors: result.errors.map((e) => ({ file: rel(e.file), message: e.message })),
    summary: {
      files: result.files,
      findings: findings.length,
      errors: result.errors.length,
      durationMs: result.durationMs,
      ...(result.baseline ? { baselined: result.baseline.baselined, staleBaselineEntries: result.baseline.stale } : {}),
    },
  };
  return JSON.stringify(report, null, 2) + '\n';
};

// Markdown for a pull-request comment: the totals, a table by rule and severity, and the first
// findings with links to their lines. On GitHub Actions the links point at the commit being
// checked (GITHUB_SERVER_URL/GITHUB_REPOSITORY/GITHUB_SHA); elsewhere they are relative paths.
import { docsUrl } from '../../engine/rule.js';
import { countByRule, plural, totals, workspacePath } from './shared.js';
import type { Reporter } from './types.js';

/** How many findings the comment lists (GitHub caps a comment at 65,536 characters). */
export const MARKDOWN_MAX_FINDINGS = 50;

/** Text in a Markdown table cell: no markup, no HTML, no cell breaks, one line. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, ' ');
}

function linkTarget(file: string, line: number, endLine: number, env: NodeJS.ProcessEnv): string {
  const encoded = encodeURI(file).replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/#/g, '%23');
  const anchor = `#L${line}${endLine > line ? `-L${endLine}` : ''}`;
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  if (server && repo && sha) return `${server}/${repo}/blob/${sha}/${encoded}${anchor}`;
  return `${encoded}${anchor}`;
}

export function markdownReport(env: NodeJS.ProcessEnv): Reporter {
  return (ctx) => {
    const { result } = ctx;
    const findings = result.findings.filter((f) => !f.baselined);
    const t = totals({ ...result, findings });
    const out: string[] = [];
    if (t.findings === 0) {
      out.push('## scalelint: no findings', '', `Scanned ${plural(result.files, 'file')} in \`${ctx.displayRoot}\`.`);
    } else {
      out.push(`## scalelint: ${plural(t.findings, 'finding')} (${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')})`, '');
      const fixable = t.fixable > 0 ? ` ${plural(t.fixable, 'finding')} can be fixed with \`scalelint audit --fix\`.` : '';
      out.push(`Scanned ${plural(result.files, 'file')} in \`${ctx.displayRoot}\`.${fixable}`, '');
      out.push('| Rule | Errors | Warnings | Total |', '| --- | ---: | ---: | ---: |');
      for (const c of countByRule(findings)) {
        out.push(`| [\`${c.ruleId}\`](${docsUrl(c.ruleId)}) | ${c.errors} | ${c.warnings} | ${c.total} |`);
      }
      out.push('');
      const shown = findings.slice(0, MARKDOWN_MAX_FINDINGS);
      out.push(shown.length < findings.length ? `### First ${shown.length} of ${plural(findings.length, 'finding')}` : '### Findings', '');
      out.push('| Severity | Location | Rule | Message |', '| --- | --- | --- | --- |');
      for (const f of shown) {
        const file = workspacePath(ctx, f.file);
        const where = `[${escapeMarkdown(`${file}:${f.span.line}`)}](${linkTarget(file, f.span.line, f.span.endLine, env)})`;
        const sev = f.severity === 'error' ? '**error**' : 'warning';
        out.push(`| ${sev} | ${where} | \`${f.ruleId}\` | ${escapeMarkdown(f.message)}${f.fixable ? ' _(fixable)_' : ''} |`);
      }
      if (shown.length < findings.length) {
        out.push('', `…and ${plural(findings.length - shown.length, 'more finding')}: run \`scalelint audit\` locally for the full list.`);
      }
    }
    const baselined = result.findings.length - findings.length;
    if (baselined > 0) out.push('', `${plural(baselined, 'baselined finding')} not shown.`);
    if (result.errors.length > 0) {
      out.push('', `<details><summary>${plural(result.errors.length, 'file')} not analysed</summary>`, '');
      for (const e of result.errors) out.push(`- \`${workspacePath(ctx, e.file).replace(/`/g, "'")}\`: ${escapeMarkdown(e.message)}`);
      out.push('', '</details>');
    }
    return out.join('\n') + '\n';
  };
}

export const markdown: Reporter = (ctx) => markdownReport(process.env)(ctx);

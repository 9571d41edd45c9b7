// One self-contained HTML page to browse an audit: totals, findings by rule as a bar chart, and a
// table filterable by rule, severity and file with a code snippet per finding. Everything is
// rendered here, every piece of source or message text escaped; the page loads nothing (its
// Content-Security-Policy allows no network and only its own style and script, by hash, so even
// an escaping bug could not run a script taken from the audited code).
import { createHash } from 'node:crypto';
import { docsUrl } from '../../engine/rule.js';
import type { AuditFinding } from '../run.js';
import { countByRule, plural, totals } from './shared.js';
import type { Reporter } from './types.js';
import { relativePath } from './types.js';
import { stripBom } from '../../engine/text.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CONTEXT_LINES = 2;
const MAX_FLAGGED_LINES = 8;
const MAX_LINE_LENGTH = 400;

function snippet(text: string | undefined, f: AuditFinding): string {
  if (text === undefined) return '';
  const body = stripBom(text);
  const lines = body.split(/\r\n|\r|\n|\u2028|\u2029/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const first = Math.max(1, f.span.line - CONTEXT_LINES);
  const flaggedEnd = Math.min(f.span.endLine, f.span.line + MAX_FLAGGED_LINES - 1);
  const last = Math.min(lines.length, flaggedEnd + CONTEXT_LINES);
  const width = String(last).length;
  const rows: string[] = [];
  for (let n = first; n <= last; n++) {
    const raw = (lines[n - 1] ?? '').slice(0, MAX_LINE_LENGTH);
    let code: string;
    if (n >= f.span.line && n <= f.span.endLine) {
      const from = n === f.span.line ? f.span.column - 1 : 0;
      const to = n === f.span.endLine ? f.span.endColumn - 1 : raw.length;
      code = `${escapeHtml(raw.slice(0, from))}<mark>${escapeHtml(raw.slice(from, Math.max(from, to)))}</mark>${escapeHtml(raw.slice(Math.max(from, to)))}`;
    } else {
      code = escapeHtml(raw);
    }
    const flagged = n >= f.span.line && n <= flaggedEnd;
    rows.push(`<span class="ln${flagged ? ' hit' : ''}"><span class="no">${String(n).padStart(width)}</span>${code}</span>`);
  }
  if (f.span.endLine > flaggedEnd) rows.push(`<span class="ln more"><span class="no">${' '.repeat(width)}</span>… ${f.span.endLine - flaggedEnd} more lines</span>`);
  // Each line is a block: no newline between them, or <pre> would double the spacing.
  return `<pre class="code">${rows.join('')}</pre>`;
}

function chart(findings: readonly AuditFinding[]): string {
  const counts = countByRule(findings);
  if (counts.length === 0) return '';
  const max = Math.max(...counts.map((c) => c.total));
  const bars = counts.map((c) => {
    const err = (c.errors / max) * 100;
    const warn = (c.warnings / max) * 100;
    return `<button type="button" class="bar" data-rule="${escapeHtml(c.ruleId)}" aria-pressed="false" title="Show only ${escapeHtml(c.ruleId)}">`
      + `<span class="bar-label">${escapeHtml(c.ruleId)}</span>`
      + `<svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">`
      + `<rect class="b-error" x="0" y="0" width="${err.toFixed(2)}" height="10"/>`
      + `<rect class="b-warn" x="${err.toFixed(2)}" y="0" width="${warn.toFixed(2)}" height="10"/></svg>`
      + `<span class="bar-count">${c.total}</span></button>`;
  });
  return `<section class="panel"><h2>Findings by rule</h2><div class="chart">${bars.join('')}</div>`
    + `<p class="legend"><span class="key k-error"></span>error <span class="key k-warn"></span>warning · click a rule to filter</p></section>`;
}

function options(values: readonly string[], all: string): string {
  return `<option value="">${escapeHtml(all)}</option>` + values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');
}

const STYLE = `
:root{color-scheme:light dark;--bg:#f6f7f9;--panel:#fff;--text:#1d2330;--muted:#5d6677;--line:#e2e5ea;--err:#d1242f;--warn:#bf8700;--accent:#0969da;--code:#f3f4f6;--mark:#ffd7d5}
@media (prefers-color-scheme:dark){:root{--bg:#0f1217;--panel:#171b22;--text:#e6e8eb;--muted:#9aa3b2;--line:#2a303a;--err:#f85149;--warn:#d29922;--accent:#4493f8;--code:#0d1117;--mark:#5a1e1e}}
*{box-sizing:border-box}[hidden]{display:none!important}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px 20px 48px}
header h1{font-size:22px;margin:0}header p{margin:4px 0 0;color:var(--muted)}
code,pre,.loc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:20px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .n{font-size:26px;font-weight:650;line-height:1.2}.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card.err .n{color:var(--err)}.card.warn .n{color:var(--warn)}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:0 0 16px}
h2{font-size:15px;margin:0 0 10px}
.chart{display:grid;gap:6px}
.bar{display:grid;grid-template-columns:minmax(160px,260px) 1fr 48px;align-items:center;gap:10px;width:100%;padding:4px 6px;border:1px solid transparent;border-radius:6px;background:none;color:inherit;font:inherit;text-align:left;cursor:pointer}
.bar:hover{background:var(--code)}.bar[aria-pressed=true]{border-color:var(--accent);background:var(--code)}
.bar-label{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar-track{width:100%;height:14px;background:var(--code);border-radius:3px}
.b-error,.k-error{fill:var(--err);background:var(--err)}.b-warn,.k-warn{fill:var(--warn);background:var(--warn)}
.bar-count{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
.legend{margin:8px 0 0;color:var(--muted);font-size:12px}.key{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 8px;vertical-align:-1px}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end}
.filters label{display:grid;gap:2px;font-size:12px;color:var(--muted)}
select{font:inherit;color:inherit;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:5px 8px;min-width:160px;max-width:360px}
#reset{font:inherit;color:var(--accent);background:none;border:0;cursor:pointer;padding:6px 4px}
#shown{margin-left:auto;color:var(--muted);font-variant-numeric:tabular-nums}
table{width:100%;border-collapse:collapse;background:var(--panel);border:1px solid var(--line);border-radius:8px;overflow:hidden}
th{text-align:left;font-size:12px;color:var(--muted);font-weight:600;padding:8px 12px;border-bottom:1px solid var(--line);background:var(--code)}
td{padding:10px 12px;border-bottom:1px solid var(--line);vertical-align:top}
tr:last-child td{border-bottom:0}
td.sev{width:84px}
.head{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 12px;margin-bottom:2px}
.head .loc{font-weight:600;word-break:break-all}.head .rule{font-size:12.5px}
.badge{display:inline-block;border-radius:999px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff}
.badge.error{background:var(--err)}.badge.warn{background:var(--warn)}
.tag{display:inline-block;border:1px solid var(--line);border-radius:999px;padding:0 7px;font-size:11.5px;color:var(--muted)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.msg{margin:0 0 6px}
pre.code{margin:6px 0 0;padding:8px 0;background:var(--code);border:1px solid var(--line);border-radius:6px;overflow-x:auto;tab-size:2}
.ln{display:block;padding:0 10px;white-space:pre}.ln.hit{background:color-mix(in srgb,var(--mark) 45%,transparent)}
.ln .no{display:inline-block;color:var(--muted);margin-right:14px;user-select:none}
mark{background:var(--mark);color:inherit;border-radius:2px;text-decoration:underline wavy var(--err);text-underline-offset:3px}
.ln.more{color:var(--muted)}
ul.extra{margin:6px 0 0;padding-left:18px;color:var(--muted)}
#none{padding:24px;text-align:center;color:var(--muted);background:var(--panel);border:1px solid var(--line);border-top:0}
.clean{font-size:16px;padding:28px;text-align:center}
footer{margin-top:28px;color:var(--muted);font-size:12px}
`;

// Filters rows by the three selects; a bar in the chart toggles the rule filter.
const SCRIPT = `
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.finding'));
  var rule = document.getElementById('f-rule');
  var severity = document.getElementById('f-severity');
  var file = document.getElementById('f-file');
  var shown = document.getElementById('shown');
  var none = document.getElementById('none');
  var bars = Array.prototype.slice.call(document.querySelectorAll('button.bar'));
  if (!rule || !severity || !file || !shown || !none) return;
  function apply() {
    var n = 0;
    rows.forEach(function (row) {
      var ok = (!rule.value || row.getAttribute('data-rule') === rule.value)
        && (!severity.value || row.getAttribute('data-severity') === severity.value)
        && (!file.value || row.getAttribute('data-file') === file.value);
      row.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = 'Showing ' + n + ' of ' + rows.length;
    none.hidden = n > 0;
    bars.forEach(function (bar) { bar.setAttribute('aria-pressed', String(bar.getAttribute('data-rule') === rule.value)); });
  }
  [rule, severity, file].forEach(function (s) { s.addEventListener('change', apply); });
  bars.forEach(function (bar) {
    bar.addEventListener('click', function () {
      var id = bar.getAttribute('data-rule') || '';
      rule.value = rule.value === id ? '' : id;
      apply();
    });
  });
  document.getElementById('reset').addEventListener('click', function () {
    rule.value = ''; severity.value = ''; file.value = ''; apply();
  });
  apply();
})();
`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

export const html: Reporter = (ctx) => {
  const { result } = ctx;
  const findings = result.findings.filter((f) => !f.baselined);
  const t = totals({ ...result, findings });
  const rel = (file: string) => relativePath(result.root, file);
  const texts = new Map<string, string | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) texts.set(file, ctx.readText(file));
    return texts.get(file);
  };

  const cards = [
    ['Findings', t.findings, ''], ['Errors', t.errors, 'err'], ['Warnings', t.warnings, 'warn'],
    ['Fixable', t.fixable, ''], ['Files scanned', result.files, ''], ['Not analysed', result.errors.length, ''],
  ].map(([label, n, cls]) => `<div class="card ${cls}" data-total="${escapeHtml(String(label))}"><div class="n">${n}</div><div class="l">${label}</div></div>`).join('');

  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const files = [...new Set(findings.map((f) => rel(f.file)))].sort();
  const rows = findings.map((f) => {
    const file = rel(f.file);
    const extra = [
      ...(f.related ?? []).map((r) => `<li>See <span class="loc">${escapeHtml(`${rel(r.file)}:${r.line}`)}</span>: ${escapeHtml(r.message)}</li>`),
      ...(f.suggestions ?? []).map((s) => `<li>Suggestion: ${escapeHtml(s.message)}</li>`),
    ];
    return `<tr class="finding" data-rule="${escapeHtml(f.ruleId)}" data-severity="${f.severity}" data-file="${escapeHtml(file)}">`
      + `<td class="sev"><span class="badge ${f.severity}">${f.severity === 'error' ? 'error' : 'warning'}</span></td>`
      + `<td><div class="head"><span class="loc">${escapeHtml(`${file}:${f.span.line}:${f.span.column}`)}</span>`
      + `<a class="rule" href="${escapeHtml(docsUrl(f.ruleId))}" rel="noreferrer">scalelint/${escapeHtml(f.ruleId)}</a>${f.fixable ? '<span class="tag">fixable</span>' : ''}</div>`
      + `<p class="msg">${escapeHtml(f.message)}</p>${snippet(read(f.file), f)}${extra.length ? `<ul class="extra">${extra.join('')}</ul>` : ''}</td></tr>`;
  });

  const table = findings.length === 0
    ? `<section class="panel clean">No findings in ${plural(result.files, 'file')}.</section>`
    : `<section class="panel"><h2>Findings</h2><div class="filters">`
      + `<label>Rule<select id="f-rule">${options(ruleIds, 'All rules')}</select></label>`
      + `<label>Severity<select id="f-severity"><option value="">All severities</option><option value="error">error</option><option value="warn">warning</option></select></label>`
      + `<label>File<select id="f-file">${options(files, 'All files')}</select></label>`
      + `<button type="button" id="reset">Clear filters</button><span id="shown"></span></div></section>`
      + `<table><thead><tr><th>Severity</th><th>Finding</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      + `<div id="none" hidden>No findings match these filters.</div>`;

  const errors = result.errors.length === 0 ? ''
    : `<section class="panel"><h2>Files not analysed</h2><ul>${result.errors.map((e) => `<li><span class="loc">${escapeHtml(rel(e.file))}</span>: ${escapeHtml(e.message)}</li>`).join('')}</ul></section>`;
  const baselined = result.findings.length - findings.length;

  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>scalelint report: ${escapeHtml(ctx.displayRoot)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>scalelint report</h1><p><code>${escapeHtml(ctx.displayRoot)}</code> · ${plural(result.files, 'file')} scanned in ${result.durationMs} ms · scalelint ${escapeHtml(ctx.version)}</p></header>
<div class="cards">${cards}</div>
${chart(findings)}
${table}
${errors}
<footer>${baselined > 0 ? `${plural(baselined, 'baselined finding')} not shown. ` : ''}${t.fixable > 0 ? `${plural(t.fixable, 'finding')} can be fixed with <code>scalelint audit --fix</code>. ` : ''}Each rule links to its documentation.</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
};

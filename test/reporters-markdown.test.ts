// --format markdown: a pull-request comment with a table by rule and linked findings.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, MARKDOWN_MAX_FINDINGS } from '../src/audit/reporters/markdown.js';
import { docsUrl } from '../src/engine/rule.js';
import { FIXTURES } from './helpers/fixtures.js';
import { renderReport, scalelint } from './helpers/cli.js';

const noGithub = () => {
  const env = { ...process.env };
  delete env.GITHUB_SERVER_URL;
  delete env.GITHUB_REPOSITORY;
  delete env.GITHUB_SHA;
  return env;
};

describe('--format markdown through the binary', () => {
  it('demo app: the summary table matches the JSON report, each finding links to its line', () => {
    const json = JSON.parse(scalelint(['audit', 'fixtures/demo-app', '--format', 'json']).stdout);
    const run = scalelint(['audit', 'fixtures/demo-app', '--format', 'markdown'], { env: noGithub() });
    expect(run.code).toBe(1);
    const md = run.stdout;
    const errors = json.findings.filter((f: { severity: string }) => f.severity === 'error').length;
    expect(md.split('\n')[0]).toBe(`## scalelint: ${json.findings.length} findings (${errors} errors, ${json.findings.length - errors} warnings)`);
    const byRule = new Map<string, number>();
    for (const f of json.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    for (const [rule, n] of byRule) {
      expect(md).toMatch(new RegExp(`^\\| \\[\`${rule}\`\\]\\(${docsUrl(rule).replace(/[.?]/g, '\\$&')}\\) \\| \\d+ \\| \\d+ \\| ${n} \\|$`, 'm'));
    }
    const rows = md.split('\n').filter((l) => /^\| (\*\*error\*\*|warning) \|/.test(l));
    expect(rows).toHaveLength(json.findings.length);
    // A multi-line finding links to its line range (rows are sorted by file: not necessarily the first row).
    expect(rows.find((r) => r.includes('payments.ts:21'))).toContain('[fixtures/demo-app/src/lib/payments.ts:21](fixtures/demo-app/src/lib/payments.ts#L21-L27)');
    expect(md).toContain('(fixtures/demo-app/src/lib/payments.ts#L41)');
  });

  it('on GitHub Actions, links point at the commit', () => {
    const env = { ...noGithub(), GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/api', GITHUB_SHA: 'abc123' };
    const md = scalelint(['audit', 'fixtures/reporting', '--format', 'markdown'], { env }).stdout;
    expect(md).toContain('[fixtures/reporting/src/widgets.ts:3](https://github.com/acme/api/blob/abc123/fixtures/reporting/src/widgets.ts#L3)');
    expect(md).toContain('(https://github.com/acme/api/blob/abc123/fixtures/reporting/src/odd%20name,%20100%25.ts#L2)');
  });

  it('a clean project says so', () => {
    const run = scalelint(['audit', 'fixtures/reporting', '--format', 'markdown', '--rule', 'require-timeout=off']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('## scalelint: no findings\n\nScanned 2 files in `fixtures/reporting`.\n');
  });
});

describe('markdown reporter', () => {
  const root = path.join(FIXTURES, 'reporting');

  it('escapes markup and table separators in messages', async () => {
    expect(escapeMarkdown('a | b <img> *x* [l](u) `c`\nnext')).toBe('a \\| b \\<img\\> \\*x\\* \\[l\\](u) \\`c\\` next');
    const md = await renderReport('markdown', root, (result) => {
      result.findings[0]!.message = 'Use <b>|</b> here';
    });
    expect(md).toContain('| Use \\<b\\>\\|\\</b\\> here _(fixable)_ |');
  });

  it(`lists the first ${MARKDOWN_MAX_FINDINGS} findings and says how many more`, async () => {
    const md = await renderReport('markdown', root, (result) => {
      const one = result.findings[0]!;
      result.findings = Array.from({ length: MARKDOWN_MAX_FINDINGS + 7 }, (_, i) => ({ ...one, span: { ...one.span, line: i + 1, endLine: i + 1 } }));
    });
    expect(md).toContain(`### First ${MARKDOWN_MAX_FINDINGS} of ${MARKDOWN_MAX_FINDINGS + 7} findings`);
    expect(md.split('\n').filter((l) => l.startsWith('| **error** |'))).toHaveLength(MARKDOWN_MAX_FINDINGS);
    expect(md).toContain('…and 7 more findings');
  });

  it('baselined findings are counted apart', async () => {
    const md = await renderReport('markdown', root, (result) => {
      result.findings[0]!.baselined = true;
    });
    expect(md.split('\n')[0]).toBe('## scalelint: 3 findings (3 errors, 0 warnings)');
    expect(md).toContain('1 baselined finding not shown.');
  });
});

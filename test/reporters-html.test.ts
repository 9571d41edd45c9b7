// --format html: one self-contained page. Checked as text (escaping, no external resources, the
// Content-Security-Policy hash) and in a real headless Chromium (Debian's /usr/bin/chromium, driven
// by playwright-core): the page loads with no request and no script from the audited source,
// its counts match the JSON report, and the filters work.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../src/audit/reporters/html.js';
import { scalelint } from './helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const XSS = '</script><script>alert(1)</script>';

interface JsonFinding { ruleId: string; severity: string; file: string; fixable: boolean }
interface JsonReport { findings: JsonFinding[]; errors: unknown[]; summary: { files: number } }

function reports(fixture: string, extra: string[] = []): { html: string; json: JsonReport } {
  const html = scalelint(['audit', fixture, '--format', 'html', ...extra]);
  expect(html.stderr).toBe('');
  const json = JSON.parse(scalelint(['audit', fixture, '--format', 'json', ...extra]).stdout) as JsonReport;
  return { html: html.stdout, json };
}

describe('html report as text', () => {
  const { html } = reports('fixtures/reporting');

  it('escapes source text: the </script> line is text, not markup', () => {
    expect(html).not.toContain(XSS);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(escapeHtml('fetch("</script><script>alert(1)</script>")'));
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it('is self-contained: no external resource, and a CSP that allows only its own style and script', () => {
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\ssrc=/i); // links to the docs are fine: nothing is loaded
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toMatch(/^default-src 'none';/);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(script)};`);
    expect(csp).toContain(`style-src ${hash(style)};`);
  });

  it('escapes attribute and text contexts alike', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;amp;&#60;/a&#62;');
    expect(html).toContain('data-file="src/odd name, 100%.ts"');
  });
});

const haveBrowser = fs.existsSync(CHROMIUM);
if (!haveBrowser) {
  console.warn(`reporters-html: SKIPPING the browser tests: ${CHROMIUM} is missing (install it with .ci/install-browser.sh)`);
}

describe.skipIf(!haveBrowser)('html report in headless Chromium', () => {
  let context: BrowserContext;
  let profile: string;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-html-'));

  beforeAll(async () => {
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  /** Opens a report, recording requests, dialogs, page errors and console messages. */
  async function open(name: string, html: string) {
    const file = path.join(outDir, `${name}.html`);
    fs.writeFileSync(file, html);
    const page = await context.newPage();
    const events = { requests: [] as string[], dialogs: [] as string[], errors: [] as string[], console: [] as string[] };
    page.on('request', (r) => { if (r.url() !== `file://${file}`) events.requests.push(r.url()); });
    page.on('dialog', (d) => { events.dialogs.push(d.message()); void d.dismiss(); });
    page.on('pageerror', (e) => events.errors.push(e.message));
    page.on('console', (m) => events.console.push(`${m.type()}: ${m.text()}`));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    return { page, events };
  }

  const visibleRows = (page: Page) => page.locator('tr.finding:visible').count();
  const total = (page: Page, label: string) => page.locator(`.card[data-total="${label}"] .n`).innerText().then(Number);

  it('reporting fixture: loads, runs no script from the source, shows the source as text', async () => {
    const { html, json } = reports('fixtures/reporting');
    const { page, events } = await open('reporting', html);
    expect(await page.title()).toBe('scalelint report: fixtures/reporting');
    expect(await visibleRows(page)).toBe(json.findings.length);
    const code = await page.locator('tr.finding pre.code').allInnerTexts();
    expect(code.some((t) => t.includes(`fetch("${XSS}")`))).toBe(true);
    expect(code.some((t) => t.includes('<img src=x onerror=alert(2)>'))).toBe(true);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(events.dialogs).toEqual([]);
    expect(events.errors).toEqual([]);
    expect(events.requests).toEqual([]);
    // No CSP violation either: our own script and style ran under their hashes.
    expect(events.console.filter((m) => /Refused|Content Security Policy/i.test(m))).toEqual([]);
    expect(await page.locator('#shown').innerText()).toBe(`Showing ${json.findings.length} of ${json.findings.length}`);
    await page.screenshot({ path: path.join(os.tmpdir(), 'scalelint-report-reporting.png'), fullPage: true });
    await page.close();
  });

  it('demo app: totals and bars match the JSON report; rule, severity and file filters work', async () => {
    const { html, json } = reports('fixtures/demo-app');
    const { page, events } = await open('demo', html);
    const errors = json.findings.filter((f) => f.severity === 'error').length;
    expect(await total(page, 'Findings')).toBe(json.findings.length);
    expect(await total(page, 'Errors')).toBe(errors);
    expect(await total(page, 'Warnings')).toBe(json.findings.length - errors);
    expect(await total(page, 'Fixable')).toBe(json.findings.filter((f) => f.fixable).length);
    expect(await total(page, 'Files scanned')).toBe(json.summary.files);
    expect(await visibleRows(page)).toBe(json.findings.length);

    const byRule = new Map<string, number>();
    for (const f of json.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    const bars = await page.locator('button.bar').evaluateAll((els) => els.map((e) => [e.getAttribute('data-rule'), Number(e.querySelector('.bar-count')!.textContent)]));
    expect(new Map(bars as [string, number][])).toEqual(byRule);

    for (const [rule, n] of byRule) {
      await page.selectOption('#f-rule', rule);
      expect(await visibleRows(page)).toBe(n);
      expect(await page.locator('#shown').innerText()).toBe(`Showing ${n} of ${json.findings.length}`);
    }
    await page.click('#reset');
    expect(await visibleRows(page)).toBe(json.findings.length);

    // A bar toggles the rule filter.
    const [firstRule, firstCount] = [...byRule][0]!;
    await page.click(`button.bar[data-rule="${firstRule}"]`);
    expect(await page.inputValue('#f-rule')).toBe(firstRule);
    expect(await visibleRows(page)).toBe(firstCount);
    expect(await page.getAttribute(`button.bar[data-rule="${firstRule}"]`, 'aria-pressed')).toBe('true');
    await page.click(`button.bar[data-rule="${firstRule}"]`);
    expect(await visibleRows(page)).toBe(json.findings.length);

    const files = [...new Set(json.findings.map((f) => f.file))];
    for (const file of files) {
      await page.selectOption('#f-file', file);
      expect(await visibleRows(page)).toBe(json.findings.filter((f) => f.file === file).length);
    }
    await page.selectOption('#f-file', '');
    await page.selectOption('#f-severity', 'warn');
    expect(await visibleRows(page)).toBe(json.findings.length - errors);
    expect(await page.locator('#none').isVisible()).toBe(json.findings.length - errors === 0);
    await page.selectOption('#f-severity', 'error');
    expect(await visibleRows(page)).toBe(errors);
    expect(events.errors).toEqual([]);
    expect(events.requests).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), 'scalelint-report-demo.png'), fullPage: true });
    await page.close();
  });

  it('severity and file filters combine (warnings via --rule)', async () => {
    const { html, json } = reports('fixtures/reporting', ['--rule', 'require-timeout=warn']);
    expect(json.findings.every((f) => f.severity === 'warn')).toBe(true);
    const { page } = await open('warnings', html);
    expect(await total(page, 'Warnings')).toBe(json.findings.length);
    await page.selectOption('#f-severity', 'error');
    expect(await visibleRows(page)).toBe(0);
    expect(await page.locator('#none').isVisible()).toBe(true);
    await page.selectOption('#f-severity', 'warn');
    await page.selectOption('#f-file', 'src/odd name, 100%.ts');
    expect(await visibleRows(page)).toBe(1);
    expect(await page.locator('#none').isVisible()).toBe(false);
    await page.close();
  });
});

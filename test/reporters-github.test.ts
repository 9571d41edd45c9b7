// --format github: workflow commands with GitHub's escaping, paths relative to the checkout.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../src/audit/reporters/github.js';
import { FIXTURES } from './helpers/fixtures.js';
import { renderReport, scalelint } from './helpers/cli.js';

describe('workflow command escaping', () => {
  it('escapes %, CR and LF in the message', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
  });
  it('also escapes : and , in properties', () => {
    expect(escapeProperty('src/a,b: 100%\n.ts')).toBe('src/a%2Cb%3A 100%25%0A.ts');
  });
});

describe('--format github through the binary', () => {
  it('annotates each finding with file, positions and title; escapes the file name', () => {
    const run = scalelint(['audit', 'fixtures/reporting', '--format', 'github']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const message = 'This fetch call has no timeout: one slow dependency will hold the request and its connection until the peer gives up. Pass signal: AbortSignal.timeout(10000).';
    expect(lines).toEqual([
      `::error file=fixtures/reporting/src/odd name%2C 100%25.ts,line=2,col=27,endLine=2,endColumn=110,title=scalelint/require-timeout::${message}`,
      `::error file=fixtures/reporting/src/widgets.ts,line=3,col=21,endLine=3,endColumn=64,title=scalelint/require-timeout::${message}`,
      `::error file=fixtures/reporting/src/widgets.ts,line=8,col=9,endLine=8,endColumn=62,title=scalelint/require-timeout::${message}`,
      `::error file=fixtures/reporting/src/widgets.ts,line=9,col=9,endLine=9,endColumn=62,title=scalelint/require-timeout::${message}`,
      'scalelint: 4 findings (4 errors, 0 warnings) in 2 files.',
    ]);
  });

  it('warnings become ::warning, and paths are relative to the working directory', () => {
    const run = scalelint(['audit', '.', '--format', 'github', '--rule', 'require-timeout=warn'], { cwd: path.join(FIXTURES, 'reporting') });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('::warning file=src/widgets.ts,line=3,col=21,');
    expect(run.stdout).not.toContain('::error');
  });

  it('the demo app: one annotation per JSON finding', () => {
    const json = JSON.parse(scalelint(['audit', 'fixtures/demo-app', '--format', 'json']).stdout);
    const lines = scalelint(['audit', 'fixtures/demo-app', '--format', 'github']).stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(lines).toHaveLength(json.findings.length);
    for (const [i, f] of json.findings.entries()) {
      expect(lines[i]).toContain(`file=fixtures/demo-app/${f.file},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=scalelint/${f.ruleId}::`);
    }
  });
});

describe('github reporter on edge cases', () => {
  const root = path.join(FIXTURES, 'reporting');
  it('a multi-line message stays one command; baselined findings get no annotation', async () => {
    const out = await renderReport('github', root, (result) => {
      result.findings[0]!.message = 'first line\nsecond: 50%';
      result.findings[1]!.baselined = true;
    });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/::first line%0Asecond: 50%25$/);
    expect(lines.filter((l) => l.includes('line=3,'))).toEqual([]);
    expect(lines.at(-1)).toBe('scalelint: 3 findings (3 errors, 0 warnings) in 2 files.');
  });
});

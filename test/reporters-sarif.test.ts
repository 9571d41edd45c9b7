// --format sarif: valid SARIF 2.1.0 (the standard's JSON schema, test/fixtures/sarif), with what
// GitHub code scanning reads: rules with docs, %SRCROOT%-relative locations, fingerprints that
// survive lines moving, related locations, autofixes as fixes, baselined findings suppressed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { docsUrl } from '../src/engine/rule.js';
import { FINGERPRINT_KEY } from '../src/audit/reporters/sarif.js';
import { copyFixture, FIXTURES } from './helpers/fixtures.js';
import { REPO, renderReport, scalelint } from './helpers/cli.js';

const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
// Both are CommonJS whose module.exports is the function itself.
const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
// unicodeRegExp: false, as the schema's `language` pattern has a stray `]` that the u flag rejects.
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function schemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF logs are read as plain JSON here */
function sarifOf(args: string[], cwd = REPO): any {
  const run = scalelint(['audit', ...args, '--format', 'sarif'], { cwd });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe('--format sarif through the binary', () => {
  for (const fixture of ['fixtures/demo-app', 'fixtures/reporting']) {
    it(`${fixture}: valid against the SARIF 2.1.0 schema, with the results of the JSON report`, () => {
      const log = sarifOf([fixture]);
      expect(schemaErrors(log)).toEqual([]);
      expect(log.version).toBe('2.1.0');
      expect(log.runs).toHaveLength(1);
      const json = JSON.parse(scalelint(['audit', fixture, '--format', 'json']).stdout);
      const results = log.runs[0].results;
      expect(results.map((r: any) => ({
        ruleId: r.ruleId,
        file: r.locations[0].physicalLocation.artifactLocation.uri,
        line: r.locations[0].physicalLocation.region.startLine,
        column: r.locations[0].physicalLocation.region.startColumn,
        endLine: r.locations[0].physicalLocation.region.endLine,
        endColumn: r.locations[0].physicalLocation.region.endColumn,
        message: r.message.text,
        level: r.level,
      }))).toEqual(json.findings.map((f: any) => ({
        ruleId: f.ruleId,
        file: encodeURI(`${fixture}/${f.file}`),
        line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
        message: f.message,
        level: f.severity === 'error' ? 'error' : 'warning',
      })));
    });
  }

  it('describes every rule for code scanning: descriptions, docs link, default level', () => {
    const driver = sarifOf(['fixtures/demo-app']).runs[0].tool.driver;
    expect(driver.name).toBe('scalelint');
    expect(driver.rules.map((r: any) => r.id)).toEqual(rules.map((r) => r.id));
    for (const [i, rule] of rules.entries()) {
      const r = driver.rules[i];
      expect(r.shortDescription.text).toBe(rule.meta.description);
      expect(r.fullDescription.text.startsWith(rule.meta.description)).toBe(true);
      expect(r.helpUri).toBe(docsUrl(rule.id));
      expect(r.defaultConfiguration.level).toBe('error');
    }
    const timeout = driver.rules.find((r: any) => r.id === 'require-timeout');
    // The docs page's "Why it matters at scale" paragraph, when the page exists.
    expect(timeout.fullDescription.text).toContain('A call with no deadline waits as long as the peer lets it.');
  });

  it('locations are relative to %SRCROOT%: the working directory, or the audited folder outside it', () => {
    const fromRepo = sarifOf(['fixtures/reporting']).runs[0];
    expect(fromRepo.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${REPO}/`);
    const uris = fromRepo.results.map((r: any) => r.locations[0].physicalLocation.artifactLocation);
    expect(uris).toContainEqual({ uri: 'fixtures/reporting/src/odd%20name,%20100%25.ts', uriBaseId: '%SRCROOT%' });
    expect(uris).toContainEqual({ uri: 'fixtures/reporting/src/widgets.ts', uriBaseId: '%SRCROOT%' });

    const fromFixture = sarifOf(['.'], path.join(FIXTURES, 'reporting')).runs[0];
    expect(fromFixture.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${FIXTURES}/reporting/`);
    expect(fromFixture.results[1].locations[0].physicalLocation.artifactLocation.uri).toBe('src/widgets.ts');
  });

  it('fingerprints survive lines moving, separate identical calls, and change with the code', () => {
    const dir = copyFixture('reporting');
    try {
      const prints = () => sarifOf([dir]).runs[0].results.map((r: any) => r.partialFingerprints[FINGERPRINT_KEY]);
      const before = prints();
      expect(before).toHaveLength(4);
      expect(new Set(before).size).toBe(4);
      // The two identical fetch calls in pingTwice: one hash, occurrences 0 and 1.
      const [, , a, b] = before;
      expect(a.split(':')[0]).toBe(b.split(':')[0]);
      expect([a.split(':')[1], b.split(':')[1]]).toEqual(['0', '1']);

      const file = path.join(dir, 'src/widgets.ts');
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, `// three\n// new\n// lines\n${text.replace('  await fetch', '\n    await   fetch')}`);
      const moved = sarifOf([dir]).runs[0].results;
      expect(moved[1].locations[0].physicalLocation.region.startLine).toBe(6);
      expect(moved.map((r: any) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(before);

      fs.writeFileSync(file, text.replace('</script><script>alert(1)</script>', 'https://widgets.example.com/'));
      const changed = prints();
      expect(changed[1]).not.toBe(before[1]);
      expect(changed.filter((p: string) => before.includes(p))).toHaveLength(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fixes: applying the replacements gives exactly what --fix writes', () => {
    const dir = copyFixture('reporting');
    try {
      const log = sarifOf([dir]);
      const base = new URL(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri);
      const expected = new Map<string, string>();
      const edits = new Map<string, { offset: number; length: number; text: string; region: any }[]>();
      for (const r of log.runs[0].results) {
        expect(r.fixes).toHaveLength(1);
        for (const change of r.fixes[0].artifactChanges) {
          const file = decodeURIComponent(new URL(change.artifactLocation.uri, base).pathname);
          for (const rep of change.replacements) {
            const list = edits.get(file) ?? [];
            list.push({ offset: rep.deletedRegion.charOffset, length: rep.deletedRegion.charLength, text: rep.insertedContent.text, region: rep.deletedRegion });
            edits.set(file, list);
          }
        }
      }
      for (const [file, list] of edits) {
        let text = fs.readFileSync(file, 'utf8');
        const lines = text.split('\n');
        for (const e of list) {
          // Lines and columns agree with the offsets.
          const before = text.slice(0, e.offset).split('\n');
          expect([before.length, before.at(-1)!.length + 1]).toEqual([e.region.startLine, e.region.startColumn]);
          expect(lines[e.region.startLine - 1]).toBeDefined();
        }
        for (const e of [...list].sort((x, y) => y.offset - x.offset)) {
          text = text.slice(0, e.offset) + e.text + text.slice(e.offset + e.length);
        }
        expected.set(file, text);
      }
      expect(expected.size).toBe(2);
      scalelint(['audit', dir, '--fix', '--format', 'json']);
      for (const [file, text] of expected) expect(fs.readFileSync(file, 'utf8')).toBe(text);
      expect(sarifOf([dir]).runs[0].results).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('files not analysed become tool notifications', () => {
    const dir = copyFixture('reporting');
    try {
      fs.writeFileSync(path.join(dir, 'src/blob.ts'), Buffer.from([0x61, 0x00, 0x62]));
      const log = sarifOf([dir]);
      expect(schemaErrors(log)).toEqual([]);
      const notes = log.runs[0].invocations[0].toolExecutionNotifications;
      expect(notes).toHaveLength(1);
      expect(notes[0].message.text).toMatch(/^File not analysed: binary file/);
      expect(notes[0].locations[0].physicalLocation.artifactLocation.uri).toBe('src/blob.ts');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sarif reporter: related locations and baselined findings', () => {
  const root = path.join(FIXTURES, 'reporting');

  it('cross-file evidence becomes relatedLocations', async () => {
    const log = JSON.parse(await renderReport('sarif', root, (result) => {
      result.findings[1]!.related = [{ file: path.join(root, 'src/odd name, 100%.ts'), line: 2, message: 'The client is created here without a timeout.' }];
    }));
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0].results[1].relatedLocations).toEqual([{
      id: 1,
      physicalLocation: {
        artifactLocation: { uri: 'fixtures/reporting/src/odd%20name,%20100%25.ts', uriBaseId: '%SRCROOT%' },
        region: { startLine: 2 },
      },
      message: { text: 'The client is created here without a timeout.' },
    }]);
    expect(log.runs[0].results[0].relatedLocations).toBeUndefined();
  });

  it('a baselined finding stays in the log, suppressed as accepted', async () => {
    const log = JSON.parse(await renderReport('sarif', root, (result) => {
      result.findings[2]!.baselined = true;
    }));
    expect(schemaErrors(log)).toEqual([]);
    const results = log.runs[0].results;
    expect(results).toHaveLength(4);
    expect(results[2].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'Accepted in the scalelint baseline.' }]);
    expect(results.filter((r: any) => r.suppressions)).toHaveLength(1);
  });

  it('the schema check can fail', async () => {
    const log = JSON.parse(await renderReport('sarif', root));
    log.runs[0].results[0].level = 'fatal';
    delete log.runs[0].tool.driver.name;
    expect(schemaErrors(log).length).toBeGreaterThanOrEqual(2);
  });
});

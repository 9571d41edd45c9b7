// The JSON report against its published JSON Schema (schemas/report.schema.json), through the
// real binary on the fixture projects.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { REPO, scalelint } from './helpers/cli.js';

const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas/report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function check(report: unknown) {
  const ok = validate(report);
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('--format json matches schemas/report.schema.json', () => {
  for (const fixture of ['fixtures/demo-app', 'fixtures/reporting']) {
    it(fixture, () => {
      const run = scalelint(['audit', fixture, '--format', 'json']);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(report.findings.length).toBeGreaterThan(0);
      expect(check(report)).toEqual([]);
    });
  }

  it('a clean run and a run with unreadable files match too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-report-'));
    try {
      fs.writeFileSync(path.join(dir, 'ok.ts'), 'export const x = 1;\n');
      fs.writeFileSync(path.join(dir, 'binary.ts'), Buffer.from([0x65, 0x00, 0x66]));
      const report = JSON.parse(scalelint(['audit', dir, '--format', 'json']).stdout);
      expect(report.findings).toEqual([]);
      expect(report.errors).toEqual([{ file: 'binary.ts', message: expect.stringContaining('binary') }]);
      expect(check(report)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the schema rejects what breaks the contract', () => {
    const report = JSON.parse(scalelint(['audit', 'fixtures/reporting', '--format', 'json']).stdout);
    expect(check({ ...report, formatVersion: 2 })).not.toEqual([]);
    expect(check({ ...report, findings: [{ ...report.findings[0], line: 0 }] })).not.toEqual([]);
    expect(check({ ...report, findings: [{ ...report.findings[0], severity: 'warning' }] })).not.toEqual([]);
    expect(check({ ...report, findings: [{ ...report.findings[0], file: 'src\\a.ts' }] })).not.toEqual([]);
    expect(check({ ...report, extra: true })).not.toEqual([]);
    const { summary, ...noSummary } = report;
    expect(summary).toBeDefined();
    expect(check(noSummary)).not.toEqual([]);
  });

  it('is shipped in the package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('schemas');
    expect(pkg.exports['./schemas/report.schema.json']).toBe('./schemas/report.schema.json');
  });
});

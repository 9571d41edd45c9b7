// The package as users get it: `npm pack`, installed into a fresh project with eslint and
// typescript@6, then both front ends run there.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkTypeScriptVersion } from '../src/eslint/typescript.js';

const REPO = path.resolve(import.meta.dirname, '..');
let project = '';

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('packaging', () => {
  beforeAll(() => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-pack-'));
    const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], REPO)) as { filename: string; files: { path: string }[] }[];
    const tarball = path.join(work, packed[0]!.filename);
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/src/eslint/index.js');
    expect(files).toContain('dist/src/cli.js');
    expect(files).toContain('bin/scalelint.js');
    expect(files).toContain('dist/src/audit/cli.bundle.js'); // what bin/scalelint.js runs
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('fixtures/'))).toBe(false);

    project = path.join(work, 'app');
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    fs.writeFileSync(path.join(project, 'eslint.config.js'),
      "import scalelint from 'eslint-plugin-scalelint';\nexport default [scalelint.configs.recommended];\n");
    fs.writeFileSync(path.join(project, 'src/client.ts'), 'export async function rates() {\n  return (await fetch("https://rates.example")).json();\n}\n');
    fs.writeFileSync(path.join(project, 'src/legacy.js'), "const axios = require('axios');\nmodule.exports = () => axios.get('https://x.example');\n");
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, 'eslint@10', 'typescript@6.0.2'], project);
  }, 300_000);

  it('eslint with configs.recommended flags the missing timeouts in .ts and .js files', () => {
    const r = spawnSync(path.join(project, 'node_modules/.bin/eslint'), ['--format', 'json', '.'], { cwd: project, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    const found = results.flatMap((res) => res.messages.map((m) => `${path.basename(res.filePath)}:${m.line}:${m.ruleId}`)).sort();
    expect(found).toEqual(['client.ts:2:scalelint/require-timeout', 'legacy.js:2:scalelint/require-timeout']);
  });

  it('scalelint audit agrees', () => {
    const r = spawnSync(path.join(project, 'node_modules/.bin/scalelint'), ['audit', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { file: string; line: number; ruleId: string }[] };
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`)).toEqual([
      'src/client.ts:2:require-timeout', 'src/legacy.js:2:require-timeout',
    ]);
  });

  it('the programmatic API is exported at eslint-plugin-scalelint/api', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e',
      "import { audit } from 'eslint-plugin-scalelint/api'; console.log(audit({ root: process.cwd() }).findings.length);"], { cwd: project, encoding: 'utf8' });
    expect(out.trim()).toBe('2');
  });
});

describe('the TypeScript version check', () => {
  it('accepts 5.9 and 6.0 and explains why 7 cannot work', () => {
    expect(checkTypeScriptVersion('5.9.3', true)).toBeUndefined();
    expect(checkTypeScriptVersion('6.0.2', true)).toBeUndefined();
    expect(checkTypeScriptVersion('5.8.2', true)).toMatch(/TypeScript >=5\.9 <6\.1; found 5\.8\.2/);
    const seven = checkTypeScriptVersion('7.0.2', false);
    expect(seven).toMatch(/found 7\.0\.2 without a compiler API/);
    expect(seven).toMatch(/install `typescript@~6\.0`/);
  });
});

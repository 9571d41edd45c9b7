// bin/scalelint.js runs the CLI bundle that `npm run build` makes after tsc, unless tsc has run
// since (a developer's bare `tsc`): a stale bundle would run code that is no longer the source.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '..');
let copy = '';

describe('bin/scalelint.js', () => {
  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-bin-'));
    for (const part of ['package.json', 'bin', 'dist/src', 'dist/rules']) {
      fs.cpSync(path.join(REPO, part), path.join(copy, part), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    // A bundle that says it ran, instead of the CLI.
    fs.writeFileSync(path.join(copy, 'dist/src/audit/cli.bundle.js'),
      "export async function main() { process.stdout.write('the bundle\\n'); return 0; }\n");
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  const version = () => spawnSync(process.execPath, [path.join(copy, 'bin/scalelint.js'), '--version'], { encoding: 'utf8' });
  const setTime = (rel: string, seconds: number) => fs.utimesSync(path.join(copy, rel), seconds, seconds);

  it('runs the bundle when it is at least as new as the compiled modules (as installed from npm)', () => {
    setTime('dist/src/cli.js', 1_000_000);
    setTime('dist/src/audit/cli.bundle.js', 1_000_000);
    expect(version().stdout).toBe('the bundle\n');
  });

  it('runs the compiled modules when tsc ran after the bundle was made', () => {
    setTime('dist/src/audit/cli.bundle.js', 1_000_000);
    setTime('dist/src/cli.js', 2_000_000);
    const r = version();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
  });

  it('runs the compiled modules when there is no bundle', () => {
    fs.rmSync(path.join(copy, 'dist/src/audit/cli.bundle.js'));
    expect(version().stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

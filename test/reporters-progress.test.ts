// The progress line: on stderr, only on a terminal, only for the human formats, only after a
// second, erased before the report. Unit tests with a fake clock, then the binary under a
// pseudo-terminal (util-linux `script`) and through pipes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgress, progressEnabled } from '../src/audit/reporters/progress.js';
import { BIN, scalelint } from './helpers/cli.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (s: string) => chunks.push(s) };
}

describe('createProgress', () => {
  const env = {};

  it('draws nothing in the first second, then redraws at most every 100 ms, then erases', () => {
    let now = 0;
    const stream = fakeStream(true);
    const p = createProgress({ stream, format: 'text', env, now: () => now });
    p.update(0, 200);
    now = 500;
    p.update(50, 200);
    expect(stream.chunks).toEqual([]);
    now = 1000;
    p.update(100, 200);
    now = 1050;
    p.update(110, 200);
    now = 1100;
    p.update(120, 200);
    now = 1120;
    p.update(200, 200); // the last update always draws
    expect(stream.chunks).toEqual([
      '\r\u001b[2Kscalelint: 100/200 files (50%)',
      '\r\u001b[2Kscalelint: 120/200 files (60%)',
      '\r\u001b[2Kscalelint: 200/200 files (100%)',
    ]);
    p.finish();
    expect(stream.chunks.at(-1)).toBe('\r\u001b[2K');
  });

  it('a fast audit leaves nothing behind', () => {
    const stream = fakeStream(true);
    const p = createProgress({ stream, format: 'text', env, now: () => 10 });
    p.update(5, 5);
    p.finish();
    expect(stream.chunks).toEqual([]);
  });

  it('never for a pipe, machine formats, --no-progress, TERM=dumb or CI', () => {
    expect(progressEnabled({ stream: fakeStream(true), format: 'text', env })).toBe(true);
    expect(progressEnabled({ stream: fakeStream(true), format: 'html', env })).toBe(true);
    expect(progressEnabled({ stream: fakeStream(false), format: 'text', env })).toBe(false);
    for (const format of ['json', 'sarif', 'github', 'markdown']) {
      expect(progressEnabled({ stream: fakeStream(true), format, env })).toBe(false);
    }
    expect(progressEnabled({ stream: fakeStream(true), format: 'text', env, disabled: true })).toBe(false);
    expect(progressEnabled({ stream: fakeStream(true), format: 'text', env: { TERM: 'dumb' } })).toBe(false);
    expect(progressEnabled({ stream: fakeStream(true), format: 'text', env: { CI: 'true' } })).toBe(false);
  });
});

const haveScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('the binary', () => {
  let dir: string;
  const FILES = 800;

  beforeAll(() => {
    // Enough files for the audit to take more than a second.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-progress-'));
    fs.mkdirSync(path.join(dir, 'src'));
    for (let i = 0; i < FILES; i++) {
      fs.writeFileSync(path.join(dir, 'src', `f${i}.ts`),
        `export async function get${i}(url: string) {\n  const res = await fetch(url, { signal: AbortSignal.timeout(1000) });\n  return res.json();\n}\n`);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints nothing on stderr when stderr is a pipe', () => {
    const run = scalelint(['audit', dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^No findings in ${FILES} files`));
  });

  function underTerminal(args: string[]) {
    // Colours are not what these tests are about: the report's own colours would depend on the
    // caller's environment (NO_COLOR, FORCE_COLOR), so turn them off.
    // The line shows after 1 s; a fast machine audits these files sooner, so show it at once.
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm', NO_COLOR: '1', SCALELINT_PROGRESS_DELAY_MS: '0' };
    delete env.CI;
    delete env.FORCE_COLOR;
    const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
    return r.stdout;
  }

  it.skipIf(!haveScript)('on a terminal: a progress line, erased before the report', () => {
    const out = underTerminal(['audit', dir]);
    expect(out).toMatch(new RegExp(`scalelint: +\\d+/${FILES} files \\(\\d+%\\)`));
    const last = out.lastIndexOf('\r\u001b[2K');
    expect(last).toBeGreaterThan(-1);
    expect(out.slice(last + '\r\u001b[2K'.length)).toMatch(new RegExp(`^No findings in ${FILES} files`));
  });

  it.skipIf(!haveScript)('on a terminal: none with --no-progress or a machine format', () => {
    expect(underTerminal(['audit', dir, '--no-progress'])).not.toContain('files (');
    const json = underTerminal(['audit', dir, '--format', 'json']);
    expect(json).not.toContain('files (');
    expect(JSON.parse(json.replace(/\r\n/g, '\n')).summary.files).toBe(FILES);
  });
});

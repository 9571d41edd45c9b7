// The ESLint plugin's kept project scan finds an unchanged file by its stat signature (times,
// size, inode) without reading it, as the audit's `--cache` does (test/audit-cache-stat.test.ts).
// The plugin's file reads are counted through its text module; Date is moved forward so that
// files written by the test look as old as files in a real checkout.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it, vi } from 'vitest';

const reads: string[] = [];
vi.mock('../src/engine/text.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/engine/text.js')>();
  return {
    ...real,
    readUtf8: (file: string) => {
      reads.push(file);
      return real.readUtf8(file);
    },
  };
});

const BAD = `export async function load(url: string) {\n  return fetch(url);\n}\n`;
const GOOD = `export async function load(url: string) {\n  return fetch(url, { signal: AbortSignal.timeout(5000) });\n}\n`;
let root = '';

afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(root, { recursive: true, force: true });
});

/** A run in a fresh copy of the plugin, as a new ESLint process: the lines of its timeout findings, and the source files the plugin read. */
async function freshRun(): Promise<{ lines: number[]; read: string[] }> {
  vi.resetModules();
  reads.length = 0;
  const { default: fresh } = await import('../src/eslint/index.js');
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [fresh.configs.recommended] });
  const [result] = await eslint.lintFiles([path.join(root, 'src/client.ts')]);
  return {
    lines: result!.messages.filter((m) => m.ruleId === 'scalelint/require-timeout').map((m) => m.line),
    read: reads.filter((f) => f.startsWith(path.join(root, 'src'))).map((f) => path.basename(f)).sort(),
  };
}

/** Move the clock to `ms` after the last change of any source file. */
function later(ms: number): void {
  const dir = path.join(root, 'src');
  vi.setSystemTime(Math.max(...fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).ctimeMs)) + ms);
}

describe('ESLint\'s kept project scan and stat signatures', () => {
  it('reads only the files changed since the run before', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-scan-stat-'));
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    fs.mkdirSync(path.join(root, 'node_modules'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src/client.ts'), BAD);
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(root, `src/other-${i}.ts`), `export const n${i} = ${i};\n`);
    vi.useFakeTimers({ toFake: ['Date'] });

    later(10_000);
    expect(await freshRun()).toEqual({ lines: [2], read: ['client.ts', 'other-0.ts', 'other-1.ts', 'other-2.ts'] });
    later(20_000);
    expect(await freshRun()).toEqual({ lines: [2], read: [] });

    fs.writeFileSync(path.join(root, 'src/client.ts'), GOOD);
    later(10_000);
    expect(await freshRun()).toEqual({ lines: [], read: ['client.ts'] });
    later(20_000);
    expect(await freshRun()).toEqual({ lines: [], read: [] });
  });
});

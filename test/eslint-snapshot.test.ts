// ESLint reuses the project snapshot's walk for the file it lints only when that walk is of the
// same text. An editor buffer that differs from the file on disk must be walked itself, in both
// directions: a problem only in the buffer is reported, one only on disk is not.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/eslint/index.js';

const BAD = `export async function load(url: string) {\n  return fetch(url);\n}\n`;
const GOOD = `export async function load(url: string) {\n  return fetch(url, { signal: AbortSignal.timeout(5000) });\n}\n`;

function project(onDisk: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-snapshot-'));
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src/client.ts'), onDisk);
  return root;
}

async function timeoutFindings(root: string, text: string): Promise<number[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
  const [result] = await eslint.lintText(text, { filePath: path.join(root, 'src/client.ts') });
  return result!.messages.filter((m) => m.ruleId === 'scalelint/require-timeout').map((m) => m.line);
}

describe('ESLint and the project snapshot', () => {
  it('walks the buffer when it differs from the file on disk', async () => {
    const clean = project(GOOD);
    const dirty = project(BAD);
    try {
      expect(await timeoutFindings(clean, BAD)).toEqual([2]);
      expect(await timeoutFindings(dirty, GOOD)).toEqual([]);
      // And the same text as on disk gives the snapshot's own answer.
      expect(await timeoutFindings(dirty, BAD)).toEqual([2]);
      expect(await timeoutFindings(clean, GOOD)).toEqual([]);
    } finally {
      fs.rmSync(clean, { recursive: true, force: true });
      fs.rmSync(dirty, { recursive: true, force: true });
    }
  });
});

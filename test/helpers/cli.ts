// Running the built binary (`npm run build` first; `npm test` does it) on fixture projects.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(REPO, 'bin/scalelint.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function scalelint(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    encoding: 'utf8',
    env: options.env ?? process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A reporter's output for an in-process audit of `root`, after `edit` changes the result. */
export async function renderReport(
  format: string,
  root: string,
  edit: (result: import('../../src/audit/run.js').AuditResult) => void = () => {},
): Promise<string> {
  const fs = await import('node:fs');
  const { audit } = await import('../../src/audit/run.js');
  const { reporters } = await import('../../src/audit/reporters/index.js');
  const result = audit({ root });
  edit(result);
  const reporter = reporters[format];
  if (!reporter) throw new Error(`no reporter ${format}`);
  return reporter({
    result,
    displayRoot: path.relative(REPO, root).split(path.sep).join('/') || '.',
    color: false,
    version: '0.0.0-test',
    readText: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
}

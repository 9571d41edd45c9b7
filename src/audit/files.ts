// Which files an audit reads: the project's tsconfig.json (with `extends`, `references`,
// `include`/`exclude`, `allowJs`) read through ts-morph's TypeScript, else every source file in
// the folder; never node_modules, build output, git-ignored paths, links out of the root, or
// anything that is not a regular file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { SKIPPED_DIRECTORIES, listSourceFiles } from '../engine/discover.js';
import { isSourcePath } from '../engine/parse.js';

export interface FileListing {
  files: string[];
  /** Problems met while listing (a broken tsconfig.json), reported under `errors`. */
  errors: { file: string; message: string }[];
  tsconfig?: string;
}

function formatDiagnostic(d: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(d.messageText, ' ');
}

function fromTsconfig(configPath: string, seen: Set<string>, out: Set<string>, errors: FileListing['errors']): boolean {
  const resolved = path.resolve(configPath);
  if (seen.has(resolved)) return true;
  seen.add(resolved);
  let unrecoverable: ts.Diagnostic | undefined;
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      unrecoverable = d;
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(resolved, undefined, host);
  const fatal = unrecoverable ?? parsed?.errors.find((d) => d.category === ts.DiagnosticCategory.Error
    && d.code !== 18003 /* no inputs found: a solution-style config */);
  if (!parsed || fatal) {
    errors.push({ file: resolved, message: `invalid tsconfig: ${fatal ? formatDiagnostic(fatal) : 'cannot be read'}; scanning the folder instead` });
    return false;
  }
  for (const f of parsed.fileNames) if (isSourcePath(f)) out.add(path.resolve(f));
  for (const reference of parsed.projectReferences ?? []) {
    const refPath = fs.existsSync(reference.path) && fs.statSync(reference.path).isDirectory()
      ? path.join(reference.path, 'tsconfig.json') : reference.path;
    if (!fromTsconfig(refPath, seen, out, errors)) return false;
  }
  return true;
}

function gitIgnored(root: string, files: string[]): Set<string> {
  if (files.length === 0) return new Set();
  const probe = spawnSync('git', ['-C', root, 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8' });
  if (probe.status !== 0) return new Set();
  const result = spawnSync('git', ['-C', root, 'check-ignore', '--stdin', '-z'], {
    input: files.join('\0'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0 && result.status !== 1) return new Set();
  return new Set(result.stdout.split('\0').filter(Boolean).map((f) => path.resolve(root, f)));
}

function insideRoot(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function listProjectFiles(root: string): FileListing {
  const errors: FileListing['errors'] = [];
  const tsconfig = path.join(root, 'tsconfig.json');
  let files: string[] | undefined;
  if (fs.existsSync(tsconfig)) {
    const out = new Set<string>();
    if (fromTsconfig(tsconfig, new Set(), out, errors)) files = [...out];
  }
  files ??= listSourceFiles(root);
  let realRoot = root;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    // keep the given root
  }
  const kept = files.filter((file) => {
    if (!insideRoot(root, file)) return false;
    const rel = path.relative(root, file).split(path.sep);
    if (rel.some((part) => SKIPPED_DIRECTORIES.has(part))) return false;
    // A link that leads out of the root is not followed.
    try {
      if (!insideRoot(realRoot, fs.realpathSync(file))) return false;
    } catch {
      return false;
    }
    return true;
  });
  const ignored = gitIgnored(root, kept.map((f) => path.relative(root, f)));
  const result: FileListing = { files: kept.filter((f) => !ignored.has(f)).sort(), errors };
  if (files && fs.existsSync(tsconfig)) result.tsconfig = tsconfig;
  return result;
}

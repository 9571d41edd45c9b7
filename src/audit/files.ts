// Which files an audit reads: the project's tsconfig.json (with `extends`, `references`,
// `include`/`exclude`, `allowJs`) read through ts-morph's TypeScript, else every source file in
// the folder; never node_modules, build output, git-ignored paths, links out of the root, or
// anything that is not a regular file. In a monorepo (package.json `workspaces`, or
// pnpm-workspace.yaml) each workspace package is listed through its own tsconfig.json, in the
// same run. `include`/`exclude` globs from the config then narrow the list.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import type * as TS from 'typescript';
import type { TypeScriptApi } from '../engine/types.js';
import { typescript } from './typescript.js';
import { SKIPPED_DIRECTORIES, listSourceFiles, relativeInside } from '../engine/discover.js';
import { isSourcePath } from '../engine/parse.js';

export interface FileListing {
  files: string[];
  /** Problems met while listing (a broken tsconfig.json), reported under `errors`. */
  errors: { file: string; message: string }[];
  tsconfig?: string;
  /** Workspace package folders found (absolute), in a monorepo. */
  workspaces?: string[];
}

export interface ListOptions {
  /** Globs relative to the root (`/` separators): keep only matching files. */
  include?: string[];
  /** Globs relative to the root: drop matching files. */
  exclude?: string[];
}

/**
 * Called with each path a listing depends on (a file read or looked for, a folder read or looked
 * for), before it is looked at: what `--cache` checks to reuse a listing (./listing-cache.ts).
 */
export type Look = (file: string) => void;

function formatDiagnostic(d: TS.Diagnostic): string {
  return typescript().flattenDiagnosticMessageText(d.messageText, ' ');
}

/** TypeScript's own file system, telling `look` each path it reads or looks for. */
function lookingSys(ts: TypeScriptApi, look: Look | undefined): TS.ParseConfigHost & Partial<TS.System> {
  const sys = ts.sys;
  if (!look) return sys;
  // How `ts.sys.readDirectory` lists a folder tree, with each folder told to `look` first. These
  // two are TypeScript's internals (of the copy ts-morph bundles); without them, TypeScript lists
  // as it does and `look` hears that this listing cannot be checked.
  const internal = ts as unknown as { matchFiles?: MatchFiles };
  const entries = (sys as { getAccessibleFileSystemEntries?: (dir: string) => unknown }).getAccessibleFileSystemEntries;
  const matchFiles = internal.matchFiles;
  return {
    ...sys,
    readFile: (file: string, encoding?: string) => (look(file), sys.readFile(file, encoding)),
    fileExists: (file) => (look(file), sys.fileExists(file)),
    directoryExists: (dir) => (look(dir), sys.directoryExists(dir)),
    getDirectories: (dir) => (look(dir), sys.getDirectories(dir)),
    readDirectory: (dir, extensions, excludes, includes, depth) => {
      if (typeof matchFiles !== 'function' || typeof entries !== 'function') {
        look(UNCHECKABLE);
        return sys.readDirectory(dir, extensions, excludes, includes, depth);
      }
      return matchFiles(dir, extensions, excludes, includes, sys.useCaseSensitiveFileNames, process.cwd(), depth,
        (folder) => (look(folder), entries(folder)), (p) => sys.realpath?.(p) ?? p);
    },
  };
}

type MatchFiles = (
  path: string, extensions: readonly string[] | undefined, excludes: readonly string[] | undefined,
  includes: readonly string[] | undefined, useCaseSensitiveFileNames: boolean, currentDirectory: string,
  depth: number | undefined, getFileSystemEntries: (path: string) => unknown, realpath: (path: string) => string,
) => string[];

/** What `look` is told when a listing depends on something it cannot check. */
export const UNCHECKABLE = '\0uncheckable';

function fromTsconfig(configPath: string, seen: Set<string>, out: Set<string>, errors: FileListing['errors'], look: Look | undefined): boolean {
  const resolved = path.resolve(configPath);
  if (seen.has(resolved)) return true;
  seen.add(resolved);
  const ts = typescript();
  let unrecoverable: TS.Diagnostic | undefined;
  const host: TS.ParseConfigFileHost = {
    ...lookingSys(ts, look),
    getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
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
    look?.(reference.path);
    const refPath = fs.existsSync(reference.path) && fs.statSync(reference.path).isDirectory()
      ? path.join(reference.path, 'tsconfig.json') : reference.path;
    if (!fromTsconfig(refPath, seen, out, errors, look)) return false;
  }
  return true;
}

function insideGitWorkTree(root: string): boolean {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** Which of `files` (absolute, inside `root`) git ignores. */
function gitIgnored(root: string, files: string[]): Set<string> {
  // No `.git` above the root: no git process to start (each costs tens of milliseconds), and no
  // relative paths to make (path.relative for each file was a sixth of the listing).
  if (files.length === 0 || !insideGitWorkTree(root)) return new Set();
  const relative = files.map((f) => relativeInside(root, f) ?? path.relative(root, f));
  // Outside a work tree (a bare `.git` file of a removed worktree...) git exits 128: nothing ignored.
  const result = spawnSync('git', ['-C', root, 'check-ignore', '--stdin', '-z'], {
    input: relative.join('\0'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0 && result.status !== 1) return new Set();
  return new Set(result.stdout.split('\0').filter(Boolean).map((f) => path.resolve(root, f)));
}

/** The `packages:` list of a pnpm-workspace.yaml: a block sequence of (quoted) strings. */
export function parsePnpmWorkspace(text: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '');
    if (line.trim() === '') continue;
    if (/^\S/.test(line)) {
      inPackages = /^packages\s*:\s*$/.test(line);
      const inline = /^packages\s*:\s*\[(.*)\]\s*$/.exec(line);
      if (inline) for (const item of inline[1]!.split(',')) if (item.trim()) out.push(unquote(item.trim()));
      continue;
    }
    const item = inPackages ? /^\s+-\s*(.+?)\s*$/.exec(line) : null;
    if (item) out.push(unquote(item[1]!));
  }
  return out;
}

function unquote(s: string): string {
  return /^(['"]).*\1$/.test(s) ? s.slice(1, -1) : s;
}

/** Workspace globs from package.json (`workspaces: [...]` or `{ packages: [...] }`) or pnpm-workspace.yaml. */
export function workspacePatterns(root: string, look?: Look): string[] {
  const patterns: string[] = [];
  look?.(path.join(root, 'package.json'));
  look?.(path.join(root, 'pnpm-workspace.yaml'));
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces?: unknown };
    const ws = pkg.workspaces;
    const list = Array.isArray(ws) ? ws : (ws && typeof ws === 'object' && Array.isArray((ws as { packages?: unknown }).packages)
      ? (ws as { packages: unknown[] }).packages : []);
    for (const p of list) if (typeof p === 'string') patterns.push(p);
  } catch {
    // no package.json, or not JSON: no npm/yarn workspaces
  }
  try {
    patterns.push(...parsePnpmWorkspace(fs.readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8')));
  } catch {
    // no pnpm workspace
  }
  return patterns;
}

/** Folders under `root` matching the workspace globs (`!` globs exclude), each holding a package.json. */
export function findWorkspaces(root: string, look?: Look): string[] {
  const patterns = workspacePatterns(root, look).map((p) => p.replace(/^\.\//, '').replace(/\/+$/, ''));
  const positive = patterns.filter((p) => !p.startsWith('!'));
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1).replace(/^\.\//, ''));
  if (positive.length === 0) return [];
  const deep = positive.some((p) => p.includes('**'));
  const maxDepth = deep ? 8 : Math.max(...positive.map((p) => p.split('/').length));
  const out: string[] = [];
  const stack: { dir: string; rel: string; depth: number }[] = [{ dir: root, rel: '', depth: 0 }];
  while (stack.length > 0) {
    const { dir, rel, depth } = stack.pop()!;
    if (depth >= maxDepth) continue;
    look?.(dir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || SKIPPED_DIRECTORIES.has(entry.name)) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (positive.some((p) => minimatch(childRel, p)) && !negative.some((p) => minimatch(childRel, p))
        && (look?.(path.join(full, 'package.json')), fs.existsSync(path.join(full, 'package.json')))) out.push(full);
      stack.push({ dir: full, rel: childRel, depth: depth + 1 });
    }
  }
  return out.sort();
}

/** A glob as written in the config: `dir/` or a bare folder name means everything under it. */
function expandGlob(glob: string): string[] {
  const g = glob.replace(/^\.\//, '');
  if (g.endsWith('/')) return [`${g}**`];
  return [g, `${g}/**`];
}

export function matchesGlobs(rel: string, globs: readonly string[]): boolean {
  return globs.some((g) => expandGlob(g).some((e) => minimatch(rel, e, { dot: true })));
}

function tsconfigFiles(dir: string, errors: FileListing['errors'], look: Look | undefined): string[] | undefined {
  const tsconfig = path.join(dir, 'tsconfig.json');
  look?.(tsconfig);
  if (!fs.existsSync(tsconfig)) return undefined;
  const out = new Set<string>();
  return fromTsconfig(tsconfig, new Set(), out, errors, look) ? [...out] : undefined;
}

/** Where `root` really is (links resolved), or `root` when that cannot be found. */
export function realRootOf(root: string): string {
  try {
    return fs.realpathSync.native(root);
  } catch {
    return root;
  }
}

export function listProjectFiles(root: string, options: ListOptions = {}): FileListing {
  return withoutIgnored(root, listCandidates(root, options));
}

/** A listing before git's ignore rules are applied (they are, afresh, in every run). */
export type Candidates = FileListing;

/** Drop the files git ignores. */
export function withoutIgnored(root: string, candidates: Candidates): FileListing {
  const ignored = gitIgnored(root, candidates.files);
  return { ...candidates, files: candidates.files.filter((f) => !ignored.has(f)) };
}

/** The files of the project, before git's ignore rules, telling `look` what the listing depends on. */
export function listCandidates(root: string, options: ListOptions = {}, look?: Look): Candidates {
  const errors: FileListing['errors'] = [];
  const tsconfig = path.join(root, 'tsconfig.json');
  let files = tsconfigFiles(root, errors, look);
  const rootListed = files !== undefined;
  files ??= listSourceFiles(root, look);
  const workspaces = findWorkspaces(root, look);
  if (workspaces.length > 0) {
    // Each workspace package through its own tsconfig (its own include, exclude and allowJs),
    // which takes precedence over the root's for its folder; a package without one is scanned.
    const all = new Set(files);
    for (const ws of workspaces) {
      const own = tsconfigFiles(ws, errors, look);
      if (own) {
        for (const f of [...all]) if (f.startsWith(ws + path.sep)) all.delete(f);
        for (const f of own) all.add(f);
      } else if (rootListed) {
        for (const f of listSourceFiles(ws, look)) all.add(f);
      }
    }
    files = [...all];
  }
  const realRoot = realRootOf(root);
  // Where each folder really is, and which of its entries are links: once per folder (a
  // realpath or lstat per file costs more than the rest of the listing).
  const dirs = new Map<string, { real: string; links: Set<string> } | null>();
  const dirInfo = (dir: string) => {
    let info = dirs.get(dir);
    if (info === undefined) {
      look?.(dir);
      try {
        const links = new Set(fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isSymbolicLink()).map((e) => e.name));
        info = { real: fs.realpathSync.native(dir), links };
      } catch {
        info = null;
      }
      dirs.set(dir, info);
    }
    return info;
  };
  const realPath = (file: string): string | null => {
    const info = dirInfo(path.dirname(file));
    if (info === null) return null;
    const name = path.basename(file);
    if (!info.links.has(name)) return path.join(info.real, name);
    look?.(file);
    try {
      return fs.realpathSync.native(file);
    } catch {
      return null;
    }
  };
  const kept = files.filter((file) => {
    const inside = relativeInside(root, file);
    if (inside === undefined) return false;
    const rel = inside.split(path.sep);
    if (rel.some((part) => SKIPPED_DIRECTORIES.has(part))) return false;
    const posix = rel.join('/');
    if (options.include && options.include.length > 0 && !matchesGlobs(posix, options.include)) return false;
    if (options.exclude && matchesGlobs(posix, options.exclude)) return false;
    // A link that leads out of the root is not followed.
    const real = realPath(file);
    return real !== null && relativeInside(realRoot, real) !== undefined;
  });
  const result: FileListing = { files: kept.sort(), errors };
  if (rootListed) result.tsconfig = tsconfig;
  if (workspaces.length > 0) result.workspaces = workspaces;
  return result;
}

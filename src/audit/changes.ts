// `--staged` and `--changed [--since REF]`: audit a change, not the whole history of a project.
//
// The whole project is still analysed (project rules need every file's facts), as it will be
// committed (`--staged`: each file's content in the git index, read with `git show :path`;
// untracked files left out) or as it is on disk (`--changed`). The report then keeps
//   1. every finding located in a changed file (added or modified against the base), and
//   2. every finding elsewhere that the change brought about: the project is reduced a second
//      time with the changed files as they were in the base (HEAD, or REF for --since; deleted
//      files restored, added ones removed), and a finding that the base did not have is new —
//      a health route deleted in one file resurfaces `require-health-endpoint` on the app in
//      another; an axios instance that lost its timeout resurfaces the calls through it.
// Findings are compared as in the baseline (rule, file, enclosing function, flagged text, count).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSourcePath } from '../engine/parse.js';
import type { Settings } from '../engine/settings.js';
import type { FileResult, Finding } from '../engine/types.js';
import { reduceProject } from '../project/reduce.js';
import { textHash } from './baseline.js';
import { ConfigError, type ResolvedRule } from './config.js';
import { filterSuppressed } from './suppressions.js';
import { stripBom } from '../engine/text.js';

export interface ChangeSet {
  mode: 'staged' | 'changed';
  /** The ref the change is measured against (`HEAD`, or `--since`); undefined before the first commit. */
  base: string | undefined;
  /** Absolute paths (under the audited root) added or modified in the change. */
  changed: Set<string>;
  /** Absolute paths deleted in the change (they exist in the base only). */
  deleted: Set<string>;
  /** The text a file has in the audited state, when it differs from the disk (`--staged`). */
  targetText(file: string): string | undefined;
  /** Whether a file listed on disk takes part in the audited state (`--staged`: is in the index). */
  present(file: string): boolean;
  /** Files of the audited state missing from the disk listing (staged, deleted in the worktree). */
  extraFiles: string[];
  /** A file's text in the base (undefined: not there). */
  baseText(file: string): string | undefined;
}

function git(cwd: string, args: string[], input?: string): string {
  const r = spawnSync('git', ['-C', cwd, ...args], {
    encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...(input !== undefined ? { input } : {}),
  });
  if (r.error) throw new ConfigError(`git is needed for --staged/--changed: ${r.error.message}`);
  if (r.status !== 0) throw new ConfigError(`git ${args.join(' ')} failed: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  return r.stdout;
}

function tryGit(cwd: string, args: string[]): string | undefined {
  const r = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return r.status === 0 && !r.error ? r.stdout : undefined;
}

const nulList = (s: string) => s.split('\0').filter(Boolean);

/** `--name-status -z` output: pairs of status and path (renames are off). */
function nameStatus(out: string): { status: string; file: string }[] {
  const parts = out.split('\0');
  const list: { status: string; file: string }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i]) list.push({ status: parts[i]![0]!, file: parts[i + 1]! });
  }
  return list;
}

export function collectChanges(root: string, options: { mode: 'staged' | 'changed'; since?: string }): ChangeSet {
  const inside = tryGit(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside?.trim() !== 'true') throw new ConfigError(`--${options.mode} needs a git repository; ${root} is not inside one`);
  const top = git(root, ['rev-parse', '--show-toplevel']).trim();
  const realRoot = fs.realpathSync(root);
  // Paths from git are relative to the top level; files in the audit are under `root` as given.
  const toRoot = (rel: string): string | undefined => {
    const abs = path.resolve(top, rel);
    const r = path.relative(realRoot, abs);
    if (r === '' || r.startsWith('..') || path.isAbsolute(r)) return undefined;
    return path.join(root, r);
  };
  const toGit = (file: string) => path.relative(top, path.resolve(realRoot, path.relative(root, file))).split(path.sep).join('/');

  let base: string | undefined;
  if (options.since !== undefined) {
    base = tryGit(root, ['rev-parse', '--verify', '--quiet', `${options.since}^{commit}`])?.trim();
    if (!base) throw new ConfigError(`--since ${options.since}: no such commit`);
  } else {
    base = tryGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])?.trim() || undefined;
  }
  const EMPTY_TREE = git(root, ['hash-object', '-t', 'tree', '--stdin'], '').trim();
  const against = base ?? EMPTY_TREE;

  const changed = new Set<string>();
  const deleted = new Set<string>();
  const diffArgs = options.mode === 'staged'
    ? ['diff', '--cached', '--name-status', '-z', '--no-renames', against, '--']
    : ['diff', '--name-status', '-z', '--no-renames', against, '--'];
  for (const { status, file } of nameStatus(git(root, ['-c', 'core.quotepath=off', ...diffArgs]))) {
    const abs = toRoot(file);
    if (!abs || !isSourcePath(abs)) continue;
    if (status === 'D') deleted.add(abs);
    else changed.add(abs);
  }

  let targetText: ChangeSet['targetText'] = () => undefined;
  let present: ChangeSet['present'] = () => true;
  const extraFiles: string[] = [];
  if (options.mode === 'staged') {
    const indexed = new Set<string>();
    for (const rel of nulList(git(root, ['ls-files', '--cached', '--full-name', '-z']))) {
      const abs = toRoot(rel);
      if (abs) indexed.add(abs);
    }
    // Files whose worktree differs from the index: read them from the index.
    const differ = new Set<string>();
    for (const rel of nulList(git(root, ['diff', '--name-only', '-z', '--no-renames']))) {
      const abs = toRoot(rel);
      if (abs && indexed.has(abs)) differ.add(abs);
    }
    for (const abs of differ) if (!fs.existsSync(abs) && isSourcePath(abs)) extraFiles.push(abs);
    present = (file) => indexed.has(file);
    targetText = (file) => (differ.has(file) ? git(root, ['show', `:${toGit(file)}`]) : undefined);
  } else {
    for (const rel of nulList(git(root, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z']))) {
      const abs = toRoot(rel);
      if (abs && isSourcePath(abs)) changed.add(abs);
    }
  }
  const baseText = (file: string): string | undefined => (base ? tryGit(root, ['show', `${base}:${toGit(file)}`]) : undefined);
  return { mode: options.mode, base, changed, deleted, targetText, present, extraFiles, baseText };
}

export interface ScopeInput {
  changes: ChangeSet;
  results: readonly FileResult[];
  texts: ReadonlyMap<string, string>;
  /** The audited state's findings, suppressions applied. */
  findings: readonly Finding[];
  rules: readonly ResolvedRule[];
  settings: Settings;
  analyze(file: string, text: string): FileResult;
}

const findingKey = (f: Finding) => JSON.stringify([f.ruleId, f.file, f.scopeName, textHash(f.text)]);

/** The findings a change is answerable for: those in its files, and those it brought about elsewhere. */
export function scopeToChange(input: ScopeInput): Finding[] {
  const { changes } = input;
  const touched = new Set([...changes.changed, ...changes.deleted]);
  const baseResults = input.results.filter((r) => !touched.has(r.facts.file));
  const baseTexts = new Map(input.texts);
  for (const file of touched) {
    baseTexts.delete(file);
    const raw = changes.baseText(file);
    if (raw === undefined) continue;
    const text = stripBom(raw);
    try {
      baseResults.push(input.analyze(file, text));
      baseTexts.set(file, text);
    } catch {
      // The base version does not parse: it contributes no facts.
    }
  }
  const before = new Map<string, number>();
  for (const f of filterSuppressed(reduceProject(baseResults, input.rules, { complete: true, settings: input.settings }), baseTexts)) {
    before.set(findingKey(f), (before.get(findingKey(f)) ?? 0) + 1);
  }
  return input.findings.filter((f) => {
    const k = findingKey(f);
    const left = before.get(k) ?? 0;
    if (left > 0) before.set(k, left - 1);
    return changes.changed.has(f.file) || left === 0;
  });
}

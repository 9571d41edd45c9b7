// The project as ESLint sees it, for the reduce step. With type information the program's files
// are the project; without, the project folder is scanned (as eslint-plugin-import does), each
// file cached by path, stat signature and content hash, parsed with the same TypeScript that
// ESLint's parser uses.
//
// The scan's results are also kept on disk between ESLint runs (src/engine/result-cache.ts, in
// the nearest node_modules/.cache/scalelint), keyed by each file's content hash, or found by its
// unchanged stat signature without reading the file: a run that lints one file (an editor
// opening, lint-staged) would otherwise parse and walk the whole project first.
// `settings.scalelint.projectScanCache: false` turns that off.
//
// ESLint lints file after file; reducing the whole project again for each of them would cost
// O(files²). So the reduce runs once per project state (a program, or a disk snapshot at most a
// few seconds old) and each file takes its findings from it, as long as the text ESLint lints is
// the text the project view holds. An unsaved buffer in an editor takes the slow path: its own
// walk reduced with the other files' facts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { analyzeFile } from '../engine/analyze.js';
import { hashText } from '../engine/hash.js';
import { findUp, listSourceFiles, sourceFileStat } from '../engine/discover.js';
import { isSourcePath, parseText } from '../engine/parse.js';
import type { Settings } from '../engine/settings.js';
import type { ActiveRule, FileResult, Finding, TypeScriptApi } from '../engine/types.js';
import { ResultCache, statSignature, type ReducedStore } from '../engine/result-cache.js';
import { acquireLock, type HeldLock } from '../engine/file-lock.js';
import { readUtf8, stripBom } from '../engine/text.js';
import { reduceProject } from '../project/reduce.js';

/** How long a disk snapshot is trusted before files are stat'ed again. */
const SNAPSHOT_TTL_MS = 5000;
const MAX_FILE_SIZE = 1_000_000;

/** A file as this process last read it: its stat signature (when one may be trusted), its text's hash, its result. */
interface DiskEntry { signature: string | undefined; key: string; result: FileResult | null; hash: string }

/** One project state: every file's result, and the reduce over them, made once. */
interface Snapshot {
  at: number;
  stamp: string;
  results: Map<string, FileResult>;
  /** Hash of the text each result was computed from (disk snapshots only). */
  hashes: Map<string, string>;
  reduced?: Map<string, Finding[]>;
  /** Where the reduce's findings are kept between runs, under a digest of every file's text. */
  stored?: ReducedStore;
}

/** The settings the adapter passes on: the shared ones and the ESLint-only switches. */
export type ScanSettings = Settings & { projectScan?: boolean; projectScanCache?: boolean };

const disk = new Map<string, DiskEntry>();
const snapshots = new Map<string, Snapshot>();
const programResults = new WeakMap<TS.SourceFile, Map<string, FileResult>>();
const programSnapshots = new WeakMap<TS.Program, Map<string, Snapshot>>();

/** Each folder's project root, looked up again after SNAPSHOT_TTL_MS (a marker may appear). */
const roots = new Map<string, { at: number; root: string | undefined }>();

export function projectRoot(file: string, cwd: string): string {
  // Once per folder, not per linted file (existsSync up the tree: 0.6 s over 8,000 files).
  const dir = path.dirname(file);
  const now = Date.now();
  let known = roots.get(dir);
  if (!known || now - known.at >= SNAPSHOT_TTL_MS) {
    known = { at: now, root: findUp(dir, ['package.json', 'tsconfig.json']) };
    roots.set(dir, known);
  }
  return known.root ?? cwd;
}

/**
 * The package folder whose node_modules keeps the scan of `root`: the nearest at or above it with
 * both a package.json and a node_modules folder (an npm workspace's packages usually have no
 * node_modules of their own). None otherwise: a plugin does not create node_modules, nor write
 * into a stray one outside any package.
 */
const cacheHome = (root: string) => findUp(root, ['node_modules', 'package.json'], { all: true });

/** A kept scan not used for this long goes (its rule set or settings changed since). */
const STALE_SCAN_MS = 30 * 24 * 60 * 60 * 1000;
const prunedFolders = new Set<string>();

/** Once per folder and process: remove kept scans (base, journal, reduce) whose base is stale. */
function pruneScans(folder: string): void {
  if (prunedFolders.has(folder)) return;
  prunedFolders.add(folder);
  try {
    const now = Date.now();
    for (const name of fs.readdirSync(folder)) {
      if (!/^eslint-scan-[0-9a-f]+\.json$/.test(name)) continue;
      const base = path.join(folder, name);
      if (now - fs.statSync(base).mtimeMs <= STALE_SCAN_MS) continue;
      for (const f of [base, `${base}.journal`, `${base}.reduced`]) fs.rmSync(f, { force: true });
    }
  } catch {
    // Pruning is housekeeping: a folder that cannot be read or cleaned costs only disk space.
  }
}

/** Where the scan's results for `root` are kept on disk (see the top of this file), if anywhere. */
function scanCacheFile(root: string, settings: ScanSettings, key: string): string | undefined {
  if (settings.projectScanCache === false) return undefined;
  const top = cacheHome(root);
  if (!top) return undefined;
  // A cache holds one key: one file per project root and rule set (a config may give parts of a
  // project other rules), rewritten in place when the code or TypeScript changes.
  const folder = path.join(top, 'node_modules', '.cache', 'scalelint');
  const file = path.join(folder, `eslint-scan-${hashText(`${root}\0${key}`).slice(0, 12)}.json`);
  // Its time is its last use (a run that changes nothing writes nothing), for pruning.
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Not there yet, or read-only.
  }
  pruneScans(folder);
  return file;
}

/**
 * One scan of a project at a time, across ESLint's worker threads and processes: the others wait
 * and then find the results it saved (src/engine/file-lock.ts). `undefined`: scan unlocked.
 */
function scanLock(cacheFile: string): HeldLock | undefined {
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  } catch {
    return undefined;
  }
  return acquireLock(`${cacheFile}.lock`);
}

function fromDisk(ts: TypeScriptApi, file: string, rules: readonly ActiveRule[], settings: Settings, key: string, cache: ResultCache | undefined): DiskEntry | null {
  const stat = sourceFileStat(file, MAX_FILE_SIZE);
  if (!stat) return null;
  // The same rule as the cache on disk (result-cache.ts): times, size and inode, and none for a file
  // changed in the last two seconds. Times and size alone kept a same-size rewrite within one
  // timestamp tick unseen for the life of an editor's ESLint process.
  const signature = statSignature(stat);
  const cached = disk.get(file);
  if (cached && cached.key === key && signature !== undefined && cached.signature === signature) return cached;
  let result: FileResult | null = null;
  let hash = '';
  try {
    // Unchanged since the run that kept its result: not even read.
    const known = signature !== undefined ? cache?.getByStat(file, signature) : undefined;
    if (known) {
      ({ result, hash } = known);
    } else {
      const raw = readUtf8(file);
      hash = hashText(stripBom(raw));
      result = cache?.get(file, hash, signature) ?? null;
      // Read again (too recent to trust its stat) but the same text: this process's result stands.
      if (!result && cached?.key === key && cached.hash === hash && cached.result) {
        result = cached.result;
        cache?.set(file, hash, result, signature);
      }
      if (!result) {
        const { sourceFile } = parseText(ts, file, raw);
        result = analyzeFile(ts, sourceFile, file, rules, settings);
        cache?.set(file, hash, result, signature);
      }
    }
  } catch {
    // A file that does not parse contributes no facts; ESLint reports it when it lints it.
    result = null;
  }
  const entry: DiskEntry = { signature, key, result, hash };
  disk.set(file, entry);
  return entry;
}

function diskSnapshot(ts: TypeScriptApi, root: string, rules: readonly ActiveRule[], settings: ScanSettings, key: string): Snapshot {
  const id = `${root}\0${key}`;
  const now = Date.now();
  const previous = snapshots.get(id);
  if (previous && now - previous.at < SNAPSHOT_TTL_MS) return previous;
  const cacheFile = scanCacheFile(root, settings, key);
  const lock = cacheFile ? scanLock(cacheFile) : undefined;
  // Opened once the lock is held: a scan that another thread finished meanwhile is in it.
  // The user's TypeScript parses here: its version is part of what a result depends on.
  let cache: ResultCache | undefined;
  const results = new Map<string, FileResult>();
  const hashes = new Map<string, string>();
  const stamp: string[] = [];
  try {
    cache = cacheFile ? new ResultCache(cacheFile, JSON.stringify([ts.version, key]), root) : undefined;
    const files = listSourceFiles(root);
    for (const file of files) {
      lock?.beat();
      const entry = fromDisk(ts, file, rules, settings, key, cache);
      if (!entry?.result) continue;
      results.set(file, entry.result);
      hashes.set(file, entry.hash);
      stamp.push(`${file}:${entry.hash}`);
    }
    // Files this process had already read (unchanged since) keep their entries on disk too.
    cache?.retain(files);
    cache?.save();
  } finally {
    cache?.detach();
    lock?.release();
  }
  const joined = stamp.join('\n');
  // Trusted from the end of the look: a first look at a large project takes longer than the TTL,
  // and timed from its start it was taken again by the very next file.
  const at = Date.now();
  // Nothing changed since the last look: keep its reduce.
  if (previous && previous.stamp === joined) {
    const kept: Snapshot = { ...previous, at };
    snapshots.set(id, kept);
    return kept;
  }
  const snapshot: Snapshot = { at, stamp: joined, results, hashes };
  if (cache) {
    // The reduce is a function of the key and every file's text: exact, whatever was read from where.
    const digest = hashText([...hashes].map(([file, hash]) => `${file}\t${hash}`).sort().join('\n'));
    snapshot.stored = cache.reducedStore(digest);
  }
  snapshots.set(id, snapshot);
  return snapshot;
}

let nextSourceFileId = 0;
const sourceFileIds = new WeakMap<TS.SourceFile, number>();

/**
 * A program's files. typescript-eslint's project service may hand out a new Program object as
 * files open, reusing the SourceFiles that did not change: the snapshot is keyed by those.
 */
function programSnapshot(ts: TypeScriptApi, program: TS.Program, rules: readonly ActiveRule[], settings: Settings, key: string): Snapshot {
  let byKey = programSnapshots.get(program);
  if (!byKey) programSnapshots.set(program, (byKey = new Map()));
  const known = byKey.get(key);
  if (known) return known;
  const files: [string, TS.SourceFile][] = [];
  const stamp: number[] = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/') || !isSourcePath(sf.fileName)) continue;
    let id = sourceFileIds.get(sf);
    if (id === undefined) sourceFileIds.set(sf, (id = nextSourceFileId++));
    files.push([path.resolve(sf.fileName), sf]);
    stamp.push(id);
  }
  const id = `program\0${key}`;
  const joined = stamp.join(',');
  const previous = snapshots.get(id);
  let snapshot: Snapshot;
  if (previous && previous.stamp === joined) {
    snapshot = previous;
  } else {
    const results = new Map<string, FileResult>();
    for (const [file, sf] of files) {
      let perKey = programResults.get(sf);
      if (!perKey) programResults.set(sf, (perKey = new Map()));
      let result = perKey.get(key);
      if (!result) perKey.set(key, (result = analyzeFile(ts, sf, file, rules, settings)));
      results.set(file, result);
    }
    snapshot = { at: Date.now(), stamp: joined, results, hashes: new Map() };
    snapshots.set(id, snapshot);
  }
  byKey.set(key, snapshot);
  return snapshot;
}

function reducedOnce(snapshot: Snapshot, rules: readonly ActiveRule[], settings: Settings): Map<string, Finding[]> {
  if (!snapshot.reduced) {
    const { stored } = snapshot;
    let findings = stored?.read();
    if (!findings) {
      findings = reduceProject([...snapshot.results.values()], rules, { complete: true, settings });
      stored?.write(findings);
    }
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) {
      let list = byFile.get(f.file);
      if (!list) byFile.set(f.file, (list = []));
      list.push(f);
    }
    snapshot.reduced = byFile;
  }
  return snapshot.reduced;
}

export interface ProjectFindingsInput {
  ts: TypeScriptApi;
  file: string;
  sourceFile: TS.SourceFile;
  /** This file's own walk (what ESLint is linting now), computed on demand. */
  current: () => FileResult;
  program: TS.Program | null | undefined;
  cwd: string;
  rules: readonly ActiveRule[];
  settings: ScanSettings;
}

/** The final findings of the file being linted, with the whole project's facts when they can be had. */
export function projectFindings(input: ProjectFindingsInput): Finding[] {
  const { ts, file, current, program, rules, settings } = input;
  const key = JSON.stringify([rules.map((r) => [r.rule.id, r.options]), settings]);
  let snapshot: Snapshot | undefined;
  let same = false;
  if (program) {
    snapshot = programSnapshot(ts, program, rules, settings, key);
    // The linted SourceFile is the program's own when the program holds this file.
    same = program.getSourceFile(input.sourceFile.fileName) === input.sourceFile && snapshot.results.has(file);
  } else if (settings.projectScan !== false) {
    snapshot = diskSnapshot(ts, projectRoot(file, input.cwd), rules, settings, key);
    same = snapshot.hashes.get(file) === hashText(input.sourceFile.text);
  }
  if (!snapshot) {
    // Only this file can be seen: rules that conclude from an absence stay silent.
    return reduceProject([current()], rules, { complete: false, settings }).filter((f) => f.file === file);
  }
  if (same) return reducedOnce(snapshot, rules, settings).get(file) ?? [];
  const others = [...snapshot.results.entries()].filter(([f]) => f !== file).map(([, r]) => r);
  return reduceProject([current(), ...others], rules, { complete: true, settings }).filter((f) => f.file === file);
}

// Facts of the other files of the project, for the reduce step inside ESLint. With type
// information the program's files are the project; without, the project folder is scanned (as
// eslint-plugin-import does), each file cached by path, mtime and size. Files are parsed with
// the same TypeScript that ESLint's parser uses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { analyzeFile } from '../engine/analyze.js';
import { findUp, listSourceFiles } from '../engine/discover.js';
import { isSourcePath, parseText } from '../engine/parse.js';
import type { Settings } from '../engine/settings.js';
import type { ActiveRule, FileResult, TypeScriptApi } from '../engine/types.js';

const LIST_TTL_MS = 5000;
const MAX_FILE_SIZE = 1_000_000;

interface DiskEntry { mtimeMs: number; size: number; key: string; result: FileResult | null }

const disk = new Map<string, DiskEntry>();
const listings = new Map<string, { at: number; files: string[] }>();
const programCache = new WeakMap<TS.SourceFile, Map<string, FileResult>>();

export function projectRoot(file: string, cwd: string): string {
  return findUp(path.dirname(file), ['package.json', 'tsconfig.json']) ?? cwd;
}

function listing(root: string): string[] {
  const now = Date.now();
  const cached = listings.get(root);
  if (cached && now - cached.at < LIST_TTL_MS) return cached.files;
  const files = listSourceFiles(root);
  listings.set(root, { at: now, files });
  return files;
}

function fromDisk(ts: TypeScriptApi, file: string, rules: readonly ActiveRule[], settings: Settings, key: string): FileResult | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (!stat.isFile() || stat.size > MAX_FILE_SIZE) return null;
  const entry = disk.get(file);
  if (entry && entry.mtimeMs === stat.mtimeMs && entry.size === stat.size && entry.key === key) return entry.result;
  let result: FileResult | null = null;
  try {
    const { sourceFile } = parseText(ts, file, fs.readFileSync(file, 'utf8'));
    result = analyzeFile(ts, sourceFile, file, rules, settings);
    result = { facts: result.facts, findings: [] };
  } catch {
    // A file that does not parse contributes no facts; ESLint reports it when it lints it.
    result = null;
  }
  disk.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, key, result });
  return result;
}

export interface ProjectView {
  results: FileResult[];
  complete: boolean;
}

export function otherFiles(
  ts: TypeScriptApi,
  current: string,
  program: TS.Program | null | undefined,
  cwd: string,
  rules: readonly ActiveRule[],
  settings: Settings & { projectScan?: boolean },
): ProjectView {
  const key = JSON.stringify([rules.map((r) => [r.rule.id, r.options]), settings]);
  const results: FileResult[] = [];
  if (program) {
    for (const sf of program.getSourceFiles()) {
      if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/') || !isSourcePath(sf.fileName)) continue;
      const file = path.resolve(sf.fileName);
      if (file === current) continue;
      let byKey = programCache.get(sf);
      if (!byKey) programCache.set(sf, (byKey = new Map()));
      let result = byKey.get(key);
      if (!result) {
        const r = analyzeFile(ts, sf, file, rules, settings);
        result = { facts: r.facts, findings: [] };
        byKey.set(key, result);
      }
      results.push(result);
    }
    return { results, complete: true };
  }
  if (settings.projectScan === false) return { results, complete: false };
  for (const file of listing(projectRoot(current, cwd))) {
    if (file === current) continue;
    const result = fromDisk(ts, file, rules, settings, key);
    if (result) results.push(result);
  }
  return { results, complete: true };
}

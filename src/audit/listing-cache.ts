// `--cache` keeps the project's file listing too: TypeScript expanding tsconfig.json's `include`
// is ~50 ms of a warm run, and loading TypeScript for it another ~0.2 s when no file changed.
//
// A listing depends on the files it read or looked for (tsconfig.json and what it extends,
// package.json, pnpm-workspace.yaml) and on the entries of every folder it read. Each of those
// paths is kept with its stat signature (result-cache.ts: times, size, inode), taken before it was
// read: a folder's times change when an entry is added, removed or renamed in it. The listing is
// reused only when every one of them is as it was, and kept only when none of them had changed
// too recently to vouch for (the same two seconds as the result cache). Git's ignore rules are
// applied afresh in every run (files.ts `withoutIgnored`): they depend on more than this sees.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../engine/atomic.js';
import { hashText } from '../engine/hash.js';
import { relativeInside } from '../engine/discover.js';
import { statSignature } from '../engine/result-cache.js';
import { codeVersion } from '../version.js';
import { listCandidates, realRootOf, UNCHECKABLE, withoutIgnored, type Candidates, type FileListing, type ListOptions } from './files.js';

const LISTING_FORMAT_VERSION = 1;

/** A path that was not there. */
const ABSENT = '-';

interface StoredListing {
  v: number;
  key: string;
  /** The root's real path when listed. */
  real: string;
  /** [path, stat signature or ABSENT] for everything the listing depends on. */
  inputs: [string, string][];
  listing: Candidates;
}

function signatureOf(file: string, now: number): string | undefined {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // unreadable: nothing to vouch for
  }
  return stat ? statSignature(stat, now) : ABSENT;
}

/**
 * The project's files as `listProjectFiles` lists them, reused from `file` when nothing they
 * depend on changed, and kept there otherwise (when it can be checked next time).
 */
export function listProjectFilesCached(root: string, options: ListOptions, file: string, now = Date.now()): FileListing {
  const key = hashText(JSON.stringify([codeVersion(), LISTING_FORMAT_VERSION, root, options.include ?? null, options.exclude ?? null]));
  const real = realRootOf(root);
  const kept = read(root, file, key, real, now);
  if (kept) return withoutIgnored(root, kept);

  const inputs = new Map<string, string>();
  let checkable = true;
  const candidates = listCandidates(root, options, (p) => {
    if (p === UNCHECKABLE) {
      checkable = false;
      return;
    }
    const abs = path.resolve(p);
    if (inputs.has(abs)) return;
    const signature = signatureOf(abs, now);
    if (signature === undefined) checkable = false;
    inputs.set(abs, signature ?? '');
  });
  // A listing with errors is made again (and its errors reported) every time.
  if (checkable && candidates.errors.length === 0) {
    const stored: StoredListing = { v: LISTING_FORMAT_VERSION, key, real, inputs: [...inputs], listing: candidates };
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomic(file, JSON.stringify(stored));
    } catch {
      // A read-only disk: the next run lists again.
    }
  }
  return withoutIgnored(root, candidates);
}

function read(root: string, file: string, key: string, real: string, now: number): Candidates | undefined {
  let stored: StoredListing;
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredListing;
  } catch {
    return undefined; // none yet, or not ours
  }
  if (stored?.v !== LISTING_FORMAT_VERSION || stored.key !== key || stored.real !== real
    || !Array.isArray(stored.inputs) || stored.inputs.length === 0) return undefined;
  const { files, tsconfig, workspaces } = stored.listing ?? {};
  const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every((f) => typeof f === 'string');
  // Whoever can write the project's cache can change what a run reports, but must not make it read
  // a file outside the project (and quote it in the report).
  if (!strings(files) || !files.every((f) => relativeInside(root, f) !== undefined)) return undefined;
  for (const input of stored.inputs) {
    if (!strings(input) || input.length !== 2 || signatureOf(input[0]!, now) !== input[1]) return undefined;
  }
  // Only listings without errors are kept.
  return {
    files, errors: [],
    ...(typeof tsconfig === 'string' ? { tsconfig } : {}),
    ...(strings(workspaces) ? { workspaces } : {}),
  };
}

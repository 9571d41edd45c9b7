// Writing a file so that a reader sees the old content or the new, never part of either: a
// temporary file beside it (same folder, so the same file system), renamed over it. A write that
// fails leaves no temporary file behind; one killed part-way does, and cache folders remove such
// leftovers (removeStaleTemporaries), as does the next fix of a source file (removeStaleTemporariesOf).
// Used for fixed sources, baselines and caches.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * `.<name>.scalelint-<pid>-<thread>.tmp`: threads of one process share its pid (ESLint's
 * `--concurrency` lints in worker threads, each with its own copy of the plugin saving the same
 * scan), and two writers of one temporary file would rename a mix of both into place.
 */
const temporaryOf = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.scalelint-${process.pid}-${threadId}.tmp`);
/** What follows `.<name>` in a temporary file's name. */
const TEMPORARY_SUFFIX = String.raw`\.scalelint-\d+(-\d+)?\.tmp$`;
const TEMPORARY = new RegExp(String.raw`^\..+${TEMPORARY_SUFFIX}`);
const SUFFIX_ONLY = new RegExp(`^${TEMPORARY_SUFFIX}`);
/** A write takes milliseconds: a temporary file this old belongs to a process that was stopped. */
const STALE_MS = 10 * 60_000;

/** Consecutive parts are written together up to this many characters (fewer writes, no 10 MB string). */
const CHUNK = 1 << 20;

/** `data` whole, or as parts written one after the other (a large file need not be one string). */
export function writeFileAtomic(file: string, data: string | Uint8Array | readonly string[], options: { mode?: number } = {}): void {
  const temp = temporaryOf(file);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) {
      fs.writeFileSync(temp, data, options.mode === undefined ? undefined : { mode: options.mode });
    } else {
      const fd = fs.openSync(temp, 'w', options.mode);
      try {
        let pending: string[] = [];
        let size = 0;
        for (const part of data) {
          pending.push(part);
          size += part.length;
          if (size >= CHUNK) {
            fs.writeSync(fd, pending.join(''));
            pending = [];
            size = 0;
          }
        }
        if (pending.length > 0) fs.writeSync(fd, pending.join(''));
      } finally {
        fs.closeSync(fd);
      }
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Remove the temporary files that writes stopped part-way left in `folder` (a process killed while
 * writing: its `catch` never ran). Nothing else would ever remove them, and a cache folder kept
 * between CI runs would carry them along. Only for folders whose files are all this tool's.
 */
export function removeStaleTemporaries(folder: string, now = Date.now()): void {
  removeStale(folder, now, (name) => TEMPORARY.test(name));
}

/**
 * The same for one file's own temporary files only (`.<name>.scalelint-…tmp`), in a folder that
 * is not this tool's: a fixed source's, after `--fix` wrote it.
 */
export function removeStaleTemporariesOf(file: string, now = Date.now()): void {
  const prefix = `.${path.basename(file)}`;
  removeStale(path.dirname(file), now, (name) => name.startsWith(prefix) && SUFFIX_ONLY.test(name.slice(prefix.length)));
}

function removeStale(folder: string, now: number, isTemporary: (name: string) => boolean): void {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!isTemporary(name)) continue;
    const file = path.join(folder, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // removed meanwhile
    }
  }
}

// Writing a file so that a reader sees the old content or the new, never part of either: a
// temporary file beside it (same folder, so the same file system), renamed over it. A write that
// fails leaves no temporary file behind. Used for fixed sources, baselines and caches.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeFileAtomic(file: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.scalelint-${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, data, options.mode === undefined ? undefined : { mode: options.mode });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

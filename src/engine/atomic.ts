// Writing a file so that a reader sees the old content or the new, never part of either: a
// temporary file beside it (same folder, so the same file system), renamed over it. A write that
// fails leaves no temporary file behind. Used for fixed sources, baselines and caches.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Consecutive parts are written together up to this many characters (fewer writes, no 10 MB string). */
const CHUNK = 1 << 20;

/** `data` whole, or as parts written one after the other (a large file need not be one string). */
export function writeFileAtomic(file: string, data: string | Uint8Array | readonly string[], options: { mode?: number } = {}): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.scalelint-${process.pid}.tmp`);
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

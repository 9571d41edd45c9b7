// The progress line on stderr: "files done / total", redrawn in place, only for a person watching
// a terminal. It appears once the audit has run for a second (short audits never flicker) and is
// erased before the report is written.

/** Formats for people; the others are read by tools and never get a progress line. */
export const HUMAN_FORMATS: readonly string[] = ['text', 'html'];

export interface ProgressStream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export interface ProgressOptions {
  stream: ProgressStream;
  format: string;
  /** `--no-progress`. */
  disabled?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before the line first appears. */
  delayMs?: number;
  /** Minimum milliseconds between redraws. */
  intervalMs?: number;
  now?: () => number;
}

export interface Progress {
  /** For `audit({ onProgress })`. */
  update(done: number, total: number): void;
  /** Erase the line (call before writing the report). */
  finish(): void;
}

const NONE: Progress = { update() {}, finish() {} };

export function progressEnabled(o: Pick<ProgressOptions, 'stream' | 'format' | 'disabled' | 'env'>): boolean {
  const env = o.env ?? process.env;
  return !o.disabled && Boolean(o.stream.isTTY) && HUMAN_FORMATS.includes(o.format) && env.TERM !== 'dumb' && !env.CI;
}

export function createProgress(o: ProgressOptions): Progress {
  if (!progressEnabled(o)) return NONE;
  const now = o.now ?? (() => performance.now());
  const delay = o.delayMs ?? 1000;
  const interval = o.intervalMs ?? 100;
  const started = now();
  let drawn = false;
  let last = -Infinity;
  return {
    update(done, total) {
      const t = now();
      if (t - started < delay || (t - last < interval && done < total)) return;
      last = t;
      drawn = true;
      const width = String(total).length;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      o.stream.write(`\r\u001b[2Kscalelint: ${String(done).padStart(width)}/${total} files (${pct}%)`);
    },
    finish() {
      if (drawn) o.stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}

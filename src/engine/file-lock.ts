// A lock file around work that several threads or processes would otherwise each do in full.
// ESLint's `--concurrency` lints in worker threads of one process, each with its own copy of the
// plugin: without a lock, every thread parsed and walked the whole project for its scan (two
// threads on the 2,000-file bench corpus: 874 MB and 18.5 s, against 484 MB and 14.8 s for one).
// With it, one thread scans and saves; the others wait, then read what it saved.
//
// Synchronous, as ESLint rules are: a waiter sleeps (Atomics.wait) and looks again. The holder
// says it is alive by touching the file (`beat`); a lock not touched for `staleMs` belongs to a
// thread or process that is gone (killed mid-scan) and is taken over. The lock only saves work:
// what it guards must be correct without it (two holders at once are two scans, as before).
// (proper-lockfile keeps its lock fresh from a timer, which never fires while a synchronous scan
// holds the thread; hence this file.)
import * as fs from 'node:fs';
import { threadId } from 'node:worker_threads';

export interface LockOptions {
  /** A lock not touched for this long is taken over (default 10 s). */
  staleMs?: number;
  /** Stop waiting after this long and go on without the lock (default 10 minutes). */
  maxWaitMs?: number;
  /** How long a waiter sleeps between looks (default 50 ms). */
  pollMs?: number;
}

export interface HeldLock {
  /** Tell waiters the holder is alive. Cheap: call it as often as convenient (it touches the file now and then). */
  beat(): void;
  /** Remove the lock, unless it was taken over meanwhile. */
  release(): void;
}

let taken = 0;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Take `file` as a lock, waiting while a live holder has it. `undefined` when it cannot be had
 * (a folder that cannot be written, or a wait past `maxWaitMs`): then do the work without it.
 */
export function acquireLock(file: string, options: LockOptions = {}): HeldLock | undefined {
  const staleMs = options.staleMs ?? 10_000;
  const maxWaitMs = options.maxWaitMs ?? 10 * 60_000;
  const pollMs = options.pollMs ?? 50;
  const id = `${process.pid}:${threadId}:${++taken}`;
  const started = Date.now();
  // The lock as last seen, and since when (by this clock) it has not changed: a holder on a
  // machine whose clock runs ahead (a network file system) leaves times in the future.
  let seen: { mtimeMs: number; ino: number; since: number } | undefined;
  for (;;) {
    try {
      fs.writeFileSync(file, id, { flag: 'wx' });
      return held(file, id, staleMs);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
    try {
      const { mtimeMs, ino } = fs.statSync(file);
      const now = Date.now();
      if (!seen || seen.mtimeMs !== mtimeMs || seen.ino !== ino) seen = { mtimeMs, ino, since: now };
      if (now - mtimeMs > staleMs || now - seen.since > staleMs) {
        // Its holder is gone. Renamed away first: of two waiters that saw it stale, one moves it.
        const away = `${file}.stale-${id.replaceAll(':', '-')}`;
        fs.renameSync(file, away);
        fs.rmSync(away, { force: true });
        continue;
      }
    } catch (error) {
      // Released or moved away meanwhile: try again at once. Anything else (a lock that cannot be
      // moved) is waited on like a live one, within maxWaitMs.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
    }
    if (Date.now() - started > maxWaitMs) return undefined;
    sleep(pollMs);
  }
}

function held(file: string, id: string, staleMs: number): HeldLock {
  let touched = Date.now();
  return {
    beat() {
      const now = Date.now();
      if (now - touched < staleMs / 4) return;
      touched = now;
      try {
        fs.utimesSync(file, new Date(now), new Date(now));
      } catch {
        // Taken over or removed: the work goes on; it is correct without the lock.
      }
    },
    release() {
      try {
        if (fs.readFileSync(file, 'utf8') === id) fs.rmSync(file, { force: true });
      } catch {
        // Already gone.
      }
    },
  };
}

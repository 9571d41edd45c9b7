// The TypeScript the audit parses with: ts-morph's bundled copy (DESIGN.md), required directly
// as CommonJS. `import { ts } from 'ts-morph'` also loads and compiles ts-morph's own 2 MB and
// runs Node's CommonJS export scanner over it: ~0.25 s of every run's start-up for code the
// audit never calls. Same module file, so the same object as ts-morph's `ts`.
//
// Compiling typescript.js (9 MB) is most of what loading it costs, in every process and in every
// worker thread. So it is compiled through V8's code cache: the cache V8 makes of it is kept in
// the user's own cache folder (`$XDG_CACHE_HOME/scalelint`, else `~/.cache/scalelint`, created
// private) and handed to worker threads. Never in the audited project: a code cache is code, and
// a repository must not be able to plant some (SECURITY.md). V8 checks a cache against the source
// and its own version and flags, and compiles from scratch when it does not match.
import * as fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { isMainThread, workerData } from 'node:worker_threads';
import type { TypeScriptApi } from '../engine/types.js';
import { readUtf8 } from '../engine/text.js';
import { appliedV8Flags } from '../v8-flags.js';
import { removeStaleTemporaries, writeFileAtomic } from '../engine/atomic.js';
import { hashText } from '../engine/hash.js';
import { addTiming } from '../engine/timing.js';

/** The key under which a worker's `workerData` may carry the code cache. */
export const CODE_CACHE_KEY = 'typescriptCodeCache';

interface Loaded {
  ts: TypeScriptApi;
  script?: vm.Script;
  /** The code cache was there and V8 took it. */
  cacheUsed: boolean;
}

/** The user's private cache folder for this tool, or `undefined` (no home, or not private). */
function cacheFolder(): string | undefined {
  if (process.env.SCALELINT_NO_CODE_CACHE) return undefined;
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : '');
  if (!base || !path.isAbsolute(base)) return undefined;
  return path.join(base, 'scalelint');
}

function cacheFile(file: string): string | undefined {
  const folder = cacheFolder();
  if (!folder) return undefined;
  try {
    const { size, mtimeMs } = fs.statSync(file);
    // Keyed by the copy of TypeScript (its path, size and time), the Node.js that compiled it and
    // the V8 flags it ran with: V8 rejects a cache made under other flags, so the CLI (which sets
    // some) and a plain `node` process (the API) would otherwise throw each other's away.
    const flags = [process.env.NODE_OPTIONS ?? '', ...process.execArgv, ...appliedV8Flags].join(' ');
    const id = hashText(`${file}\0${size}\0${mtimeMs}\0${flags}`).slice(0, 16);
    return path.join(folder, `typescript-${id}-${process.version}-${process.arch}.v8cache`);
  } catch {
    return undefined;
  }
}

/** Only a cache file in a folder of this user's, that no one else can write, is read. */
export function trusted(file: string): boolean {
  if (typeof process.getuid !== 'function') return true;
  try {
    const uid = process.getuid();
    for (const p of [path.dirname(file), file]) {
      const stat = fs.statSync(p);
      if (stat.uid !== uid || (stat.mode & 0o022) !== 0) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function givenCache(file: string | undefined): Buffer | undefined {
  if (!isMainThread) {
    const given = (workerData as Record<string, unknown> | null)?.[CODE_CACHE_KEY];
    if (given instanceof Uint8Array) return Buffer.from(given.buffer, given.byteOffset, given.byteLength);
  }
  if (!file || !trusted(file)) return undefined;
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function load(): Loaded {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = createRequire(require.resolve('ts-morph')).resolve('@ts-morph/common/dist/typescript.js');
  } catch {
    // A layout where that path does not resolve: the public way.
    return { ts: (require('ts-morph') as { ts: TypeScriptApi }).ts, cacheUsed: false };
  }
  const onDisk = isMainThread ? cacheFile(file) : undefined;
  const cachedData = givenCache(onDisk);
  try {
    const script = new vm.Script(Module.wrap(readUtf8(file)), {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
    });
    const module = { exports: {} as TypeScriptApi, filename: file, id: file, loaded: false };
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
    module.loaded = true;
    const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
    if (onDisk && !cacheUsed) {
      // Written at exit, when the functions this run called are compiled and go in the cache too.
      process.once('exit', () => writeCache(script, onDisk));
    } else if (onDisk) {
      // Used: its time says so, and pruning keeps the most recently used.
      touch(onDisk);
    }
    return { ts: module.exports, script, cacheUsed };
  } catch {
    return { ts: require(file) as TypeScriptApi, cacheUsed: false };
  }
}

/** Code caches kept (~2.5 MB each, by last use): one per copy of TypeScript, Node.js version and flags. */
export const KEPT_CODE_CACHES = 8;

function writeCache(script: vm.Script, file: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileAtomic(file, script.createCachedData(), { mode: 0o600 });
    pruneCaches(path.dirname(file));
  } catch {
    // A read-only or full disk: the next run compiles again.
  }
}

function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Read-only: pruning may then drop it sooner.
  }
}

/**
 * Every copy of TypeScript (each project's node_modules, each `npx` download) and each Node.js
 * version gets its own cache file: keep the most recently used few, not all of them forever.
 */
export function pruneCaches(folder: string, keep = KEPT_CODE_CACHES, now = Date.now()): void {
  // A process stopped while writing its cache (killed at exit) leaves a 2.5 MB temporary file.
  removeStaleTemporaries(folder, now);
  const caches = fs.readdirSync(folder)
    .filter((name) => name.startsWith('typescript-') && name.endsWith('.v8cache'))
    .map((name) => {
      const file = path.join(folder, name);
      try {
        return { file, at: fs.statSync(file).mtimeMs };
      } catch {
        return undefined; // removed by another run meanwhile
      }
    })
    .filter((c) => c !== undefined)
    .sort((a, b) => b.at - a.at);
  for (const { file } of caches.slice(keep)) fs.rmSync(file, { force: true });
}

let loaded: Loaded | undefined;

/** Its phase in `SCALELINT_TIMING`'s table. */
export const LOAD_TYPESCRIPT = 'phase: load TypeScript';

/**
 * TypeScript, loaded on first use: a `--cache` run whose listing and results all come from the
 * cache never loads it (~0.2 s).
 */
export function typescript(): TypeScriptApi {
  if (!loaded) {
    const loading = performance.now();
    loaded = load();
    addTiming(LOAD_TYPESCRIPT, performance.now() - loading);
  }
  return loaded.ts;
}

/**
 * V8's code cache of TypeScript as compiled in this thread, for worker threads (`undefined` when
 * unavailable). TypeScript is loaded for it if it was not yet (a listing from the cache loads none).
 */
export function typescriptCodeCache(): Buffer | undefined {
  typescript();
  try {
    return loaded?.script?.createCachedData();
  } catch {
    return undefined;
  }
}

// The TypeScript the audit parses with: ts-morph's bundled copy (DESIGN.md), required directly
// as CommonJS. `import { ts } from 'ts-morph'` also loads and compiles ts-morph's own 2 MB and
// runs Node's CommonJS export scanner over it: ~0.25 s of every run's start-up for code the
// audit never calls. Same module file, so the same object as ts-morph's `ts`.
//
// Compiling typescript.js (9 MB) is most of what loading it costs, in every process and in every
// worker thread. So it is compiled through V8's code cache: the cache V8 makes of it is kept in
// `node_modules/.cache/scalelint/` (when the working directory has a node_modules folder) and
// handed to worker threads. V8 checks a cache against the source and its own version and flags,
// and compiles from scratch when it does not match; nothing else depends on it.
import * as fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { isMainThread, workerData } from 'node:worker_threads';
import type { TypeScriptApi } from '../engine/types.js';

/** The key under which a worker's `workerData` may carry the code cache. */
export const CODE_CACHE_KEY = 'typescriptCodeCache';

interface Loaded {
  ts: TypeScriptApi;
  script?: vm.Script;
  /** The code cache was there and V8 took it. */
  cacheUsed: boolean;
}

function cacheFile(file: string): string | undefined {
  const modules = path.join(process.cwd(), 'node_modules');
  try {
    if (!fs.statSync(modules).isDirectory()) return undefined;
    const { size, mtimeMs } = fs.statSync(file);
    return path.join(modules, '.cache', 'scalelint', `typescript-${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.v8cache`);
  } catch {
    return undefined;
  }
}

function givenCache(file: string | undefined): Buffer | undefined {
  if (!isMainThread) {
    const given = (workerData as Record<string, unknown> | null)?.[CODE_CACHE_KEY];
    if (given instanceof Uint8Array) return Buffer.from(given.buffer, given.byteOffset, given.byteLength);
  }
  if (!file) return undefined;
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
    const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), {
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
    }
    return { ts: module.exports, script, cacheUsed };
  } catch {
    return { ts: require(file) as TypeScriptApi, cacheUsed: false };
  }
}

function writeCache(script: vm.Script, file: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, file);
  } catch {
    // A read-only or full disk: the next run compiles again.
  }
}

const loaded = load();

export const ts: TypeScriptApi = loaded.ts;

/** V8's code cache of TypeScript as compiled in this thread, for worker threads (`undefined` when unavailable). */
export function typescriptCodeCache(): Buffer | undefined {
  try {
    return loaded.script?.createCachedData();
  } catch {
    return undefined;
  }
}

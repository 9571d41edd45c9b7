// The map step of the audit: read, parse and walk each file once, keeping only plain data (facts,
// findings, the text for suppressions and fixes) and dropping the AST. Runs in this thread, or
// in worker threads (`--concurrency`), and reuses unchanged files' results from the cache.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeUtf8, stripBom } from '../engine/text.js';
import { CODE_CACHE_KEY, typescript, typescriptCodeCache } from './typescript.js';
import { analyzeFile } from '../engine/analyze.js';
import { hashText } from '../engine/hash.js';
import { PARSE_AHEAD, ParseError, parseText } from '../engine/parse.js';
import { addTiming, timings } from '../engine/timing.js';
import type { FileResult, TypeScriptApi } from '../engine/types.js';
import type { AuditConfig, ResolvedRule } from './config.js';
import { statSignature, type ResultCache } from '../engine/result-cache.js';
import { sourceFileStat } from '../engine/discover.js';

export interface MapError {
  file: string;
  message: string;
}

export interface Mapped {
  results: FileResult[];
  errors: MapError[];
  /** Each analysed file's text, BOM removed (offsets in findings are in it): a `FileTexts` after a look-up in the cache. */
  texts: Map<string, string>;
}

export interface MapInput {
  files: readonly string[];
  rules: ResolvedRule[];
  config: AuditConfig;
  maxFileSize: number;
  /** Text to analyse instead of the file's (e.g. the staged version); `undefined`: read the file. */
  textOf?: (file: string) => string | undefined;
  cache?: ResultCache;
  /**
   * Take a cached result for a file whose stat signature is unchanged, without reading it (see
   * result-cache.ts). Not for a run that fixes: its edits must apply to the very text its
   * results were computed from.
   */
  trustStat?: boolean;
  onProgress?(done: number, total: number): void;
}

export function analyzeText(file: string, text: string, rules: ResolvedRule[], config: AuditConfig): FileResult {
  const tsApi = typescript();
  if (!timings) return analyzeFile(tsApi, parseText(tsApi, file, text).sourceFile, file, rules, config.settings);
  let started = performance.now();
  const { sourceFile } = parseText(tsApi, file, text);
  addTiming('phase: parse', performance.now() - started);
  started = performance.now();
  const result = analyzeFile(tsApi, sourceFile, file, rules, config.settings);
  addTiming('phase: walk (rules + extractors)', performance.now() - started);
  return result;
}

export function describeError(error: unknown): string {
  if (error instanceof ParseError) return error.message;
  const e = error as NodeJS.ErrnoException;
  if (e?.code) return `cannot read: ${e.code}`;
  return `internal error: ${(error as Error)?.message ?? String(error)}`.split('\n')[0]!;
}

// O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer; fstat then rejects it.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * A file's text, or a ParseError that says why it is skipped (never reads a non-regular file).
 * One open, one fstat, one read: the cheapest safe way (measured on 2,000 files: ~1.2× a plain
 * `readFileSync(file, 'utf8')`, where lstat + read + a second decode to validate was ~4×).
 */
export function readSource(file: string, maxFileSize: number): string {
  return readSourceAndStat(file, maxFileSize).text;
}

/** `readSource`, with the file's stat as it was before the read (for `statSignature`). */
function readSourceAndStat(file: string, maxFileSize: number): { text: string; stat: fs.Stats } {
  const fd = fs.openSync(file, OPEN_FLAGS);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new ParseError('not a regular file: skipped');
    if (stat.size > maxFileSize) throw new ParseError(`larger than --max-file-size (${stat.size} > ${maxFileSize} bytes): skipped`);
    let buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const n = fs.readSync(fd, buffer, read, buffer.length - read, null);
      if (n === 0) break;
      read += n;
    }
    if (read < buffer.length) buffer = buffer.subarray(0, read);
    if (buffer.indexOf(0) !== -1) throw new ParseError('binary file (contains NUL bytes): skipped');
    if (!isUtf8(buffer)) throw new ParseError('not valid UTF-8: skipped');
    return { text: decodeUtf8(buffer), stat };
  } finally {
    fs.closeSync(fd);
  }
}

/** A file's result, with its text (BOM removed) unless the cache answered by the file's stat alone. */
export type FileOutcome = { file: string; text?: string; result: FileResult; withoutDirectives?: boolean } | { file: string; error: string };

/** Marks a content hash whose text holds no `eslint-` comment (see `contentHash`). */
const WITHOUT_DIRECTIVES = '/-';

/**
 * The key a text's result is kept under in the cache: its hash, marked when the text holds no
 * `eslint-` comment. A file answered by its stat is then not read for suppression comments it
 * does not have (~900 reads on the 2,000-file bench corpus). Still a function of the text alone;
 * a hash without the mark (a cache from before) says nothing, and the file is read.
 */
function contentHash(text: string): string {
  const hash = hashText(text);
  return text.includes('eslint-') ? hash : hash + WITHOUT_DIRECTIVES;
}

/**
 * Each analysed file's text, BOM removed. A file the cache answered by its stat alone is read the
 * first time its text is asked for (suppression comments are read only in files with findings);
 * iterating reads them all. A file that can no longer be read then has no text.
 */
export class FileTexts extends Map<string, string> {
  private readonly unread = new Set<string>();

  constructor(private readonly maxFileSize: number) {
    super();
  }

  private readonly directiveFree = new Set<string>();

  /** `file`'s text is to be read when asked for; `withoutDirectives`: it has no `eslint-` comment. */
  defer(file: string, withoutDirectives = false): void {
    this.unread.add(file);
    if (withoutDirectives) this.directiveFree.add(file);
  }

  /** Known, without reading it, to hold no `eslint-` comment (see `contentHash`). */
  withoutDirectives(file: string): boolean {
    return this.directiveFree.has(file);
  }

  /** Every file, read or not, without reading any. */
  names(): string[] {
    return [...super.keys(), ...this.unread];
  }

  private load(file: string): void {
    this.unread.delete(file);
    try {
      super.set(file, stripBom(readSource(file, this.maxFileSize)));
    } catch {
      // Removed or changed into something unreadable since the look-up.
    }
  }

  private loadAll(): void {
    for (const file of [...this.unread]) this.load(file);
  }

  override get(file: string): string | undefined {
    if (this.unread.has(file)) this.load(file);
    return super.get(file);
  }

  override has(file: string): boolean {
    if (this.unread.has(file)) this.load(file);
    return super.has(file);
  }

  override get size(): number {
    this.loadAll();
    return super.size;
  }

  override entries(): MapIterator<[string, string]> {
    this.loadAll();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.loadAll();
    return super.keys();
  }

  override values(): MapIterator<string> {
    this.loadAll();
    return super.values();
  }

  override forEach(callback: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    this.loadAll();
    super.forEach(callback, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}

type Failed = { file: string; error: string };

/** One stage of `mapMany` over a batch: `step` on each file not failed yet, timed as `phase`; a throw fails that file only. */
function stage<I extends { file: string }, O>(items: readonly (I | Failed)[], phase: string, step: (item: I) => O): (O | Failed)[] {
  return items.map((item) => {
    if ('error' in item) return item as Failed;
    try {
      const started = timings ? performance.now() : 0;
      const out = step(item as I);
      if (timings) addTiming(phase, performance.now() - started);
      return out;
    } catch (error) {
      return { file: item.file, error: describeError(error) };
    }
  });
}

/** Read (unless given), parse and walk files, a few at a time. Never throws; outcomes in the files' order. */
export function mapMany(items: readonly { file: string; text?: string }[], rules: ResolvedRule[], config: AuditConfig, maxFileSize: number): FileOutcome[] {
  const tsApi = typescript();
  const outcomes: FileOutcome[] = [];
  for (let i = 0; i < items.length; i += PARSE_AHEAD) {
    // Offsets are in the text without its BOM, as in ESLint; the fixer writes the BOM back.
    const read = stage(items.slice(i, i + PARSE_AHEAD), 'phase: read',
      ({ file, text }) => ({ file, text: stripBom(text ?? readSource(file, maxFileSize)) }));
    const parsed = stage(read, 'phase: parse', (r) => ({ ...r, sourceFile: parseText(tsApi, r.file, r.text).sourceFile }));
    outcomes.push(...stage(parsed, 'phase: walk (rules + extractors)',
      (p): FileOutcome => ({ file: p.file, text: p.text, result: analyzeFile(tsApi, p.sourceFile, p.file, rules, config.settings) })));
  }
  return outcomes;
}

function collect(outcomes: FileOutcome[], maxFileSize: number): Mapped {
  const texts = new FileTexts(maxFileSize);
  const mapped: Mapped = { results: [], errors: [], texts };
  outcomes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const o of outcomes) {
    if ('error' in o) {
      mapped.errors.push({ file: o.file, message: o.error });
    } else {
      mapped.results.push(o.result);
      if (o.text === undefined) texts.defer(o.file, o.withoutDirectives);
      else texts.set(o.file, o.text);
    }
  }
  return mapped;
}

interface LookedUp {
  hits: FileOutcome[];
  /** The files left to analyse, with their text when read. */
  todo: { file: string; text?: string }[];
  /** The stat signature of each file read, to keep with its result. */
  stats: Map<string, string>;
}

/** Cache look-ups first: the outcomes it answers, and the files left to analyse. */
function fromCache(input: MapInput): LookedUp {
  const started = performance.now();
  try {
    return lookUp(input);
  } finally {
    if (input.cache) addTiming('phase: cache look-ups (read + hash)', performance.now() - started);
  }
}

function lookUp(input: MapInput): LookedUp {
  const hits: FileOutcome[] = [];
  const todo: { file: string; text?: string }[] = [];
  const stats = new Map<string, string>();
  const { cache } = input;
  const now = Date.now();
  for (const file of input.files) {
    const given = input.textOf?.(file);
    if (!cache) {
      todo.push(given === undefined ? { file } : { file, text: given });
      continue;
    }
    if (given === undefined && input.trustStat) {
      const known = byStat(cache, file, input.maxFileSize, now);
      if (known) {
        hits.push({ file, result: known.result, withoutDirectives: known.hash.endsWith(WITHOUT_DIRECTIVES) });
        continue;
      }
    }
    let raw: string;
    let stat: string | undefined;
    try {
      if (given !== undefined) {
        raw = given;
      } else {
        const read = readSourceAndStat(file, input.maxFileSize);
        raw = read.text;
        stat = statSignature(read.stat, now);
      }
    } catch (error) {
      hits.push({ file, error: describeError(error) });
      continue;
    }
    if (stat !== undefined) stats.set(file, stat);
    const cached = cache.get(file, contentHash(raw), stat);
    if (cached) hits.push({ file, text: stripBom(raw), result: cached });
    else todo.push({ file, text: raw });
  }
  return { hits, todo, stats };
}

/** The cached result of a file whose stat signature is the one kept with it (anything else: the read decides). */
function byStat(cache: ResultCache, file: string, maxFileSize: number, now: number): { result: FileResult; hash: string } | undefined {
  const stat = sourceFileStat(file, maxFileSize);
  if (!stat) return undefined;
  const signature = statSignature(stat, now);
  return signature === undefined ? undefined : cache.getByStat(file, signature);
}

function remember(input: MapInput, stats: ReadonlyMap<string, string>, outcome: FileOutcome, raw: string | undefined): void {
  if (!input.cache || 'error' in outcome) return;
  input.cache.set(outcome.file, contentHash(raw ?? outcome.text!), outcome.result, stats.get(outcome.file));
}

/** The map step in this thread. */
export function mapSync(input: MapInput): Mapped {
  const { hits, todo, stats } = fromCache(input);
  const outcomes = [...hits];
  let done = hits.length;
  for (let i = 0; i < todo.length; i += PARSE_AHEAD) {
    const items = todo.slice(i, i + PARSE_AHEAD);
    input.onProgress?.(done, input.files.length);
    mapMany(items, input.rules, input.config, input.maxFileSize).forEach((outcome, k) => {
      remember(input, stats, outcome, items[k]!.text);
      outcomes.push(outcome);
    });
    done += items.length;
  }
  input.onProgress?.(input.files.length, input.files.length);
  return collect(outcomes, input.maxFileSize);
}

/** The compiled worker script (tests run this module from src/, the worker always from dist/). */
function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return path.join(path.dirname(here), 'worker.js');
  return path.resolve(path.dirname(here), '../../dist/src/audit/worker.js');
}

export interface WorkerInit {
  config: AuditConfig;
  maxFileSize: number;
  /** V8's code cache of TypeScript (see ./typescript.ts): a worker then loads it in a fraction of the time. */
  [CODE_CACHE_KEY]?: Buffer;
}

export interface WorkerBatch {
  items: { file: string; text?: string }[];
}

const BATCH = 32;

/** The map step in `concurrency` worker threads; results are identical to `mapSync`'s. */
/**
 * The map step on `concurrency` threads: this one and `concurrency - 1` workers. This thread
 * works too, from the first file: a worker spends its first half second loading TypeScript,
 * and on a small machine a main thread that only waited was a core lost (two workers on two
 * cores were slower than one thread). Batches are handed out as threads ask for them.
 */
export async function mapParallel(input: MapInput, concurrency: number): Promise<Mapped> {
  const { hits, todo, stats } = fromCache(input);
  const outcomes: FileOutcome[] = [...hits];
  let done = hits.length;
  let next = 0;
  const workerCount = Math.max(0, Math.min(concurrency - 1, Math.ceil(todo.length / BATCH) - 1));
  const codeCache = workerCount > 0 ? typescriptCodeCache() : undefined;
  const init: WorkerInit = { config: input.config, maxFileSize: input.maxFileSize, ...(codeCache ? { [CODE_CACHE_KEY]: codeCache } : {}) };
  const rawOf = new Map(todo.map((t) => [t.file, t.text]));
  const take = (): { file: string; text?: string }[] => {
    const items = todo.slice(next, next + BATCH);
    next += items.length;
    return items;
  };
  const accept = (outcome: FileOutcome, raw: string | undefined) => {
    remember(input, stats, outcome, raw);
    outcomes.push(outcome);
    input.onProgress?.(done++, input.files.length);
  };

  const workers = Array.from({ length: todo.length === 0 ? 0 : workerCount }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(workerScript(), { workerData: init });
    // Two batches in flight: the next one is queued while this thread is busy with its own.
    let inFlight = 0;
    const send = () => {
      const items = take();
      if (items.length > 0) {
        inFlight++;
        worker.postMessage({ items } satisfies WorkerBatch);
      } else if (inFlight === 0) {
        void worker.terminate().then(() => resolve(), reject);
      }
    };
    worker.on('message', (batch: FileOutcome[]) => {
      inFlight--;
      for (const outcome of batch) accept(outcome, rawOf.get(outcome.file));
      send();
    });
    worker.on('error', reject);
    send();
    send();
  }));
  // This thread's share: a batch at a time, yielding in between so that workers' results are
  // taken in and they get their next batch without waiting.
  for (;;) {
    const items = take();
    if (items.length === 0) break;
    mapMany(items, input.rules, input.config, input.maxFileSize).forEach((outcome, k) => accept(outcome, items[k]!.text));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  input.onProgress?.(input.files.length, input.files.length);
  return collect(outcomes, input.maxFileSize);
}

// The map step of the audit: read, parse and walk each file once, keeping only plain data (facts,
// findings, the text for suppressions and fixes) and dropping the AST. Runs in this thread, or
// in worker threads (`--concurrency`), and reuses unchanged files' results from the cache.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ts } from 'ts-morph';
import { analyzeFile } from '../engine/analyze.js';
import { ParseError, parseText } from '../engine/parse.js';
import type { FileResult, TypeScriptApi } from '../engine/types.js';
import type { AuditConfig, ResolvedRule } from './config.js';
import type { AuditCache } from './cache.js';

const tsApi = ts as unknown as TypeScriptApi;

export interface MapError {
  file: string;
  message: string;
}

export interface Mapped {
  results: FileResult[];
  errors: MapError[];
  /** Each analysed file's text, BOM removed (offsets in findings are in it). */
  texts: Map<string, string>;
}

export interface MapInput {
  files: readonly string[];
  rules: ResolvedRule[];
  config: AuditConfig;
  maxFileSize: number;
  /** Text to analyse instead of the file's (e.g. the staged version); `undefined`: read the file. */
  textOf?: (file: string) => string | undefined;
  cache?: AuditCache;
  onProgress?(done: number, total: number): void;
}

export function analyzeText(file: string, text: string, rules: ResolvedRule[], config: AuditConfig): FileResult {
  const { sourceFile } = parseText(tsApi, file, text);
  return analyzeFile(tsApi, sourceFile, file, rules, config.settings);
}

export function describeError(error: unknown): string {
  if (error instanceof ParseError) return error.message;
  const e = error as NodeJS.ErrnoException;
  if (e?.code) return `cannot read: ${e.code}`;
  return `internal error: ${(error as Error)?.message ?? String(error)}`.split('\n')[0]!;
}

function isUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

/** A file's text, or a ParseError that says why it is skipped (never opens a non-regular file). */
export function readSource(file: string, maxFileSize: number): string {
  const stat = fs.lstatSync(file);
  if (!stat.isFile()) {
    const real = fs.statSync(file);
    if (!real.isFile()) throw new ParseError('not a regular file: skipped');
  }
  if (stat.size > maxFileSize) throw new ParseError(`larger than --max-file-size (${stat.size} > ${maxFileSize} bytes): skipped`);
  const buffer = fs.readFileSync(file);
  if (buffer.includes(0)) throw new ParseError('binary file (contains NUL bytes): skipped');
  if (!isUtf8(buffer)) throw new ParseError('not valid UTF-8: skipped');
  return buffer.toString('utf8');
}

const stripBom = (raw: string) => (raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export type FileOutcome = { file: string; text: string; result: FileResult } | { file: string; error: string };

/** Read (unless given) and analyse one file. Never throws. */
export function mapOne(file: string, given: string | undefined, rules: ResolvedRule[], config: AuditConfig, maxFileSize: number): FileOutcome {
  try {
    // Offsets are in the text without its BOM, as in ESLint; the fixer writes the BOM back.
    const text = stripBom(given ?? readSource(file, maxFileSize));
    return { file, text, result: analyzeText(file, text, rules, config) };
  } catch (error) {
    return { file, error: describeError(error) };
  }
}

function collect(outcomes: FileOutcome[]): Mapped {
  const mapped: Mapped = { results: [], errors: [], texts: new Map() };
  outcomes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const o of outcomes) {
    if ('error' in o) {
      mapped.errors.push({ file: o.file, message: o.error });
    } else {
      mapped.results.push(o.result);
      mapped.texts.set(o.file, o.text);
    }
  }
  return mapped;
}

/** Cache look-ups first: the outcomes it answers, and the files left to analyse (with their text when read). */
function fromCache(input: MapInput): { hits: FileOutcome[]; todo: { file: string; text?: string }[] } {
  const hits: FileOutcome[] = [];
  const todo: { file: string; text?: string }[] = [];
  for (const file of input.files) {
    const given = input.textOf?.(file);
    if (!input.cache) {
      todo.push(given === undefined ? { file } : { file, text: given });
      continue;
    }
    let raw: string;
    try {
      raw = given ?? readSource(file, input.maxFileSize);
    } catch (error) {
      hits.push({ file, error: describeError(error) });
      continue;
    }
    const text = stripBom(raw);
    const cached = input.cache.get(file, hashText(raw));
    if (cached) hits.push({ file, text, result: cached });
    else todo.push({ file, text: raw });
  }
  return { hits, todo };
}

function remember(input: MapInput, outcome: FileOutcome, raw: string | undefined): void {
  if (!input.cache || 'error' in outcome) return;
  input.cache.set(outcome.file, hashText(raw ?? outcome.text), outcome.result);
}

/** The map step in this thread. */
export function mapSync(input: MapInput): Mapped {
  const { hits, todo } = fromCache(input);
  const outcomes = [...hits];
  let done = hits.length;
  for (const { file, text } of todo) {
    input.onProgress?.(done++, input.files.length);
    const outcome = mapOne(file, text, input.rules, input.config, input.maxFileSize);
    remember(input, outcome, text);
    outcomes.push(outcome);
  }
  input.onProgress?.(input.files.length, input.files.length);
  return collect(outcomes);
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
}

export interface WorkerBatch {
  items: { file: string; text?: string }[];
}

const BATCH = 32;

/** The map step in `concurrency` worker threads; results are identical to `mapSync`'s. */
export async function mapParallel(input: MapInput, concurrency: number): Promise<Mapped> {
  const { hits, todo } = fromCache(input);
  const outcomes: FileOutcome[] = [...hits];
  let done = hits.length;
  let next = 0;
  const workerCount = Math.max(1, Math.min(concurrency, Math.ceil(todo.length / BATCH)));
  const init: WorkerInit = { config: input.config, maxFileSize: input.maxFileSize };
  const rawOf = new Map(todo.map((t) => [t.file, t.text]));

  await Promise.all(Array.from({ length: todo.length === 0 ? 0 : workerCount }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(workerScript(), { workerData: init });
    const send = () => {
      if (next >= todo.length) {
        void worker.terminate().then(() => resolve(), reject);
        return;
      }
      const items = todo.slice(next, next + BATCH);
      next += items.length;
      worker.postMessage({ items } satisfies WorkerBatch);
    };
    worker.on('message', (batch: FileOutcome[]) => {
      for (const outcome of batch) {
        remember(input, outcome, rawOf.get(outcome.file));
        outcomes.push(outcome);
        input.onProgress?.(done++, input.files.length);
      }
      send();
    });
    worker.on('error', reject);
    send();
  })));
  input.onProgress?.(input.files.length, input.files.length);
  return collect(outcomes);
}

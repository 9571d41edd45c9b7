// Per-file results kept on disk, keyed by path and content hash, valid for one key (the caller's:
// the code's version, the configuration, the root). An unchanged file then costs only its read
// and hash. Both front ends use it, each with a file of its own: the audit's `--cache`
// (src/audit/cache.ts, `audit-cache.json`) and the ESLint plugin's project scan
// (src/eslint/project.ts, `eslint-scan-<root hash>.json`).
//
// Two files: a base (`audit-cache.json`, every entry) and a journal beside it
// (`audit-cache.json.journal`, the entries changed since), so a run that changed a few files
// appends a few lines instead of rewriting the whole cache (on 2,000 files: ~150 ms of serialising
// and writing 7 MB, a tenth of a warm run). The base is rewritten, atomically, and the journal
// dropped, when the journal grows past a quarter of the base or entries must go (files no longer
// in the project).
//
// Results are read only when used. The base's first line is its index (format version, key, and
// per file: path, content hash, result digest, byte length); each following line is one result
// as JSON, in index order. So a run reads the index, and the results (the rest of the base) only
// if it needs them. A journal line is `[key, path, content hash, result digest]`, a tab, the
// result as JSON; a line of another configuration, or a torn last line (its digest tells), is
// skipped: the cache can only ever cost a miss.
//
// A third file (`audit-cache.json.reduced`) keeps the last reduce step's findings under a digest of
// every file's result: a run in which no file's result changed (nothing edited, or an edit that
// changed no fact and no finding) takes the findings from there and parses no result at all. The
// reduce is a function of the results, the rules and the settings (the key) alone: this is exact.
//
// An entry may also carry its file's stat signature (times, size, inode: `statSignature`), and a
// caller that finds the same signature takes the result without reading the file, as git's index
// and ESLint's `--cache-strategy metadata` do. A signature is kept only for a file last changed
// some seconds before it was looked at: a file written again within its timestamps' granularity,
// to the same size, would otherwise keep the first write's result ("racily clean", in git's words).
// A file whose content is known but whose signature changed (a checkout, a `touch`), or whose new
// content has the very result kept (a comment added), gets a journal line without the result:
// `[key, path, content hash, result digest, signature?]`, a tab, nothing.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileResult, Finding } from './types.js';
import { relativeInside } from './discover.js';
import { hashText } from './hash.js';
import { decodeUtf8, readUtf8 } from './text.js';
import { removeStaleTemporaries, writeFileAtomic } from './atomic.js';
import { codeVersion } from '../version.js';

export const CACHE_FORMAT_VERSION = 4;

/** The journal is folded into the base when it is larger than this share of the base. */
const JOURNAL_SHARE = 0.25;

interface Entry {
  /** Hash of the file's text. */
  hash: string;
  /** Hash of the result's JSON: equal digests, equal results. */
  digest: string;
  /** The result as JSON (journal entries and this run's), else where it is in the base. */
  raw?: string;
  at?: { offset: number; length: number };
  /** The file's `statSignature` when its hash was taken, if one may be trusted. */
  stat?: string;
}

/**
 * A file's times (modification and change, so a `touch` back to an old time still counts), size
 * and inode, or `undefined` when they were changed too recently to vouch for the content: within
 * RACY_MS of `now`, the time the file is looked at. Two seconds covers the coarsest timestamps
 * in use (FAT's).
 */
export function statSignature(stat: fs.Stats, now = Date.now()): string | undefined {
  if (Math.max(stat.mtimeMs, stat.ctimeMs) > now - RACY_MS) return undefined;
  return `${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}:${stat.ino}`;
}

const RACY_MS = 2000;

/** The base's first line. */
interface BaseIndex {
  v: number;
  key: string;
  /** [path, content hash, result digest, byte length of its line, stat signature?] per file, in line order. */
  files: [string, string, string, number, string?][];
}

/** A result read from the cache: parsed from its JSON when first looked at. */
function lazyResult(json: () => string): FileResult {
  let parsed: FileResult | undefined;
  const load = () => (parsed ??= JSON.parse(json()) as FileResult);
  return {
    get facts() {
      return load().facts;
    },
    get findings() {
      return load().findings;
    },
  };
}

/** The first line of a file (without reading the rest), or `undefined`. */
function firstLine(fd: number): { text: string; bytes: number } | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(total === 0 ? 256 * 1024 : total);
    const n = fs.readSync(fd, chunk, 0, chunk.length, total);
    if (n === 0) return undefined;
    const newline = chunk.subarray(0, n).indexOf(10);
    chunks.push(chunk.subarray(0, newline === -1 ? n : newline));
    total += newline === -1 ? n : newline;
    if (newline !== -1) return { text: decodeUtf8(Buffer.concat(chunks)), bytes: total + 1 };
  }
}

export interface ReducedStore {
  read(): Finding[] | undefined;
  write(findings: readonly Finding[]): void;
}

function readReduced(file: string, key: string, digest: string): Finding[] | undefined {
  try {
    const text = readUtf8(file);
    const tab = text.indexOf('\t');
    if (tab === -1 || text.slice(0, tab) !== JSON.stringify([key, digest])) return undefined;
    return JSON.parse(text.slice(tab + 1)) as Finding[];
  } catch {
    return undefined;
  }
}

function writeReduced(file: string, key: string, digest: string, findings: readonly Finding[]): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, `${JSON.stringify([key, digest])}\t${JSON.stringify(findings)}`);
  } catch {
    // Only costs a reduce next time.
  }
}

/** A cache's full key: the caller's, the root's, and the code's and this format's versions. */
export function cacheKey(root: string, key: string): string {
  return hashText(JSON.stringify([codeVersion(), CACHE_FORMAT_VERSION, root, key]));
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private readonly used = new Set<string>();
  /** Entries of files still in the project, used by this run or not (see `retain`). */
  private readonly retained = new Set<string>();
  /** Entries of this run not yet on disk. */
  private readonly added = new Set<string>();
  /** Entries whose result is on disk, under a new content hash or stat signature that is not (see `restate`). */
  private readonly restated = new Set<string>();
  private baseBytes = 0;
  private journalBytes = 0;
  /** The base's bytes, read when a result in it is first needed. */
  private baseData: Buffer | undefined;
  /**
   * The base stays open from its index to its data: a concurrent run may rename a new base into
   * place meanwhile, and this one must read the file its index described.
   */
  private fd: number | undefined;
  readonly journal: string;
  readonly reducedFile: string;

  /**
   * What every entry is valid for: the caller's key (its configuration), the root, and, added
   * here so that no caller can leave them out, the code's version and this format's.
   */
  readonly key: string;

  constructor(readonly file: string, key: string, private readonly root: string) {
    this.key = cacheKey(root, key);
    this.journal = `${file}.journal`;
    this.reducedFile = `${file}.reduced`;
    const base = this.readIndex();
    // A base of another configuration or format: its journal is as foreign, and the next save
    // rewrites both.
    if (base === 'foreign') return;
    try {
      const text = readUtf8(this.journal);
      this.journalBytes = text.length;
      for (let at = 0; at < text.length;) {
        let end = text.indexOf('\n', at);
        if (end === -1) end = text.length;
        const tab = text.indexOf('\t', at);
        if (tab !== -1 && tab < end) this.journalLine(text.slice(at, tab), text.slice(tab + 1, end));
        at = end + 1;
      }
    } catch {
      // No journal.
    }
  }

  private readIndex(): 'read' | 'none' | 'foreign' {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch {
      return 'none';
    }
    try {
      const size = fs.fstatSync(fd).size;
      const line = firstLine(fd);
      const index = line && (JSON.parse(line.text) as BaseIndex);
      if (!index || index.v !== CACHE_FORMAT_VERSION || index.key !== this.key || !Array.isArray(index.files)) return 'foreign';
      let offset = line.bytes;
      for (const [rel, hash, digest, length, stat] of index.files) {
        this.entries.set(rel, { hash, digest, at: { offset, length }, ...(typeof stat === 'string' ? { stat } : {}) });
        offset += length + 1;
      }
      // A base is written whole and renamed into place: a size that does not add up is damage.
      if (offset !== size) {
        this.entries.clear();
        return 'foreign';
      }
      this.baseBytes = size;
      if (index.files.length > 0) this.fd = fd;
      return 'read';
    } catch {
      this.entries.clear();
      return 'foreign';
    } finally {
      if (this.fd !== fd) fs.closeSync(fd);
    }
  }

  /** Close the base (a result not read by now cannot be read). */
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private journalLine(header: string, raw: string): void {
    let fields: unknown;
    try {
      fields = JSON.parse(header);
    } catch {
      return; // a line torn by a crash or a concurrent writer
    }
    if (!Array.isArray(fields) || (fields.length !== 4 && fields.length !== 5) || fields[0] !== this.key) return;
    const [, rel, hash, digest, stat] = fields as [string, unknown, unknown, unknown, unknown];
    if (typeof rel !== 'string' || typeof hash !== 'string' || typeof digest !== 'string') return;
    if (stat !== undefined && typeof stat !== 'string') return;
    if (raw === '') {
      // The result already kept under that digest, for this content hash and signature (see `restate`).
      const entry = this.entries.get(rel);
      if (entry && entry.digest === digest) this.restate(rel, entry, hash, stat as string | undefined);
      return;
    }
    // A torn last line: its result is cut short, which its digest tells.
    if (hashText(raw) !== digest) return;
    this.entries.set(rel, { hash, digest, raw, ...(stat !== undefined ? { stat } : {}) });
  }

  /** The JSON of an entry's result. */
  private rawOf(entry: Entry): string {
    if (entry.raw !== undefined) return entry.raw;
    const { offset, length } = entry.at!;
    return decodeUtf8(this.base().subarray(offset, offset + length));
  }

  /** The base's bytes, read on first use. */
  private base(): Buffer {
    if (!this.baseData) {
      if (this.fd === undefined) throw new Error(`scalelint: the cache ${this.file} was closed before its results were read`);
      this.baseData = Buffer.allocUnsafe(this.baseBytes);
      for (let read = 0; read < this.baseBytes;) {
        const n = fs.readSync(this.fd, this.baseData, read, this.baseBytes - read, read);
        if (n === 0) throw new Error(`scalelint: the cache ${this.file} was cut short while in use`);
        read += n;
      }
    }
    return this.baseData;
  }

  /**
   * Close the base, keeping the results this run used readable: the base's bytes are read now when
   * one of them is in it (for a caller that holds results longer than the cache stays open).
   */
  detach(): void {
    if (this.fd === undefined) return;
    for (const rel of this.used) {
      if (this.entries.get(rel)!.raw === undefined) {
        this.base();
        break;
      }
    }
    this.close();
  }

  private rel(file: string): string {
    const rel = relativeInside(this.root, file) ?? path.relative(this.root, file);
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  }

  /**
   * The result kept for this content hash. With the file's `statSignature` (taken before its text
   * was read), an entry that lacked it or had another one takes it, for `getByStat` next time.
   */
  get(file: string, hash: string, stat?: string): FileResult | undefined {
    const rel = this.rel(file);
    const entry = this.entries.get(rel);
    if (!entry || entry.hash !== hash) return undefined;
    this.used.add(rel);
    // After a checkout every file's times are new: journalled without the result (writing each
    // again, which read the whole base for it, cost a fifth of such a run).
    if (stat !== undefined && entry.stat !== stat) this.restated.add(this.restate(rel, entry, hash, stat));
    return lazyResult(() => this.rawOf(entry));
  }

  /** The result (and the content hash it is for) of a file whose stat signature has not changed: no read needed. */
  getByStat(file: string, stat: string): { result: FileResult; hash: string } | undefined {
    const rel = this.rel(file);
    const entry = this.entries.get(rel);
    if (!entry || entry.stat !== stat) return undefined;
    this.used.add(rel);
    return { result: lazyResult(() => this.rawOf(entry)), hash: entry.hash };
  }

  set(file: string, hash: string, result: FileResult, stat?: string): void {
    const rel = this.rel(file);
    const raw = JSON.stringify(result);
    const digest = hashText(raw);
    this.used.add(rel);
    const known = this.entries.get(rel);
    if (known && known.digest === digest) {
      // New content, same result (a comment, a blank line): the kept result, under the new hash.
      // (An entry added earlier in this run keeps its result in memory and its full journal line.)
      this.restated.add(this.restate(rel, known, hash, stat));
      return;
    }
    this.entries.set(rel, { hash, digest, raw, ...(stat !== undefined ? { stat } : {}) });
    this.added.add(rel);
  }

  /**
   * The entry's result stands for this content hash and stat signature now: a journal line with
   * no result says so (`[key, path, hash, digest, signature?]`, a tab, nothing).
   */
  private restate(rel: string, entry: Entry, hash: string, stat: string | undefined): string {
    entry.hash = hash;
    if (stat === undefined) delete entry.stat;
    else entry.stat = stat;
    return rel;
  }

  /**
   * The project's files: their entries stay although this run may not use them (a `--shard` run
   * analyses a part of the project, and the base it saves must not lose the other parts'
   * results). Entries of other files go at the next rewrite.
   */
  retain(files: readonly string[]): void {
    for (const file of files) {
      const rel = this.rel(file);
      if (this.entries.has(rel)) this.retained.add(rel);
    }
  }

  /** A digest of every result this run used: the reduce step's input, for `reduced`. */
  resultsDigest(): string {
    const hash = createHash('sha1').update(this.key);
    for (const rel of [...this.used].sort()) hash.update(`\n${rel}\t${this.entries.get(rel)!.digest}`);
    return hash.digest('hex');
  }

  /**
   * The reduce step's findings kept under `digest` (`resultsDigest()`, or the caller's own digest
   * of what the reduce read). The store keeps only two strings: a caller that holds it past the
   * scan does not keep this cache's results in memory with it.
   */
  reducedStore(digest: string): ReducedStore {
    const { reducedFile, key } = this;
    return {
      read: () => readReduced(reducedFile, key, digest),
      write: (findings) => writeReduced(reducedFile, key, digest, findings),
    };
  }

  /** The journal lines of this run's entries, or `undefined` when the base must be rewritten. */
  private journalLines(stale: boolean): string | undefined {
    if (stale || this.baseBytes === 0) return undefined;
    let bytes = this.journalBytes;
    const lines: string[] = [];
    for (const rel of [...this.added, ...[...this.restated].filter((r) => !this.added.has(r))]) {
      const { hash, digest, raw, stat } = this.entries.get(rel)!;
      // A restated entry's line has no result (an empty one: a result's JSON never is).
      const result = this.added.has(rel) ? raw! : '';
      lines.push(`${JSON.stringify([this.key, rel, hash, digest, ...(stat !== undefined ? [stat] : [])])}\t${result}`);
      bytes += lines[lines.length - 1]!.length + 1;
      if (bytes > this.baseBytes * JOURNAL_SHARE) return undefined;
    }
    return `${lines.join('\n')}\n`;
  }

  /** A new base, in parts: the index line, then each result's line, for the entries of this run. */
  private baseParts(): string[] {
    const rels = [...new Set([...this.used, ...this.retained])].sort();
    const index: BaseIndex = { v: CACHE_FORMAT_VERSION, key: this.key, files: [] };
    const lines: string[] = [];
    for (const rel of rels) {
      const entry = this.entries.get(rel)!;
      const raw = this.rawOf(entry);
      const row: BaseIndex['files'][number] = [rel, entry.hash, entry.digest, Buffer.byteLength(raw)];
      if (entry.stat !== undefined) row.push(entry.stat);
      index.files.push(row);
      lines.push(raw);
    }
    const parts = [`${JSON.stringify(index)}\n`];
    for (const line of lines) parts.push(line, '\n');
    return parts;
  }

  /**
   * Put this run's entries on disk: appended to the journal, or (when entries must go, or the
   * journal has grown) the base rewritten atomically with the entries of this run only.
   */
  save(): void {
    let stale = false;
    for (const rel of this.entries.keys()) {
      if (!this.used.has(rel) && !this.retained.has(rel)) {
        stale = true;
        break;
      }
    }
    if (!stale && this.added.size === 0 && this.restated.size === 0) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const lines = this.journalLines(stale);
      if (lines !== undefined) {
        fs.appendFileSync(this.journal, lines);
        return;
      }
      // The base is the large file (11 MB at 2,000 files): a run killed while rewriting it left
      // its temporary file, which a cache folder kept between CI runs would carry along.
      removeStaleTemporaries(path.dirname(this.file));
      writeFileAtomic(this.file, this.baseParts());
      fs.rmSync(this.journal, { force: true });
    } catch {
      // A cache that cannot be written only costs speed next time.
    }
  }
}

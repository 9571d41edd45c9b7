// `--cache`: per-file results keyed by path and content hash, valid for one tool version, one
// configuration and one root. An unchanged file then costs only its read and hash.
//
// Two files: a base (`audit-cache.json`, every entry) and a journal beside it
// (`audit-cache.json.journal`, one JSON line per entry changed since), so a run that changed a few
// files appends a few lines instead of rewriting the whole cache (on 2,000 files: ~150 ms of
// serialising and writing 7 MB, a tenth of a warm run). The base is rewritten, atomically, and the
// journal dropped, when the journal grows past a quarter of the base or entries must go (files no
// longer in the project). Every journal line carries the configuration key, so a line from another
// configuration, or a torn last line, is skipped: the cache can only ever cost a miss.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileResult } from '../engine/types.js';
import { pkg } from '../version.js';
import { relativeInside } from '../engine/discover.js';
import { readUtf8 } from './text.js';
import type { AuditConfig } from './config.js';

export const CACHE_FORMAT_VERSION = 2;

/** The journal is folded into the base when it is larger than this share of the base. */
const JOURNAL_SHARE = 0.25;

interface Entry {
  hash: string;
  result: FileResult;
}

interface CacheFile {
  formatVersion: number;
  key: string;
  files: Record<string, Entry>;
}

interface JournalLine extends Entry {
  v: number;
  key: string;
  file: string;
}

export function configKey(root: string, config: AuditConfig): string {
  return createHash('sha1').update(JSON.stringify([pkg.version, CACHE_FORMAT_VERSION, root, config])).digest('hex');
}

export class AuditCache {
  private entries: Record<string, Entry> = {};
  private readonly used = new Set<string>();
  /** Entries of this run not yet on disk. */
  private readonly added: string[] = [];
  private baseBytes = 0;
  private journalBytes = 0;
  readonly journal: string;

  constructor(readonly file: string, private readonly key: string, private readonly root: string) {
    this.journal = `${file}.journal`;
    try {
      const text = readUtf8(file);
      const data = JSON.parse(text) as CacheFile;
      if (data.formatVersion === CACHE_FORMAT_VERSION && data.key === key && data.files) {
        this.entries = data.files;
        this.baseBytes = text.length;
      }
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
    try {
      const text = readUtf8(this.journal);
      this.journalBytes = text.length;
      for (const line of text.split('\n')) {
        if (line === '') continue;
        let parsed: JournalLine;
        try {
          parsed = JSON.parse(line) as JournalLine;
        } catch {
          continue; // a line torn by a crash or a concurrent writer
        }
        if (parsed.v === CACHE_FORMAT_VERSION && parsed.key === key && typeof parsed.file === 'string') {
          this.entries[parsed.file] = { hash: parsed.hash, result: parsed.result };
        }
      }
    } catch {
      // No journal.
    }
  }

  static forProject(root: string, config: AuditConfig, location?: string): AuditCache {
    const file = location ?? path.join(root, 'node_modules', '.cache', 'scalelint', 'audit-cache.json');
    return new AuditCache(file, configKey(root, config), root);
  }

  private rel(file: string): string {
    const rel = relativeInside(this.root, file) ?? path.relative(this.root, file);
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  }

  get(file: string, hash: string): FileResult | undefined {
    const rel = this.rel(file);
    const entry = this.entries[rel];
    if (!entry || entry.hash !== hash) return undefined;
    this.used.add(rel);
    return entry.result;
  }

  set(file: string, hash: string, result: FileResult): void {
    const rel = this.rel(file);
    this.entries[rel] = { hash, result };
    this.used.add(rel);
    this.added.push(rel);
  }

  /** The journal lines of this run's entries, or `undefined` when the base must be rewritten. */
  private journalLines(stale: boolean): string | undefined {
    if (stale || this.baseBytes === 0) return undefined;
    let bytes = this.journalBytes;
    const lines: string[] = [];
    for (const rel of this.added) {
      const { hash, result } = this.entries[rel]!;
      const line: JournalLine = { v: CACHE_FORMAT_VERSION, key: this.key, file: rel, hash, result };
      lines.push(JSON.stringify(line));
      bytes += lines[lines.length - 1]!.length + 1;
      if (bytes > this.baseBytes * JOURNAL_SHARE) return undefined;
    }
    return `${lines.join('\n')}\n`;
  }

  /**
   * Put this run's entries on disk: appended to the journal, or (when entries must go, or the
   * journal has grown) the base rewritten atomically with the entries of this run only.
   */
  save(): void {
    let stale = false;
    for (const rel in this.entries) {
      if (!this.used.has(rel)) {
        stale = true;
        break;
      }
    }
    if (!stale && this.added.length === 0) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const lines = this.journalLines(stale);
      if (lines !== undefined) {
        fs.appendFileSync(this.journal, lines);
        return;
      }
      const kept: Record<string, Entry> = {};
      for (const rel of [...this.used].sort()) kept[rel] = this.entries[rel]!;
      const data: CacheFile = { formatVersion: CACHE_FORMAT_VERSION, key: this.key, files: kept };
      const temp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(data));
      fs.renameSync(temp, this.file);
      fs.rmSync(this.journal, { force: true });
    } catch {
      // A cache that cannot be written only costs speed next time.
    }
  }
}

// `--cache`: per-file results keyed by path and content hash, valid for one tool version, one
// configuration and one root. An unchanged file then costs only its read and hash.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileResult } from '../engine/types.js';
import { pkg } from '../version.js';
import type { AuditConfig } from './config.js';

export const CACHE_FORMAT_VERSION = 1;

interface CacheFile {
  formatVersion: number;
  key: string;
  files: Record<string, { hash: string; result: FileResult }>;
}

export function configKey(root: string, config: AuditConfig): string {
  return createHash('sha1').update(JSON.stringify([pkg.version, CACHE_FORMAT_VERSION, root, config])).digest('hex');
}

export class AuditCache {
  private entries: CacheFile['files'] = {};
  private readonly used = new Set<string>();
  private dirty = false;

  constructor(readonly file: string, private readonly key: string, private readonly root: string) {
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
      if (data.formatVersion === CACHE_FORMAT_VERSION && data.key === key && data.files) this.entries = data.files;
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  static forProject(root: string, config: AuditConfig, location?: string): AuditCache {
    const file = location ?? path.join(root, 'node_modules', '.cache', 'scalelint', 'audit-cache.json');
    return new AuditCache(file, configKey(root, config), root);
  }

  private rel(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
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
    this.dirty = true;
  }

  /** Write the entries of this run (files gone from the project drop out), atomically. */
  save(): void {
    const kept: CacheFile['files'] = {};
    for (const rel of [...this.used].sort()) kept[rel] = this.entries[rel]!;
    if (!this.dirty && Object.keys(kept).length === Object.keys(this.entries).length) return;
    const data: CacheFile = { formatVersion: CACHE_FORMAT_VERSION, key: this.key, files: kept };
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(data));
      fs.renameSync(temp, this.file);
    } catch {
      // A cache that cannot be written only costs speed next time.
    }
  }
}

// Shard files: what `scalelint audit --shard i/n` writes and `scalelint merge` reads. The map
// step's plain data (facts and findings per file), so a CI matrix is the distributed engine and
// the merge reduces them into exactly the report an unsharded run gives.
import type { FileResult } from '../engine/types.js';
import { pkg } from '../version.js';
import type { AuditConfig } from './config.js';
import type { Mapped, MapError } from './map.js';

export const SHARD_FORMAT_VERSION = 1;

export interface ShardFile {
  tool: 'scalelint';
  kind: 'shard';
  formatVersion: number;
  version: string;
  root: string;
  config: AuditConfig;
  shard: { index: number; total: number };
  results: FileResult[];
  errors: MapError[];
}

export class ShardError extends Error {}

export function toShard(root: string, config: AuditConfig, shard: { index: number; total: number }, mapped: Mapped, listingErrors: MapError[]): ShardFile {
  // Listing errors (a broken tsconfig) are the same in every shard: the first one carries them.
  const errors = [...(shard.index === 1 ? listingErrors : []), ...mapped.errors];
  return { tool: 'scalelint', kind: 'shard', formatVersion: SHARD_FORMAT_VERSION, version: pkg.version, root, config, shard, results: mapped.results, errors };
}

export function parseShardSpec(spec: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index < 1 || index > total) throw new ShardError(`--shard takes I/N with 1 <= I <= N (got "${spec}")`);
  return { index, total };
}

/** Check that the shards belong together and cover every part once, and join them. */
export function fromShards(shards: readonly ShardFile[]): { root: string; config: AuditConfig; mapped: Mapped; listingErrors: MapError[] } {
  if (shards.length === 0) throw new ShardError('merge needs at least one shard file');
  const first = shards[0]!;
  for (const s of shards) {
    if (s?.tool !== 'scalelint' || s.kind !== 'shard') throw new ShardError('not a scalelint shard file');
    if (s.formatVersion !== SHARD_FORMAT_VERSION) throw new ShardError(`shard format ${s.formatVersion} is not supported (expected ${SHARD_FORMAT_VERSION})`);
    if (s.version !== pkg.version) throw new ShardError(`a shard was written by scalelint ${s.version}; this is ${pkg.version}`);
    if (s.root !== first.root || JSON.stringify(s.config) !== JSON.stringify(first.config) || s.shard.total !== first.shard.total) {
      throw new ShardError('the shards come from different runs (root, configuration or shard count differ)');
    }
  }
  const seen = new Set(shards.map((s) => s.shard.index));
  const missing = Array.from({ length: first.shard.total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0 || seen.size !== shards.length) {
    throw new ShardError(`shards must cover 1..${first.shard.total} once each${missing.length ? `; missing ${missing.join(', ')}` : '; some appear twice'}`);
  }
  const results = shards.flatMap((s) => s.results).sort((a, b) => (a.facts.file < b.facts.file ? -1 : a.facts.file > b.facts.file ? 1 : 0));
  const errors = shards.flatMap((s) => s.errors);
  return { root: first.root, config: first.config, mapped: { results, errors, texts: new Map() }, listingErrors: [] };
}

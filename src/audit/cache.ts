// `--cache`: the audit's results on disk (src/engine/result-cache.ts), in the project's
// node_modules/.cache/scalelint, valid for one configuration (and, as every result cache, for one
// version of the code and one root).
import * as path from 'node:path';
import { ResultCache } from '../engine/result-cache.js';
import type { AuditConfig } from './config.js';

/** Where `--cache` keeps its results (`--cache-location`, else in the project's node_modules). */
export function auditCacheFile(root: string, location?: string): string {
  return location ?? path.join(root, 'node_modules', '.cache', 'scalelint', 'audit-cache.json');
}

export function auditCache(root: string, config: AuditConfig, location?: string): ResultCache {
  return new ResultCache(auditCacheFile(root, location), JSON.stringify(config), root);
}

/** Where `--cache` keeps the file listing (./listing-cache.ts): beside the results. */
export function listingCacheFile(root: string, location?: string): string {
  return `${auditCacheFile(root, location)}.listing`;
}

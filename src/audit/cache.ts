// `--cache`: the audit's results on disk (src/engine/result-cache.ts), in the project's
// node_modules/.cache/scalelint, valid for one configuration (and, as every result cache, for one
// version of the code and one root).
import * as path from 'node:path';
import { ResultCache } from '../engine/result-cache.js';
import type { AuditConfig } from './config.js';

export function auditCache(root: string, config: AuditConfig, location?: string): ResultCache {
  const file = location ?? path.join(root, 'node_modules', '.cache', 'scalelint', 'audit-cache.json');
  return new ResultCache(file, JSON.stringify(config), root);
}

// `--cache`: the audit's results on disk (src/engine/result-cache.ts), in the project's
// node_modules/.cache/scalelint, valid for one version of the code (codeVersion), one
// configuration and one root.
import * as path from 'node:path';
import { hashText } from '../engine/hash.js';
import { CACHE_FORMAT_VERSION, ResultCache } from '../engine/result-cache.js';
import { codeVersion } from '../version.js';
import type { AuditConfig } from './config.js';

export function configKey(root: string, config: AuditConfig): string {
  return hashText(JSON.stringify([codeVersion(), CACHE_FORMAT_VERSION, root, config]));
}

export function auditCache(root: string, config: AuditConfig, location?: string): ResultCache {
  const file = location ?? path.join(root, 'node_modules', '.cache', 'scalelint', 'audit-cache.json');
  return new ResultCache(file, configKey(root, config), root);
}

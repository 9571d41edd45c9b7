// scalelint.config.json (or a "scalelint" key in package.json, or --config FILE): JSON only, never
// executed. Validated against schemas/config.schema.json (generated in config-schema.ts) and each
// rule's option schema; an error names the bad key and the allowed values. The ESLint plugin's
// `configFromFile` reads the same file through this module: keep it free of ts-morph.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Settings } from '../engine/settings.js';
import { settingsKeys } from '../engine/settings.js';
import { ConfigError, compileSchema, defaultConfig, resolveRules, schemaErrors, type AuditConfig } from './config.js';
import { configSchema } from './config-schema.js';
import { stripBom } from '../engine/text.js';

export const CONFIG_FILE = 'scalelint.config.json';

let validateTop: ReturnType<typeof compileSchema> | undefined;

export function parseConfig(raw: unknown, source: string): AuditConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${source}: must be a JSON object`);
  // Rule entries are checked one by one below, with messages that list the known rules.
  validateTop ??= compileSchema(configSchema({ ruleEntries: false }));
  const errors = schemaErrors(validateTop, raw, '');
  if (errors.length > 0) throw new ConfigError(`${source}: ${errors.slice(0, 5).join('; ')}`);

  const input = raw as Record<string, unknown>;
  const config = defaultConfig();
  if (input.extends !== undefined) config.extends = input.extends as AuditConfig['extends'];
  if (input.rules !== undefined) config.rules = input.rules as AuditConfig['rules'];
  if (input.include !== undefined) config.include = input.include as string[];
  if (input.exclude !== undefined) config.exclude = input.exclude as string[];
  const settings: Record<string, unknown> = {};
  for (const key of settingsKeys) if (input[key] !== undefined) settings[key] = input[key];
  config.settings = settings as Settings;
  try {
    resolveRules(config);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${source}: ${error.message}`);
    throw error;
  }
  return config;
}

export interface FoundConfig {
  config: AuditConfig;
  /** The file it came from (undefined: no config, the defaults). */
  file?: string;
}

/** The config for a project folder: `explicit`, else scalelint.config.json, else package.json's "scalelint". */
export function findConfig(root: string, explicit?: string): FoundConfig {
  if (explicit) return { config: parseConfig(readJson(explicit), explicit), file: path.resolve(explicit) };
  const file = path.join(root, CONFIG_FILE);
  if (fs.existsSync(file)) return { config: parseConfig(readJson(file), CONFIG_FILE), file };
  const pkg = path.join(root, 'package.json');
  if (fs.existsSync(pkg)) {
    const json = readJson(pkg) as { scalelint?: unknown };
    if (json && typeof json === 'object' && json.scalelint !== undefined) {
      return { config: parseConfig(json.scalelint, 'package.json "scalelint"'), file: pkg };
    }
  }
  return { config: defaultConfig() };
}

export function loadConfig(root: string, explicit?: string): AuditConfig {
  return findConfig(root, explicit).config;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(stripBom(text));
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

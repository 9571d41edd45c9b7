// scalelint.config.json (or a "scalelint" key in package.json, or --config FILE): JSON only, never
// executed. Unknown keys are errors that name the key and the allowed ones.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { settingsKeys, type Settings } from '../engine/settings.js';
import { ConfigError, defaultConfig, type AuditConfig } from './config.js';

const TOP_KEYS = ['$schema', 'extends', 'rules', 'include', 'exclude', ...settingsKeys] as const;
const PRESETS = ['recommended', 'strict', 'all'];

export function parseConfig(raw: unknown, source: string): AuditConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${source}: must be a JSON object`);
  const config = defaultConfig();
  const settings: Settings = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(TOP_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(`${source}: unknown key "${key}"; allowed keys: ${TOP_KEYS.filter((k) => k !== '$schema').join(', ')}`);
    }
    if (key === 'extends') {
      if (typeof value !== 'string' || !PRESETS.includes(value)) {
        throw new ConfigError(`${source}: "extends" must be one of ${PRESETS.join(', ')}`);
      }
      config.extends = value as AuditConfig['extends'];
    } else if (key === 'rules') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${source}: "rules" must be an object`);
      config.rules = value as AuditConfig['rules'];
    } else if (key !== '$schema' && key !== 'include' && key !== 'exclude') {
      (settings as Record<string, unknown>)[key] = value;
    }
  }
  config.settings = settings;
  return config;
}

/** The config for a project folder: `explicit`, else scalelint.config.json, else package.json's "scalelint". */
export function loadConfig(root: string, explicit?: string): AuditConfig {
  if (explicit) return parseConfig(readJson(explicit), explicit);
  const file = path.join(root, 'scalelint.config.json');
  if (fs.existsSync(file)) return parseConfig(readJson(file), 'scalelint.config.json');
  const pkg = path.join(root, 'package.json');
  if (fs.existsSync(pkg)) {
    const json = readJson(pkg) as { scalelint?: unknown };
    if (json && typeof json === 'object' && json.scalelint !== undefined) return parseConfig(json.scalelint, 'package.json "scalelint"');
  }
  return defaultConfig();
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

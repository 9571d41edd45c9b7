// The JSON Schema of scalelint.config.json (and package.json "scalelint"), generated from the
// settings schema and each rule's metadata. `npm run build` writes it to schemas/config.schema.json
// (git-ignored, shipped in the package), so it always lists the rules of the build.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules as allRules } from '../../rules/index.js';
import { settingsKeys, settingsSchema } from '../engine/settings.js';
import type { RuleDefinition } from '../engine/types.js';

export const PRESETS = ['recommended', 'strict', 'all'] as const;

const severity = {
  description: 'off, warn or error (or 0, 1, 2 as in ESLint).',
  enum: ['off', 'warn', 'error', 0, 1, 2],
};

function ruleEntry(rule: RuleDefinition<object>): Record<string, unknown> {
  const options = { ...rule.meta.schema, description: `Options of ${rule.id}.` };
  return {
    description: `${rule.meta.description} (default in \`${rule.meta.config}\` and wider presets).`,
    anyOf: [
      severity,
      { type: 'array', items: [severity, options], minItems: 1, maxItems: 2 },
      {
        type: 'object',
        properties: { severity, options },
        required: ['severity'],
        additionalProperties: false,
      },
    ],
  };
}

const globs = (description: string) => ({ type: 'array', description, items: { type: 'string', minLength: 1 } });

/** The top-level keys whose values the config file validates with this schema. */
export function configSchema(options: { ruleEntries?: boolean } = {}): Record<string, unknown> {
  const ruleProps: Record<string, unknown> = {};
  for (const rule of allRules) {
    ruleProps[rule.id] = ruleEntry(rule);
    ruleProps[`scalelint/${rule.id}`] = { $ref: `#/properties/rules/properties/${rule.id}` };
  }
  const settings: Record<string, unknown> = {};
  for (const key of settingsKeys) settings[key] = settingsSchema[key];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'scalelint configuration',
    description: 'scalelint.config.json, or the "scalelint" key of package.json. Read as JSON, never executed.',
    type: 'object',
    properties: {
      $schema: { type: 'string', description: 'The URL or path of this schema, for editors.' },
      extends: { enum: [...PRESETS], description: 'The preset to start from (default: recommended).' },
      rules: options.ruleEntries === false
        ? { type: 'object', description: 'Rule severities and options.' }
        : { type: 'object', description: 'Rule severities and options.', properties: ruleProps, additionalProperties: false },
      include: globs('Globs relative to the project root: only matching files are analysed.'),
      exclude: globs('Globs relative to the project root: matching files are never analysed.'),
      ...settings,
    },
    additionalProperties: false,
  };
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  process.stdout.write(JSON.stringify(configSchema(), null, 2) + '\n');
}

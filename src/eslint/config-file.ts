// `configFromFile()`: one scalelint.config.json configures both front ends. It reads the file (or
// package.json "scalelint") as JSON with the audit's own parser and validation — never executing
// anything — and returns a flat-config object: the plugin, its parser, every rule at the severity
// and options the audit would use (`off` included), `settings.scalelint`, and `include`/`exclude`
// as `files`/`ignores`. Use it instead of `configs.recommended`.
import type { ESLint, Linter } from 'eslint';
import * as path from 'node:path';
import { findConfig } from '../audit/config-file.js';
import { ruleSettings } from '../audit/config.js';
import { FILES } from './configs.js';

const EXTENSIONS = FILES[0]!.replace(/^\*\*\//, '');

/** An `include` glob as ESLint `files` patterns: a folder means the source files under it. */
function filesFor(glob: string): string[] {
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  if (/\.[a-z]+$|\}$/.test(g)) return [g];
  return g.endsWith('**') ? [`${g}/${EXTENSIONS}`] : [`${g}/**/${EXTENSIONS}`];
}

/** An `exclude` glob as an ESLint `ignores` pattern: a folder means everything under it. */
function ignoreFor(glob: string): string {
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  return /\.[a-z]+$|\}$|\*\*$/.test(g) ? g : `${g}/**`;
}

export function makeConfigFromFile(plugin: ESLint.Plugin, parser: Linter.Parser) {
  /**
   * The flat config for the scalelint.config.json of `dir` (default: the working directory);
   * patterns in `include`/`exclude` are taken relative to the ESLint config's folder.
   */
  return function configFromFile(dir: string = process.cwd()): Linter.Config {
    const { config } = findConfig(path.resolve(dir));
    const rules: Linter.RulesRecord = {};
    for (const [id, setting] of ruleSettings(config)) {
      rules[`scalelint/${id}`] = setting.severity === 'off' ? 'off' : [setting.severity, setting.options ?? {}];
    }
    return {
      name: 'scalelint/config-file',
      files: config.include && config.include.length > 0 ? config.include.flatMap(filesFor) : FILES,
      ...(config.exclude && config.exclude.length > 0 ? { ignores: config.exclude.map(ignoreFor) } : {}),
      plugins: { scalelint: plugin },
      languageOptions: { parser },
      rules,
      settings: { scalelint: config.settings },
    };
  };
}

// Running both front ends on a fixture project.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as parser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { audit } from '../../src/audit/run.js';
import { defaultConfig, type AuditConfig } from '../../src/audit/config.js';
import plugin from '../../src/eslint/index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

export interface Simple {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

const key = (f: Simple) => `${f.file}:${f.line}:${f.column}:${f.endLine}:${f.endColumn}:${f.ruleId}:${f.message}`;
export const sortFindings = (list: Simple[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));

export function auditFindings(root: string, config: AuditConfig = defaultConfig()): Simple[] {
  const result = audit({ root, config });
  return sortFindings(result.findings.map((f) => ({
    ruleId: f.ruleId,
    file: path.relative(root, f.file).split(path.sep).join('/'),
    line: f.span.line,
    column: f.span.column,
    endLine: f.span.endLine,
    endColumn: f.span.endColumn,
    message: f.message,
  })));
}

/** ESLint on every source file of `root` with `configs[preset]`, typed or not. */
export async function eslintFindings(root: string, options: { typed: boolean; preset?: 'recommended' | 'strict' | 'all'; rules?: Linter.RulesRecord }): Promise<Simple[]> {
  const preset = plugin.configs[options.preset ?? 'recommended'];
  const config: Linter.Config[] = [
    { ...preset, ...(options.rules ? { rules: options.rules } : {}) },
  ];
  if (options.typed) {
    config.push({
      files: ['**/*.{ts,tsx,mts,cts}'],
      languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: root } },
    });
  }
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(['.']);
  const out: Simple[] = [];
  for (const r of results) {
    for (const m of r.messages) {
      if (!m.ruleId) throw new Error(`${r.filePath}: ${m.message}`);
      out.push({
        ruleId: m.ruleId.replace(/^scalelint\//, ''),
        file: path.relative(root, r.filePath).split(path.sep).join('/'),
        line: m.line,
        column: m.column,
        endLine: m.endLine ?? m.line,
        endColumn: m.endColumn ?? m.column,
        message: m.message,
      });
    }
  }
  return sortFindings(out);
}

/** A copy of a fixture in a temporary folder (for --fix). */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `scalelint-${name.replace(/\W/g, '-')}-`));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

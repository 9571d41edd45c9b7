// Rules take the TypeScript API from their context. The same rules run on nodes built by three
// different module objects (ts-morph's bundled 6.0.2, the user's typescript 6.0.2, and
// typescript 5.9) must give the same findings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { ts as tsMorphTs } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { analyzeFile } from '../src/engine/analyze.js';
import { listSourceFiles } from '../src/engine/discover.js';
import { parseText } from '../src/engine/parse.js';
import type { TypeScriptApi } from '../src/engine/types.js';
import { reduceProject } from '../src/project/reduce.js';
import { FIXTURES } from './helpers/fixtures.js';

const require = createRequire(import.meta.url);
const copies: Record<string, TypeScriptApi> = {
  'ts-morph bundled': tsMorphTs as unknown as TypeScriptApi,
  'typescript 6.0': require('typescript') as TypeScriptApi,
  'typescript 5.9': require('typescript-5.9') as TypeScriptApi,
};

function run(ts: TypeScriptApi, root: string): string[] {
  const active = rules.map((rule) => ({ rule, options: rule.meta.defaultOptions }));
  const results = listSourceFiles(root).map((file) => {
    const { sourceFile } = parseText(ts, file, fs.readFileSync(file, 'utf8'));
    return analyzeFile(ts, sourceFile, file, active, {});
  });
  return reduceProject(results, active, { complete: true, settings: {} })
    .map((f) => `${path.relative(root, f.file)}:${f.span.line}:${f.span.column}:${f.ruleId}:${f.messageId}`)
    .sort();
}

describe('the same findings whatever TypeScript built the nodes', () => {
  it('uses three distinct module objects', () => {
    const objects = new Set(Object.values(copies));
    expect(objects.size).toBe(3);
    expect(copies['typescript 5.9']!.version).toMatch(/^5\.9\./);
  });

  for (const fixture of ['demo-app', 'timeouts/global-defaults', 'timeouts/instance-elsewhere']) {
    it(`fixtures/${fixture}`, () => {
      const root = path.join(FIXTURES, fixture);
      const [first, ...others] = Object.values(copies).map((ts) => run(ts, root));
      if (fixture === 'demo-app') expect(first!.length).toBeGreaterThan(0);
      for (const other of others) expect(other).toEqual(first);
    });
  }
});

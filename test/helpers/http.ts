// Facts of a fixture project with the `http` extractor, for tests of the request-handler model.
import * as fs from 'node:fs';
import { ts } from 'ts-morph';
import { analyzeFile } from '../../src/engine/analyze.js';
import { listSourceFiles } from '../../src/engine/discover.js';
import { parseText } from '../../src/engine/parse.js';
import type { FileFacts, RuleDefinition, TypeScriptApi } from '../../src/engine/types.js';
import { resolveImport } from '../../src/project/resolve.js';

const tsApi = ts as unknown as TypeScriptApi;

/** A rule that only asks for the `http` facts. */
const probe: RuleDefinition = {
  id: 'http-probe',
  meta: {
    type: 'problem', description: 'Probe', config: 'all', messages: {}, schema: {}, defaultOptions: {}, scope: 'file',
    requires: ['http'],
  },
  create: () => ({}),
};

export interface ProjectFacts {
  files: Map<string, FileFacts>;
  resolveImport(fromFile: string, specifier: string): string | undefined;
}

function facts(files: Map<string, FileFacts>): ProjectFacts {
  return { files, resolveImport: (from, specifier) => resolveImport(from, specifier, (f) => files.has(f)) };
}

/** Every source file of a folder, analysed with the http extractor. */
export function projectFacts(root: string): ProjectFacts {
  const files = new Map<string, FileFacts>();
  for (const file of listSourceFiles(root)) files.set(file, fileFacts(file, fs.readFileSync(file, 'utf8')));
  return facts(files);
}

/** In-memory files (absolute path → text), analysed with the http extractor. */
export function virtualProject(sources: Record<string, string>): ProjectFacts {
  const files = new Map<string, FileFacts>();
  for (const [file, text] of Object.entries(sources)) files.set(file, fileFacts(file, text));
  return facts(files);
}

function fileFacts(file: string, text: string): FileFacts {
  const { sourceFile } = parseText(tsApi, file, text);
  return analyzeFile(tsApi, sourceFile, file, [{ rule: probe, options: {} }], {}).facts;
}

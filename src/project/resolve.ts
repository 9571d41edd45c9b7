// Import resolution over facts: relative specifiers to files the front end has facts for. No file
// system access here, so the same answer comes on one machine, in workers and across CI shards.
import * as path from 'node:path';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
// What a compiled-output extension written in an import may stand for in the sources.
const SOURCE_FOR: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

export function resolveImport(fromFile: string, specifier: string, has: (file: string) => boolean): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates: string[] = [];
  const ext = path.extname(base);
  if (SOURCE_FOR[ext]) {
    const stem = base.slice(0, -ext.length);
    for (const e of SOURCE_FOR[ext]!) candidates.push(stem + e);
  }
  candidates.push(base);
  for (const e of EXTENSIONS) candidates.push(base + e);
  for (const e of EXTENSIONS) candidates.push(path.join(base, 'index' + e));
  return candidates.find(has);
}

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
  // Candidates in order, each tried as it is made (the reduce asks this for every import of every
  // file: building all twenty, through path.join, was a sixth of a warm run's reduce).
  const ext = path.extname(base);
  const sources = SOURCE_FOR[ext];
  if (sources) {
    const stem = base.slice(0, -ext.length);
    for (const e of sources) if (has(stem + e)) return stem + e;
  }
  if (has(base)) return base;
  for (const e of EXTENSIONS) if (has(base + e)) return base + e;
  // `base` is resolved: no trailing separator but at the file system's root.
  const index = `${base.endsWith(path.sep) ? base : base + path.sep}index`;
  for (const e of EXTENSIONS) if (has(index + e)) return index + e;
  return undefined;
}

// The registry of shared fact extractors. A rule names the ones it reads in `meta.requires`;
// the walk runs each requested extractor once per file, before the rules' exit handlers.
import type { ActiveRule, Extractor } from '../types.js';
import { dbExtractor } from './db.js';
import { httpExtractor } from './http.js';
import { stateExtractor } from './state.js';

export const extractors: readonly Extractor[] = [
  // Extractors register here, e.g. the HTTP surface (routes, apps, servers).
  httpExtractor,
  dbExtractor,
  stateExtractor,
];

const forRules = new WeakMap<readonly ActiveRule[], Extractor[]>();

/** The extractors the active rules need, dependencies first (computed once per rule list). */
export function extractorsFor(rules: readonly ActiveRule[]): Extractor[] {
  let out = forRules.get(rules);
  if (!out) forRules.set(rules, (out = computeExtractorsFor(rules)));
  return out;
}

function computeExtractorsFor(rules: readonly ActiveRule[]): Extractor[] {
  const byName = new Map(extractors.map((e) => [e.name, e]));
  const out: Extractor[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const extractor = byName.get(name);
    if (!extractor) throw new Error(`scalelint: unknown extractor ${name}`);
    for (const dep of extractor.requires ?? []) visit(dep);
    out.push(extractor);
  };
  for (const { rule } of rules) for (const name of rule.meta.requires ?? []) visit(name);
  return out;
}

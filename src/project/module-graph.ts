// Module-level bindings across files, from facts: which file and local name an imported binding
// is (following re-exports), and which files a set of files imports, directly or not ("is this
// file part of a server?"). No file system access: the same answer in every front end.
import type { FileFacts, ReduceContext } from '../engine/types.js';
import type { HandlerModel } from './handlers.js';

type GraphSource = Pick<ReduceContext<unknown>, 'files' | 'resolveImport'>;

const MAX_REEXPORTS = 6;
const MAX_IMPORT_DEPTH = 12;

export type BindingTarget =
  | { kind: 'local'; name: string }
  | { kind: 'import'; module: string; imported: string };

/** The file and local name an export of `file` stands for. */
export function exportedBinding(context: GraphSource, file: string, name: string, depth = 0): { file: string; local: string } | undefined {
  if (depth > MAX_REEXPORTS) return undefined;
  const facts = context.files.get(file);
  if (!facts) return undefined;
  for (const e of facts.exports) {
    if (e.name !== name) continue;
    if (e.from) {
      const target = context.resolveImport(file, e.from);
      if (target && e.imported && e.imported !== '*') return exportedBinding(context, target, e.imported, depth + 1);
      continue;
    }
    if (e.local) return { file, local: e.local };
  }
  for (const e of facts.exports) {
    if (e.name !== '*' || !e.from) continue;
    const target = context.resolveImport(file, e.from);
    const found = target && exportedBinding(context, target, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The module-level binding a target written in `file` refers to. */
export function resolveBinding(context: GraphSource, file: string, target: BindingTarget): { file: string; local: string } | undefined {
  if (target.kind === 'local') return { file, local: target.name };
  const from = context.resolveImport(file, target.module);
  return from ? exportedBinding(context, from, target.imported) : undefined;
}

/** Files that hold an app, a server or a route, and every file they import (transitively). */
export function serverFiles(context: GraphSource, model: HandlerModel): Set<string> {
  const roots = new Set<string>();
  for (const app of model.apps) roots.add(app.file);
  for (const h of model.handlers) {
    roots.add(h.route.file);
    if (h.fn) roots.add(h.fn.file);
  }
  return importClosure(context, roots);
}

export function importClosure(context: GraphSource, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  let frontier = [...roots].filter((f) => context.files.has(f));
  for (const f of frontier) seen.add(f);
  for (let depth = 0; depth < MAX_IMPORT_DEPTH && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const file of frontier) {
      const facts = context.files.get(file) as FileFacts;
      const specifiers = new Set([...facts.imports.map((i) => i.module), ...facts.exports.flatMap((e) => (e.from ? [e.from] : []))]);
      for (const specifier of specifiers) {
        const target = context.resolveImport(file, specifier);
        if (!target || seen.has(target)) continue;
        seen.add(target);
        next.push(target);
      }
    }
    frontier = next;
  }
  return seen;
}

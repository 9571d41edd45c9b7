// Across files: whether the project handles a service-wide concern, from each file's evidence
// facts (src/engine/evidence.ts) and from names users give in configuration (their own limiter,
// metrics set-up or shutdown helper, as a module or a name).
import type { EvidenceFacts } from '../engine/evidence.js';
import { moduleMatches } from '../engine/evidence.js';
import type { FileFacts, ReduceContext } from '../engine/types.js';
import type { Evidence } from '../knowledge/evidence.js';
import type { AppInfo, HandlerModel } from './handlers.js';

type Source = Pick<ReduceContext<unknown>, 'files' | 'resolveImport'>;

/** The first row of `table` proven somewhere in the project (rows with `memberCalls` may need two files). */
export function provenEvidence(
  files: ReadonlyMap<string, FileFacts>,
  factsOf: (facts: FileFacts) => EvidenceFacts | undefined,
  table: readonly Evidence[],
): Evidence | undefined {
  const hits = new Set<string>();
  const imported = new Set<string>();
  const members = new Set<string>();
  for (const facts of files.values()) {
    const e = factsOf(facts);
    if (!e) continue;
    for (const id of e.hits) hits.add(id);
    for (const id of e.imported) imported.add(id);
    for (const m of e.members) members.add(m);
  }
  return table.find((e) => hits.has(e.id)
    || (imported.has(e.id) && (e.memberCalls ?? []).some((m) => members.has(m))));
}

/** `./middleware/limiter.js` → `middleware/limiter`: a path to compare by its end. */
function pathKey(p: string): string {
  return p.split('\\').join('/')
    .replace(/^(?:\.{1,2}\/)+/, '')
    .replace(/\.(?:[mc]?[jt]s|[jt]sx)$/, '')
    .replace(/\/index$/, '')
    .replace(/\/+$/, '');
}

const isPathLike = (entry: string) => entry.startsWith('.') || entry.startsWith('/');

/**
 * Whether something the project imports, defines or uses as middleware is named by one of
 * `entries` (module specifiers such as `./middleware/limiter`, package names, or binding names),
 * or, with `pattern`, has a name matching it. Imports of `known` packages are left to their rows
 * in the evidence table (`ThrottlerModule` from @nestjs/throttler limits nothing by itself).
 */
export function projectMentions(
  context: Source,
  model: HandlerModel | undefined,
  entries: readonly string[],
  pattern?: RegExp,
  known: readonly string[] = [],
): boolean {
  const paths = entries.filter(isPathLike).map(pathKey).filter((k) => k !== '');
  const names = new Set(entries.filter((e) => !isPathLike(e)));
  const nameMatches = (n: string) => n !== '' && (names.has(n) || (pattern !== undefined && pattern.test(n)));
  const pathMatches = (p: string) => {
    const k = pathKey(p);
    return paths.some((x) => k === x || k.endsWith(`/${x}`));
  };
  for (const [file, facts] of context.files) {
    for (const i of facts.imports) {
      if (known.some((m) => moduleMatches(i.module, m))) continue;
      if (nameMatches(i.local) || (i.imported !== '*' && i.imported !== 'default' && nameMatches(i.imported))) return true;
      if ([...names].some((n) => moduleMatches(i.module, n))) return true;
      if (pattern && !isPathLike(i.module) && pattern.test(i.module)) return true;
      if (isPathLike(i.module)) {
        if (pattern && pattern.test(pathKey(i.module).split('/').pop() ?? '')) return true;
        if (pathMatches(i.module)) return true;
        const target = context.resolveImport(file, i.module);
        if (target && pathMatches(target)) return true;
      }
    }
    if (model) {
      for (const f of model.functionsIn(file)) if (f.name && f.name.split('.').some(nameMatches)) return true;
    }
  }
  if (model) {
    for (const h of model.handlers) {
      for (const m of h.middleware) {
        const name = m.item.name;
        if (name && name.split(/[.(]/).some(nameMatches)) return true;
      }
    }
  }
  return false;
}

/**
 * The apps a service-wide rule judges: those started in user code (`listen`, `serve`), not by a
 * platform (Next.js, serverless handlers, `export default app` on Workers), optionally only those
 * serving at least one route.
 */
export function startedApps(model: HandlerModel, options: { withRoutes: boolean }): AppInfo[] {
  // Nest controllers are routers the model does not mount on the app (modules declare them).
  const serves = (app: AppInfo) => model.handlers.some((h) => (h.root?.file === app.file && h.root.container.id === app.container.id)
    || (app.framework === 'nest' && h.framework === 'nest'));
  return model.apps.filter((app) => app.listens && app.framework !== 'next' && (!options.withRoutes || serves(app)));
}

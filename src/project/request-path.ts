// Pending findings that stand only on the request path: the per-file walk reports a candidate
// with `pending: { onRequestPath: true }` (the code is inside a function, in server code), and the
// reduce step keeps it when the request-handler model says that function is a handler or is
// called from one (in any file) within `maxDepth` calls. The kept finding names the handler.
import * as path from 'node:path';
import type { Finding, Json, ReduceContext, RelatedLocation } from '../engine/types.js';
import { relativeInside } from '../engine/discover.js';
import { handlerModel, type RequestPath } from './handlers.js';

/** The request path a finding's code is on, or `undefined`. */
export function requestPathOf(context: ReduceContext<unknown>, finding: Finding, maxDepth: number): RequestPath | undefined {
  return handlerModel(context).onRequestPath(finding.file, finding.span.start, maxDepth);
}

/** Where the request comes from, for a finding's `related` locations. */
export function handlerRelated(p: RequestPath): RelatedLocation[] {
  if (p.handler) {
    const route = `${p.handler.method} ${p.handler.path ?? p.handler.routePath ?? p.handler.route.text}`;
    const message = p.depth === 0 ? `request handler ${route}` : `called from the request handler ${route} (${p.depth} ${p.depth === 1 ? 'call' : 'calls'} deep)`;
    return [{ file: p.handler.route.file, line: p.handler.route.span.line, message }];
  }
  return [{ file: p.from.file, line: p.from.fact.span.line, message: 'middleware on the request path' }];
}

/**
 * Report a pending finding with what the project step adds (its handler, suggestions, a message
 * naming what another file holds), as a copy: the front ends may reduce the same per-file results
 * more than once (fix passes, caches), so pending findings are never changed in place.
 */
export function keepWith(context: ReduceContext<unknown>, finding: Finding, extra: Partial<Pick<Finding, 'related' | 'suggestions' | 'data' | 'message'>>): void {
  const { pending: _pending, ruleId: _ruleId, ...rest } = finding;
  context.report({ ...rest, ...extra });
}

/**
 * Keep each pending finding whose code is on the request path (and that `accept` accepts, given
 * that path), adding the handler as a related location.
 */
export function keepOnRequestPath(
  context: ReduceContext<unknown>,
  maxDepth: number,
  accept: (finding: Finding, path: RequestPath) => boolean = () => true,
): void {
  for (const finding of context.pending) {
    const pending = finding.pending as { [key: string]: Json } | null;
    if (!pending || pending.onRequestPath !== true) continue;
    const p = requestPathOf(context, finding, maxDepth);
    if (!p || !accept(finding, p)) continue;
    keepWith(context, finding, { related: finding.related ?? handlerRelated(p) });
  }
}

/**
 * The folder names of `file` below `root` (all of them when it is not inside `root`, or no root is
 * known): a project that sits in `~/bin/shop/` is not a script for that.
 */
export function projectFolders(file: string, root: string | undefined): string[] {
  const rel = (root !== undefined ? relativeInside(root, file) : undefined) ?? path.normalize(file);
  return rel.split(/[\\/]/).slice(0, -1).filter((d) => d !== '');
}

/** Test files and files under one of `folders` (scripts, migrations) below `root`: never request-path code. */
export function isScriptOrTest(file: string, folders: readonly string[], root?: string): boolean {
  // Several rules ask about the same file in a row: answer the last question again for free.
  const last = lastScriptOrTest;
  if (file === last.file && root === last.root && folders.length === last.folders.length && folders.every((f, i) => f === last.folders[i])) {
    return last.answer;
  }
  const answer = scriptOrTest(file, folders, root);
  lastScriptOrTest = { file, folders, root, answer };
  return answer;
}

let lastScriptOrTest: { file: string; folders: readonly string[]; root: string | undefined; answer: boolean } = {
  file: '', folders: [], root: undefined, answer: false,
};

function scriptOrTest(file: string, folders: readonly string[], root: string | undefined): boolean {
  if (/\.(test|spec|e2e-spec|bench)\.[cm]?[jt]sx?$/.test(path.basename(file))) return true;
  const dirs = projectFolders(file, root);
  if (dirs.some((d) => d === '__tests__' || d === '__mocks__')) return true;
  return dirs.some((d) => folders.includes(d));
}

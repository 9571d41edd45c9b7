// The reduce step: every verdict that needs another file is made here, from plain-data facts.
import { formatMessage } from '../engine/messages.js';
import type { Settings } from '../engine/settings.js';
import type { ActiveRule, FileFacts, FileResult, Finding, ReduceContext } from '../engine/types.js';
import { resolveImport } from './resolve.js';
import { addTiming, timings } from '../engine/timing.js';

/** The folder part of a path, `/` or `\\` separated (cheaper than path.dirname, same answer here). */
function dirname(file: string): string {
  return file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')));
}

export interface ReduceOptions {
  /** Whether the results are the whole project (see `ReduceContext.complete`). */
  complete: boolean;
  settings: Settings;
}

/**
 * Confirm pending findings and run project rules. `results` holds every file the front end can
 * see; findings returned are the final ones, for all files.
 */
export function reduceProject(results: readonly FileResult[], rules: readonly ActiveRule[], options: ReduceOptions): Finding[] {
  const files = new Map<string, FileFacts>();
  for (const r of results) files.set(r.facts.file, r.facts);
  const out: Finding[] = [];
  // Every rule resolves the same imports: once per (folder, specifier) for the whole reduce.
  const resolved = new Map<string, string | null>();
  const has = (f: string) => files.has(f);
  const resolve = (fromFile: string, specifier: string): string | undefined => {
    const key = `${dirname(fromFile)}\0${specifier}`;
    let target = resolved.get(key);
    if (target === undefined) resolved.set(key, (target = resolveImport(fromFile, specifier, has) ?? null));
    return target ?? undefined;
  };
  for (const { rule, options: ruleOptions } of rules) {
    const mine: Finding[] = [];
    for (const r of results) for (const f of r.findings) if (f.ruleId === rule.id) mine.push(f);
    const pending = mine.filter((f) => f.pending !== undefined);
    for (const f of mine) if (f.pending === undefined) out.push(f);
    if (!rule.reduce) {
      out.push(...pending);
      continue;
    }
    const kept = new Set<Finding>();
    const context: ReduceContext<object> = {
      options: ruleOptions,
      settings: options.settings,
      files,
      complete: options.complete,
      pending,
      keep(finding) {
        kept.add(finding);
      },
      report(finding) {
        const template = rule.meta.messages[finding.messageId];
        const message = finding.message ?? formatMessage(template ?? finding.messageId, finding.data);
        out.push({ ...finding, ruleId: rule.id, message });
      },
      resolveImport: resolve,
    };
    const started = timings ? performance.now() : 0;
    rule.reduce(context);
    if (timings) addTiming(`rule ${rule.id} (reduce)`, performance.now() - started);
    for (const f of pending) if (kept.has(f)) out.push(f);
  }
  return out;
}

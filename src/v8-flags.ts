// V8 flags the CLI sets for its own process (bin/scalelint.js), before anything else loads.
//
// V8 "pretenures" an allocation site (allocates its objects straight into the old generation)
// once a young-generation collection finds nearly all of them alive. A collection that lands in
// the middle of one large file's parse sees exactly that, for hundreds of sites of TypeScript's
// parser and of the rules; from then on every file's tree is allocated old, keeps its young
// children alive through each collection and is copied again and again (measured on the 2,000-file
// bench corpus, in about one run in three: 526 sites tenured, 680-750 ms of young collections
// instead of ~210 ms). The CLI's process is its own and short-lived: it switches the heuristic off.
// The library and the ESLint plugin never change their host's flags.
import { setFlagsFromString } from 'node:v8';

const CLI_FLAGS = ['--no-allocation-site-pretenuring'] as const;

/**
 * The flags this process set at run time (V8 rejects a code cache made under other flags). Kept on
 * the global object: the CLI's bundle holds its own copy of this module, and must see the flags
 * bin/scalelint.js applied through the unbundled one.
 */
const APPLIED = Symbol.for('scalelint.appliedV8Flags');
export const appliedV8Flags: string[] = ((globalThis as { [APPLIED]?: string[] })[APPLIED] ??= []);

export function applyCliV8Flags(): void {
  for (const flag of CLI_FLAGS) {
    if (appliedV8Flags.includes(flag)) continue;
    setFlagsFromString(flag);
    appliedV8Flags.push(flag);
  }
}

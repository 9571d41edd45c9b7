// `--fix-dry-run`: the unified diff of what `--fix` would write, git-style (`a/`, `b/` prefixes,
// paths relative to the audited root), one file after another in path order. Made with jsdiff.
import * as path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

export function unifiedDiff(root: string, changed: ReadonlyMap<string, { before: string; after: string }>): string {
  const out: string[] = [];
  for (const file of [...changed.keys()].sort()) {
    const { before, after } = changed.get(file)!;
    if (before === after) continue;
    const rel = path.relative(root, file).split(path.sep).join('/');
    out.push(`diff --git a/${rel} b/${rel}\n`
      + createTwoFilesPatch(`a/${rel}`, `b/${rel}`, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY }));
  }
  return out.join('');
}

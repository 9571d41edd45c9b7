// The TypeScript the audit parses with: ts-morph's bundled copy (DESIGN.md). It is required
// directly, as CommonJS: `import { ts } from 'ts-morph'` also loads and compiles ts-morph's own
// 2 MB and runs Node's CommonJS export scanner over it, ~0.25 s of every run's start-up for code
// the audit never calls. Same module file, so the same object as ts-morph's `ts`.
import { createRequire } from 'node:module';
import type { TypeScriptApi } from '../engine/types.js';

function load(): TypeScriptApi {
  const require = createRequire(import.meta.url);
  try {
    const fromTsMorph = createRequire(require.resolve('ts-morph'));
    return fromTsMorph('@ts-morph/common/dist/typescript.js') as TypeScriptApi;
  } catch {
    // A layout where that path does not resolve: the public way.
    return (require('ts-morph') as { ts: TypeScriptApi }).ts;
  }
}

export const ts: TypeScriptApi = load();

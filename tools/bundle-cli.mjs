// `npm run build`, after tsc: the CLI's code (dist/src/cli.js and everything it imports, but not
// TypeScript, which src/audit/typescript.ts loads itself through V8's code cache) as one module.
// Node 20's ES module loader costs about a millisecond per module, and the CLI's graph is over a
// hundred: ~0.1 s of every `scalelint` run, a tenth of a warm `--cache` run. The bundle sits beside
// the modules it replaces (dist/src/audit/), so paths found from `import.meta.url` (the worker
// script, the package root) are the same. The library and the ESLint plugin are not bundled.
import * as path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
await build({
  entryPoints: [path.join(root, 'dist/src/cli.js')],
  outfile: path.join(root, 'dist/src/audit/cli.bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // Bundled CommonJS dependencies may `require` Node's own modules.
  banner: { js: "import { createRequire as __scalelintRequire } from 'node:module'; const require = __scalelintRequire(import.meta.url);" },
});

#!/usr/bin/env node
// V8 flags first, before anything is allocated (src/v8-flags.ts says which and why).
import { statSync } from 'node:fs';
import { applyCliV8Flags } from '../dist/src/v8-flags.js';

applyCliV8Flags();

// The CLI's modules as one bundle (tools/bundle-cli.mjs: ~0.1 s less start-up than ~100 modules).
// `npm run build` makes it after tsc; after a bare `tsc` it is older than the modules it was made
// from, and those run instead (tsc rewrites every output, dist/src/cli.js included).
function entry() {
  const bundle = new URL('../dist/src/audit/cli.bundle.js', import.meta.url);
  const modules = new URL('../dist/src/cli.js', import.meta.url);
  try {
    return statSync(modules).mtimeMs <= statSync(bundle).mtimeMs ? bundle.href : modules.href;
  } catch {
    return modules.href;
  }
}
const { main } = await import(entry());

// `scalelint audit | head`: a reader that stops early is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// V8 flags first, before anything is allocated (src/v8-flags.ts says which and why).
import { applyCliV8Flags } from '../dist/src/v8-flags.js';

applyCliV8Flags();

// The CLI's modules as one bundle (tools/bundle-cli.mjs: ~0.1 s less start-up than ~100 modules).
const { main } = await import('../dist/src/audit/cli.bundle.js');

// `scalelint audit | head`: a reader that stops early is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));

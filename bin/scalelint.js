#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// V8 "pretenures" an allocation site (allocates its objects straight into the old generation)
// once a young-generation collection finds nearly all of them alive. A collection that lands in
// the middle of one large file's parse sees exactly that, for hundreds of sites of TypeScript's
// parser and of the rules; from then on every file's tree is allocated old, keeps its young
// children alive through each collection and is copied again and again (measured on the 2,000-file
// bench corpus, in about one run in three: 526 sites tenured, 680-750 ms of young collections
// instead of ~210 ms, +0.45 s per run). This process is ours and short-lived: switch the
// heuristic off before anything is allocated. (Only the CLI: the library and the ESLint plugin
// never change their host's V8 flags.)
setFlagsFromString('--no-allocation-site-pretenuring');

const { main } = await import('../dist/src/cli.js');

// `scalelint audit | head`: a reader that stops early is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));

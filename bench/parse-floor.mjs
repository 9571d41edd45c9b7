// The parse floor, as the issue defines it: read every source file and ts.createSourceFile it,
// with no rules and no parent pointers (the audit sets those in its own walk). Same TypeScript,
// loaded the same way, as the audit (ts-morph's bundled copy, required directly).
import * as fs from 'node:fs';
import { typescript } from '../dist/src/audit/typescript.js';
import { listSourceFiles } from '../dist/src/engine/discover.js';

const ts = typescript();

let nodes = 0;
for (const file of listSourceFiles(process.argv[2])) {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  nodes += sf.statements.length;
}
if (nodes < 0) console.log(nodes);

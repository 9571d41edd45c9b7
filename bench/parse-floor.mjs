// The parse floor: read every source file and ts.createSourceFile it (with parent pointers, as the
// audit does), with no rules. Same TypeScript as the audit (ts-morph's bundled copy).
import * as fs from 'node:fs';
import { ts } from 'ts-morph';
import { listSourceFiles } from '../dist/src/engine/discover.js';

let nodes = 0;
for (const file of listSourceFiles(process.argv[2])) {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  nodes += sf.statements.length;
}
if (nodes < 0) console.log(nodes);

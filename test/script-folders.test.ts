// Script folders (`scripts/`, `bin/`, `migrations/`…) are judged below the project root, in both
// front ends: a project that happens to sit in `~/bin/shop/` is not a script, while its own
// `scripts/` folder still is.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditFindings, eslintFindings } from './helpers/fixtures.js';

const HANDLER = `import express from 'express';
import * as fs from 'node:fs';
const app = express();
app.get('/x', (req, res) => { res.send(fs.readFileSync('x')); });
app.listen(3000);
`;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project at `<tmp>/<parent>/shop` with the same handler in `src/` and in `scripts/`. */
function project(parent: string): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-folders-'));
  made.push(base);
  const root = path.join(base, parent, 'shop');
  for (const rel of ['src/server.ts', 'scripts/dev-server.ts']) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), HANDLER);
  }
  fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "shop", "private": true }\n');
  return root;
}

const blocking = (list: { ruleId: string; file: string }[]) =>
  list.filter((f) => f.ruleId === 'no-blocking-in-handler').map((f) => f.file);

describe('script folders are judged below the project root', () => {
  for (const parent of ['bin', 'scripts', 'migrations']) {
    it(`a project inside a folder named ${parent}/: src/ is checked, scripts/ is not (audit and ESLint)`, async () => {
      const root = project(parent);
      expect(blocking(auditFindings(root))).toEqual(['src/server.ts']);
      expect(blocking(await eslintFindings(root, { typed: false }))).toEqual(['src/server.ts']);
    });
  }
});

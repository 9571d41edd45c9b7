// Import resolution over facts (src/project/resolve.ts): relative specifiers only, to files the
// front end has facts for, in TypeScript's order of candidates.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveImport } from '../src/project/resolve.js';

const root = path.resolve('/project');
const at = (...parts: string[]) => path.join(root, ...parts);
const resolve = (specifier: string, files: string[], from = at('src/app.ts')) => {
  const known = new Set(files.map((f) => at(f)));
  return resolveImport(from, specifier, (f) => known.has(f));
};

describe('resolveImport', () => {
  it('takes a compiled-output extension for its sources, the .ts first', () => {
    expect(resolve('./lib/db.js', ['src/lib/db.ts', 'src/lib/db.js'])).toBe(at('src/lib/db.ts'));
    expect(resolve('./lib/db.js', ['src/lib/db.js'])).toBe(at('src/lib/db.js'));
    expect(resolve('./view.jsx', ['src/view.tsx'])).toBe(at('src/view.tsx'));
    expect(resolve('./esm.mjs', ['src/esm.mts'])).toBe(at('src/esm.mts'));
  });

  it('tries the path as written, then each extension, then the folder\'s index', () => {
    expect(resolve('./lib/db', ['src/lib/db', 'src/lib/db.ts'])).toBe(at('src/lib/db'));
    expect(resolve('./lib/db', ['src/lib/db.js', 'src/lib/db/index.ts'])).toBe(at('src/lib/db.js'));
    expect(resolve('./lib/db', ['src/lib/db/index.js', 'src/lib/db/index.ts'])).toBe(at('src/lib/db/index.ts'));
    expect(resolve('..', ['index.ts'])).toBe(at('index.ts'));
    expect(resolve('.', ['src/index.mjs'])).toBe(at('src/index.mjs'));
  });

  it('resolves against the importing file\'s folder, and leaves packages and unknown files alone', () => {
    expect(resolve('../shared/util', ['shared/util.ts'], at('src/app.ts'))).toBe(at('shared/util.ts'));
    expect(resolve('express', ['node_modules/express/index.js'])).toBeUndefined();
    expect(resolve('./missing', ['src/other.ts'])).toBeUndefined();
  });

  it('finds an index at the file system\'s root', () => {
    const top = path.parse(root).root;
    expect(resolveImport(path.join(top, 'app.ts'), '.', (f) => f === path.join(top, 'index.ts'))).toBe(path.join(top, 'index.ts'));
  });
});

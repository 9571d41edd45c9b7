// Which files the audit reads: tsconfig references and extends, allowJs, skipped folders,
// git-ignored paths, links out of the root.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProjectFiles } from '../src/audit/files.js';

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalelint-files-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

const rel = (root: string, files: string[]) => files.map((f) => path.relative(root, f)).sort();

describe('listProjectFiles', () => {
  it('follows a solution-style tsconfig through references and extends', () => {
    const root = project({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './packages/api' }, { path: './packages/worker/tsconfig.app.json' }] }),
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { strict: true, allowJs: true } }),
      'packages/api/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src'] }),
      'packages/api/src/a.ts': '',
      'packages/api/src/b.js': '',
      'packages/api/scripts/c.ts': '',
      'packages/worker/tsconfig.app.json': JSON.stringify({ include: ['lib/**/*'], exclude: ['lib/**/*.test.ts'] }),
      'packages/worker/lib/w.ts': '',
      'packages/worker/lib/w.test.ts': '',
      'packages/worker/lib/legacy.js': '',
    });
    expect(rel(root, listProjectFiles(root).files)).toEqual([
      'packages/api/src/a.ts', 'packages/api/src/b.js', 'packages/worker/lib/w.ts',
    ]);
  });

  it('scans the folder without a tsconfig, skipping build output, dependencies and git-ignored files', () => {
    const root = project({
      'src/a.ts': '', 'src/b.mjs': '', 'src/types.d.ts': '', 'src/generated/g.ts': '',
      'node_modules/x/index.js': '', 'dist/a.js': '', 'build/b.js': '', 'coverage/c.js': '',
      '.gitignore': 'src/generated/\n',
    });
    execFileSync('git', ['init', '-q'], { cwd: root });
    expect(rel(root, listProjectFiles(root).files)).toEqual(['src/a.ts', 'src/b.mjs']);
  });

  it('does not follow a link out of the root, and lists no FIFO', () => {
    const outside = project({ 'secret.ts': 'fetch(x)' });
    const root = project({ 'src/a.ts': '' });
    fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(root, 'src/link.ts'));
    fs.symlinkSync(outside, path.join(root, 'src/linked-dir'));
    execFileSync('mkfifo', [path.join(root, 'src/pipe.ts')]);
    expect(rel(root, listProjectFiles(root).files)).toEqual(['src/a.ts']);
  });

  it('reports a broken tsconfig and falls back to the folder', () => {
    const root = project({ 'tsconfig.json': '{ "compilerOptions": { "strict": tru', 'src/a.ts': '' });
    const listing = listProjectFiles(root);
    expect(rel(root, listing.files)).toEqual(['src/a.ts']);
    expect(listing.errors).toHaveLength(1);
    expect(listing.errors[0]!.message).toMatch(/^invalid tsconfig: /);
  });
});

describe('relativeInside: a path below a root, without path.relative in the common case', () => {
  const root = path.resolve('/srv/app');
  const slow = (r: string, f: string) => {
    const rel = path.relative(r, f);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : undefined;
  };
  const cases: [string, string, string | undefined][] = [
    [root, path.join(root, 'src', 'a.ts'), path.join('src', 'a.ts')],
    [root + path.sep, path.join(root, 'src', 'a.ts'), path.join('src', 'a.ts')],
    [root, root, undefined],
    [root, `${root}-other${path.sep}a.ts`, undefined], // a sibling whose name starts like the root
    [root, path.resolve('/srv/other/a.ts'), undefined],
    // Not normal: through path.relative, which resolves the segments.
    [root, `${root}${path.sep}src${path.sep}..${path.sep}a.ts`, 'a.ts'],
    [root, `${root}${path.sep}..${path.sep}other${path.sep}a.ts`, undefined],
    [root, `${root}${path.sep}.${path.sep}a.ts`, 'a.ts'],
    [root, `${root}${path.sep}src${path.sep}${path.sep}a.ts`, path.join('src', 'a.ts')],
    // A name that only starts with dots is a normal name.
    [root, path.join(root, '..a', '.b.ts'), path.join('..a', '.b.ts')],
  ];
  it.each(cases)('%s, %s → %s', async (r, f, expected) => {
    const { relativeInside } = await import('../src/engine/discover.js');
    expect(relativeInside(r, f)).toBe(expected);
    // The fast path gives what path.relative gives (`..a` aside: path.relative's callers reject it).
    if (!f.includes('..a')) expect(relativeInside(r, f)).toBe(slow(r, f));
  });
});

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listSourceFiles } from './engine/discover.js';

const require = createRequire(import.meta.url);

function findPackage(): { name: string; version: string; root?: string } {
  // dist/src/version.js and src/version.ts both sit two or three levels below the package root.
  for (const candidate of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'eslint-plugin-scalelint' && pkg.version) {
        return { name: pkg.name, version: pkg.version, root: path.dirname(require.resolve(candidate)) };
      }
    } catch {
      // try the next candidate
    }
  }
  return { name: 'eslint-plugin-scalelint', version: '0.0.0' };
}

export const pkg = findPackage();

let fingerprint: string | undefined;

/**
 * The version plus a fingerprint of the package's code (each code file's path, size and time), for
 * the keys of results kept on disk (the audit's `--cache`, the ESLint plugin's project scan). A rule
 * changed without a new version number (a checkout being worked on, a package built from git) must
 * not be answered with results of the code before. Once per process: ~100 stats.
 */
export function codeVersion(): string {
  if (fingerprint === undefined) {
    // Built, the code that runs is under dist/; the tests run src/ itself. The CLI's bundle holds
    // all the code it runs (tools/bundle-cli.mjs): that one file is the fingerprint.
    const here = fileURLToPath(import.meta.url);
    const bundled = here.endsWith('.bundle.js');
    const root = bundled ? path.dirname(here) : pkg.root && (here.endsWith('.ts') ? pkg.root : path.join(pkg.root, 'dist'));
    const entries: string[] = [];
    const add = (file: string) => {
      try {
        const { size, mtimeMs } = fs.statSync(file);
        entries.push(`${path.relative(root!, file)}:${size}:${mtimeMs}`);
      } catch {
        // gone meanwhile
      }
    };
    if (bundled) add(here);
    else if (root) for (const dir of ['src', 'rules']) listSourceFiles(path.join(root, dir)).forEach(add);
    fingerprint = `${pkg.version}+${createHash('sha1').update(entries.sort().join('\n')).digest('hex').slice(0, 16)}`;
  }
  return fingerprint;
}

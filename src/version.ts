import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

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
    const visit = (dir: string) => {
      let names: fs.Dirent[];
      try {
        names = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of names) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) visit(full);
        else if (/\.(c|m)?(j|t)s$/.test(e.name) && !e.name.endsWith('.d.ts')) {
          try {
            const { size, mtimeMs } = fs.statSync(full);
            entries.push(`${path.relative(root!, full)}:${size}:${mtimeMs}`);
          } catch {
            // gone meanwhile
          }
        }
      }
    };
    if (bundled) {
      const { size, mtimeMs } = fs.statSync(here);
      entries.push(`${path.basename(here)}:${size}:${mtimeMs}`);
    } else if (root) {
      visit(path.join(root, 'src'));
      visit(path.join(root, 'rules'));
    }
    fingerprint = `${pkg.version}+${createHash('sha1').update(entries.sort().join('\n')).digest('hex').slice(0, 16)}`;
  }
  return fingerprint;
}

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function findPackage(): { name: string; version: string } {
  // dist/src/version.js and src/version.ts both sit two or three levels below the package root.
  for (const candidate of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'eslint-plugin-scalelint' && pkg.version) return { name: pkg.name, version: pkg.version };
    } catch {
      // try the next candidate
    }
  }
  return { name: 'eslint-plugin-scalelint', version: '0.0.0' };
}

export const pkg = findPackage();

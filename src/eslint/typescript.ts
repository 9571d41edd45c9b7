// The TypeScript API that built the nodes ESLint hands us: the `typescript` that
// @typescript-eslint/typescript-estree loads (the user's). Never our own copy, never ts-morph's.
import { createRequire } from 'node:module';
import type { TypeScriptApi } from '../engine/types.js';

export const SUPPORTED_TYPESCRIPT = '>=5.9 <6.1';

let cached: TypeScriptApi | Error | undefined;

function loadFromParser(): TypeScriptApi {
  const own = createRequire(import.meta.url);
  const estree = createRequire(own.resolve('@typescript-eslint/parser')).resolve('@typescript-eslint/typescript-estree');
  return createRequire(estree)('typescript') as TypeScriptApi;
}

export function checkTypeScriptVersion(version: string | undefined, hasApi: boolean): string | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  const major = match ? Number(match[1]) : NaN;
  const minor = match ? Number(match[2]) : NaN;
  const supported = major === 5 ? minor >= 9 : major === 6 ? minor === 0 : false;
  if (supported && hasApi) return undefined;
  return `eslint-plugin-scalelint needs the TypeScript compiler API, TypeScript ${SUPPORTED_TYPESCRIPT}; found ${version ?? 'none'}`
    + `${hasApi ? '' : ' without a compiler API'}. TypeScript 7 is a native compiler with no JavaScript API and `
    + 'typescript-eslint does not support it: install `typescript@~6.0` as a dev dependency.';
}

/** The user's TypeScript, checked once; throws a clear error when it cannot serve. */
export function userTypeScript(): TypeScriptApi {
  if (cached === undefined) {
    try {
      const ts = loadFromParser();
      const problem = checkTypeScriptVersion(ts.version, typeof ts.SyntaxKind === 'object' && typeof ts.createSourceFile === 'function');
      cached = problem ? new Error(problem) : ts;
    } catch (error) {
      cached = new Error(`eslint-plugin-scalelint could not load TypeScript (${(error as Error).message}). `
        + `Install typescript@~6.0 (supported: ${SUPPORTED_TYPESCRIPT}).`);
    }
  }
  if (cached instanceof Error) throw cached;
  return cached;
}

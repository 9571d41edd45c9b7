// Reading and parsing one file with a given TypeScript API, the same way in both front ends.
import type * as TS from 'typescript';
import type { TypeScriptApi } from './types.js';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export function isSourcePath(file: string): boolean {
  if (file.endsWith('.d.ts') || file.endsWith('.d.mts') || file.endsWith('.d.cts')) return false;
  return SOURCE_EXTENSIONS.some((e) => file.endsWith(e));
}

export function scriptKind(ts: TypeScriptApi, file: string): TS.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (file.endsWith('.js') || file.endsWith('.mjs') || file.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * No rule reads JSDoc, and parsing it is a third of the parse on well-documented code (eslint's
 * own lib/: 0.80 s with, 0.54 s without). (`jsDocParsingMode` is TypeScript 5.3+; we take 5.9+.)
 */
const parseOptions = (ts: TypeScriptApi): TS.CreateSourceFileOptions => ({
  languageVersion: ts.ScriptTarget.Latest,
  jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
});

export interface ParsedFile {
  sourceFile: TS.SourceFile;
  /** The text had a byte-order mark (removed before parsing, as ESLint does). */
  bom: boolean;
}

export class ParseError extends Error {}

/**
 * Parse a file's text. Syntax errors are an error (the file is listed and skipped, as ESLint
 * would); so is input deep enough to overflow the parser's stack.
 */
export function parseText(ts: TypeScriptApi, file: string, text: string): ParsedFile {
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  let sourceFile: TS.SourceFile;
  try {
    // No parent pointers: analyzeFile's walk sets them (for less than the parser's own pass costs).
    sourceFile = ts.createSourceFile(file, body, parseOptions(ts), false, scriptKind(ts, file));
  } catch (error) {
    if (error instanceof RangeError) throw new ParseError('too deeply nested to parse (stack overflow)');
    throw error;
  }
  const diagnostics = (sourceFile as TS.SourceFile & { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (first) {
    const { line, character } = ts.getLineAndCharacterOfPosition(sourceFile, first.start);
    const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    throw new ParseError(`parse error at ${line + 1}:${character + 1}: ${message}`);
  }
  return { sourceFile, bom };
}

/**
 * The audit's map step parses files a few at a time, then walks them: alternating TypeScript's
 * parser and the rules file by file cost more. The CLI on the generated corpus, interleaved runs:
 * 2,000 files ~3.3 -> ~3.0 s, 8,000 files 6.65 -> 5.66 s, with 16 at a time; 8, 16 and 48
 * measured alike, and a worker's batch is 32. Only these few trees are alive at once; peak memory
 * did not grow. (ESLint's disk snapshot, batched the same way, measured no different: not done.)
 */
export const PARSE_AHEAD = 32;

// Text edits that add a setting in place and change nothing else: a property in an object
// literal, an argument at the end of a call. They keep comments, layout and trailing commas.
import type * as TS from 'typescript';
import type { TextEdit, TypeScriptApi } from './types.js';

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart, offset));
  return match ? match[0] : '';
}

function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Add `propertyText` (e.g. `timeout: 10000`) as the last property of an object literal. */
export function addProperty(
  _ts: TypeScriptApi,
  sourceFile: TS.SourceFile,
  object: TS.ObjectLiteralExpression,
  propertyText: string,
): TextEdit {
  const text = sourceFile.text;
  const properties = object.properties;
  const open = object.getStart(sourceFile);
  const close = object.getEnd() - 1; // the `}`
  if (properties.length === 0) {
    const inner = text.slice(open + 1, close);
    if (inner.includes('\n')) {
      // `{\n}`: put it on its own line, one level deeper than the brace's line.
      const indent = lineIndent(text, open);
      const nl = newlineOf(text);
      return { start: open + 1, end: open + 1, text: `${nl}${indent}  ${propertyText},` };
    }
    if (inner.trim() === '') return { start: open, end: close + 1, text: `{ ${propertyText} }` };
    // Only a comment inside: keep it and add after it.
    return { start: close, end: close, text: ` ${propertyText} ` };
  }
  const last = properties[properties.length - 1]!;
  const lastEnd = last.getEnd();
  const first = properties[0]!;
  const multiline = text.slice(open, first.getStart(sourceFile)).includes('\n');
  if (multiline) {
    const indent = lineIndent(text, last.getStart(sourceFile));
    const nl = newlineOf(text);
    if (properties.hasTrailingComma) {
      const comma = text.indexOf(',', lastEnd);
      return { start: comma + 1, end: comma + 1, text: `${nl}${indent}${propertyText},` };
    }
    return { start: lastEnd, end: lastEnd, text: `,${nl}${indent}${propertyText}` };
  }
  return { start: lastEnd, end: lastEnd, text: `, ${propertyText}` };
}

/** Append arguments after the last argument of a call (`f(a)` → `f(a, b)`). */
export function appendArguments(
  _ts: TypeScriptApi,
  sourceFile: TS.SourceFile,
  call: TS.CallExpression | TS.NewExpression,
  argumentTexts: string[],
): TextEdit {
  const args = call.arguments ?? [];
  const joined = argumentTexts.join(', ');
  if (args.length === 0) {
    // The `)` of the call: the last character of the call expression.
    const close = call.getEnd() - 1;
    return { start: close, end: close, text: joined };
  }
  const last = args[args.length - 1]!;
  return { start: last.getEnd(), end: last.getEnd(), text: `, ${joined}` };
}

/** Apply non-overlapping edits to a text (edits sorted here, last first). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

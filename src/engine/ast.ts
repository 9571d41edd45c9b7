// Small AST questions several rules ask.
import type * as TS from 'typescript';
import type { TypeScriptApi } from './types.js';

/** A `'use client'` (or similar) directive at the top of the file. */
export function hasDirective(ts: TypeScriptApi, sourceFile: TS.SourceFile, directive: string): boolean {
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}

/** Visit every descendant of `root` (iteratively), stopping early when `visit` returns true. */
export function someDescendant(ts: TypeScriptApi, root: TS.Node, visit: (node: TS.Node) => boolean): boolean {
  const stack: TS.Node[] = [root];
  let found = false;
  while (stack.length > 0 && !found) {
    const node = stack.pop()!;
    ts.forEachChild(node, (child) => {
      if (found) return;
      if (visit(child)) found = true;
      else stack.push(child);
    });
  }
  return found;
}

/** The name a member access or call target ends in (`a.b.c` → `c`). */
export function memberName(ts: TypeScriptApi, expression: TS.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  if (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression)) {
    return expression.argumentExpression.text;
  }
  return undefined;
}

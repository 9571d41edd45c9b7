// Questions about option objects, answered conservatively: "does this options argument set
// `timeout`?" is yes, no, or unknown (a spread or computed key we cannot see through), and a rule
// reports only on a definite no.
import type * as TS from 'typescript';
import type { Scope } from './scope.js';
import type { TypeScriptApi } from './types.js';

export type Presence =
  | { state: 'present'; node: TS.Node; value?: TS.Expression }
  | { state: 'absent' }
  | { state: 'unknown' };

const MAX_DEPTH = 5;

export function propertyName(ts: TypeScriptApi, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)
    || ts.isNoSubstitutionTemplateLiteral(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/**
 * Whether an options expression (an object literal, or a constant bound to one, possibly with
 * spreads of such constants) sets one of `names`. `undefined`/missing arguments are `absent`.
 */
export function findProperty(
  ts: TypeScriptApi,
  scope: Scope,
  expression: TS.Expression | undefined,
  names: readonly string[],
  depth = 0,
): Presence {
  if (!expression) return { state: 'absent' };
  if (depth > MAX_DEPTH) return { state: 'unknown' };
  const e = scope.resolveValue(expression);
  if (ts.isIdentifier(e) && e.text === 'undefined' && scope.isGlobal('undefined', e)) return { state: 'absent' };
  if (!ts.isObjectLiteralExpression(e)) return { state: 'unknown' };
  let result: Presence = { state: 'absent' };
  for (const property of e.properties) {
    if (ts.isSpreadAssignment(property)) {
      const inner = findProperty(ts, scope, property.expression, names, depth + 1);
      if (inner.state === 'present') result = inner;
      else if (inner.state === 'unknown') result = { state: 'unknown' };
      continue;
    }
    if (!property.name) continue;
    const name = propertyName(ts, property.name);
    if (name === undefined) {
      // A computed key could be any of the names.
      result = { state: 'unknown' };
      continue;
    }
    if (!names.includes(name)) continue;
    if (ts.isPropertyAssignment(property)) result = { state: 'present', node: property, value: property.initializer };
    else if (ts.isShorthandPropertyAssignment(property)) result = { state: 'present', node: property, value: property.name };
    else result = { state: 'present', node: property };
  }
  return result;
}

/** The object literal an options expression is, if it is written in place. */
export function inlineObject(ts: TypeScriptApi, scope: Scope, expression: TS.Expression | undefined): TS.ObjectLiteralExpression | undefined {
  if (!expression) return undefined;
  const e = scope.unwrap(expression);
  return ts.isObjectLiteralExpression(e) ? e : undefined;
}

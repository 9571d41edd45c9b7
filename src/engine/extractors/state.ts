// The `state` extractor: module-level mutable bindings of one file (`let`/`var`, and `const`
// Maps, Sets, object and array literals) and the writes to them — or to such bindings imported
// from another file — made inside functions, with the names the written key (or value) is made of.
// Whether a write runs per request, and whether its key identifies a user, is decided in the
// reduce step (rules/no-module-state.ts) with the request-handler model.
import type * as TS from 'typescript';
import type { Extractor, ExtractorContext, Json, Span } from '../types.js';

export type StateKind = 'let' | 'map' | 'set' | 'object' | 'array';

export interface StateBinding {
  name: string;
  kind: StateKind;
  /** The declared name. */
  span: Span;
  text: string;
}

/** A module-level binding of this file, or one imported from a relative module. */
export type StateTarget =
  | { kind: 'local'; name: string }
  | { kind: 'import'; module: string; imported: string };

export interface StateWrite {
  target: StateTarget;
  /**
   * `assign`: `x = v` (or `obj.prop = v`); `counter`: `x++`, `x += n`, `hits[k]++`;
   * `entry`: adds or replaces an entry (`m.set(k, v)`, `o[k] = v`, `s.add(v)`, `a.push(v)`).
   */
  op: 'assign' | 'counter' | 'entry';
  /** Lower-cased identifiers, property names and strings the key (or the value, for `assign`/`add`/`push`) is made of. */
  names: string[];
  /** The key is a literal (or a constant bound to one): a fixed slot, not a growing collection. */
  constantKey: boolean;
  span: Span;
  text: string;
}

export interface StateFacts {
  bindings: StateBinding[];
  writes: StateWrite[];
  /** Targets that something empties or caps (`delete`, `clear()`, `shift()`, a `size` check). */
  bounded: StateTarget[];
}

const MAX_WRITES = 50;
const MAX_NAMES = 16;
const MAX_NODES = 200;
const MAX_TEXT = 120;
const ENTRY_METHODS = new Set(['set', 'add', 'push', 'unshift']);
const BOUNDING_METHODS = new Set(['delete', 'clear', 'pop', 'shift', 'splice']);
// Token names, looked up in the context's own `SyntaxKind` (the numbers shift between versions;
// a reverse lookup would give aliases such as `FirstAssignment`).
const COUNTER_OPERATORS = ['PlusEqualsToken', 'MinusEqualsToken', 'AsteriskEqualsToken', 'SlashEqualsToken'] as const;
const LAZY_OPERATORS = ['QuestionQuestionEqualsToken', 'BarBarEqualsToken', 'AmpersandAmpersandEqualsToken'] as const;
const COMPARISONS = [
  'GreaterThanToken', 'GreaterThanEqualsToken', 'LessThanToken', 'LessThanEqualsToken', 'EqualsEqualsEqualsToken',
  'EqualsEqualsToken', 'ExclamationEqualsEqualsToken', 'ExclamationEqualsToken',
] as const;

function create(context: ExtractorContext) {
  const { ts, scope, sourceFile } = context;
  const text = sourceFile.text;
  const facts: StateFacts = { bindings: [], writes: [], bounded: [] };
  const kinds = (names: readonly (keyof typeof TS.SyntaxKind)[]) => new Set<number>(names.map((n) => ts.SyntaxKind[n]));
  const counterOperators = kinds(COUNTER_OPERATORS);
  const lazyOperators = kinds(LAZY_OPERATORS);
  const comparisons = kinds(COMPARISONS);
  const span = (node: TS.Node) => context.span(node.getStart(sourceFile), node.getEnd());
  const snippet = (node: TS.Node) => text.slice(node.getStart(sourceFile), Math.min(node.getEnd(), node.getStart(sourceFile) + MAX_TEXT));

  const isModuleDeclaration = (d: TS.VariableDeclaration) => {
    const list = d.parent;
    return ts.isVariableDeclarationList(list) && ts.isVariableStatement(list.parent) && list.parent.parent === sourceFile;
  };

  function inFunction(node: TS.Node): boolean {
    for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isFunctionLike(n)) return true;
    }
    return false;
  }

  /** What a mutated expression's root names: a module-level binding here, or a relative import. */
  function targetOf(expression: TS.Expression): StateTarget | undefined {
    let e = scope.unwrap(expression);
    let member: string | undefined;
    // `store.cache.set(…)`: the root, and the first member below it (a namespace import's export).
    for (let i = 0; i < 6 && (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)); i++) {
      member = ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
      e = scope.unwrap(e.expression);
    }
    if (!ts.isIdentifier(e)) return undefined;
    const binding = scope.lookup(e);
    if (!binding) return undefined;
    if (binding.kind === 'variable') {
      return isModuleDeclaration(binding.declaration) && ts.isIdentifier(binding.declaration.name)
        ? { kind: 'local', name: e.text } : undefined;
    }
    if (binding.kind === 'import' && isRelative(binding.module)) {
      if (binding.imported === '*') return member ? { kind: 'import', module: binding.module, imported: member } : undefined;
      return { kind: 'import', module: binding.module, imported: binding.imported };
    }
    return undefined;
  }

  /** The identifiers, property names and strings an expression is made of (following local constants). */
  function namesOf(expressions: readonly TS.Node[]): { names: string[]; constant: boolean } {
    const names = new Set<string>();
    let budget = MAX_NODES;
    const add = (name: string) => {
      if (names.size < MAX_NAMES) names.add(name.toLowerCase());
    };
    const stack: { node: TS.Node; depth: number }[] = expressions.map((node) => ({ node, depth: 0 }));
    while (stack.length > 0 && budget-- > 0) {
      const { node, depth } = stack.pop()!;
      if (ts.isIdentifier(node)) {
        add(node.text);
        const binding = scope.lookup(node);
        // `const key = req.session.userId; cache.set(key, …)`
        if (depth < 3 && binding?.kind === 'variable' && binding.constant && binding.declaration.initializer
          && !isModuleDeclaration(binding.declaration)) {
          stack.push({ node: binding.declaration.initializer, depth: depth + 1 });
        }
        continue;
      }
      if (ts.isPropertyAccessExpression(node)) {
        add(node.name.text);
        stack.push({ node: node.expression, depth });
        continue;
      }
      if (ts.isStringLiteralLike(node)) {
        if (node.text.length <= 40) add(node.text);
        continue;
      }
      ts.forEachChild(node, (child) => {
        stack.push({ node: child, depth });
      });
    }
    return { names: [...names], constant: expressions.length > 0 && expressions.every(isConstant) };
  }

  function isConstant(node: TS.Node): boolean {
    if (!ts.isExpression(node)) return false;
    const e = scope.resolveValue(node);
    return ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || e.kind === ts.SyntaxKind.TrueKeyword
      || e.kind === ts.SyntaxKind.FalseKeyword;
  }

  function record(target: StateTarget | undefined, op: StateWrite['op'], parts: readonly TS.Node[], at: TS.Node, constantKey?: boolean): void {
    if (!target || !inFunction(at) || facts.writes.length >= MAX_WRITES) return;
    const { names, constant } = namesOf(parts);
    facts.writes.push({ target, op, names, constantKey: constantKey ?? constant, span: span(at), text: snippet(at) });
  }

  function bound(target: StateTarget | undefined): void {
    if (!target) return;
    const key = JSON.stringify(target);
    if (!facts.bounded.some((t) => JSON.stringify(t) === key)) facts.bounded.push(target);
  }

  /** `if (!x) x = …`, `if (x === undefined) { x = … }`: a lazy singleton, filled once. */
  function guardedByAbsence(assignment: TS.Node, name: string): boolean {
    for (let n: TS.Node | undefined = assignment.parent; n && !ts.isFunctionLike(n); n = n.parent) {
      if (!ts.isIfStatement(n)) continue;
      const c = scope.unwrap(n.expression);
      if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) {
        const operand = scope.unwrap(c.operand);
        if (ts.isIdentifier(operand) && operand.text === name) return true;
      }
      if (ts.isBinaryExpression(c) && comparisons.has(c.operatorToken.kind)) {
        const sides = [scope.unwrap(c.left), scope.unwrap(c.right)];
        const named = sides.some((s) => ts.isIdentifier(s) && s.text === name);
        const empty = sides.some((s) => s.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(s) && s.text === 'undefined'));
        if (named && empty) return true;
      }
    }
    return false;
  }

  function onAssignment(b: TS.BinaryExpression): void {
    const op = b.operatorToken.kind;
    if (lazyOperators.has(op)) return;
    const counter = counterOperators.has(op);
    if (op !== ts.SyntaxKind.EqualsToken && !counter) return;
    const left = scope.unwrap(b.left);
    if (ts.isIdentifier(left)) {
      const target = targetOf(left);
      if (!target) return;
      if (!counter && guardedByAbsence(b, left.text)) return;
      // `count = count + 1`
      const right = scope.unwrap(b.right);
      const selfArithmetic = ts.isBinaryExpression(right)
        && [right.left, right.right].some((s) => { const u = scope.unwrap(s); return ts.isIdentifier(u) && u.text === left.text; });
      record(target, counter || selfArithmetic ? 'counter' : 'assign', [b.right], b);
      return;
    }
    if (ts.isElementAccessExpression(left)) {
      const key = left.argumentExpression;
      const constantKey = isConstant(key);
      record(targetOf(left.expression), counter ? 'counter' : constantKey ? 'assign' : 'entry', constantKey ? [b.right] : [key], b, constantKey);
      return;
    }
    if (ts.isPropertyAccessExpression(left)) {
      if (left.name.text === 'length') {
        bound(targetOf(left.expression));
        return;
      }
      // `state.currentUser = req.user`: a fixed slot; what is stored decides.
      record(targetOf(left.expression), counter ? 'counter' : 'assign', [b.right], b, true);
    }
  }

  function onUnary(node: TS.PrefixUnaryExpression | TS.PostfixUnaryExpression): void {
    if (node.operator !== ts.SyntaxKind.PlusPlusToken && node.operator !== ts.SyntaxKind.MinusMinusToken) return;
    const operand = scope.unwrap(node.operand);
    if (ts.isIdentifier(operand)) {
      record(targetOf(operand), 'counter', [], node, true);
    } else if (ts.isElementAccessExpression(operand)) {
      // `hits[req.ip]++`: an entry per key, counting.
      record(targetOf(operand.expression), 'counter', [operand.argumentExpression], node);
    } else if (ts.isPropertyAccessExpression(operand)) {
      record(targetOf(operand.expression), 'counter', [], node, true);
    }
  }

  function onCall(call: TS.CallExpression): void {
    const callee = scope.unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (BOUNDING_METHODS.has(method)) {
      bound(targetOf(callee.expression));
      return;
    }
    if (!ENTRY_METHODS.has(method) || call.arguments.length === 0) return;
    const target = targetOf(callee.expression);
    if (!target) return;
    const parts = method === 'set' ? [call.arguments[0]!] : [...call.arguments];
    record(target, 'entry', parts, call);
  }

  function collectBindings(): void {
    for (const statement of sourceFile.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const list = statement.declarationList;
      const constant = (list.flags & ts.NodeFlags.Const) !== 0;
      for (const d of list.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        const kind = constant ? collectionKind(d.initializer) : 'let';
        if (!kind) continue;
        facts.bindings.push({ name: d.name.text, kind, span: span(d.name), text: d.name.text });
      }
    }
  }

  /** A `const` bound to a mutable collection (not frozen, not `as const`). */
  function collectionKind(initializer: TS.Expression | undefined): StateKind | undefined {
    if (!initializer) return undefined;
    for (let e: TS.Expression = initializer; ;) {
      if (ts.isAsExpression(e) && ts.isTypeReferenceNode(e.type) && ts.isIdentifier(e.type.typeName) && e.type.typeName.text === 'const') return undefined;
      if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
      else break;
    }
    const e = scope.unwrap(initializer);
    if (ts.isObjectLiteralExpression(e)) return 'object';
    if (ts.isArrayLiteralExpression(e)) return 'array';
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && scope.isGlobal(e.expression.text, e)) {
      if (e.expression.text === 'Map') return 'map';
      if (e.expression.text === 'Set') return 'set';
      if (e.expression.text === 'Array') return 'array';
    }
    // `Object.create(null)`
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression)
      && e.expression.expression.text === 'Object' && e.expression.name.text === 'create'
      && scope.isGlobal('Object', e)) return 'object';
    return undefined;
  }

  return {
    visitors: {
      BinaryExpression(node: TS.Node) {
        const b = node as TS.BinaryExpression;
        if (comparisons.has(b.operatorToken.kind)) {
          // `if (cache.size > 1000)`: the collection is capped somewhere.
          for (const side of [b.left, b.right]) {
            const s = scope.unwrap(side);
            if (ts.isPropertyAccessExpression(s) && (s.name.text === 'size' || s.name.text === 'length')) bound(targetOf(s.expression));
          }
          return;
        }
        onAssignment(b);
      },
      PrefixUnaryExpression(node: TS.Node) {
        onUnary(node as TS.PrefixUnaryExpression);
      },
      PostfixUnaryExpression(node: TS.Node) {
        onUnary(node as TS.PostfixUnaryExpression);
      },
      DeleteExpression(node: TS.Node) {
        const e = scope.unwrap((node as TS.DeleteExpression).expression);
        if (ts.isElementAccessExpression(e) || ts.isPropertyAccessExpression(e)) bound(targetOf(e.expression));
      },
      CallExpression(node: TS.Node) {
        onCall(node as TS.CallExpression);
      },
    },
    result() {
      collectBindings();
      return facts as unknown as Json;
    },
  };
}

function isRelative(module: string): boolean {
  return module.startsWith('./') || module.startsWith('../') || module === '.' || module === '..';
}

export const stateExtractor: Extractor = {
  name: 'state',
  create,
};

// Scope: `var` hoisting. The walk hands Scope the file's nodes so that a function's hoisted `var`s
// come from the few `var` lists, not a walk of its body.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { preorder } from '../src/engine/analyze.js';
import { Scope } from '../src/engine/scope.js';
import type { TypeScriptApi } from '../src/engine/types.js';

const api = ts as unknown as TypeScriptApi;

const code = `
function outer(flag) {
  if (flag) {
    var hoisted = require('axios');
    for (var i = 0; i < 1; i++) {}
  }
  function inner() {
    var own = 1;
    use(hoisted, own);
  }
  class Box { method() { var inMethod = 2; } }
  const arrow = () => { { var inArrow = 3; } };
  use(hoisted, own, inMethod, inArrow, i);
}
use(hoisted);
`;

/** What each `use(...)` argument resolves to, as `name: kind` (or `global`). */
function resolved(): string[][] {
  const sf = api.createSourceFile('f.js', code, api.ScriptTarget.Latest, false, api.ScriptKind.JS);
  const nodes = preorder(api, sf);
  const scope = new Scope(api, sf, nodes);
  return nodes
    .filter((n): n is ts.CallExpression => api.isCallExpression(n) && api.isIdentifier(n.expression) && n.expression.text === 'use')
    .map((call) => call.arguments.map((a) => {
      const b = scope.lookup(a as ts.Identifier);
      return `${(a as ts.Identifier).text}: ${b ? b.kind : 'global'}`;
    }));
}

describe('Scope: var hoisting', () => {
  it('a var in a nested block belongs to its function, not to nested functions or the file', () => {
    expect(resolved()).toEqual([
      ['hoisted: import', 'own: variable'],
      // `i` of `for (var i …)` nested in a block is hoisted too; `own`, `inMethod` and `inArrow`
      // belong to the functions that declare them.
      ['hoisted: import', 'own: global', 'inMethod: global', 'inArrow: global', 'i: variable'],
      ['hoisted: global'],
    ]);
  });

  it('a var declared twice in nested blocks is bound to its first declaration', () => {
    const sf = api.createSourceFile('g.js', `function g(a) {
  if (a) { var client = require('first'); } else { var client = require('second'); }
  use(client);
}`, api.ScriptTarget.Latest, false, api.ScriptKind.JS);
    const nodes = preorder(api, sf);
    const scope = new Scope(api, sf, nodes);
    const use = nodes.find((n): n is ts.CallExpression => api.isCallExpression(n) && api.isIdentifier(n.expression) && n.expression.text === 'use')!;
    expect(scope.qualifiedName(use.arguments[0]!)).toEqual({ module: 'first', path: [] });
  });
});

// Name resolution inside one file, without a type checker: what an identifier refers to (an import,
// a `require`, a local declaration, or a global), and what a callee expression names ("the `get`
// export of `axios`"). Rules match resolved symbols, never substrings of names.
import type * as TS from 'typescript';
import type { TypeScriptApi } from './types.js';

export type Binding =
  | { kind: 'import'; module: string; imported: string; node: TS.Node }
  | { kind: 'variable'; declaration: TS.VariableDeclaration; constant: boolean; node: TS.Node }
  | { kind: 'function'; declaration: TS.FunctionDeclaration; node: TS.Node }
  | { kind: 'class'; declaration: TS.ClassDeclaration; node: TS.Node }
  | { kind: 'parameter'; node: TS.Node }
  | { kind: 'other'; node: TS.Node };

/** What an expression names when it is rooted in an import or a global. */
export interface QualifiedName {
  /** Normalised module (`node:http` → `http`), or `''` for a global. */
  module: string;
  /**
   * Member path below the module. A default import, a namespace import and a whole-module
   * `require` all start the path at the module object (a leading `default` is dropped), so
   * `axios.get`, `ax.default.get` and `require('axios').get` are all `['get']`; a named import
   * `{ get }` is `['get']` too, and calling the default export itself is `[]`.
   */
  path: string[];
}

const MAX_VALUE_DEPTH = 5;

export function normalizeModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

const scopeKindsCache = new WeakMap<TypeScriptApi, Uint8Array>();
const wrapperKindsCache = new WeakMap<TypeScriptApi, Uint8Array>();

/** A table indexed by SyntaxKind: 1 for the kinds given (asked once per node: cheaper than a set). */
function kindTable(kinds: readonly number[]): Uint8Array {
  const table = new Uint8Array(Math.max(...kinds) + 1);
  for (const k of kinds) table[k] = 1;
  return table;
}

/** Kinds `unwrap` looks through: parentheses, `as`, `!`, `<T>x`, `satisfies`, `await`. */
function wrapperKinds(ts: TypeScriptApi): Uint8Array {
  let kinds = wrapperKindsCache.get(ts);
  if (!kinds) {
    const k = ts.SyntaxKind;
    kinds = kindTable([k.ParenthesizedExpression, k.AsExpression, k.NonNullExpression, k.TypeAssertionExpression,
      k.SatisfiesExpression, k.AwaitExpression]);
    wrapperKindsCache.set(ts, kinds);
  }
  return kinds;
}

/** Node kinds that open a scope, as numbers of this TypeScript (looked up per node: a table). */
function scopeKinds(ts: TypeScriptApi): Uint8Array {
  let kinds = scopeKindsCache.get(ts);
  if (!kinds) {
    const k = ts.SyntaxKind;
    kinds = kindTable([
      k.SourceFile, k.Block, k.ModuleBlock, k.CaseBlock, k.CatchClause,
      k.ForStatement, k.ForOfStatement, k.ForInStatement,
      k.FunctionDeclaration, k.FunctionExpression, k.ArrowFunction, k.MethodDeclaration, k.Constructor,
      k.GetAccessor, k.SetAccessor, k.MethodSignature, k.CallSignature, k.ConstructSignature,
      k.IndexSignature, k.FunctionType, k.ConstructorType, k.JSDocFunctionType,
      k.ClassDeclaration, k.ClassExpression,
    ]);
    scopeKindsCache.set(ts, kinds);
  }
  return kinds;
}

export class Scope {
  private readonly declared = new Map<TS.Node, Map<string, Binding>>();
  private readonly scopeKinds: Uint8Array;
  private readonly wrapperKinds: Uint8Array;
  // Several rules ask the same questions about the same callee in one walk: answer each once.
  // (Answers are shared: callers must not mutate them.)
  private readonly lookups = new Map<TS.Identifier, Binding | null>();
  private readonly qualified = new Map<TS.Expression, QualifiedName | null>();

  /** `var` declaration lists by the function they hoist to (made on first use). */
  private varLists: Map<TS.Node, TS.VariableDeclarationList[]> | undefined;

  /**
   * `nodes`: every node of the file, parents set (analyzeFile's pre-order list): `var` hoisting is
   * found from the few `var` lists in it instead of a walk of every function body.
   */
  constructor(
    private readonly ts: TypeScriptApi,
    private readonly sourceFile: TS.SourceFile,
    private readonly nodes: readonly TS.Node[],
  ) {
    this.scopeKinds = scopeKinds(ts);
    this.wrapperKinds = wrapperKinds(ts);
  }

  /** The binding an identifier refers to, or `undefined` for a global / unknown name. */
  lookup(identifier: TS.Identifier): Binding | undefined {
    const known = this.lookups.get(identifier);
    if (known !== undefined) return known ?? undefined;
    const binding = this.lookupName(identifier.text, identifier);
    this.lookups.set(identifier, binding ?? null);
    return binding;
  }

  lookupName(name: string, from: TS.Node): Binding | undefined {
    for (let node: TS.Node | undefined = from; node; node = node.parent) {
      if (!this.isScope(node)) continue;
      const binding = this.bindingsOf(node).get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  /** True when `name` at `from` is the global (not shadowed by any declaration in scope). */
  isGlobal(name: string, from: TS.Node): boolean {
    return this.lookupName(name, from) === undefined;
  }

  /** Skip parentheses, type assertions, `!` and `satisfies`. */
  unwrap(expression: TS.Expression): TS.Expression {
    let e = expression;
    // One table lookup per level (this runs for nearly every expression any rule looks at).
    while (this.wrapperKinds[e.kind] === 1) e = (e as TS.ParenthesizedExpression).expression;
    return e;
  }

  /**
   * Follow an expression through constant bindings to the expression that produced its value
   * (`const opts = { … }; f(opts)` → the object literal). Stops at anything else.
   */
  resolveValue(expression: TS.Expression, depth = 0): TS.Expression {
    const ts = this.ts;
    const e = this.unwrap(expression);
    if (depth >= MAX_VALUE_DEPTH || !ts.isIdentifier(e)) return e;
    const binding = this.lookup(e);
    if (binding?.kind === 'variable' && binding.constant && binding.declaration.initializer
      && ts.isIdentifier(binding.declaration.name)) {
      return this.resolveValue(binding.declaration.initializer, depth + 1);
    }
    return e;
  }

  /** The function an expression is: written in place, or a name bound to one (through constants). */
  functionValue(expression: TS.Expression): TS.FunctionLikeDeclaration | undefined {
    const ts = this.ts;
    const v = this.resolveValue(expression);
    if (ts.isArrowFunction(v) || ts.isFunctionExpression(v)) return v;
    if (!ts.isIdentifier(v)) return undefined;
    const binding = this.lookup(v);
    return binding?.kind === 'function' ? binding.declaration : undefined;
  }

  /** A function written in place, or a name bound to one (through constants). */
  isFunctionValue(expression: TS.Expression): boolean {
    return this.functionValue(expression) !== undefined;
  }

  /**
   * What an expression names, when it is rooted in an import/require or a global:
   * `axios.get` → `{ module: 'axios', path: ['get'] }`, `fetch` → `{ module: '', path: ['fetch'] }`.
   */
  qualifiedName(expression: TS.Expression): QualifiedName | undefined {
    const known = this.qualified.get(expression);
    if (known !== undefined) return known ?? undefined;
    const q = this.qualifiedNameAt(expression, 0);
    this.qualified.set(expression, q ?? null);
    return q;
  }

  private qualifiedNameAt(expression: TS.Expression, depth: number): QualifiedName | undefined {
    const ts = this.ts;
    const e = this.unwrap(expression);
    if (depth > MAX_VALUE_DEPTH) return undefined;
    if (ts.isIdentifier(e)) {
      const binding = this.lookup(e);
      if (!binding) {
        if (e.text === 'undefined') return undefined;
        return { module: '', path: [e.text] };
      }
      if (binding.kind === 'import') {
        const module = normalizeModule(binding.module);
        if (binding.imported === 'default' || binding.imported === '*') return { module, path: [] };
        return { module, path: [binding.imported] };
      }
      if (binding.kind === 'variable' && binding.constant && binding.declaration.initializer) {
        const init = this.unwrap(binding.declaration.initializer);
        // `const get = axios.get` or `const ax = require('axios').default`: an alias.
        if (ts.isIdentifier(binding.declaration.name)
          && (ts.isPropertyAccessExpression(init) || ts.isIdentifier(init) || this.requireOf(init) !== undefined)) {
          return this.qualifiedNameAt(init, depth + 1);
        }
      }
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
      const base = this.qualifiedNameAt(e.expression, depth + 1);
      if (!base) return undefined;
      const name = e.name.text;
      if (base.module === '' && base.path.length === 1 && base.path[0] === 'globalThis') {
        return { module: '', path: [name] };
      }
      if (base.module !== '' && base.path.length === 0 && name === 'default') return base;
      return { module: base.module, path: [...base.path, name] };
    }
    if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
      const base = this.qualifiedNameAt(e.expression, depth + 1);
      if (!base) return undefined;
      return { module: base.module, path: [...base.path, e.argumentExpression.text] };
    }
    const required = this.requireOf(e);
    if (required !== undefined) return { module: normalizeModule(required), path: [] };
    return undefined;
  }

  /** `require('m')` (with a global `require`) → `'m'`. */
  requireOf(expression: TS.Expression): string | undefined {
    const ts = this.ts;
    const e = this.unwrap(expression);
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require'
      && e.arguments.length === 1 && ts.isStringLiteralLike(e.arguments[0]!)
      && this.isGlobal('require', e)) {
      return e.arguments[0].text;
    }
    return undefined;
  }

  /** Name of the function enclosing a node (for messages and baselines); `''` at module level. */
  enclosingFunctionName(node: TS.Node): string {
    const ts = this.ts;
    for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isClassDeclaration(n)) {
        if (n.name && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) return n.name.text;
      }
      if ((ts.isFunctionExpression(n) || ts.isArrowFunction(n)) && n.parent) {
        const p = n.parent;
        if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
        if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return p.name.text;
        if (ts.isFunctionExpression(n) && n.name) return n.name.text;
      }
    }
    return '';
  }

  private isScope(node: TS.Node): boolean {
    return this.scopeKinds[node.kind] === 1;
  }

  private bindingsOf(scope: TS.Node): Map<string, Binding> {
    let map = this.declared.get(scope);
    if (map) return map;
    map = new Map();
    this.declared.set(scope, map);
    const ts = this.ts;
    const add = (name: string, binding: Binding) => {
      if (!map!.has(name)) map!.set(name, binding);
    };
    if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
      for (const statement of scope.statements) this.addStatement(statement, add);
    } else if (ts.isCaseBlock(scope)) {
      for (const clause of scope.clauses) for (const s of clause.statements) this.addStatement(s, add);
    } else if (ts.isFunctionLike(scope)) {
      for (const parameter of scope.parameters) {
        this.addBindingName(parameter.name, (n) => add(n, { kind: 'parameter', node: parameter }));
      }
      if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name) {
        add(scope.name.text, { kind: 'other', node: scope });
      }
      // `var` is function-scoped: collect it from nested blocks too.
      const body = (scope as TS.FunctionLikeDeclarationBase).body;
      if (body && ts.isBlock(body)) this.addHoistedVars(body, add);
    } else if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
      const init = scope.initializer;
      if (init && ts.isVariableDeclarationList(init)) this.addDeclarationList(init, add);
    } else if (ts.isCatchClause(scope)) {
      const d = scope.variableDeclaration;
      if (d) this.addBindingName(d.name, (n) => add(n, { kind: 'other', node: d }));
    } else if (ts.isClassExpression(scope) && scope.name) {
      add(scope.name.text, { kind: 'other', node: scope });
    }
    return map;
  }

  private addStatement(statement: TS.Statement, add: (name: string, b: Binding) => void): void {
    const ts = this.ts;
    if (ts.isVariableStatement(statement)) {
      this.addDeclarationList(statement.declarationList, add);
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      add(statement.name.text, { kind: 'function', declaration: statement, node: statement });
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      add(statement.name.text, { kind: 'class', declaration: statement, node: statement });
    } else if ((ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) && ts.isIdentifier(statement.name)) {
      add(statement.name.text, { kind: 'other', node: statement });
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause) return;
      if (clause.name) add(clause.name.text, { kind: 'import', module, imported: 'default', node: clause });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        add(bindings.name.text, { kind: 'import', module, imported: '*', node: bindings });
      } else if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          add(element.name.text, { kind: 'import', module, imported, node: element });
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement)
      && ts.isExternalModuleReference(statement.moduleReference)
      && ts.isStringLiteral(statement.moduleReference.expression)) {
      add(statement.name.text, {
        kind: 'import', module: statement.moduleReference.expression.text, imported: '*', node: statement,
      });
    }
  }

  /** The `var` lists whose nearest enclosing function (or class) is `fn`, in document order. */
  private hoistedTo(fn: TS.Node): readonly TS.VariableDeclarationList[] {
    const ts = this.ts;
    if (!this.varLists) {
      this.varLists = new Map();
      const kind = ts.SyntaxKind.VariableDeclarationList;
      const blockScoped = ts.NodeFlags.Let | ts.NodeFlags.Const;
      for (const node of this.nodes) {
        if (node.kind !== kind || (node.flags & blockScoped) !== 0) continue;
        let owner = node.parent;
        while (owner && !ts.isFunctionLike(owner) && !ts.isClassLike(owner)) owner = owner.parent;
        if (!owner) continue;
        let lists = this.varLists.get(owner);
        if (!lists) this.varLists.set(owner, (lists = []));
        lists.push(node as TS.VariableDeclarationList);
      }
    }
    return this.varLists.get(fn) ?? [];
  }

  private addDeclarationList(list: TS.VariableDeclarationList, add: (name: string, b: Binding) => void): void {
    const ts = this.ts;
    const constant = (list.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of list.declarations) {
      const required = declaration.initializer ? this.requireSource(declaration.initializer) : undefined;
      if (required && ts.isObjectBindingPattern(declaration.name)) {
        // `const { get, default: axios } = require('axios')`
        for (const element of declaration.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const key = element.propertyName && ts.isIdentifier(element.propertyName)
            ? element.propertyName.text : element.name.text;
          const imported = required.imported === '*' ? key : required.imported;
          add(element.name.text, { kind: 'import', module: required.module, imported, node: element });
        }
        continue;
      }
      if (required && ts.isIdentifier(declaration.name)) {
        add(declaration.name.text, {
          kind: 'import', module: required.module, imported: required.imported, node: declaration,
        });
        continue;
      }
      this.addBindingName(declaration.name, (n) => add(n, { kind: 'variable', declaration, constant, node: declaration }));
    }
  }

  /** `require('m')` → whole module; `require('m').default` / `.x` → that export. */
  private requireSource(init: TS.Expression): { module: string; imported: string } | undefined {
    const ts = this.ts;
    const e = this.unwrap(init);
    const direct = this.requireOfSyntactic(e);
    if (direct !== undefined) return { module: direct, imported: '*' };
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
      const inner = this.requireOfSyntactic(this.unwrap(e.expression));
      if (inner !== undefined) return { module: inner, imported: e.name.text === 'default' ? '*' : e.name.text };
    }
    return undefined;
  }

  // Binding collection must not recurse into lookups (a `require` shadowed by a local is rare
  // enough that the syntactic form decides here).
  private requireOfSyntactic(e: TS.Expression): string | undefined {
    const ts = this.ts;
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require'
      && e.arguments.length === 1 && ts.isStringLiteralLike(e.arguments[0]!)) {
      return e.arguments[0].text;
    }
    return undefined;
  }

  private addBindingName(name: TS.BindingName, add: (name: string) => void): void {
    const ts = this.ts;
    if (ts.isIdentifier(name)) {
      add(name.text);
      return;
    }
    const stack: TS.BindingName[] = [name];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (ts.isIdentifier(current)) add(current.text);
      else for (const element of current.elements) {
        if (ts.isBindingElement(element)) stack.push(element.name);
      }
    }
  }

  /** `var`s declared in nested blocks of a function (those directly in its body are the body's). */
  private addHoistedVars(body: TS.Block, add: (name: string, b: Binding) => void): void {
    for (const list of this.hoistedTo(body.parent)) if (list.parent.parent !== body) this.addDeclarationList(list, add);
  }
}

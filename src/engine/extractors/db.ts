// The `db` extractor: database clients and pools created in one file (with the driver, whether the
// creation is one connection, a pool or a multiplexed client, and whether it happens once at
// module level or inside a function), and the uses of module-level instances — here, or of
// instances imported from a relative module — as member calls (`db.query(sql)`, `pool.end()`).
// Whether a creation or a use runs per request is decided in the reduce step
// (rules/no-unpooled-db-client.ts) with the request-handler model. The text edits of the
// suggestions (`Client` → `Pool`, hoisting a per-request pool) are computed here, where the AST is.
import type * as TS from 'typescript';
import { someDescendant } from '../ast.js';
import { findProperty } from '../objects.js';
import type { Extractor, ExtractorContext, Json, Span, TextEdit } from '../types.js';
import { dbFactory, edgeRuntime, type DbConnectionKind, type DbDriver, type DbFactory } from '../../knowledge/databases.js';

export interface DbCreation {
  /** `d<offset>`. */
  id: string;
  /** Row of src/knowledge/databases.ts. */
  driver: string;
  kind: DbConnectionKind;
  label: string;
  /** The pooled form's name, for single-connection factories that have one (`Pool`). */
  pooled?: string;
  /** Created once: at module level, in a class field, or stored into a module-level binding or `globalThis`. */
  once: boolean;
  /** The module-level binding it is bound to. */
  local?: string;
  /** Created inside a function of a file declaring the edge runtime, where the driver requires that. */
  edgeAllowed?: boolean;
  /**
   * Created in a function from settings computed there (a parameter or a local: credentials a
   * request supplies to test a connection, a per-tenant database): no shared pool could serve it.
   */
  localSettings?: boolean;
  /** `Client` → `Pool` (and its import), when the name can be swapped in place. */
  toPool?: TextEdit[];
  /** Move a per-request `const x = new Pool(…)` to module scope. */
  hoist?: TextEdit[];
  span: Span;
  scopeName: string;
  text: string;
}

export interface DbUse {
  /** A module-level binding of this file, or a binding imported from a relative module. */
  target: { kind: 'local'; name: string } | { kind: 'import'; module: string; imported: string };
  /** The member called (`query`, `end`, `on`); `''` when the instance is passed along or read otherwise. */
  method: string;
  /** The start of the first argument when it is a string (a query text, an event name). */
  argument?: string;
  /** Inside a function (a module-level use runs once). */
  inFunction: boolean;
  /** A module-level `await x.connect();` statement the `Client` → `Pool` suggestion removes. */
  removable?: TextEdit;
  span: Span;
}

export interface DbFacts {
  creations: DbCreation[];
  uses: DbUse[];
}

const MAX_USES = 200;
/** Members of a request object that carry what the client sent. */
const REQUEST_INPUT = new Set(['body', 'query', 'params', 'headers']);
const MAX_TEXT = 120;
const MAX_ARGUMENT = 60;

function create(context: ExtractorContext) {
  const { ts, scope, sourceFile } = context;
  const text = sourceFile.text;
  const facts: DbFacts = { creations: [], uses: [] };
  const span = (node: TS.Node) => context.span(node.getStart(sourceFile), node.getEnd());
  const snippet = (node: TS.Node) => text.slice(node.getStart(sourceFile), Math.min(node.getEnd(), node.getStart(sourceFile) + MAX_TEXT));
  /** Identifier counts of the names a `Client` → `Pool` edit may rename in imports. */
  const importedNames = new Map<string, number>();
  const pendingToPool: (() => void)[] = [];
  /** Names a use can go through: module-level variables and relative imports of this file. */
  const candidates = new Set<string>();

  function lineStart(offset: number): number {
    return text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The whole lines a statement occupies, when nothing else shares them. */
  function statementLines(statement: TS.Node): { start: number; end: number } | undefined {
    const start = statement.getStart(sourceFile);
    const end = statement.getEnd();
    const from = lineStart(start);
    if (text.slice(from, start).trim() !== '') return undefined;
    const newline = text.indexOf('\n', end);
    const to = newline === -1 ? text.length : newline + 1;
    if (text.slice(end, newline === -1 ? text.length : newline).trim() !== '') return undefined;
    return { start: from, end: to };
  }

  function inFunction(node: TS.Node): TS.FunctionLikeDeclaration | undefined {
    for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isFunctionLike(n)) return n as TS.FunctionLikeDeclaration;
    }
    return undefined;
  }

  const isModuleDeclaration = (d: TS.Node): d is TS.VariableDeclaration => ts.isVariableDeclaration(d)
    && ts.isVariableDeclarationList(d.parent) && ts.isVariableStatement(d.parent.parent) && d.parent.parent.parent === sourceFile;

  function matchCreation(node: TS.CallExpression | TS.NewExpression): { driver: DbDriver; factory: DbFactory } | undefined {
    const q = scope.qualifiedName(node.expression);
    if (!q || q.module === '') return undefined;
    const match = dbFactory(q.module, q.path, ts.isNewExpression(node));
    if (!match) return undefined;
    const opens = match.factory.opensWhen;
    if (opens) {
      const first = node.arguments?.[0];
      const value = first && scope.resolveValue(first);
      const byString = !!opens.stringArgument && !!value && (ts.isStringLiteralLike(value) || ts.isTemplateExpression(value)
        || ts.isPropertyAccessExpression(value));
      const byKeys = !!opens.optionKeys && findProperty(ts, scope, first, opens.optionKeys).state === 'present'
        && !(opens.unlessKeys && findProperty(ts, scope, first, opens.unlessKeys).state !== 'absent');
      if (!byString && !byKeys) return undefined;
    }
    return match;
  }

  /**
   * Where the created value goes: a module-level binding (`const db = new Client()`,
   * `export const prisma = globalThis.prisma ?? new PrismaClient()`), or a lazy store into one
   * (`pool ??= new Pool()`, `globalForPrisma.prisma = new PrismaClient()`).
   */
  function destination(node: TS.Node): { local?: string; stored: boolean; declaration?: TS.VariableDeclaration } {
    let n: TS.Node = node;
    for (let i = 0; i < 8 && n.parent; i++) {
      const p: TS.Node = n.parent;
      if (ts.isParenthesizedExpression(p) || ts.isAwaitExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p)
        || ts.isSatisfiesExpression(p) || (ts.isConditionalExpression(p) && p.condition !== n)) {
        n = p;
        continue;
      }
      if (ts.isBinaryExpression(p)) {
        const op = p.operatorToken.kind;
        if ((op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) && p.right === n) {
          n = p;
          continue;
        }
        const assigns = op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken
          || op === ts.SyntaxKind.BarBarEqualsToken;
        if (assigns && p.right === n) return { stored: storesToModule(p.left), ...localOf(p.left) };
        return { stored: false };
      }
      if (ts.isVariableDeclaration(p) && p.initializer === n) {
        if (isModuleDeclaration(p) && ts.isIdentifier(p.name)) return { local: p.name.text, stored: false, declaration: p };
        return { stored: false, declaration: p };
      }
      if (ts.isPropertyDeclaration(p) && p.initializer === n) return { stored: true };
      return { stored: false };
    }
    return { stored: false };
  }

  function localOf(left: TS.Expression): { local?: string } {
    const l = scope.unwrap(left);
    return ts.isIdentifier(l) ? { local: l.text } : {};
  }

  /** An assignment target rooted in a module-level binding, `globalThis` or `global`. */
  function storesToModule(left: TS.Expression): boolean {
    let e = scope.unwrap(left);
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = scope.unwrap(e.expression);
    if (e.kind === ts.SyntaxKind.ThisKeyword) return false;
    if (!ts.isIdentifier(e)) return false;
    const binding = scope.lookup(e);
    if (!binding) return e.text === 'globalThis' || e.text === 'global';
    return binding.kind === 'variable' && isModuleDeclaration(binding.declaration);
  }

  function isEdgeFile(): boolean {
    const base = context.file.split(/[\\/]/).pop() ?? '';
    if (/^middleware\.[cm]?[jt]sx?$/.test(base)) return true;
    for (const statement of sourceFile.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const exported = (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        const value = scope.unwrap(d.initializer);
        if (d.name.text === edgeRuntime.exportName && ts.isStringLiteralLike(value)
          && (edgeRuntime.values as readonly string[]).includes(value.text)) return true;
        if (d.name.text === edgeRuntime.configExport && ts.isObjectLiteralExpression(value)) {
          const runtime = findProperty(ts, scope, value, ['runtime']);
          const v = runtime.state === 'present' && runtime.value ? scope.unwrap(runtime.value) : undefined;
          if (v && ts.isStringLiteralLike(v) && (edgeRuntime.values as readonly string[]).includes(v.text)) return true;
        }
      }
    }
    return false;
  }

  function onCreation(node: TS.CallExpression | TS.NewExpression): void {
    const match = matchCreation(node);
    if (!match) return;
    const { driver, factory } = match;
    const fn = inFunction(node);
    const dest = destination(node);
    const creation: DbCreation = {
      id: `d${node.getStart(sourceFile)}`,
      driver: driver.id,
      kind: factory.kind,
      label: factory.label,
      once: !fn || dest.stored,
      span: span(node),
      scopeName: scope.enclosingFunctionName(node),
      text: snippet(node),
    };
    if (factory.pooled) creation.pooled = factory.pooled;
    if (dest.local && (!fn || dest.stored)) creation.local = dest.local;
    if (fn && !dest.stored && factory.perRequestOnEdge && isEdgeFile()) creation.edgeAllowed = true;
    if (fn && !dest.stored && readsLocal(node, fn)) creation.localSettings = true;
    // Needs every mention of the imported name counted: computed at the end of the walk.
    if (factory.pooled && !fn) pendingToPool.push(() => {
      const edits = toPoolEdits(node, factory);
      if (edits) creation.toPool = edits;
    });
    if (fn && !dest.stored && factory.kind !== 'single' && dest.declaration) {
      const edits = hoistEdits(node, dest.declaration, fn, driver);
      if (edits) creation.hoist = edits;
    }
    facts.creations.push(creation);
  }

  /**
   * The creation's settings come from the request (`req.body.host`, `request.query.url`), directly
   * or through a local bound from it: a connection to a target the client names (testing the
   * credentials a user typed, a tenant's own database), which no shared pool could serve.
   */
  function readsLocal(node: TS.CallExpression | TS.NewExpression, fn: TS.FunctionLikeDeclaration): boolean {
    const fromRequest = (root: TS.Node, depth: number): boolean => {
      const check = (n: TS.Node): boolean => {
        if (ts.isPropertyAccessExpression(n) && REQUEST_INPUT.has(n.name.text) && ts.isIdentifier(n.expression)) {
          return scope.lookup(n.expression)?.kind === 'parameter';
        }
        if (!ts.isIdentifier(n) || depth > 2) return false;
        if (n.parent && (ts.isPropertyAssignment(n.parent) || ts.isPropertyAccessExpression(n.parent)) && n.parent.name === n) return false;
        const b = scope.lookup(n);
        if (b?.kind !== 'variable' || !b.declaration.initializer) return false;
        let inside = false;
        for (let p: TS.Node | undefined = b.node; p && !inside; p = p.parent) if (p === fn) inside = true;
        return inside && fromRequest(b.declaration.initializer, depth + 1);
      };
      return check(root) || someDescendant(ts, root, check);
    };
    return (node.arguments ?? []).some((arg) => fromRequest(arg, 0));
  }

  /** Swap the factory's last name for its pooled form, and the import when it names it. */
  function toPoolEdits(node: TS.CallExpression | TS.NewExpression, factory: DbFactory): TextEdit[] | undefined {
    const pooled = factory.pooled!;
    const single = factory.path[factory.path.length - 1]!;
    const callee = scope.unwrap(node.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      if (callee.name.text !== single) return undefined;
      return [{ start: callee.name.getStart(sourceFile), end: callee.name.getEnd(), text: pooled }];
    }
    if (!ts.isIdentifier(callee) || callee.text !== single) return undefined;
    const binding = scope.lookup(callee);
    if (binding?.kind !== 'import' || binding.imported !== single) return undefined;
    const existing = scope.lookupName(pooled, sourceFile);
    const edits: TextEdit[] = [{ start: callee.getStart(sourceFile), end: callee.getEnd(), text: pooled }];
    if (existing) {
      // Already imported from the same module under its own name: only the call changes.
      return existing.kind === 'import' && existing.module === binding.module && existing.imported === pooled ? edits : undefined;
    }
    const specifier = binding.node;
    const name = (ts.isImportSpecifier(specifier) || ts.isBindingElement(specifier)) && !specifier.propertyName && ts.isIdentifier(specifier.name)
      ? specifier.name : undefined;
    if (!name) return undefined;
    // The import declaration itself and this call are the only uses: rename the import.
    if ((importedNames.get(single) ?? 0) <= 2) edits.push({ start: name.getStart(sourceFile), end: name.getEnd(), text: pooled });
    else edits.push({ start: name.getEnd(), end: name.getEnd(), text: `, ${pooled}` });
    return edits;
  }

  /** `const pool = new Pool(cfg)` in a handler → the same statement at module scope, when `cfg` needs nothing local. */
  function hoistEdits(node: TS.Node, declaration: TS.VariableDeclaration, fn: TS.FunctionLikeDeclaration, driver: DbDriver): TextEdit[] | undefined {
    const list = declaration.parent;
    if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1 || !ts.isIdentifier(declaration.name)) return undefined;
    const statement = list.parent;
    if (!ts.isVariableStatement(statement) || !declaration.initializer) return undefined;
    if (scope.unwrap(declaration.initializer) !== node || ts.isAwaitExpression(declaration.initializer)) return undefined;
    const name = declaration.name.text;
    if (scope.lookupName(name, sourceFile)) return undefined;
    // Everything the creation reads must exist at module scope.
    const local = someDescendant(ts, node, (n) => {
      if (!ts.isIdentifier(n)) return false;
      if (n.parent && ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) return false;
      if (n.parent && ts.isPropertyAssignment(n.parent) && n.parent.name === n) return false;
      const b = scope.lookup(n);
      if (!b) return false;
      for (let p: TS.Node | undefined = b.node; p; p = p.parent) if (p === fn) return true;
      return false;
    });
    if (local) return undefined;
    let top: TS.Node = fn;
    while (top.parent && top.parent !== sourceFile) top = top.parent;
    const comments = ts.getLeadingCommentRanges(text, top.getFullStart()) ?? [];
    const at = lineStart(comments[0]?.pos ?? top.getStart(sourceFile));
    // A module-level name it reads must be declared before the new statement.
    const late = someDescendant(ts, node, (n) => {
      if (!ts.isIdentifier(n)) return false;
      const b = scope.lookup(n);
      return !!b && b.kind !== 'import' && b.node.getStart(sourceFile) >= at && !inFunction(b.node);
    });
    if (late) return undefined;
    // Closing it per request would close the shared instance once hoisted.
    const closes = fn.body && someDescendant(ts, fn.body, (n) => ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression)
      && n.expression.text === name && (driver.closeMethods.includes(n.name.text) || (driver.connectMethods ?? []).includes(n.name.text)));
    if (closes) return undefined;
    const lines = statementLines(statement);
    if (!lines) return undefined;
    const kind = (list.flags & ts.NodeFlags.Const) !== 0 ? 'const' : 'let';
    const nl = text.includes('\r\n') ? '\r\n' : '\n';
    return [
      { start: at, end: at, text: `${kind} ${name} = ${text.slice(node.getStart(sourceFile), node.getEnd())};${nl}${nl}` },
      { start: lines.start, end: lines.end, text: '' },
    ];
  }

  /** A module-level binding of this file bound to a creation, or a relative import. */
  function useTarget(id: TS.Identifier, member: string | undefined): { target: DbUse['target']; consumed: boolean } | undefined {
    const binding = scope.lookup(id);
    if (!binding) return undefined;
    if (binding.kind === 'variable') {
      const d = binding.declaration;
      if (!isModuleDeclaration(d) || !ts.isIdentifier(d.name) || !d.initializer) return undefined;
      const creates = someCreation(d.initializer);
      return creates ? { target: { kind: 'local', name: id.text }, consumed: false } : undefined;
    }
    if (binding.kind === 'import' && isRelative(binding.module)) {
      if (binding.imported === '*') {
        return member ? { target: { kind: 'import', module: binding.module, imported: member }, consumed: true } : undefined;
      }
      return { target: { kind: 'import', module: binding.module, imported: binding.imported }, consumed: false };
    }
    return undefined;
  }

  function someCreation(initializer: TS.Expression): boolean {
    const e = scope.unwrap(initializer);
    if ((ts.isNewExpression(e) || ts.isCallExpression(e)) && matchCreation(e)) return true;
    if (ts.isBinaryExpression(e)) return someCreation(e.right);
    return false;
  }

  function recordUse(id: TS.Identifier): void {
    if (facts.uses.length >= MAX_USES) return;
    const parent = id.parent;
    if (!parent) return;
    // Declarations, imports, property names and type positions are not uses.
    if ((ts.isPropertyAccessExpression(parent) && parent.name === id) || ts.isImportSpecifier(parent) || ts.isImportClause(parent)
      || ts.isVariableDeclaration(parent) || ts.isBindingElement(parent) || ts.isTypeReferenceNode(parent)
      || ts.isPropertyAssignment(parent) && parent.name === id || ts.isTypeQueryNode(parent) || ts.isQualifiedName(parent)
      || ts.isExportSpecifier(parent) || ts.isNamespaceImport(parent) || ts.isShorthandPropertyAssignment(parent)
      || ts.isExportAssignment(parent)) return;
    let access: TS.Node = id;
    let member: string | undefined;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === id) {
      member = parent.name.text;
      access = parent;
    }
    const found = useTarget(id, member);
    if (!found) return;
    let method = '';
    let call: TS.CallExpression | undefined;
    let at: TS.Node = access;
    if (found.consumed) {
      // `ns.pool.query()`: the export is `pool`, the method the next member.
      const next = access.parent;
      if (next && ts.isPropertyAccessExpression(next) && next.expression === access) {
        method = next.name.text;
        at = next;
      }
    } else if (member !== undefined) {
      method = member;
    }
    if (at.parent && ts.isCallExpression(at.parent) && at.parent.expression === at && method !== '') call = at.parent;
    else if (method !== '' && !(at.parent && ts.isTaggedTemplateExpression(at.parent))) method = `.${method}`;
    if (method === '' && ts.isCallExpression(parent) && parent.expression === id) method = '()';
    if (method === '' && ts.isTaggedTemplateExpression(parent) && parent.tag === id) method = '``';
    const use: DbUse = { target: found.target, method, inFunction: !!inFunction(id), span: span(call ?? at) };
    const first = call?.arguments[0];
    const value = first && scope.resolveValue(first);
    if (value && ts.isStringLiteralLike(value)) use.argument = value.text.slice(0, MAX_ARGUMENT);
    else if (value && ts.isTemplateExpression(value)) use.argument = value.head.text.slice(0, MAX_ARGUMENT);
    if (call && !use.inFunction && call.arguments.length === 0) {
      let statement: TS.Node = call;
      if (statement.parent && ts.isAwaitExpression(statement.parent)) statement = statement.parent;
      if (statement.parent && ts.isExpressionStatement(statement.parent) && statement.parent.parent === sourceFile) {
        const lines = statementLines(statement.parent);
        if (lines) use.removable = { start: lines.start, end: lines.end, text: '' };
      }
    }
    facts.uses.push(use);
  }

  // Names imported from drivers that the `Client` → `Pool` edit may rename: count their mentions.
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const relative = ts.isStringLiteral(statement.moduleSpecifier) && isRelative(statement.moduleSpecifier.text);
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const el of clause.namedBindings.elements) {
          importedNames.set(el.name.text, 0);
          if (relative) candidates.add(el.name.text);
        }
      }
      if (relative && clause?.name) candidates.add(clause.name.text);
      if (relative && clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) candidates.add(clause.namedBindings.name.text);
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) candidates.add(d.name.text);
        if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            importedNames.set(el.name.text, 0);
            candidates.add(el.name.text);
          }
        }
      }
    }
  }

  return {
    visitors: {
      NewExpression(node: TS.Node) {
        onCreation(node as TS.NewExpression);
      },
      CallExpression(node: TS.Node) {
        onCreation(node as TS.CallExpression);
      },
      Identifier(node: TS.Node) {
        const id = node as TS.Identifier;
        const count = importedNames.get(id.text);
        if (count !== undefined) importedNames.set(id.text, count + 1);
        if (candidates.has(id.text)) recordUse(id);
      },
    },
    result() {
      for (const compute of pendingToPool) compute();
      return facts as unknown as Json;
    },
  };
}

function isRelative(module: string): boolean {
  return module.startsWith('./') || module.startsWith('../') || module === '.' || module === '..';
}

export const dbExtractor: Extractor = {
  name: 'db',
  create,
};

// Recognising database queries by the client they go through, never by a method name alone
// (`cache.get(id)` on a `Map` is not a query): the root of a call chain must resolve to an
// instance made by a driver of src/knowledge/databases.ts (`new Pool()`, `new PrismaClient()`,
// `knex(config)`), a model or repository reached from one (`mongoose.model(…)`,
// `dataSource.getRepository(User)`, `class User extends Model`), or a property injected with a
// driver's type (`Repository<User>`). Handles imported from another file of the project are
// resolved in the reduce step from each file's `handles` (see `moduleHandles`).
import type * as TS from 'typescript';
import { propertyName } from './objects.js';
import type { Scope } from './scope.js';
import type { TypeScriptApi } from './types.js';
import { batchedQuery, cursorMethods, dbDrivers, type DbDriver } from '../knowledge/databases.js';

/** A database handle: the driver, and whether it is a model/collection/repository rather than a client. */
export interface DbHandle {
  driver: string;
  model: boolean;
}

/** Where a chain's root comes from when it is not decided in this file. */
export type HandleRef = { kind: 'import'; module: string; imported: string };

/** A call chain as the query check needs it: plain data (it may wait for the reduce step). */
export interface ChainShape {
  /** Member names after the root, in order (`prisma.user.findMany` → `['user', 'findMany']`). */
  members: string[];
  /** The root itself is called (`knex('orders')…`) or used as a template tag (postgres.js). */
  called: boolean;
  tagged: boolean;
  /** Covers many keys at once (`IN`, `createMany`, `whereIn`): not one query per item. */
  batched: boolean;
}

export type QueryMatch =
  | { kind: 'query'; driver: DbDriver; chain: ChainShape }
  | { kind: 'maybe'; ref: HandleRef; chain: ChainShape };

const MAX_DEPTH = 5;
const MAX_CHAIN = 16;

function isRelative(module: string): boolean {
  return module.startsWith('./') || module.startsWith('../') || module === '.' || module === '..';
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/** Is a chain through this handle a query of its driver? (Pure data: also used in the reduce step.) */
export function isQueryChain(handle: DbHandle, chain: ChainShape): boolean {
  const driver = dbDrivers.find((d) => d.id === handle.driver);
  if (!driver) return false;
  if (chain.members.some((m) => cursorMethods.includes(m))) return false;
  const direct = driver.queries.direct ?? [];
  const model = driver.queries.model ?? [];
  if (handle.model) return chain.members.some((m) => model.includes(m) || direct.includes(m));
  if (chain.tagged) return !!driver.queries.tagged;
  if (chain.called) return !!driver.queries.called;
  const first = chain.members[0];
  if (first !== undefined && direct.includes(first)) return true;
  return chain.members.slice(1).some((m) => model.includes(m));
}

export class DbQueries {
  constructor(
    private readonly ts: TypeScriptApi,
    private readonly scope: Scope,
  ) {}

  /** The driver of a factory or model call (`new Pool()`, `mongoose.model(…)`), ignoring its arguments. */
  private created(expression: TS.Expression, depth: number): DbHandle | undefined {
    const ts = this.ts;
    const e = this.scope.unwrap(expression);
    if (!ts.isNewExpression(e) && !ts.isCallExpression(e)) return undefined;
    const q = this.scope.qualifiedName(e.expression);
    if (q && q.module !== '') {
      for (const driver of dbDrivers) {
        if (!driver.modules.includes(q.module)) continue;
        for (const f of driver.factories) {
          if (!samePath(f.path, q.path)) continue;
          if ((f.call === 'new' && !ts.isNewExpression(e)) || (f.call === 'call' && ts.isNewExpression(e))) continue;
          return { driver: driver.id, model: false };
        }
        for (const path of driver.models?.exports ?? []) {
          if (samePath(path, q.path)) return { driver: driver.id, model: true };
        }
      }
      return undefined;
    }
    // `sequelize.define(…)`, `dataSource.getRepository(User)`, `db.collection('orders')`.
    const callee = this.scope.unwrap(e.expression);
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(callee)) {
      const base = this.handleOf(callee.expression, depth + 1);
      if (base?.kind === 'handle') {
        const driver = dbDrivers.find((d) => d.id === base.handle.driver);
        if (driver?.models?.members?.includes(callee.name.text)) return { driver: driver.id, model: true };
        // `client.db('shop')` (MongoDB): a database of the client is still the client.
        if (!base.handle.model && driver?.models?.members && callee.name.text === 'db') return base.handle;
      }
    }
    return undefined;
  }

  /** What an expression at the root of a chain is: a handle of this file, one imported from the project, or nothing known. */
  handleOf(expression: TS.Expression, depth = 0): { kind: 'handle'; handle: DbHandle } | { kind: 'ref'; ref: HandleRef } | undefined {
    const ts = this.ts;
    if (depth > MAX_DEPTH) return undefined;
    const e = this.scope.unwrap(expression);
    if (ts.isIdentifier(e)) {
      const binding = this.scope.lookup(e);
      if (!binding) return undefined;
      if (binding.kind === 'import') {
        if (isRelative(binding.module)) return { kind: 'ref', ref: { kind: 'import', module: binding.module, imported: binding.imported } };
        return undefined;
      }
      if (binding.kind === 'variable') {
        const d = binding.declaration;
        if (!binding.constant || !d.initializer || !ts.isIdentifier(d.name)) return undefined;
        const made = this.created(d.initializer, depth);
        if (made) return { kind: 'handle', handle: made };
        const init = this.scope.unwrap(d.initializer);
        // `const users = db.collection('users')` is handled above; `const orders = prisma.order`.
        if (ts.isPropertyAccessExpression(init) || ts.isIdentifier(init)) {
          const base = this.handleOf(init, depth + 1);
          if (base?.kind === 'handle' && ts.isPropertyAccessExpression(init)) return { kind: 'handle', handle: { driver: base.handle.driver, model: true } };
          return base;
        }
        return undefined;
      }
      if (binding.kind === 'class') return this.classHandle(binding.declaration, depth);
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const base = this.scope.unwrap(e.expression);
      if (base.kind === ts.SyntaxKind.ThisKeyword) return this.injected(e, e.name.text);
      return undefined;
    }
    const made = this.created(e, depth);
    return made ? { kind: 'handle', handle: made } : undefined;
  }

  /** `class User extends Model {}` (a model), `class PrismaService extends PrismaClient {}` (a client). */
  classHandle(declaration: TS.ClassLikeDeclaration, depth = 0): { kind: 'handle'; handle: DbHandle } | { kind: 'ref'; ref: HandleRef } | undefined {
    const ts = this.ts;
    for (const clause of declaration.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      const base = clause.types[0]?.expression;
      if (!base) continue;
      const q = this.scope.qualifiedName(base);
      if (q && q.module !== '') {
        for (const driver of dbDrivers) {
          if (!driver.modules.includes(q.module)) continue;
          if ((driver.models?.baseClasses ?? []).some((p) => samePath(p, q.path))) return { kind: 'handle', handle: { driver: driver.id, model: true } };
          if (driver.factories.some((f) => f.call !== 'call' && samePath(f.path, q.path))) return { kind: 'handle', handle: { driver: driver.id, model: false } };
        }
        return undefined;
      }
      if (ts.isIdentifier(base) && depth < MAX_DEPTH) return this.handleOf(base, depth + 1);
    }
    return undefined;
  }

  /** `this.repo` where the class declares `repo: Repository<User>` (or a constructor parameter property). */
  private injected(node: TS.Node, property: string): { kind: 'handle'; handle: DbHandle } | { kind: 'ref'; ref: HandleRef } | undefined {
    const ts = this.ts;
    for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
      if (!ts.isClassLike(n)) continue;
      let type: TS.TypeNode | undefined;
      for (const m of n.members) {
        if (ts.isPropertyDeclaration(m) && m.name && propertyName(ts, m.name) === property) {
          if (m.initializer) {
            const made = this.created(m.initializer, 0);
            if (made) return { kind: 'handle', handle: made };
          }
          type = m.type;
        }
        if (ts.isConstructorDeclaration(m)) {
          for (const p of m.parameters) {
            if (ts.isIdentifier(p.name) && p.name.text === property && ts.getModifiers(p)?.length) type = p.type;
          }
        }
      }
      if (!type || !ts.isTypeReferenceNode(type)) return undefined;
      const name = ts.isIdentifier(type.typeName) ? type.typeName : undefined;
      if (!name) return undefined;
      const binding = this.scope.lookup(name);
      if (binding?.kind === 'import') {
        if (isRelative(binding.module)) return { kind: 'ref', ref: { kind: 'import', module: binding.module, imported: binding.imported } };
        const module = binding.module.startsWith('node:') ? binding.module.slice(5) : binding.module;
        for (const driver of dbDrivers) {
          if (!driver.modules.includes(module)) continue;
          if (driver.models?.types?.includes(binding.imported)) return { kind: 'handle', handle: { driver: driver.id, model: true } };
          if (driver.factories.some((f) => f.path.length === 1 && f.path[0] === binding.imported)) {
            return { kind: 'handle', handle: { driver: driver.id, model: false } };
          }
        }
        return undefined;
      }
      if (binding?.kind === 'class') return this.classHandle(binding.declaration);
      return undefined;
    }
    return undefined;
  }

  /**
   * The outermost call of a chain (`db.select().from(t).where(…)`), when `call` is it: its root
   * and shape. `undefined` when `call` continues into a longer chain (the outer call decides).
   */
  chainOf(call: TS.CallExpression | TS.TaggedTemplateExpression, withBatched = true): { root: TS.Expression; chain: ChainShape } | undefined {
    const ts = this.ts;
    const parent = call.parent;
    if (parent && (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === call) return undefined;
    const members: string[] = [];
    let called = false;
    let tagged = false;
    let batched = false;
    let e: TS.Expression = call;
    for (let i = 0; i < MAX_CHAIN; i++) {
      e = this.scope.unwrap(e);
      if (ts.isTaggedTemplateExpression(e)) {
        const t = e.template;
        const text = ts.isNoSubstitutionTemplateLiteral(t) ? t.text : t.head.text + t.templateSpans.map((s) => `$ ${s.literal.text}`).join('');
        if (withBatched && batchedQuery.sql.test(text)) batched = true;
        tagged = ts.isIdentifier(this.scope.unwrap(e.tag));
        e = e.tag;
        continue;
      }
      if (ts.isCallExpression(e)) {
        if (withBatched && e.arguments.some((a) => this.batchedArgument(a))) batched = true;
        const callee = this.scope.unwrap(e.expression);
        if (ts.isIdentifier(callee)) called = true;
        e = callee;
        continue;
      }
      if (ts.isPropertyAccessExpression(e)) {
        const base = this.scope.unwrap(e.expression);
        if (base.kind === ts.SyntaxKind.ThisKeyword) {
          members.reverse();
          return { root: e, chain: this.shape(members, called, tagged, batched) };
        }
        members.push(e.name.text);
        // A call of the root itself is only the first step of the chain.
        called = false;
        tagged = false;
        e = base;
        continue;
      }
      if (ts.isIdentifier(e)) {
        members.reverse();
        return { root: e, chain: this.shape(members, called, tagged, batched) };
      }
      return undefined;
    }
    return undefined;
  }

  private shape(members: string[], called: boolean, tagged: boolean, batched: boolean): ChainShape {
    const batchedByMember = members.some((m) => batchedQuery.chainMethods.includes(m)
      || dbDrivers.some((d) => (d.queries.batched ?? []).includes(m)));
    return { members, called, tagged, batched: batched || batchedByMember };
  }

  /** `{ id: { in: ids } }`, `In(ids)`, `inArray(col, ids)`, a query text with `IN (`/`ANY(`. */
  private batchedArgument(argument: TS.Expression): boolean {
    const ts = this.ts;
    const stack: TS.Node[] = [this.scope.resolveValue(argument)];
    for (let steps = 0; stack.length > 0 && steps < 200; steps++) {
      const n = stack.pop()!;
      if (ts.isStringLiteralLike(n) && batchedQuery.sql.test(n.text)) return true;
      if (ts.isTemplateExpression(n) && batchedQuery.sql.test(n.head.text + n.templateSpans.map((s) => s.literal.text).join(' '))) return true;
      if (ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n)) {
        const key = propertyName(ts, n.name) ?? (ts.isComputedPropertyName(n.name) ? `[${n.name.expression.getText()}]` : undefined);
        if (key !== undefined && batchedQuery.optionKeys.includes(key)) return true;
      }
      if (ts.isCallExpression(n)) {
        const callee = this.scope.unwrap(n.expression);
        if (ts.isIdentifier(callee) && batchedQuery.helpers.includes(callee.text)) return true;
      }
      if (ts.isFunctionLike(n)) continue;
      ts.forEachChild(n, (c) => {
        stack.push(c);
      });
    }
    return false;
  }

  /** Is this (outermost) call a database query, here or once an imported handle is resolved? */
  query(call: TS.CallExpression | TS.TaggedTemplateExpression): QueryMatch | undefined {
    // The chain's shape first, and only for a database handle whether its arguments batch (that
    // looks into every argument: most calls are not queries).
    const bare = this.chainOf(call, false);
    if (!bare) return undefined;
    const h = this.handleOf(bare.root);
    if (!h) return undefined;
    const shape = this.chainOf(call)!;
    if (h.kind === 'ref') return shape.chain.members.some((m) => cursorMethods.includes(m)) ? undefined : { kind: 'maybe', ref: h.ref, chain: shape.chain };
    if (!isQueryChain(h.handle, shape.chain)) return undefined;
    const driver = dbDrivers.find((d) => d.id === h.handle.driver)!;
    return { kind: 'query', driver, chain: shape.chain };
  }
}

/** Module-level names of a file bound to database handles (for imports from other files). */
export function moduleHandles(ts: TypeScriptApi, sourceFile: TS.SourceFile, queries: DbQueries): Record<string, DbHandle> {
  const out: Record<string, DbHandle> = {};
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        const h = queries.handleOf(d.name);
        if (h?.kind === 'handle') out[d.name.text] = h.handle;
      }
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      const h = queries.classHandle(statement);
      if (h?.kind === 'handle') out[statement.name.text] = h.handle;
    }
  }
  return out;
}

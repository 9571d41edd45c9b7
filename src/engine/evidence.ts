// Per file: which rows of an evidence table (src/knowledge/evidence.ts) the file proves, as plain
// data for the reduce step. A rule calls `evidenceVisitors` in its `create` and stores `result()`
// in its data; src/project/evidence.ts joins the files.
import type * as TS from 'typescript';
import type { Evidence } from '../knowledge/evidence.js';
import { propertyName } from './objects.js';
import { normalizeModule } from './scope.js';
import type { FileContext, Visitors } from './types.js';

export interface EvidenceFacts {
  /** Rows proven by this file alone. */
  hits: string[];
  /** Rows with `memberCalls` whose module this file imports. */
  imported: string[];
  /** Member calls of the table's `memberCalls` made in this file. */
  members: string[];
}

export function moduleMatches(specifier: string, module: string): boolean {
  const m = normalizeModule(specifier);
  return m === module || m.startsWith(`${module}/`);
}

const memberNamesOf = new WeakMap<readonly Evidence[], Set<string>>();

export function evidenceVisitors(
  context: Pick<FileContext<unknown>, 'ts' | 'scope'>,
  table: readonly Evidence[],
): { visitors: Visitors; result(): EvidenceFacts } {
  const { ts, scope } = context;
  const hits = new Set<string>();
  const imported = new Set<string>();
  const members = new Set<string>();
  let memberNames = memberNamesOf.get(table);
  if (!memberNames) memberNamesOf.set(table, (memberNames = new Set(table.flatMap((e) => e.memberCalls ?? []))));

  const moduleUsed = (specifier: string, name: string | undefined) => {
    for (const e of table) {
      if (!e.module || !moduleMatches(specifier, e.module)) continue;
      if (e.memberCalls) {
        imported.add(e.id);
      } else if (!e.names) {
        hits.add(e.id);
      } else if (!e.optionKeys && name !== undefined && e.names.includes(name)) {
        hits.add(e.id);
      }
    }
  };

  const optionsProve = (e: Evidence, args: readonly TS.Expression[]) => {
    if (args.length === 0) return e.emptyCounts === true;
    const options = scope.resolveValue(args[0]!);
    if (!ts.isObjectLiteralExpression(options)) return true;
    return options.properties.some((p) => ts.isSpreadAssignment(p)
      || (p.name !== undefined && e.optionKeys!.includes(propertyName(ts, p.name) ?? '')));
  };

  const called = (node: TS.CallExpression | TS.NewExpression) => {
    const q = scope.qualifiedName(node.expression);
    if (!q || q.module === '') return;
    for (const e of table) {
      if (!e.module || !e.names || !moduleMatches(q.module, e.module)) continue;
      const first = q.path[0];
      if (first === undefined || !e.names.includes(first)) continue;
      if (!e.optionKeys || optionsProve(e, node.arguments ?? [])) hits.add(e.id);
    }
  };

  const visitors: Visitors = {
    ImportDeclaration(node) {
      const d = node as TS.ImportDeclaration;
      if (!ts.isStringLiteral(d.moduleSpecifier) || d.importClause?.isTypeOnly) return;
      const specifier = d.moduleSpecifier.text;
      const bindings = d.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) if (!el.isTypeOnly) moduleUsed(specifier, (el.propertyName ?? el.name).text);
      }
      moduleUsed(specifier, undefined);
    },
    ImportEqualsDeclaration(node) {
      const d = node as TS.ImportEqualsDeclaration;
      if (ts.isExternalModuleReference(d.moduleReference) && ts.isStringLiteral(d.moduleReference.expression)) {
        moduleUsed(d.moduleReference.expression.text, undefined);
      }
    },
    CallExpression(node) {
      const call = node as TS.CallExpression;
      const required = scope.requireOf(call);
      if (required !== undefined) moduleUsed(required, undefined);
      if (call.expression.kind === ts.SyntaxKind.ImportKeyword && call.arguments[0] && ts.isStringLiteralLike(call.arguments[0])) {
        moduleUsed(call.arguments[0].text, undefined);
      }
      const callee = scope.unwrap(call.expression);
      if (ts.isPropertyAccessExpression(callee) && memberNames.has(callee.name.text)) {
        members.add(callee.name.text);
        for (const e of table) if (!e.module && e.memberCalls?.includes(callee.name.text)) hits.add(e.id);
      }
      called(call);
    },
    NewExpression(node) {
      called(node as TS.NewExpression);
    },
    PropertyAssignment(node) {
      const p = node as TS.PropertyAssignment;
      const inner = propertyName(ts, p.name);
      if (inner === undefined) return;
      const object = p.parent;
      const outer = object.parent;
      if (!outer || !ts.isPropertyAssignment(outer)) return;
      const outerName = propertyName(ts, outer.name);
      for (const e of table) {
        if (e.propertyPath && e.propertyPath[0] === outerName && e.propertyPath[1] === inner) hits.add(e.id);
      }
    },
  };

  return {
    visitors,
    result: () => ({ hits: [...hits].sort(), imported: [...imported].sort(), members: [...members].sort() }),
  };
}

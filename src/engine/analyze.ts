// The map step: one walk of a file's AST for all active rules together, producing plain-data facts
// and findings. Both front ends call this; neither walks a file twice.
import type * as TS from 'typescript';
import { Scope } from './scope.js';
import type { Settings } from './settings.js';
import type {
  ActiveRule, ExportFact, FileContext, FileFacts, FileResult, Finding, ImportFact, Json,
  ReportDescriptor, Span, TypeScriptApi, Visitor, Visitors,
} from './types.js';
import { formatMessage } from './messages.js';
import { extractorsFor } from './extractors/index.js';
import { addTiming, timings } from './timing.js';

export function spanOf(sourceFile: TS.SourceFile, start: number, end: number): Span {
  // What ts.getLineAndCharacterOfPosition answers, searched directly (it is asked for every span:
  // a binary search through a comparer callback, twice, and two objects: ~3% of the walk).
  const starts = sourceFile.getLineStarts();
  const line = lineOf(starts, start, 0);
  const endLine = lineOf(starts, end, line);
  return { start, end, line: line + 1, column: start - starts[line]! + 1, endLine: endLine + 1, endColumn: end - starts[endLine]! + 1 };
}

/** The index of the last line starting at or before `position` (from line `from` on). */
function lineOf(starts: readonly number[], position: number, from: number): number {
  let lo = from;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= position) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const MAX_SNIPPET = 200;

function timed(owner: string, visitor: Visitor): Visitor {
  return (node) => {
    const started = performance.now();
    try {
      visitor(node);
    } finally {
      addTiming(owner, performance.now() - started);
    }
  };
}

export function analyzeFile(
  ts: TypeScriptApi,
  sourceFile: TS.SourceFile,
  file: string,
  rules: readonly ActiveRule[],
  settings: Settings,
): FileResult {
  // Parent pointers first (the parser is asked not to set them: this pass is cheaper than its
  // own), before any rule or extractor looks at the tree; the visitors then run in document order.
  const nodes = preorder(ts, sourceFile);
  const scope = new Scope(ts, sourceFile, nodes);
  const findings: Finding[] = [];
  const data: Record<string, Json> = {};
  // Visitors by node kind (an array indexed by SyntaxKind: looked up once per node).
  const enter: (Visitor[] | undefined)[] = [];
  let subscribed = 0;
  const exit: Visitor[] = [];
  const span = (start: number, end: number) => spanOf(sourceFile, start, end);
  const subscribe = (owner: string, visitors: Visitors) => {
    // `for…in` over the rule's own literal: no entries array per rule per file.
    for (const key in visitors) {
      const given = visitors[key];
      if (!given) continue;
      const visitor = timings ? timed(owner, given) : given;
      if (key === 'SourceFile:exit') {
        exit.push(visitor);
        continue;
      }
      const kind = (ts.SyntaxKind as unknown as Record<string, number>)[key];
      if (kind === undefined) throw new Error(`scalelint: ${owner} subscribes to unknown node kind ${key}`);
      (enter[kind] ??= []).push(visitor);
      subscribed++;
    }
  };

  // Shared extractors first (in dependency order), so rules can read them at SourceFile:exit.
  const shared: Record<string, Json> = {};
  const pendingResults: { name: string; result: (get: (name: string) => Json) => Json }[] = [];
  const getShared = (name: string): Json => {
    if (!(name in shared)) throw new Error(`scalelint: extractor ${name} was not requested`);
    return shared[name]!;
  };
  for (const extractor of extractorsFor(rules)) {
    const made = extractor.create({ ts, sourceFile, file, settings, scope, span });
    subscribe(`extractor ${extractor.name}`, made.visitors);
    pendingResults.push({ name: extractor.name, result: made.result });
  }
  exit.push(() => {
    for (const p of pendingResults) {
      const started = timings ? performance.now() : 0;
      shared[p.name] = p.result(getShared);
      if (timings) addTiming(`extractor ${p.name} (result)`, performance.now() - started);
    }
  });

  for (const { rule, options } of rules) {
    const context: FileContext<object> = {
      ts,
      sourceFile,
      file,
      options,
      settings,
      scope,
      span,
      shared: <T extends Json>(name: string) => getShared(name) as T,
      setData(value) {
        data[rule.id] = value;
      },
      report(descriptor: ReportDescriptor) {
        findings.push(toFinding(sourceFile, file, scope, rule.id, rule.meta.messages, descriptor));
      },
    };
    const made = rule.create(context);
    for (const visitors of Array.isArray(made) ? made : [made]) subscribe(`rule ${rule.id}`, visitors);
  }

  if (subscribed > 0) dispatch(nodes, enter);
  for (const visitor of exit) visitor(sourceFile);

  const facts: FileFacts = { file, ...moduleFacts(ts, sourceFile, scope), data, shared };
  return { facts, findings };
}

/**
 * The walk's hot loop, in a function of its own. Inside `analyzeFile` it was compiled on-stack
 * (OSR) during the first large file, before the code after it had ever run; every later file
 * entered that compiled code and left it through a deoptimisation at a property read it had no
 * feedback for (292 deopts on the 2,000-file bench corpus; none now).
 */
function dispatch(nodes: readonly TS.Node[], enter: readonly (Visitor[] | undefined)[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const visitors = enter[node.kind];
    if (visitors) for (let j = 0; j < visitors.length; j++) visitors[j]!(node);
  }
}

/**
 * Every node below `root` in document order (depth-first, pre-order), setting each node's
 * `parent` on the way. Iterative: deeply nested input must not overflow the stack.
 */
export function preorder(ts: TypeScriptApi, root: TS.Node): TS.Node[] {
  const out: TS.Node[] = [];
  const stack: TS.Node[] = [root];
  let current: TS.Node = root;
  // One callback for the whole file; it must return undefined (a truthy value stops forEachChild).
  const push = (child: TS.Node): undefined => {
    (child as { parent: TS.Node }).parent = current;
    stack.push(child);
    return undefined;
  };
  while (stack.length > 0) {
    current = stack.pop()!;
    out.push(current);
    const first = stack.length;
    ts.forEachChild(current, push);
    // Children were pushed in order; reverse them so the first is popped first.
    for (let i = first, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i]!;
      stack[i] = stack[j]!;
      stack[j] = t;
    }
  }
  return out;
}

function toFinding(
  sourceFile: TS.SourceFile,
  file: string,
  scope: Scope,
  ruleId: string,
  messages: Record<string, string>,
  d: ReportDescriptor,
): Finding {
  const start = d.node ? d.node.getStart(sourceFile) : d.range!.start;
  const end = d.node ? d.node.getEnd() : d.range!.end;
  const template = messages[d.messageId];
  if (template === undefined) throw new Error(`scalelint: rule ${ruleId} has no message ${d.messageId}`);
  const finding: Finding = {
    ruleId,
    messageId: d.messageId,
    message: formatMessage(template, d.data),
    file,
    span: spanOf(sourceFile, start, end),
    scopeName: d.node ? scope.enclosingFunctionName(d.node) : '',
    text: sourceFile.text.slice(start, Math.min(end, start + MAX_SNIPPET)),
  };
  if (d.data) finding.data = d.data;
  if (d.fix && d.fix.length > 0) finding.fix = d.fix;
  if (d.suggest && d.suggest.length > 0) {
    finding.suggestions = d.suggest.map((s) => {
      const t = messages[s.messageId];
      if (t === undefined) throw new Error(`scalelint: rule ${ruleId} has no message ${s.messageId}`);
      return { messageId: s.messageId, message: formatMessage(t, s.data), ...(s.data ? { data: s.data } : {}), edits: s.edits };
    });
  }
  if (d.related) finding.related = d.related;
  if (d.pending !== undefined) finding.pending = d.pending;
  return finding;
}

/** Imports and exports of a module, from its top-level statements (and top-level `require`s). */
function moduleFacts(ts: TypeScriptApi, sourceFile: TS.SourceFile, scope: Scope): { imports: ImportFact[]; exports: ExportFact[] } {
  const imports: ImportFact[] = [];
  const exports: ExportFact[] = [];
  const hasModifier = (node: TS.Node, kind: TS.SyntaxKind) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (clause?.name) imports.push({ module, imported: 'default', local: clause.name.text });
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.push({ module, imported: '*', local: bindings.name.text });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) imports.push({ module, imported: (el.propertyName ?? el.name).text, local: el.name.text });
      }
      if (!clause) imports.push({ module, imported: '', local: '' });
      continue;
    }
    if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
      && ts.isStringLiteral(statement.moduleReference.expression)) {
      imports.push({ module: statement.moduleReference.expression.text, imported: '*', local: statement.name.text });
      continue;
    }
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (from) exports.push({ name: '*', from, imported: '*' });
      } else if (ts.isNamespaceExport(clause)) {
        if (from) exports.push({ name: clause.name.text, from, imported: '*' });
      } else {
        for (const el of clause.elements) {
          const local = (el.propertyName ?? el.name).text;
          exports.push(from ? { name: el.name.text, from, imported: local } : { name: el.name.text, local });
        }
      }
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      const e = scope.unwrap(statement.expression);
      exports.push(ts.isIdentifier(e) ? { name: 'default', local: e.text } : { name: 'default' });
      continue;
    }
    if (ts.isVariableStatement(statement)) {
      const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
      for (const d of statement.declarationList.declarations) {
        const required = d.initializer ? scope.requireOf(d.initializer) ?? requireMember(ts, scope, d.initializer) : undefined;
        if (required !== undefined && ts.isIdentifier(d.name)) imports.push({ module: required, imported: '*', local: d.name.text });
        if (exported && ts.isIdentifier(d.name)) exports.push({ name: d.name.text, local: d.name.text });
      }
      continue;
    }
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement))
      && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      const local = statement.name?.text;
      exports.push({ name: isDefault ? 'default' : local ?? 'default', ...(local ? { local } : {}) });
      continue;
    }
    // `module.exports = x`, `module.exports.y = x`, `exports.y = x`
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)
      && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = statement.expression.left;
      const right = scope.unwrap(statement.expression.right);
      const target = cjsExportTarget(ts, left);
      if (target !== undefined) exports.push(ts.isIdentifier(right) ? { name: target, local: right.text } : { name: target });
    }
  }
  return { imports, exports };
}

function requireMember(ts: TypeScriptApi, scope: Scope, e: TS.Expression): string | undefined {
  const u = scope.unwrap(e);
  return ts.isPropertyAccessExpression(u) ? scope.requireOf(u.expression) : undefined;
}

function cjsExportTarget(ts: TypeScriptApi, left: TS.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(left)) return undefined;
  const base = left.expression;
  if (ts.isIdentifier(base) && base.text === 'module' && left.name.text === 'exports') return 'default';
  if (ts.isIdentifier(base) && base.text === 'exports') return left.name.text;
  if (ts.isPropertyAccessExpression(base) && ts.isIdentifier(base.expression) && base.expression.text === 'module'
    && base.name.text === 'exports') return left.name.text;
  return undefined;
}

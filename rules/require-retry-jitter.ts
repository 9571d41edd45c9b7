// require-retry-jitter: retries with no delay, or a fixed/exponential delay with no randomness.
import type * as TS from 'typescript';
import { someDescendant } from '../src/engine/ast.js';
import { addProperty, appendArguments } from '../src/engine/edits.js';
import { findProperty, inlineObject, propertyName } from '../src/engine/objects.js';
import { defineRule } from '../src/engine/rule.js';
import type { Binding, QualifiedName } from '../src/engine/scope.js';
import type { FileFacts, Json, ReportDescriptor, TextEdit } from '../src/engine/types.js';
import {
  jitterHelperName, pureMath, randomSources, responseChecks, retryLibraries, sleeps, timers,
  type BackoffCheck, type DelayFunctionCheck, type JitterOptionCheck, type OptionValue,
  type RetryCallShape, type RetryLibraryKnowledge,
} from '../src/knowledge/retry.js';

export type Options = Record<string, never>;

type MessageIds =
  | 'noJitter'
  | 'noJitterLoop'
  | 'noDelay'
  | 'noDelayLoop'
  | 'retryResends'
  | 'jitterDisabled'
  | 'setOption'
  | 'fullJitter'
  | 'equalJitter';

const RULE_ID = 'require-retry-jitter';

/** Per-file facts: the file's top-level sleep helpers (local name → index of the delay argument). */
interface Data {
  sleeps: Record<string, number>;
}

/** A hand-written retry that waits through a helper imported from another file of the project. */
interface Pending {
  sleep: { module: string; name: string };
}

type Verdict = 'random' | 'fixed' | 'unknown';

const MAX_DEPTH = 6;
const MAX_REEXPORT_HOPS = 5;

function combine(verdicts: Iterable<Verdict>): Verdict {
  let out: Verdict = 'fixed';
  for (const v of verdicts) {
    if (v === 'random') return 'random';
    if (v === 'unknown') out = 'unknown';
  }
  return out;
}

function sameName(q: QualifiedName, entry: { module: string; path: readonly string[] }): boolean {
  return q.module === entry.module && q.path.length === entry.path.length && q.path.every((p, i) => p === entry.path[i]);
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

export default defineRule<Options>({
  id: RULE_ID,
  meta: {
    type: 'problem',
    description: 'Require random jitter in the delay between retries',
    config: 'recommended',
    scope: 'file',
    fixable: true,
    hasSuggestions: true,
    messages: {
      noJitter:
        'This {{library}} retry waits a delay with no randomness, so after an outage every client retries in lockstep and hammers the recovering service: {{hint}}.',
      noJitterLoop:
        'This retry waits a fixed or purely exponential delay, so after an outage every client retries in lockstep and hammers the recovering service: add random jitter to the delay.',
      noDelay:
        'This {{library}} retry does not wait between attempts, so a failing dependency gets every request again at once when it can least take it: {{hint}}.',
      noDelayLoop:
        'This retry loop does not wait between attempts, so a failing dependency gets every request again at once when it can least take it: wait a jittered backoff before retrying.',
      retryResends:
        'superagent `.retry()` retries at once with no backoff and re-sends non-idempotent requests such as POST: retry only idempotent requests (see require-idempotency-key) and use a retry helper with jittered backoff.',
      jitterDisabled:
        '`{{option}}` turns off the jitter of this {{library}} retry, so after an outage every client retries in lockstep: set `{{fix}}`.',
      setOption: 'Set `{{fix}}`.',
      fullJitter: 'Use full jitter: wait a random time between 0 and this delay (shortens the average wait).',
      equalJitter: 'Use equal jitter: wait half this delay plus a random part of the other half.',
    } satisfies Record<MessageIds, string>,
    schema: {
      type: 'object',
      properties: {},
      additionalProperties: false,
    },
    defaultOptions: {},
  },

  create(context) {
    const { ts, scope, sourceFile } = context;
    const text = sourceFile.text;
    const localSleeps: Record<string, number> = {};
    let importsModule: Set<string> | undefined;
    const isTypeScript = /\.[cm]?tsx?$/.test(context.file);

    // ---- Library retries -------------------------------------------------------------------

    /** Whether a type from a declaration or a call reaches this object literal (so `'full'` stays a literal type). */
    function isContextuallyTyped(object: TS.ObjectLiteralExpression): boolean {
      let n: TS.Node = object;
      for (let p = n.parent; p; n = p, p = p.parent) {
        if (ts.isParenthesizedExpression(p) || ts.isObjectLiteralExpression(p) || ts.isArrayLiteralExpression(p)) continue;
        if (ts.isPropertyAssignment(p) && p.initializer === n) continue;
        if (ts.isCallExpression(p) || ts.isNewExpression(p)) return p.arguments?.some((a) => a === n) ?? false;
        if (ts.isVariableDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isParameter(p)) return p.type !== undefined;
        if (ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isTypeAssertionExpression(p)) return true;
        return ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === n;
      }
      return false;
    }

    /**
     * `jitter: 'full'` added to an object literal no type reaches (`const config = { raxConfig: { … } }`)
     * widens to `string`, which the library's `'none' | 'full' | 'equal'` rejects where the object is
     * used: in TypeScript the fix keeps the literal type (`as const`).
     */
    function keepLiteralType(property: string, object: TS.ObjectLiteralExpression): string {
      if (!isTypeScript || !/:\s*(['"]).*\1$/.test(property) || isContextuallyTyped(object)) return property;
      return `${property} as const`;
    }

    function optionsArgument(call: TS.CallExpression, shape: RetryCallShape): { index: number; expr: TS.Expression | undefined } | undefined {
      const args = call.arguments;
      if (args.some((a) => ts.isSpreadElement(a))) return undefined;
      if (shape.options === 'objectFirst') {
        const first = args[0] && scope.resolveValue(args[0]);
        const index = first && ts.isObjectLiteralExpression(first) ? 0 : 1;
        return { index, expr: args[index] };
      }
      if (shape.options !== 'nonFunction') return { index: shape.options, expr: args[shape.options] };
      const others = args.map((a, i) => ({ a, i })).filter(({ a }) => !isFunctionValue(a));
      if (others.length === 0) return { index: args.length, expr: undefined };
      if (others.length === 1) return { index: others[0]!.i, expr: others[0]!.a };
      return undefined;
    }

    const isFunctionValue = (e: TS.Expression) => scope.isFunctionValue(e);

    /** The name the library's default export has in this file (for suggestions), if any. */
    function localName(call: TS.CallExpression): string | undefined {
      const callee = scope.unwrap(call.expression);
      return ts.isIdentifier(callee) ? callee.text : undefined;
    }

    function checkLibraryCall(call: TS.CallExpression, library: RetryLibraryKnowledge, shape: RetryCallShape): void {
      const found = optionsArgument(call, shape);
      if (!found) return;
      let options = found.expr;
      let addTo = (property: string): TextEdit[] | undefined => {
        if (options) {
          const object = inlineObject(ts, scope, options);
          return object ? [addProperty(ts, sourceFile, object, property)] : undefined;
        }
        const fill = Array.from({ length: Math.max(0, found.index - call.arguments.length) }, () => 'undefined');
        return [appendArguments(ts, sourceFile, call, [...fill, `{ ${property} }`])];
      };
      if (library.nested) {
        const nested = findProperty(ts, scope, options, [library.nested]);
        // No retry options: the library's defaults, which these libraries do not need reported.
        if (nested.state !== 'present' || !nested.value) return;
        const value = scope.resolveValue(nested.value);
        if (!ts.isObjectLiteralExpression(value)) return;
        options = value;
        addTo = (property) => {
          const object = inlineObject(ts, scope, nested.value);
          return object ? [addProperty(ts, sourceFile, object, property)] : undefined;
        };
      }
      checkOptions(library, options, call.expression, addTo, localName(call));
    }

    function checkOptions(
      library: RetryLibraryKnowledge,
      options: TS.Expression | undefined,
      node: TS.Node,
      addTo: (property: string) => TextEdit[] | undefined,
      local: string | undefined,
    ): void {
      for (const check of library.checks) {
        if (check.kind === 'jitterOption') checkJitterOption(library, check, options, node, addTo);
        else if (check.kind === 'delayFunction') checkDelayFunction(library, check, options, node, addTo, local);
        else checkBackoff(library, check, options, node);
      }
    }

    function literalValue(e: TS.Expression): OptionValue | undefined {
      const v = scope.resolveValue(e);
      if (ts.isStringLiteralLike(v)) return v.text;
      if (ts.isNumericLiteral(v)) return Number(v.text);
      if (v.kind === ts.SyntaxKind.TrueKeyword) return true;
      if (v.kind === ts.SyntaxKind.FalseKeyword) return false;
      return undefined;
    }

    function checkJitterOption(
      library: RetryLibraryKnowledge,
      check: JitterOptionCheck,
      options: TS.Expression | undefined,
      node: TS.Node,
      addTo: (property: string) => TextEdit[] | undefined,
    ): void {
      const presence = findProperty(ts, scope, options, [check.key]);
      if (presence.state === 'unknown') return;
      if (presence.state === 'absent') {
        if (check.defaultJittered) return;
        const fix = addTo(check.fix);
        context.report({
          node,
          messageId: 'noJitter',
          data: { library: library.label, hint: `set \`${check.fix}\`` },
          ...(fix ? { fix } : {}),
        });
        return;
      }
      if (!presence.value) return;
      const value = literalValue(presence.value);
      if (value === undefined || !check.unjitteredValues.includes(value)) return;
      // The author chose this value: replacing it is a suggestion, not an autofix.
      const inPlace = ts.isPropertyAssignment(presence.node) && presence.node.parent === scope.unwrap(options!);
      context.report({
        node: presence.node,
        messageId: 'jitterDisabled',
        data: { option: presence.node.getText(sourceFile), library: library.label, fix: check.fix },
        ...(inPlace ? {
          suggest: [{
            messageId: 'setOption',
            data: { fix: check.fix },
            edits: [{ start: presence.node.getStart(sourceFile), end: presence.node.getEnd(), text: check.fix }],
          }],
        } : {}),
      });
    }

    function checkDelayFunction(
      library: RetryLibraryKnowledge,
      check: DelayFunctionCheck,
      options: TS.Expression | undefined,
      node: TS.Node,
      addTo: (property: string) => TextEdit[] | undefined,
      local: string | undefined,
    ): void {
      const presence = findProperty(ts, scope, options, [check.key]);
      if (presence.state === 'unknown') return;
      const suggestValue = check.suggestValue && local ? check.suggestValue.replace('{{local}}', local) : undefined;
      if (presence.state === 'absent') {
        if (!check.required) return;
        const edits = suggestValue ? addTo(suggestValue) : undefined;
        context.report({
          node,
          messageId: 'noDelay',
          data: { library: library.label, hint: suggestValue ? `set \`${suggestValue}\`` : 'set a jittered backoff' },
          ...(edits ? { suggest: [{ messageId: 'setOption', data: { fix: suggestValue! }, edits }] } : {}),
        });
        return;
      }
      if (!presence.value) return;
      if (check.jitterSibling) {
        const sibling = findProperty(ts, scope, options, [check.jitterSibling.key]);
        if (sibling.state !== 'absent') return;
      }
      const value = scope.resolveValue(presence.value);
      const q = scope.qualifiedName(value);
      if (q && library.modules.includes(q.module) && check.jitteredExports?.includes(q.path[q.path.length - 1] ?? '')) return;
      if (!ts.isArrowFunction(value) && !ts.isFunctionExpression(value)) return;
      if (check.noisyParameterProperty && mentionsName(value, check.noisyParameterProperty)) return;
      if (functionVerdict(value) !== 'fixed') return;
      let suggest: ReportDescriptor['suggest'];
      if (check.jitterSibling) {
        const edits = addTo(check.jitterSibling.fix);
        if (edits) suggest = [{ messageId: 'setOption', data: { fix: check.jitterSibling.fix }, edits }];
      } else if (suggestValue && ts.isPropertyAssignment(presence.node)) {
        suggest = [{
          messageId: 'setOption',
          data: { fix: suggestValue },
          edits: [{ start: presence.node.getStart(sourceFile), end: presence.node.getEnd(), text: suggestValue }],
        }];
      }
      context.report({
        node: presence.node,
        messageId: 'noJitter',
        data: {
          library: library.label,
          hint: check.jitterSibling ? `set \`${check.jitterSibling.fix}\``
            : suggestValue ? `use \`${suggestValue}\`` : `add randomness to \`${check.key}\` (e.g. multiply it by \`Math.random()\`)`,
        },
        ...(suggest ? { suggest } : {}),
      });
    }

    function checkBackoff(library: RetryLibraryKnowledge, check: BackoffCheck, options: TS.Expression | undefined, node: TS.Node): void {
      const presence = findProperty(ts, scope, options, [check.key]);
      if (presence.state === 'unknown') return;
      const hint = 'use `new ExponentialBackoff()` (decorrelated jitter)';
      if (presence.state === 'absent') {
        if (check.required) context.report({ node, messageId: 'noDelay', data: { library: library.label, hint } });
        return;
      }
      if (!presence.value) return;
      const value = scope.resolveValue(presence.value);
      if (!ts.isNewExpression(value)) return;
      const q = scope.qualifiedName(value.expression);
      if (!q || !library.modules.includes(q.module) || q.path.length !== 1) return;
      const cls = q.path[0]!;
      if (check.constant.includes(cls)) {
        context.report({ node: presence.node, messageId: 'noJitter', data: { library: library.label, hint } });
        return;
      }
      if (!check.jittered.includes(cls)) return;
      const generator = findProperty(ts, scope, value.arguments?.[0], [check.generatorKey]);
      if (generator.state !== 'present' || !generator.value) return;
      const g = scope.qualifiedName(generator.value);
      if (g && library.modules.includes(g.module) && check.unjitteredGenerators.includes(g.path[g.path.length - 1] ?? '')) {
        context.report({
          node: generator.node,
          messageId: 'noJitter',
          data: { library: library.label, hint: 'leave out `generator` (the default is decorrelated jitter)' },
        });
      }
    }

    /** `request.post(url).send(body).retry(3)`: the chain starts with a call of the module. */
    function chainRoot(call: TS.CallExpression): RetryLibraryKnowledge | undefined {
      const callee = scope.unwrap(call.expression);
      if (!ts.isPropertyAccessExpression(callee)) return undefined;
      const method = callee.name.text;
      const candidates = retryLibraries.filter((l) => l.chainRetry === method);
      if (candidates.length === 0) return undefined;
      let e: TS.Expression = scope.unwrap(callee.expression);
      for (let i = 0; i < 20; i++) {
        if (ts.isCallExpression(e)) {
          const q = scope.qualifiedName(e.expression);
          if (q) return candidates.find((l) => l.modules.includes(q.module));
          e = scope.unwrap(e.expression);
        } else if (ts.isPropertyAccessExpression(e)) {
          e = scope.unwrap(e.expression);
        } else {
          return undefined;
        }
      }
      return undefined;
    }

    function fileImports(module: string): boolean {
      if (!importsModule) {
        importsModule = new Set();
        for (const s of sourceFile.statements) {
          if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) importsModule.add(s.moduleSpecifier.text);
          if (ts.isVariableStatement(s)) {
            for (const d of s.declarationList.declarations) {
              const m = d.initializer ? scope.requireOf(d.initializer) : undefined;
              if (m !== undefined) importsModule.add(m);
            }
          }
          if (ts.isExpressionStatement(s)) {
            const m = scope.requireOf(s.expression);
            if (m !== undefined) importsModule.add(m);
          }
        }
      }
      return importsModule.has(module);
    }

    // ---- Delays: is an expression random, fixed, or unknown? ------------------------------

    function mentionsName(root: TS.Node, name: string): boolean {
      return someDescendant(ts, root, (n) => ts.isIdentifier(n) && n.text === name);
    }

    function isRandomCall(call: TS.CallExpression): boolean {
      const q = scope.qualifiedName(call.expression);
      if (q && randomSources.some((r) => sameName(q, r))) return true;
      const callee = scope.unwrap(call.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      return name !== undefined && jitterHelperName.test(name);
    }

    function isPureMath(call: TS.CallExpression): boolean {
      const q = scope.qualifiedName(call.expression);
      return q !== undefined && pureMath.some((m) => sameName(q, m));
    }

    /** A function's result: random if it uses randomness, fixed if it only does arithmetic. */
    function functionVerdict(fn: TS.Node): Verdict {
      let verdict: Verdict = 'fixed';
      someDescendant(ts, fn, (n) => {
        if (!ts.isCallExpression(n)) return false;
        if (isRandomCall(n)) {
          verdict = 'random';
          return true;
        }
        if (!isPureMath(n)) verdict = 'unknown';
        return false;
      });
      return verdict;
    }

    function isAssignment(n: TS.BinaryExpression): boolean {
      return n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    }

    function bindingVerdict(binding: Binding, name: string, depth: number): Verdict {
      if (binding.kind === 'parameter') return 'fixed';
      // An imported value (not a call): a configured number.
      if (binding.kind === 'import') return 'fixed';
      if (binding.kind !== 'variable') return 'unknown';
      const declaration = binding.declaration;
      const loop = declaration.parent?.parent;
      if (loop && ts.isForOfStatement(loop)) {
        const iterated = scope.resolveValue(loop.expression);
        return ts.isArrayLiteralExpression(iterated) && iterated.elements.every((e) => ts.isNumericLiteral(e)) ? 'fixed' : 'unknown';
      }
      if (!ts.isIdentifier(declaration.name)) return 'unknown';
      const verdicts: Verdict[] = [];
      if (declaration.initializer) verdicts.push(verdictOf(declaration.initializer, depth + 1));
      if (!binding.constant) {
        // Every assignment to it in the enclosing function (or file).
        const root = enclosingFunction(declaration) ?? sourceFile;
        someDescendant(ts, root, (n) => {
          if (ts.isBinaryExpression(n) && isAssignment(n)) {
            const left = scope.unwrap(n.left);
            if (ts.isIdentifier(left) && left.text === name && scope.lookup(left) === binding) {
              verdicts.push(verdictOf(n.right, depth + 1));
            }
          }
          return false;
        });
      }
      return combine(verdicts);
    }

    function verdictOf(expression: TS.Expression, depth = 0): Verdict {
      if (depth > MAX_DEPTH) return 'unknown';
      const e = scope.unwrap(expression);
      if (ts.isNumericLiteral(e)) return 'fixed';
      if (ts.isIdentifier(e)) {
        if (jitterHelperName.test(e.text)) return 'random';
        const binding = scope.lookup(e);
        if (!binding) return e.text === 'Infinity' ? 'fixed' : 'unknown';
        return bindingVerdict(binding, e.text, depth);
      }
      if (ts.isPropertyAccessExpression(e)) return jitterHelperName.test(e.name.text) ? 'random' : 'fixed';
      if (ts.isElementAccessExpression(e)) return combine([verdictOf(e.expression, depth + 1), verdictOf(e.argumentExpression, depth + 1)]);
      if (ts.isBinaryExpression(e)) return combine([verdictOf(e.left, depth + 1), verdictOf(e.right, depth + 1)]);
      if (ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e)) return verdictOf(e.operand, depth + 1);
      if (ts.isConditionalExpression(e)) {
        return combine([verdictOf(e.condition, depth + 1), verdictOf(e.whenTrue, depth + 1), verdictOf(e.whenFalse, depth + 1)]);
      }
      if (ts.isCallExpression(e)) {
        if (isRandomCall(e)) return 'random';
        if (isPureMath(e)) return combine(e.arguments.map((a) => verdictOf(a, depth + 1)));
        const callee = scope.unwrap(e.expression);
        const fn = ts.isIdentifier(callee) ? scope.functionValue(callee) : undefined;
        if (fn) return combine([functionVerdict(fn), ...e.arguments.map((a) => verdictOf(a, depth + 1))]);
        return 'unknown';
      }
      return 'unknown';
    }

    // ---- Sleeps ------------------------------------------------------------------------------

    /** The sleep function a callee names (a row of the sleeps table: `setTimeout` of timers/promises, `delay`…). */
    function knownSleep(callee: TS.Expression): (typeof sleeps)[number] | undefined {
      const q = scope.qualifiedName(callee);
      return q && sleeps.find((s) => sameName(q, s));
    }

    function isTimer(callee: TS.Expression): boolean {
      const q = scope.qualifiedName(callee);
      return q !== undefined && q.module === '' && q.path.length === 1 && (timers.globals as readonly string[]).includes(q.path[0]!);
    }

    // Asked for every awaited call of a local function and every top-level function: once each.
    const sleepIndexes = new Map<TS.Node, number | null>();
    function sleepIndex(fn: TS.Node): number | undefined {
      let index = sleepIndexes.get(fn);
      if (index === undefined) sleepIndexes.set(fn, (index = computeSleepIndex(fn) ?? null));
      return index ?? undefined;
    }

    /** The delay argument's index when `fn` is a sleep helper (a promise resolved by a timer after a parameter). */
    function computeSleepIndex(fn: TS.Node): number | undefined {
      if (ts.isCallExpression(fn)) {
        // `promisify(setTimeout)`
        const q = scope.qualifiedName(fn.expression);
        if (q && sameName(q, { module: timers.promisify.module, path: timers.promisify.path }) && fn.arguments[0]
          && isTimer(fn.arguments[0])) return 0;
        return undefined;
      }
      if (!ts.isFunctionDeclaration(fn) && !ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
      const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
      let index: number | undefined;
      const body = fn.body;
      if (!body) return undefined;
      someDescendant(ts, fn, (n) => {
        if (!ts.isCallExpression(n)) return false;
        let delay: TS.Expression | undefined;
        if (isTimer(n.expression) && isInPromiseExecutor(n)) delay = n.arguments[timers.delayArgument];
        else {
          const known = knownSleep(n.expression);
          if (known) delay = n.arguments[known.delayArgument];
        }
        if (delay) {
          const d = scope.unwrap(delay);
          if (ts.isIdentifier(d) && params.includes(d.text)) {
            index = params.indexOf(d.text);
            return true;
          }
        }
        return false;
      });
      return index;
    }

    /** `new Promise((resolve) => setTimeout(resolve, ms))`: the node is in the executor itself. */
    function isInPromiseExecutor(node: TS.Node): boolean {
      const fn = enclosingFunction(node);
      const parent = fn?.parent;
      if (!fn || !parent || !ts.isNewExpression(parent) || parent.arguments?.[0] !== fn) return false;
      const q = scope.qualifiedName(parent.expression);
      return q !== undefined && q.module === '' && q.path.join('.') === 'Promise';
    }

    /** The delay a waited expression stands for, or a cross-file candidate to confirm in reduce. */
    function delayOfAwaited(e: TS.Expression): { delay: TS.Expression; pending?: Pending } | undefined {
      if (ts.isNewExpression(e)) {
        const q = scope.qualifiedName(e.expression);
        if (!q || q.module !== '' || q.path.join('.') !== 'Promise') return undefined;
        const executor = e.arguments?.[0];
        if (!executor) return undefined;
        let delay: TS.Expression | undefined;
        someDescendant(ts, executor, (n) => {
          if (ts.isCallExpression(n) && isTimer(n.expression)) {
            delay = n.arguments[timers.delayArgument];
            return true;
          }
          return false;
        });
        return delay ? { delay } : undefined;
      }
      if (!ts.isCallExpression(e)) return undefined;
      const known = knownSleep(e.expression);
      if (known) {
        const delay = e.arguments[known.delayArgument];
        return delay ? { delay } : undefined;
      }
      const callee = scope.unwrap(e.expression);
      if (ts.isIdentifier(callee)) {
        const binding = scope.lookup(callee);
        if (binding?.kind === 'function' || binding?.kind === 'variable') {
          const decl = binding.kind === 'function' ? binding.declaration
            : binding.constant && binding.declaration.initializer ? scope.unwrap(binding.declaration.initializer) : undefined;
          const index = decl ? sleepIndex(decl) : undefined;
          const delay = index !== undefined ? e.arguments[index] : undefined;
          return delay ? { delay } : undefined;
        }
      }
      // A helper from another file of the project: one argument, confirmed from that file's facts.
      const q = scope.qualifiedName(e.expression);
      if (q && isRelative(q.module) && q.path.length <= 1 && e.arguments.length === 1) {
        return { delay: e.arguments[0]!, pending: { sleep: { module: q.module, name: q.path[0] ?? 'default' } } };
      }
      return undefined;
    }

    // ---- Is a wait between attempts of a retry? --------------------------------------------

    function isFunctionBoundary(n: TS.Node): boolean {
      return ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n);
    }

    function enclosingFunction(node: TS.Node): TS.SignatureDeclaration | undefined {
      for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
      return undefined;
    }

    /** Descendants of `root` in the same function, not entering nested functions. */
    function someInFunction(root: TS.Node, visit: (n: TS.Node) => boolean): boolean {
      let found = false;
      someDescendant(ts, root, (n) => {
        if (found) return true;
        if (isFunctionBoundary(n)) return false;
        if (visit(n)) found = true;
        return found;
      });
      return found;
    }

    function within(node: TS.Node, ancestor: TS.Node): boolean {
      return node.pos >= ancestor.pos && node.end <= ancestor.end;
    }

    function isExit(s: TS.Statement | undefined): boolean {
      return s !== undefined && (ts.isReturnStatement(s) || ts.isBreakStatement(s));
    }

    function isRetryLoop(loop: TS.IterationStatement): boolean {
      if (ts.isForInStatement(loop)) return false;
      if (ts.isForOfStatement(loop)) {
        // Trying other targets (mirrors, hosts) is a failover; a list of delays is a retry.
        const iterated = scope.resolveValue(loop.expression);
        if (!ts.isArrayLiteralExpression(iterated) || !iterated.elements.every((e) => ts.isNumericLiteral(e))) return false;
      }
      return true;
    }

    /** A `try` whose success leaves the loop (`try { return await op(); } catch { … }`). */
    function retryTry(loop: TS.IterationStatement): TS.TryStatement | undefined {
      let found: TS.TryStatement | undefined;
      someInFunction(loop.statement, (n) => {
        if (ts.isTryStatement(n) && n.catchClause) {
          const statements = n.tryBlock.statements;
          if (isExit(statements[statements.length - 1]) && !alwaysExits(n.catchClause.block)) {
            found = n;
            return true;
          }
        }
        return false;
      });
      return found;
    }

    function alwaysExits(block: TS.Block): boolean {
      const last = block.statements[block.statements.length - 1];
      return last !== undefined && (ts.isThrowStatement(last) || ts.isReturnStatement(last) || ts.isBreakStatement(last));
    }

    function isResponseCheck(condition: TS.Expression): boolean {
      const check = (n: TS.Node): boolean => {
        if (ts.isPropertyAccessExpression(n) && (responseChecks.okProperties as readonly string[]).includes(n.name.text)) return true;
        if (ts.isBinaryExpression(n) && (ts.isNumericLiteral(scope.unwrap(n.right)) || ts.isNumericLiteral(scope.unwrap(n.left)))) {
          const side = [scope.unwrap(n.left), scope.unwrap(n.right)];
          return side.some((s) => ts.isPropertyAccessExpression(s)
            && (responseChecks.statusProperties as readonly string[]).includes(s.name.text));
        }
        return false;
      };
      return check(condition) || someDescendant(ts, condition, check);
    }

    /** An `if` on a response's `ok`/`status` that the wait is in or after. */
    function responseCheckBefore(loop: TS.IterationStatement, wait: TS.Node): boolean {
      return someInFunction(loop.statement, (n) => ts.isIfStatement(n) && isResponseCheck(n.expression)
        && (within(wait, n) || n.end <= wait.pos));
    }

    function nearestLoop(node: TS.Node): TS.IterationStatement | undefined {
      for (let n = node.parent; n; n = n.parent) {
        if (isFunctionBoundary(n)) return undefined;
        if (ts.isIterationStatement(n, false)) return n;
      }
      return undefined;
    }

    function functionName(fn: TS.SignatureDeclaration): string | undefined {
      if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) {
        return fn.name.text;
      }
      const p = fn.parent;
      if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) {
        return p.name.text;
      }
      return undefined;
    }

    function callsItself(fn: TS.SignatureDeclaration, name: string, except: TS.Node): boolean {
      return someDescendant(ts, fn, (n) => {
        if (!ts.isCallExpression(n) || n === except) return false;
        const callee = scope.unwrap(n.expression);
        if (ts.isIdentifier(callee)) return callee.text === name;
        return ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && callee.name.text === name;
      });
    }

    /** On the failure path: in a `catch`, a `.catch(…)` callback, or an `if` on a failed response/error. */
    function inFailurePath(node: TS.Node, stop: TS.Node): boolean {
      for (let n: TS.Node | undefined = node.parent; n && n !== stop; n = n.parent) {
        if (ts.isCatchClause(n)) return true;
        if (ts.isIfStatement(n) && within(node, n.thenStatement)) {
          const c = scope.unwrap(n.expression);
          if (isResponseCheck(c) || (ts.isIdentifier(c) && /^(err|error)$/.test(c.text))) return true;
        }
        if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.parent && ts.isCallExpression(n.parent)) {
          const callee = n.parent.expression;
          if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'catch') return true;
        }
      }
      return false;
    }

    /** Recursion: a named function that calls itself after waiting on its failure path. */
    function isRetryRecursion(wait: TS.Node, self: TS.Node): boolean {
      for (let fn = enclosingFunction(wait); fn; fn = enclosingFunction(fn)) {
        const name = functionName(fn);
        if (name && callsItself(fn, name, self) && inFailurePath(wait, fn)) return true;
      }
      return false;
    }

    function isBetweenAttempts(wait: TS.Node): boolean {
      const loop = nearestLoop(wait);
      if (loop) {
        if (!isRetryLoop(loop)) return false;
        const t = retryTry(loop);
        if (t && !within(wait, t.tryBlock)) return true;
        return responseCheckBefore(loop, wait);
      }
      return isRetryRecursion(wait, wait);
    }

    // ---- Reporting hand-written retries ------------------------------------------------------

    function needsParens(e: TS.Expression): boolean {
      return !(ts.isIdentifier(e) || ts.isNumericLiteral(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)
        || ts.isCallExpression(e) || ts.isParenthesizedExpression(e));
    }

    function hasSideEffects(e: TS.Expression): boolean {
      const check = (n: TS.Node) => (ts.isCallExpression(n) && !isPureMath(n))
        || (ts.isPrefixUnaryExpression(n) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken))
        || ts.isPostfixUnaryExpression(n)
        || (ts.isBinaryExpression(n) && isAssignment(n));
      return check(e) || someDescendant(ts, e, check);
    }

    function reportLoopDelay(delay: TS.Expression, pending?: Pending): void {
      const raw = delay.getText(sourceFile);
      const d = needsParens(delay) ? `(${raw})` : raw;
      const start = delay.getStart(sourceFile);
      const end = delay.getEnd();
      const suggest: NonNullable<ReportDescriptor['suggest']> = [
        { messageId: 'fullJitter', edits: [{ start, end, text: `Math.random() * ${d}` }] },
      ];
      if (!hasSideEffects(delay)) {
        suggest.push({ messageId: 'equalJitter', edits: [{ start, end, text: `${d} / 2 + Math.random() * ${d} / 2` }] });
      }
      context.report({ node: delay, messageId: 'noJitterLoop', suggest, ...(pending ? { pending: pending as unknown as Json } : {}) });
    }

    function checkWait(wait: TS.Node, delay: TS.Expression, pending?: Pending): void {
      if (verdictOf(delay) !== 'fixed') return;
      if (!isBetweenAttempts(wait)) return;
      reportLoopDelay(delay, pending);
    }

    /** A loop that retries on failure with nothing awaited outside the attempt itself. */
    function checkLoopWithoutDelay(loop: TS.IterationStatement): void {
      if (!isRetryLoop(loop) || ts.isForOfStatement(loop)) return;
      const t = retryTry(loop);
      if (!t || !t.catchClause) return;
      const attemptAwaits = someInFunction(t.tryBlock, (n) => ts.isAwaitExpression(n));
      if (!attemptAwaits) return;
      const waits = (n: TS.Node) => ts.isAwaitExpression(n) || ts.isYieldExpression(n)
        || (ts.isCallExpression(n) && (isTimer(n.expression) || ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'then'));
      // Anything awaited outside the attempt might be a wait we do not recognise.
      const elsewhere = (root: TS.Node): boolean => someDescendant(ts, root, (n) => {
        if (n === t.tryBlock) return false;
        if (within(n, t.tryBlock)) return false;
        return waits(n);
      });
      if (elsewhere(loop)) return;
      const keyword = ts.isDoStatement(loop) ? 'do' : ts.isWhileStatement(loop) ? 'while' : 'for';
      const start = loop.getStart(sourceFile);
      context.report({ range: { start, end: start + keyword.length }, messageId: 'noDelayLoop' });
    }

    // Top-level functions that might be sleep helpers, decided at the end of the file: only those
    // with a parameter and a timer or sleep call inside are looked into (most functions are not).
    const sleepCandidates: { name: string; fn: TS.Node }[] = [];
    const timerCalls: number[] = [];
    function recordSleep(name: string, fn: TS.Node): void {
      sleepCandidates.push({ name, fn });
    }

    function isSleepCall(call: TS.CallExpression): boolean {
      return isTimer(call.expression) || knownSleep(call.expression) !== undefined;
    }

    function recordSleeps(): void {
      for (const { name, fn } of sleepCandidates) {
        if (!ts.isCallExpression(fn)) {
          const f = fn as TS.FunctionLikeDeclaration;
          if (!f.parameters || f.parameters.length === 0) continue;
          if (!timerCalls.some((at) => at >= fn.pos && at < fn.end)) continue;
        }
        const index = sleepIndex(fn);
        if (index !== undefined) localSleeps[name] = index;
      }
    }

    return {
      CallExpression(node) {
        const call = node as TS.CallExpression;
        if (isSleepCall(call)) timerCalls.push(call.pos);
        const q = scope.qualifiedName(call.expression);
        if (q) {
          const joined = q.path.join('.');
          for (const library of retryLibraries) {
            if (!library.calls || !library.modules.includes(q.module)) continue;
            const shape = library.calls.find((s) => s.names.includes(joined));
            if (shape) {
              checkLibraryCall(call, library, shape);
              return;
            }
          }
          // `setTimeout(() => attempt(n + 1), delay)` on the failure path of `attempt`.
          if (isTimer(call.expression) && !isInPromiseExecutor(call)) {
            const callback = call.arguments[timers.callbackArgument];
            const delay = call.arguments[timers.delayArgument];
            if (callback && delay && verdictOf(delay) === 'fixed' && isRetryRecursion(call, call)) reportLoopDelay(delay);
          }
          return;
        }
        const chained = chainRoot(call);
        if (chained) {
          const callee = scope.unwrap(call.expression) as TS.PropertyAccessExpression;
          context.report({ node: callee.name, messageId: 'retryResends' });
        }
      },
      AwaitExpression(node) {
        const awaited = scope.unwrap((node as TS.AwaitExpression).expression);
        const found = delayOfAwaited(awaited);
        if (found) checkWait(node, found.delay, found.pending);
      },
      PropertyAssignment(node) {
        const p = node as TS.PropertyAssignment;
        const name = propertyName(ts, p.name);
        if (name === undefined) return;
        for (const library of retryLibraries) {
          if (!library.properties?.includes(name) || !library.modules.some((m) => fileImports(m))) continue;
          const value = inlineObject(ts, scope, p.initializer);
          if (!value) return;
          checkOptions(library, value, p.name, (property) => [addProperty(ts, sourceFile, value, keepLiteralType(property, value))], undefined);
        }
      },
      ForStatement(node) {
        checkLoopWithoutDelay(node as TS.IterationStatement);
      },
      WhileStatement(node) {
        checkLoopWithoutDelay(node as TS.IterationStatement);
      },
      DoStatement(node) {
        checkLoopWithoutDelay(node as TS.IterationStatement);
      },
      FunctionDeclaration(node) {
        const fn = node as TS.FunctionDeclaration;
        if (fn.parent === sourceFile && fn.name) recordSleep(fn.name.text, fn);
      },
      VariableDeclaration(node) {
        const d = node as TS.VariableDeclaration;
        if (!ts.isIdentifier(d.name) || !d.initializer) return;
        const statement = d.parent?.parent;
        if (!statement || statement.parent !== sourceFile) return;
        if ((d.parent.flags & ts.NodeFlags.Const) === 0) return;
        recordSleep(d.name.text, scope.unwrap(d.initializer));
      },
      'SourceFile:exit'() {
        recordSleeps();
        if (Object.keys(localSleeps).length > 0) context.setData({ sleeps: localSleeps } satisfies Data);
      },
    };
  },

  reduce(context) {
    const dataOf = (file: string) => context.files.get(file)?.data[RULE_ID] as Data | undefined;
    /** Whether `name` exported by `file` is a sleep helper taking its delay first (following re-exports). */
    const isSleepExport = (file: string, name: string, hops: number): boolean => {
      const facts: FileFacts | undefined = context.files.get(file);
      if (!facts || hops > MAX_REEXPORT_HOPS) return false;
      for (const e of facts.exports) {
        if (e.name === name && e.local !== undefined && !e.from) return dataOf(file)?.sleeps[e.local] === 0;
        if (e.from && (e.name === name || e.name === '*')) {
          const target = context.resolveImport(file, e.from);
          const imported = e.name === '*' ? name : e.imported ?? name;
          if (target && isSleepExport(target, imported, hops + 1)) return true;
        }
      }
      // `import { sleep } from './utils'` re-exported as `export { sleep }` after an import.
      const local = facts.exports.find((e) => e.name === name)?.local;
      const imported = local !== undefined ? facts.imports.find((i) => i.local === local) : undefined;
      if (imported && isRelative(imported.module)) {
        const target = context.resolveImport(file, imported.module);
        return target !== undefined && isSleepExport(target, imported.imported, hops + 1);
      }
      return false;
    };
    // Only a sleep helper confirmed in its own file makes a finding: when that file is out of view
    // (or the project view is partial), the wait might be anything.
    for (const finding of context.pending) {
      const p = finding.pending as unknown as Pending;
      const target = context.resolveImport(finding.file, p.sleep.module);
      if (target && isSleepExport(target, p.sleep.name, 0)) context.keep(finding);
    }
  },
});

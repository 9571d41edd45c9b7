// require-timeout: outbound HTTP calls with no timeout or abort signal.
import type * as TS from 'typescript';
import { hasDirective, someDescendant } from '../src/engine/ast.js';
import { addProperty, appendArguments } from '../src/engine/edits.js';
import { findProperty, inlineObject, propertyName } from '../src/engine/objects.js';
import { defineRule } from '../src/engine/rule.js';
import type { QualifiedName } from '../src/engine/scope.js';
import type { FileContext, Json, TextEdit } from '../src/engine/types.js';
import {
  axiosDefaults, globalDispatcher, httpClients, type CallShape, type HttpClientKnowledge,
} from '../src/knowledge/http-clients.js';

export interface Options {
  /** Timeout the autofix inserts, in milliseconds. */
  timeoutMs: number;
}

type MessageIds = 'missingTimeout' | 'instanceWithoutTimeout' | 'timeoutDisabled';

/** What the reduce step must check before a finding stands. */
interface Pending {
  coveredBy: HttpClientKnowledge['coveredBy'];
  client: string;
}

/** Per-file facts: project-wide timeout set-up found in this file. */
interface Data {
  axiosDefaults?: boolean;
  globalDispatcher?: boolean;
}

function matchShape(shapes: readonly CallShape[] | undefined, path: readonly string[]): CallShape | undefined {
  const joined = path.join('.');
  return shapes?.find((s) => s.names.includes(joined));
}

function matchClient(q: QualifiedName, kind: 'calls' | 'factories'): { client: HttpClientKnowledge; shape: CallShape } | undefined {
  for (const client of httpClients) {
    if (q.module === '') {
      if (kind === 'calls' && q.path.length === 1 && client.globals?.includes(q.path[0]!)) {
        const shape = matchShape(client.calls, q.path);
        if (shape) return { client, shape };
      }
      continue;
    }
    if (!client.modules.includes(q.module)) continue;
    const shape = matchShape(client[kind], q.path);
    if (shape) return { client, shape };
  }
  return undefined;
}

export default defineRule<Options>({
  id: 'require-timeout',
  meta: {
    type: 'problem',
    description: 'Require a timeout or abort signal on outbound HTTP calls',
    config: 'recommended',
    scope: 'file',
    fixable: true,
    messages: {
      missingTimeout:
        'This {{client}} call has no timeout: one slow dependency will hold the request and its connection until the peer gives up. Pass {{hint}}.',
      instanceWithoutTimeout:
        'This {{client}} instance has no default timeout, so every call through it can hang forever. Set {{hint}} when creating it.',
      timeoutDisabled:
        'A {{client}} timeout of {{value}} disables the timeout: set a finite limit such as {{hint}}.',
    } satisfies Record<MessageIds, string>,
    schema: {
      type: 'object',
      properties: {
        timeoutMs: {
          type: 'integer',
          minimum: 1,
          description: 'Timeout in milliseconds that the autofix inserts.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { timeoutMs: 10000 },
  },

  create(context) {
    const { ts, scope, sourceFile } = context;
    // Browser code in a Next.js-style project: the platform, not this process, owns its requests.
    if (hasDirective(ts, sourceFile, 'use client')) return {};
    const data: Data = {};
    const globalTimeouts = context.settings.globalTimeouts ?? {};
    /** Instances created without a timeout, reported at the end unless `x.defaults.timeout` is set. */
    const instances: { name?: string; report: () => void }[] = [];
    const instanceDefaults = new Set<string>();

    const hint = (client: HttpClientKnowledge) => client.fixProperty(context.options.timeoutMs);
    const pendingFor = (client: HttpClientKnowledge): Json => ({ coveredBy: client.coveredBy, client: client.id } satisfies Pending);

    function checkCall(call: TS.CallExpression, client: HttpClientKnowledge, shape: CallShape, isFactory: boolean): void {
      if (client.coveredBy === 'axiosDefaults' && globalTimeouts.axios) return;
      if (client.coveredBy === 'globalDispatcher' && globalTimeouts.fetch) return;
      const args = call.arguments;
      let index: number;
      if (shape.options === 'configOrUrl') {
        const first = args[0] ? scope.resolveValue(args[0]) : undefined;
        index = first && ts.isObjectLiteralExpression(first) ? 0 : 1;
      } else {
        index = shape.options;
      }
      // A spread argument may carry the options: we cannot tell.
      if (args.slice(0, index + 1).some((a) => ts.isSpreadElement(a))) return;
      const optionsArg = args[index];
      const presence = findProperty(ts, scope, optionsArg, client.timeoutKeys);
      if (presence.state === 'unknown') return;
      if (presence.state === 'present') {
        const value = presence.value && scope.resolveValue(presence.value);
        if (value && client.disabledValues && isDisabled(value, client.disabledValues)) {
          context.report({
            node: presence.node,
            messageId: 'timeoutDisabled',
            data: { client: client.label, value: value.getText(sourceFile), hint: hint(client) },
            pending: pendingFor(client),
          });
        }
        return;
      }
      const fix = fixFor(call, index, optionsArg, client);
      const report = () => context.report({
        node: call,
        messageId: isFactory ? 'instanceWithoutTimeout' : 'missingTimeout',
        data: { client: client.label, hint: hint(client) },
        ...(fix ? { fix } : {}),
        pending: pendingFor(client),
      });
      if (isFactory) instances.push({ name: assignedName(call), report });
      else report();
    }

    function isDisabled(value: TS.Expression, disabled: readonly (number | boolean)[]): boolean {
      if (ts.isNumericLiteral(value)) return disabled.includes(Number(value.text));
      if (value.kind === ts.SyntaxKind.FalseKeyword) return disabled.includes(false);
      return false;
    }

    function fixFor(call: TS.CallExpression, index: number, optionsArg: TS.Expression | undefined, client: HttpClientKnowledge): TextEdit[] | undefined {
      const property = client.fixProperty(context.options.timeoutMs);
      if (optionsArg) {
        const object = inlineObject(ts, scope, optionsArg);
        // Options from a variable: changing its declaration could affect other calls.
        return object ? [addProperty(ts, sourceFile, object, property)] : undefined;
      }
      const missing = index - call.arguments.length;
      const fill = Array.from({ length: Math.max(0, missing) }, () => 'undefined');
      return [appendArguments(ts, sourceFile, call, [...fill, `{ ${property} }`])];
    }

    function assignedName(call: TS.CallExpression): string | undefined {
      const parent = call.parent;
      if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
      return undefined;
    }

    /** `axios.interceptors.request.use((config) => { config.timeout = … })` */
    function interceptorSetsTimeout(call: TS.CallExpression): boolean {
      const fn = call.arguments[0];
      if (!fn) return false;
      return someDescendant(ts, fn, (node) => {
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
          && ts.isPropertyAccessExpression(node.left)) {
          return (axiosDefaults.defaultKeys as readonly string[]).includes(node.left.name.text);
        }
        if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
          const name = propertyName(ts, node.name);
          return name !== undefined && (axiosDefaults.defaultKeys as readonly string[]).includes(name);
        }
        return false;
      });
    }

    function checkGlobalDispatcher(call: TS.CallExpression): void {
      const arg = call.arguments[0];
      if (!arg) return;
      const value = scope.resolveValue(arg);
      if (!ts.isNewExpression(value)) return;
      const q = scope.qualifiedName(value.expression);
      if (!q || q.module !== globalDispatcher.module || q.path.length !== 1
        || !(globalDispatcher.dispatchers as readonly string[]).includes(q.path[0]!)) return;
      const presence = findProperty(ts, scope, value.arguments?.[0], globalDispatcher.timeoutKeys);
      if (presence.state === 'present') data.globalDispatcher = true;
    }

    return {
      CallExpression(node) {
        const call = node as TS.CallExpression;
        const q = scope.qualifiedName(call.expression);
        if (!q) return;
        const joined = q.path.join('.');
        if (q.module === axiosDefaults.module && joined === axiosDefaults.interceptor) {
          if (interceptorSetsTimeout(call)) data.axiosDefaults = true;
          return;
        }
        if (q.module === globalDispatcher.module && joined === globalDispatcher.setter) {
          checkGlobalDispatcher(call);
          return;
        }
        const factory = matchClient(q, 'factories');
        if (factory) {
          checkCall(call, factory.client, factory.shape, true);
          return;
        }
        const match = matchClient(q, 'calls');
        if (match) checkCall(call, match.client, match.shape, false);
      },
      BinaryExpression(node) {
        const b = node as TS.BinaryExpression;
        if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const left = scope.unwrap(b.left);
        if (!ts.isPropertyAccessExpression(left)) return;
        const key = left.name.text;
        if (!(axiosDefaults.defaultKeys as readonly string[]).includes(key)) return;
        const q = scope.qualifiedName(left);
        if (q && q.module === axiosDefaults.module && q.path.length === 2 && q.path[0] === 'defaults') {
          data.axiosDefaults = true;
          return;
        }
        // `api.defaults.timeout = …` on an instance created in this file.
        const defaults = scope.unwrap(left.expression);
        if (ts.isPropertyAccessExpression(defaults) && defaults.name.text === 'defaults' && ts.isIdentifier(defaults.expression)) {
          instanceDefaults.add(defaults.expression.text);
        }
      },
      'SourceFile:exit'() {
        for (const instance of instances) {
          if (instance.name && instanceDefaults.has(instance.name)) continue;
          instance.report();
        }
        if (data.axiosDefaults || data.globalDispatcher) context.setData({ ...data });
      },
    };
  },

  reduce(context) {
    let axios = false;
    let dispatcher = false;
    for (const facts of context.files.values()) {
      const d = facts.data['require-timeout'] as Data | undefined;
      if (d?.axiosDefaults) axios = true;
      if (d?.globalDispatcher) dispatcher = true;
    }
    // A finding stands unless project-wide set-up covers it. When the front end cannot see the
    // whole project, that set-up may sit in a file it cannot see: report nothing then.
    if (!context.complete) return;
    for (const finding of context.pending) {
      const p = finding.pending as unknown as Pending;
      if (p.coveredBy === 'axiosDefaults' && axios) continue;
      if (p.coveredBy === 'globalDispatcher' && dispatcher) continue;
      context.keep(finding);
    }
  },
});

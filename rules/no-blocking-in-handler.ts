// no-blocking-in-handler: synchronous calls that block the event loop (sync file system and
// child processes, CPU-heavy hashing and key generation, sync compression, better-sqlite3 in
// `strict`) in code that runs per request. The file walk finds the calls inside functions; the
// reduce step keeps those the request-handler model puts on the request path (a handler in
// routes/a.ts calling a helper in lib/b.ts that blocks). Module top level, start-up code, listen
// callbacks, scripts and tests are never on it.
import type * as TS from 'typescript';
import { defineRule } from '../src/engine/rule.js';
import type { TextEdit } from '../src/engine/types.js';
import {
  blockingCall, smallBytes, syncDatabases, type AsyncCounterpart, type BlockingCall,
} from '../src/knowledge/blocking.js';
import { scriptFolders } from '../src/knowledge/databases.js';
import { DEFAULT_DEPTH } from '../src/project/handlers.js';
import { isScriptOrTest, keepOnRequestPath } from '../src/project/request-path.js';
import { scriptFoldersOption, maxCallDepthOption, type RequestPathOptions } from '../src/engine/option-schemas.js';

export interface Options extends RequestPathOptions {
  /** Report synchronous database drivers (better-sqlite3) on the request path. */
  checkSyncDatabases: boolean;
}

type MessageIds = 'blockingCall' | 'syncDatabase' | 'useAsync';

const messages: Record<MessageIds, string> = {
  blockingCall:
    '`{{name}}` blocks the event loop ({{cost}}) on the request path, so every other request on this instance waits until it returns; use {{alternative}}.',
  syncDatabase:
    '{{label}} runs `{{name}}` synchronously on the request path, so one slow query stalls every request on this instance; use an asynchronous driver with a pool, or move the query to a worker thread.',
  useAsync:
    'Use `{{replacement}}` (the handler then yields while it waits: code after it runs later, so check nothing relies on the synchronous order).',
};

function isFunction(ts: typeof TS, node: TS.Node): node is TS.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)
    || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isConstructorDeclaration(node);
}

export default defineRule<Options>({
  id: 'no-blocking-in-handler',
  meta: {
    type: 'problem',
    description: 'Disallow synchronous I/O and CPU-heavy synchronous calls on the request path',
    config: 'recommended',
    scope: 'file',
    requires: ['http'],
    hasSuggestions: true,
    messages,
    schema: {
      type: 'object',
      properties: {
        checkSyncDatabases: {
          type: 'boolean',
          description: 'Also report queries of synchronous database drivers (better-sqlite3) on the request path (on in `strict`).',
        },
        scriptFolders: scriptFoldersOption(),
        maxCallDepth: maxCallDepthOption(),
      },
      additionalProperties: false,
    },
    defaultOptions: { checkSyncDatabases: false, scriptFolders: [...scriptFolders], maxCallDepth: DEFAULT_DEPTH },
    presetOptions: { strict: { checkSyncDatabases: true } },
  },

  create(context) {
    const { ts, scope, sourceFile, options } = context;
    if (isScriptOrTest(context.file, options.scriptFolders, context.settings.root)) return {};
    const text = sourceFile.text;

    const enclosingFunction = (node: TS.Node): TS.FunctionLikeDeclaration | undefined => {
      for (let n: TS.Node | undefined = node.parent; n; n = n.parent) if (isFunction(ts, n)) return n;
      return undefined;
    };

    /** A numeric constant (literal, or a const bound to one, or `Buffer.alloc(n)`'s `n`). */
    function constantNumber(e: TS.Expression | undefined): number | undefined {
      if (!e) return undefined;
      const v = scope.resolveValue(e);
      return ts.isNumericLiteral(v) ? Number(v.text) : undefined;
    }

    /** The byte count a sized call works on, when it is a known constant. */
    function knownSize(call: TS.CallExpression, sized: NonNullable<BlockingCall['sized']>): number | undefined {
      if (sized.sizeArgument !== undefined && call.arguments[sized.sizeArgument]) return constantNumber(call.arguments[sized.sizeArgument]);
      const buffer = sized.bufferArgument !== undefined ? call.arguments[sized.bufferArgument] : undefined;
      if (!buffer) return undefined;
      const made = scope.resolveValue(buffer);
      // `Buffer.alloc(16)`, `Buffer.allocUnsafe(16)`, `new Uint8Array(16)`
      if ((ts.isCallExpression(made) || ts.isNewExpression(made)) && made.arguments?.length === 1) return constantNumber(made.arguments[0]);
      return undefined;
    }

    /** Where an import of the counterpart goes: after the statement that brought the blocking call in. */
    function importStatement(root: TS.Identifier): TS.Statement | undefined {
      const binding = scope.lookup(root);
      if (binding?.kind !== 'import') return undefined;
      for (let n: TS.Node | undefined = binding.node; n; n = n.parent) {
        if (n.parent === sourceFile) return n as TS.Statement;
      }
      return undefined;
    }

    function addImport(after: TS.Statement, name: string, module: string): TextEdit {
      const esm = ts.isImportDeclaration(after) || sourceFile.statements.some((s) => ts.isImportDeclaration(s));
      const nl = text.includes('\r\n') ? '\r\n' : '\n';
      const line = esm ? `import { ${name} } from '${module}';` : `const { ${name} } = require('${module}');`;
      return { start: after.getEnd(), end: after.getEnd(), text: `${nl}${line}` };
    }

    /** Name available for an import from `module` (already imported, or free); `undefined` when taken. */
    function importable(name: string, modules: readonly string[], at: TS.Node): 'present' | 'free' | undefined {
      const b = scope.lookupName(name, at);
      if (!b) return 'free';
      if (b.kind === 'import' && modules.includes(b.module) && b.imported === name) return 'present';
      return undefined;
    }

    function suggestion(call: TS.CallExpression, counterpart: AsyncCounterpart) {
      const fn = enclosingFunction(call);
      const isAsync = !!fn && (ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
      if (!isAsync) return undefined;
      const callee = scope.unwrap(call.expression);
      const root = ts.isPropertyAccessExpression(callee) ? scope.unwrap(callee.expression) : callee;
      if (!ts.isIdentifier(root)) return undefined;
      const edits: TextEdit[] = [];
      let replacement: string;
      let calleeText: string;
      if (counterpart.kind === 'import') {
        const state = importable(counterpart.name, [counterpart.module, counterpart.module.replace(/^node:/, '')], call);
        const at = importStatement(root);
        if (!state || (state === 'free' && !at)) return undefined;
        if (state === 'free') edits.push(addImport(at!, counterpart.name, counterpart.module));
        calleeText = counterpart.name;
        replacement = `await ${counterpart.name}(…)\` from \`${counterpart.module}`;
      } else {
        if (!ts.isPropertyAccessExpression(callee)) return undefined;
        const member = `${text.slice(callee.expression.getStart(sourceFile), callee.expression.getEnd())}.${counterpart.name}`;
        if (counterpart.kind === 'member') {
          calleeText = member;
          replacement = `await ${member}(…)`;
        } else {
          const state = importable('promisify', ['util', 'node:util'], call);
          const at = importStatement(root);
          if (!state || (state === 'free' && !at)) return undefined;
          if (state === 'free') edits.push(addImport(at!, 'promisify', 'node:util'));
          calleeText = `promisify(${member})`;
          replacement = `await promisify(${member})(…)`;
        }
      }
      const start = call.getStart(sourceFile);
      const p = call.parent;
      const wrap = !!p && ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === call
        || (ts.isCallExpression(p) && p.expression === call) || ts.isTaggedTemplateExpression(p));
      const args = text.slice(callee.getEnd(), call.getEnd());
      edits.push({ start, end: call.getEnd(), text: `${wrap ? '(' : ''}await ${calleeText}${args}${wrap ? ')' : ''}` });
      return [{ messageId: 'useAsync', data: { replacement }, edits }];
    }

    // better-sqlite3: instances bound in this file (`const db = new Database('app.db')`).
    const sqlite = syncDatabases[0];
    function sqliteInstance(e: TS.Expression, depth = 0): boolean {
      const v = scope.resolveValue(e);
      if (depth > 3 || (!ts.isNewExpression(v) && !ts.isCallExpression(v))) return false;
      const q = scope.qualifiedName(v.expression);
      return !!q && q.module === sqlite.module && q.path.length === 0;
    }
    function sqliteStatement(e: TS.Expression): boolean {
      const v = scope.resolveValue(e);
      if (!ts.isCallExpression(v)) return false;
      const callee = scope.unwrap(v.expression);
      return ts.isPropertyAccessExpression(callee) && callee.name.text === sqlite.prepare && sqliteInstance(callee.expression);
    }

    return {
      CallExpression(node) {
        const call = node as TS.CallExpression;
        if (!enclosingFunction(call)) return;
        const callee = scope.unwrap(call.expression);
        const q = scope.qualifiedName(callee);
        const row = q && q.module !== '' ? blockingCall(q.module, q.path) : undefined;
        if (row && q) {
          if (row.sized) {
            const size = knownSize(call, row.sized);
            if (size === undefined || size <= smallBytes) return;
          }
          const name = q.path[0]!;
          const counterpart = row.counterpart?.(name);
          const alternative = counterpart?.kind === 'import' ? `\`await ${counterpart.name}()\` from \`${counterpart.module}\``
            : counterpart?.kind === 'member' ? `\`await ${row.label.replace('{{name}}', counterpart.name)}()\``
              : counterpart?.kind === 'promisify' ? `\`${row.label.replace('{{name}}', counterpart.name)}\` (promisified)` : row.alternative;
          const suggest = counterpart ? suggestion(call, counterpart) : undefined;
          context.report({
            node: callee,
            messageId: 'blockingCall',
            data: { name: row.label.replace('{{name}}', name), cost: row.cost, alternative },
            pending: { onRequestPath: true },
            ...(suggest ? { suggest } : {}),
          });
          return;
        }
        if (!options.checkSyncDatabases || !ts.isPropertyAccessExpression(callee)) return;
        const member = callee.name.text;
        const target = scope.unwrap(callee.expression);
        const runs = ((sqlite.instanceMethods as readonly string[]).includes(member) && sqliteInstance(target))
          || ((sqlite.statementMethods as readonly string[]).includes(member) && sqliteStatement(target));
        if (runs) {
          context.report({ node: callee, messageId: 'syncDatabase', data: { label: sqlite.label, name: member }, pending: { onRequestPath: true } });
        }
      },
    };
  },

  reduce(context) {
    keepOnRequestPath(context, context.options.maxCallDepth);
  },
});

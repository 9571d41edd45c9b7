// require-structured-logging: `console.*` in code that runs per request in a server, where a
// structured logger with a request id belongs (pino, winston, bunyan, Nest `Logger`, Fastify's
// `request.log`, `req.log` from pino-http). The file walk finds console calls inside functions;
// the reduce step keeps those on the request path, so CLI scripts, start-up banners, listen
// callbacks, signal handlers, workers without a server and libraries are left alone. The
// suggestion logs through the request's logger or a logger already in scope (here, or a
// module-level logger imported from another file of the project).
import type * as TS from 'typescript';
import { defineRule } from '../src/engine/rule.js';
import type { Json, Suggestion } from '../src/engine/types.js';
import { formatMessage } from '../src/engine/messages.js';
import { scriptFolders } from '../src/knowledge/databases.js';
import {
  consoleLevels, loggerFactories, loggerMethod, requestLoggerFrameworks, requestLoggerMiddleware, type LoggerFactory,
} from '../src/knowledge/logging.js';
import { DEFAULT_DEPTH } from '../src/project/handlers.js';
import { resolveBinding } from '../src/project/module-graph.js';
import { handlerRelated, isScriptOrTest, keepWith, requestPathOf } from '../src/project/request-path.js';
import { scriptFoldersOption, maxCallDepthOption, type RequestPathOptions } from '../src/engine/option-schemas.js';

export type Options = RequestPathOptions;

type MessageIds = 'consoleOnRequestPath' | 'useLogger';

const messages: Record<MessageIds, string> = {
  consoleOnRequestPath:
    '`console.{{method}}` on the request path writes an unstructured line with no level or request id, which cannot be searched or correlated across instances when something breaks under load; log through a structured logger (pino, winston, `req.log`).',
  useLogger:
    'Log with `{{replacement}}(…)` (structured and levelled; check the argument order the logger expects: pino takes the object first).',
};

interface Pending {
  onRequestPath: true;
  method: string;
  /** The `console.x` callee, replaced by a suggestion. */
  callee: { start: number; end: number };
  /** A logger imported from a project file, confirmed in the reduce step. */
  imported?: { module: string; imported: string; local: string };
}

interface Data {
  /** Module-level names bound to a logger instance, and the levels of its factory. */
  loggers: Record<string, string>;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

function isRelative(module: string): boolean {
  return module.startsWith('./') || module.startsWith('../');
}

const LOGGER_NAME = /^(logger|log|appLogger|baseLogger)$/;

export default defineRule<Options>({
  id: 'require-structured-logging',
  meta: {
    type: 'suggestion',
    description: 'Require a structured logger instead of `console.*` on the request path of a server',
    config: 'strict',
    scope: 'file',
    requires: ['http'],
    hasSuggestions: true,
    messages,
    schema: {
      type: 'object',
      properties: {
        scriptFolders: scriptFoldersOption(),
        maxCallDepth: maxCallDepthOption(),
      },
      additionalProperties: false,
    },
    defaultOptions: { scriptFolders: [...scriptFolders], maxCallDepth: DEFAULT_DEPTH },
  },

  create(context) {
    const { ts, scope, sourceFile, options } = context;
    const skip = isScriptOrTest(context.file, options.scriptFolders, context.settings.root);

    function factoryOf(expression: TS.Expression | undefined): LoggerFactory | undefined {
      if (!expression) return undefined;
      const e = scope.unwrap(expression);
      if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return undefined;
      const q = scope.qualifiedName(e.expression);
      if (!q || q.module === '') return undefined;
      return loggerFactories.find((f) => f.module === q.module && samePath(f.path, q.path)
        && (f.call === 'either' || (f.call === 'new') === ts.isNewExpression(e)));
    }

    // Module-level loggers of this file (`const logger = pino()`).
    const loggers: Record<string, LoggerFactory> = {};
    for (const statement of sourceFile.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const d of statement.declarationList.declarations) {
        const f = ts.isIdentifier(d.name) ? factoryOf(d.initializer) : undefined;
        if (f && ts.isIdentifier(d.name)) loggers[d.name.text] = f;
      }
    }

    /** A logger in scope at `node`: a class field (`this.logger`), a module-level one, or one imported from the project. */
    function loggerInScope(node: TS.Node): { text: string; factory?: LoggerFactory } | { imported: Pending['imported'] } | undefined {
      for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
        if (!ts.isClassLike(n)) continue;
        for (const m of n.members) {
          if (!ts.isPropertyDeclaration(m) || !m.name || !ts.isIdentifier(m.name)) continue;
          const isStatic = (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
          const f = factoryOf(m.initializer);
          if (f && !isStatic) return { text: `this.${m.name.text}`, factory: f };
        }
        break;
      }
      for (const [name, factory] of Object.entries(loggers)) {
        const b = scope.lookupName(name, node);
        if (b?.kind === 'variable' && b.declaration.parent?.parent?.parent === sourceFile) return { text: name, factory };
      }
      for (const statement of sourceFile.statements) {
        if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !isRelative(statement.moduleSpecifier.text)) continue;
        const bindings = statement.importClause?.namedBindings;
        const names: [string, string][] = [];
        if (statement.importClause?.name) names.push(['default', statement.importClause.name.text]);
        if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) names.push([(el.propertyName ?? el.name).text, el.name.text]);
        for (const [imported, local] of names) {
          if (!LOGGER_NAME.test(local)) continue;
          const b = scope.lookupName(local, node);
          if (b?.kind === 'import') return { imported: { module: statement.moduleSpecifier.text, imported, local } };
        }
      }
      return undefined;
    }

    return {
      CallExpression(node) {
        if (skip) return;
        const call = node as TS.CallExpression;
        const callee = scope.unwrap(call.expression);
        if (!ts.isPropertyAccessExpression(callee)) return;
        const base = scope.unwrap(callee.expression);
        if (!ts.isIdentifier(base) || base.text !== 'console' || !scope.isGlobal('console', base)) return;
        const method = callee.name.text;
        if (!(method in consoleLevels)) return;
        let inFunction = false;
        for (let n: TS.Node | undefined = call.parent; n && !inFunction; n = n.parent) inFunction = ts.isFunctionLike(n);
        if (!inFunction) return;
        const pending: Pending = {
          onRequestPath: true,
          method,
          callee: { start: callee.getStart(sourceFile), end: callee.getEnd() },
        };
        const logger = loggerInScope(call);
        let suggest: { messageId: string; data: Record<string, string>; edits: { start: number; end: number; text: string }[] }[] | undefined;
        if (logger && 'text' in logger) {
          const replacement = `${logger.text}.${loggerMethod(method, logger.factory)!}`;
          suggest = [{ messageId: 'useLogger', data: { replacement }, edits: [{ ...pending.callee, text: replacement }] }];
        } else if (logger?.imported) {
          pending.imported = logger.imported;
        }
        context.report({
          node: callee,
          messageId: 'consoleOnRequestPath',
          data: { method },
          pending: pending as unknown as Json,
          ...(suggest ? { suggest } : {}),
        });
      },
      'SourceFile:exit'() {
        const data: Data = { loggers: Object.fromEntries(Object.entries(loggers).map(([k, f]) => [k, `${f.module}:${f.path.join('.')}`])) };
        context.setData(data as unknown as Json);
      },
    };
  },

  reduce(context) {
    const { options } = context;
    for (const finding of context.pending) {
      const pending = finding.pending as unknown as Pending;
      const p = requestPathOf(context, finding, options.maxCallDepth);
      if (!p) continue;
      const suggestions: Suggestion[] = [];
      const add = (replacement: string) => {
        const data = { replacement };
        suggestions.push({ messageId: 'useLogger', message: formatMessage(messages.useLogger, data), data, edits: [{ ...pending.callee, text: replacement }] });
      };
      // The request's own logger: in the handler itself, when the framework or a middleware provides one.
      const param = p.depth === 0 && p.handler && p.from.file === finding.file ? p.from.fact.params[0] : undefined;
      const requestLogger = !!p.handler && (requestLoggerFrameworks.includes(p.handler.framework)
        || p.handler.middleware.some((m) => m.item.module !== undefined && requestLoggerMiddleware.includes(m.item.module)));
      if (param && requestLogger) add(`${param}.log.${loggerMethod(pending.method)!}`);
      if (pending.imported) {
        const b = resolveBinding(context, finding.file, { kind: 'import', module: pending.imported.module, imported: pending.imported.imported });
        const data = b && (context.files.get(b.file)?.data[finding.ruleId] as unknown as Data | undefined);
        const factory = b && data?.loggers[b.local];
        if (factory) {
          const f = loggerFactories.find((x) => `${x.module}:${x.path.join('.')}` === factory);
          add(`${pending.imported.local}.${loggerMethod(pending.method, f)!}`);
        }
      }
      const all = [...suggestions, ...(finding.suggestions ?? [])];
      keepWith(context, finding, { related: finding.related ?? handlerRelated(p), ...(all.length > 0 ? { suggestions: all } : {}) });
    }
  },
});

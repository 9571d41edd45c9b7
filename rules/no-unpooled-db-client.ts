// no-unpooled-db-client: database access that does not scale with concurrent requests — one
// connection (pg `Client`, mysql `createConnection`, an oracledb standalone connection, a tedious
// `Connection`) serving a server's requests, a client or pool created per request, and a shared
// client connected or closed per request. The verdicts need the project (the client is created in
// `db.ts`, used by handlers in `routes/`), so they are made in `reduce` from the `db` facts and
// the request-handler model. Suggestions only: a pool changes transaction semantics.
import type { DbCreation, DbFacts, DbUse } from '../src/engine/extractors/db.js';
import { formatMessage } from '../src/engine/messages.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedLocation, Suggestion, TextEdit } from '../src/engine/types.js';
import { dbDriver, scriptFolders, type DbDriver } from '../src/knowledge/databases.js';
import { DEFAULT_DEPTH, handlerModel, type RequestPath } from '../src/project/handlers.js';
import { resolveBinding, serverFiles } from '../src/project/module-graph.js';
import { projectFolders } from '../src/project/request-path.js';
import { scriptFoldersOption, maxCallDepthOption, type RequestPathOptions } from '../src/engine/option-schemas.js';

export type Options = RequestPathOptions;

type MessageIds = 'singleConnection' | 'connectionPerRequest' | 'createdPerRequest' | 'closedPerRequest' | 'connectedPerRequest'
  | 'usePool' | 'hoistClient';

const messages: Record<MessageIds, string> = {
  singleConnection:
    'This {{label}} is one database connection serving the requests of the whole process: concurrent queries wait in line behind each other and one dropped connection fails them all; create {{pool}} once at start-up and query through it.',
  connectionPerRequest:
    'A {{label}} is opened on every request: each request pays a new connection handshake and, under load, the database runs out of connections; query through {{pool}} created once at start-up.',
  createdPerRequest:
    'A {{label}} is created on every request: each one opens its own connections, so under load the database runs out of them and requests wait for the handshakes; create it once at module scope or at start-up and reuse it.',
  closedPerRequest:
    '`{{name}}.{{method}}()` closes the {{label}} shared by the whole process on every request: requests in flight and after it fail; close it only on shutdown.',
  connectedPerRequest:
    '`{{name}}.{{method}}()` connects the {{label}} shared by the whole process on every request: a single client cannot connect twice; connect once at start-up, or query through {{pool}}.',
  usePool:
    'Use {{pooled}} instead of the {{label}} (each query may then run on a different connection: a transaction must check out one client with `connect()` and `release()` it).',
  hoistClient:
    'Create the {{label}} once at module scope and reuse it across requests.',
};

function poolOf(driver: DbDriver | undefined): string {
  const pool = driver?.factories.find((f) => f.kind === 'pool');
  return pool ? `a ${pool.label}` : 'a connection pool';
}

function isDedicated(driver: DbDriver, use: DbUse): boolean {
  const d = driver.dedicatedUses;
  if (!d || use.argument === undefined) return false;
  if (use.method === 'query' && d.queries?.test(use.argument)) return true;
  return use.method === 'on' && (d.events ?? []).includes(use.argument);
}

export default defineRule<Options>({
  id: 'no-unpooled-db-client',
  meta: {
    type: 'problem',
    description: 'Disallow single-connection database clients serving requests and clients or pools created per request',
    config: 'recommended',
    scope: 'project',
    requires: ['http', 'db'],
    hasSuggestions: true,
    messages,
    schema: {
      type: 'object',
      properties: {
        scriptFolders: scriptFoldersOption('Folder names whose files are one-off programs (migrations, scripts), where a single connection is right.'),
        maxCallDepth: maxCallDepthOption(),
      },
      additionalProperties: false,
    },
    defaultOptions: { scriptFolders: [...scriptFolders], maxCallDepth: DEFAULT_DEPTH },
  },

  create() {
    // Everything this rule needs is in the shared `db` and `http` facts.
    return {};
  },

  reduce(context) {
    const { options } = context;
    const model = handlerModel(context);
    const depth = options.maxCallDepth;
    const folders = new Set(options.scriptFolders);
    const isScript = (file: string) => projectFolders(file, context.settings.root).some((segment) => folders.has(segment));
    const facts = new Map<string, DbFacts>();
    for (const [file, f] of context.files) {
      const d = f.shared.db as unknown as DbFacts | undefined;
      if (d) facts.set(file, d);
    }
    const servers = serverFiles(context, model);

    // Instances created once and bound to a module-level name, and their uses in every file.
    const key = (file: string, local: string) => `${file}#${local}`;
    const instances = new Map<string, { file: string; creation: DbCreation }>();
    for (const [file, d] of facts) {
      for (const c of d.creations) if (c.once && c.local) instances.set(key(file, c.local), { file, creation: c });
    }
    const uses = new Map<string, { file: string; use: DbUse }[]>();
    for (const [file, d] of facts) {
      for (const use of d.uses) {
        const b = resolveBinding(context, file, use.target);
        if (!b || !instances.has(key(b.file, b.local))) continue;
        const k = key(b.file, b.local);
        let list = uses.get(k);
        if (!list) uses.set(k, (list = []));
        list.push({ file, use });
      }
    }
    const onPath = (file: string, offset: number): RequestPath | undefined => model.onRequestPath(file, offset, depth);
    const handlerRelated = (p: RequestPath): RelatedLocation[] => (p.handler
      ? [{ file: p.handler.route.file, line: p.handler.route.span.line, message: `request handler: ${p.handler.route.text}` }]
      : [{ file: p.from.file, line: p.from.fact.span.line, message: 'middleware on the request path' }]);

    for (const [file, d] of facts) {
      for (const c of d.creations) {
        const driver = dbDriver(c.driver);
        if (!driver) continue;
        const data = { label: c.label, pool: poolOf(driver) };
        const base = { file, span: c.span, scopeName: c.scopeName, text: c.text };
        if (!c.once) {
          if (c.edgeAllowed || c.localSettings) continue;
          const p = onPath(file, c.span.start);
          if (!p) continue;
          const suggestions: Suggestion[] = c.hoist && c.kind !== 'single'
            ? [{ messageId: 'hoistClient', message: formatMessage(messages.hoistClient, { label: c.label }), data: { label: c.label }, edits: c.hoist }]
            : [];
          context.report({
            ...base,
            messageId: c.kind === 'single' ? 'connectionPerRequest' : 'createdPerRequest',
            data,
            related: handlerRelated(p),
            ...(suggestions.length > 0 ? { suggestions } : {}),
          });
          continue;
        }
        if (c.kind !== 'single' || isScript(file)) continue;
        const mine = c.local ? uses.get(key(file, c.local)) ?? [] : [];
        const exported = !!c.local && (context.files.get(file)?.exports ?? []).some((e) => e.local === c.local);
        // A dedicated use (LISTEN) in a file this view lacks would make a single client right.
        if (!context.complete && exported) continue;
        if (mine.some((u) => isDedicated(driver, u.use))) continue;
        const served = mine.find((u) => u.use.inFunction && onPath(u.file, u.use.span.start));
        if (!served && !servers.has(file)) continue;
        const suggestion = poolSuggestion(c, driver, file, mine);
        context.report({
          ...base,
          messageId: 'singleConnection',
          data,
          ...(served ? { related: [{ file: served.file, line: served.use.span.line, message: 'used on the request path' }] } : {}),
          ...(suggestion ? { suggestions: [suggestion] } : {}),
        });
      }
    }

    // A shared instance connected or closed per request.
    for (const [k, list] of [...uses].sort(([a], [b]) => a.localeCompare(b))) {
      const { creation } = instances.get(k)!;
      const driver = dbDriver(creation.driver);
      if (!driver) continue;
      const name = k.slice(k.lastIndexOf('#') + 1);
      for (const { file, use } of list) {
        const closes = driver.closeMethods.includes(use.method);
        const connects = creation.kind === 'single' && (driver.connectMethods ?? []).includes(use.method);
        if ((!closes && !connects) || !use.inFunction) continue;
        const p = onPath(file, use.span.start);
        if (!p) continue;
        context.report({
          messageId: closes ? 'closedPerRequest' : 'connectedPerRequest',
          data: { name, method: use.method, label: creation.label, pool: poolOf(driver) },
          file,
          span: use.span,
          scopeName: '',
          text: `${name}.${use.method}()`,
          related: handlerRelated(p),
        });
      }
    }

    /** `Client` → `Pool`, when every use is a plain query, an error listener, or a start-up `connect()` to drop. */
    function poolSuggestion(c: DbCreation, driver: DbDriver, file: string, mine: { file: string; use: DbUse }[]): Suggestion | undefined {
      if (!c.toPool || !c.pooled || !context.complete) return undefined;
      const removals: TextEdit[] = [];
      for (const { file: f, use } of mine) {
        if ((driver.queries.direct ?? []).includes(use.method)) {
          // A transaction (`BEGIN` … `COMMIT`) needs every statement on one connection.
          if (use.argument !== undefined && driver.transaction?.test(use.argument)) return undefined;
          continue;
        }
        if (use.method === 'on' && use.argument === 'error') continue;
        if ((driver.connectMethods ?? []).includes(use.method) && use.removable && f === file) {
          removals.push(use.removable);
          continue;
        }
        return undefined;
      }
      const data = { label: c.label, pooled: `\`${c.pooled}\`` };
      return {
        messageId: 'usePool',
        message: formatMessage(messages.usePool, data),
        data,
        edits: [...c.toPool, ...removals],
      };
    }
  },
});

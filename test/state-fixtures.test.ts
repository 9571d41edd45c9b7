// no-module-state and no-unpooled-db-client on fixture projects whose patterns are spread across
// files (a db.ts imported by routes, maps written through helpers of another file, a migration
// script, Next.js edge and Node route handlers), on the demo app, and parity of both front ends.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditConfig } from '../src/audit/config.js';
import { audit } from '../src/audit/run.js';
import { applyEdits } from '../src/engine/edits.js';
import { auditFindings, eslintFindings, FIXTURES, type Simple } from './helpers/fixtures.js';

const MINE = new Set(['no-module-state', 'no-unpooled-db-client']);
const mine = (list: Simple[]) => list.filter((f) => MINE.has(f.ruleId));
const brief = (list: Simple[]) => mine(list).map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
const config = (preset: AuditConfig['extends'], rules: AuditConfig['rules'] = {}): AuditConfig => ({ extends: preset, rules, settings: {} });

describe('fixtures/state/express-shared', () => {
  const root = path.join(FIXTURES, 'state/express-shared');

  it('recommended: the Client in db.ts used by routes, a per-request pool, per-user maps across files, the MemoryStore', () => {
    expect(brief(auditFindings(root, config('recommended')))).toEqual([
      // cache.ts's `carts`, written by `rememberCart` (called from routes/cart.ts) with the session id.
      'no-module-state src/cache.ts:6:14',
      // db.ts's Client, queried by routes/cart.ts. Not jobs/listener.ts (LISTEN) nor scripts/migrate.ts.
      'no-unpooled-db-client src/db.ts:4:19',
      // A rate limiter keyed by IP, in a middleware mounted in server.ts.
      'no-module-state src/middleware/rate-limit.ts:4:7',
      // `new Pool()` in a helper the handler calls; `lastReportAt` (a timestamp, not per-user) is fine.
      'no-unpooled-db-client src/routes/reports.ts:8:10',
      'no-module-state src/server.ts:18:5',
    ]);
  });

  it('strict adds the unbounded price memo; the request counter needs checkCounters', () => {
    expect(brief(auditFindings(root, config('strict')))).toEqual([
      'no-module-state src/cache.ts:6:14',
      'no-module-state src/cache.ts:9:14',
      'no-unpooled-db-client src/db.ts:4:19',
      'no-module-state src/middleware/rate-limit.ts:4:7',
      'no-unpooled-db-client src/routes/reports.ts:8:10',
      'no-module-state src/server.ts:18:5',
    ]);
    const counters = mine(auditFindings(root, config('recommended', { 'no-module-state': ['error', { checkCounters: true }] })));
    expect(counters.filter((f) => f.file === 'src/metrics.ts').map((f) => [f.line, f.column, f.message]))
      .toEqual([[4, 5, expect.stringContaining('Module-level counter `requestCount` is updated on the request path')]]);
  });

  it('the migration script is only exempt because of its folder and reach: an empty scriptFolders still keeps it (no server imports it)', () => {
    const f = mine(auditFindings(root, config('recommended', { 'no-unpooled-db-client': ['error', { scriptFolders: [] }] })));
    expect(f.some((x) => x.file.startsWith('scripts/'))).toBe(false);
  });

  it('the Client → Pool suggestion rewrites db.ts and drops the start-up connect()', () => {
    const result = audit({ root, config: config('recommended') });
    const finding = result.findings.find((f) => f.ruleId === 'no-unpooled-db-client' && f.file.endsWith('db.ts'))!;
    expect(finding.fix).toBeUndefined();
    expect(finding.related?.map((r) => [path.relative(root, r.file), r.line])).toEqual([[path.join('src', 'routes', 'cart.ts'), 17]]);
    const [suggestion] = finding.suggestions!;
    expect(suggestion!.messageId).toBe('usePool');
    expect(applyEdits(fs.readFileSync(finding.file, 'utf8'), suggestion!.edits)).toBe(`import { Pool } from 'pg';

// One connection for the whole service, imported by the routes.
export const db = new Pool({ connectionString: process.env.DATABASE_URL });
`);
  });
});

describe('fixtures/state/next-neon', () => {
  const root = path.join(FIXTURES, 'state/next-neon');

  it('Neon per request is right on the edge and reported on Node; $disconnect per request; the globalThis idiom is fine', () => {
    expect(mine(auditFindings(root, config('strict'))).map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message.slice(0, 40)}`)).toEqual([
      'no-unpooled-db-client app/api/node/route.ts:5:16 A Neon Pool is created on every request:',
      'no-unpooled-db-client app/api/users/route.ts:6:9 `prisma.$disconnect()` closes the Prisma',
    ]);
  });

  it('offers to hoist the Node-runtime pool', () => {
    const result = audit({ root, config: config('recommended') });
    const finding = result.findings.find((f) => f.ruleId === 'no-unpooled-db-client' && f.file.endsWith(path.join('node', 'route.ts')))!;
    // Inserted above the handler's leading comment, which stays with the handler.
    expect(applyEdits(fs.readFileSync(finding.file, 'utf8'), finding.suggestions![0]!.edits)).toBe(`import { Pool } from '@neondatabase/serverless';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// The Node.js runtime: a pool per request is just a pool per request.
export async function GET() {
  const { rows } = await pool.query('SELECT count(*) AS n FROM orders');
  return Response.json(rows[0]);
}
`);
  });
});

describe('the demo app', () => {
  const root = path.join(FIXTURES, 'demo-app');

  it('is flagged by both rules: the Client in db.ts, express-session without a store, the per-user Map', () => {
    const f = mine(auditFindings(root, config('recommended')));
    expect(f.map((x) => `${x.ruleId} ${x.file}:${x.line}:${x.column}-${x.endColumn}`)).toEqual([
      'no-unpooled-db-client src/db.ts:6:19-77',
      'no-module-state src/routes/orders.ts:23:7-25',
      'no-module-state src/server.ts:18:3-10',
    ]);
    expect(f[1]!.message).toContain('Module-level `recentOrdersByUser` holds per-user state');
  });

  it('does not report the requestCount counter (a per-instance metric, not per-user state) unless checkCounters is on', () => {
    const strict = mine(auditFindings(root, config('strict')));
    expect(strict.some((x) => x.file === 'src/routes/users.ts')).toBe(false);
    const counters = mine(auditFindings(root, config('recommended', { 'no-module-state': ['error', { checkCounters: true }] })));
    expect(counters.filter((x) => x.file === 'src/routes/users.ts').map((x) => `${x.line}:${x.column} ${x.message.slice(0, 48)}`))
      .toEqual(['16:5 Module-level counter `requestCount` is updated o']);
  });

  it('suggests a Pool for db.ts (queried from the routes only), and a store placeholder for the session', () => {
    const result = audit({ root, config: config('recommended') });
    const db = result.findings.find((f) => f.ruleId === 'no-unpooled-db-client')!;
    const text = applyEdits(fs.readFileSync(db.file, 'utf8'), db.suggestions![0]!.edits);
    expect(text).toContain("import { Pool } from 'pg';");
    expect(text).toContain('export const db = new Pool({ connectionString: process.env.DATABASE_URL });');
    expect(text).not.toContain('await db.connect();');
    const session = result.findings.find((f) => f.ruleId === 'no-module-state' && f.file.endsWith('server.ts'))!;
    const fixed = applyEdits(fs.readFileSync(session.file, 'utf8'), session.suggestions![0]!.edits);
    expect(fixed).toContain("      maxAge: 1000 * 60 * 60 * 24,\n    },\n    store: /* TODO: a shared store");
  });
});

describe.each(['demo-app', 'state/express-shared', 'state/next-neon'])('parity of both rules on fixtures/%s', (name) => {
  const root = path.join(FIXTURES, name);
  const audited = mine(auditFindings(root, config('all')));

  it('ESLint with projectService reports exactly what the audit reports', async () => {
    expect(audited.length).toBeGreaterThan(0);
    expect(mine(await eslintFindings(root, { typed: true, preset: 'all' }))).toEqual(audited);
  });

  it('ESLint without type information reports a subset of it', async () => {
    const untyped = mine(await eslintFindings(root, { typed: false, preset: 'all' }));
    for (const f of untyped) expect(audited).toContainEqual(f);
  });
});

// fixtures/outbound: a service calling other services. The audit's findings, and parity with ESLint.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/audit/config.js';
import { auditFindings, eslintFindings, FIXTURES, type Simple } from './helpers/fixtures.js';

const ROOT = path.join(FIXTURES, 'outbound');
const at = (list: Simple[], ruleId: string) => list.filter((f) => f.ruleId === ruleId).map((f) => `${f.file}:${f.line}:${f.column}-${f.endColumn}`);

describe('fixtures/outbound', () => {
  const audit = auditFindings(ROOT);

  it('reports retries without jitter or delay, across files', () => {
    expect(at(audit, 'require-retry-jitter')).toEqual([
      'src/clients/retrying.ts:11:1-11', // axios-retry without retryDelay: no wait at all
      'src/clients/retrying.ts:14:10-16', // p-retry without randomize
      'src/jobs/sync.ts:17:19-33', // fixed delay through `sleep` imported from lib/time.ts
      'src/jobs/sync.ts:30:17-35', // exponential delay through `nap`, re-exported by lib/index.ts
      'src/clients/retrying.ts:18:10-17', // exponential-backoff without jitter
    ].sort());
    const messages = audit.filter((f) => f.ruleId === 'require-retry-jitter').map((f) => f.message);
    expect(messages.filter((m) => m.includes('does not wait between attempts'))).toHaveLength(1);
  });

  it('does not report jittered retries, a helper that is not a sleep, or a polling loop', () => {
    const lines = audit.filter((f) => f.ruleId === 'require-retry-jitter' && f.file === 'src/jobs/sync.ts').map((f) => f.line);
    // pushWithJitter (41), pushAfterProbe (52), worker (65)
    expect(lines).not.toContain(41);
    expect(lines).not.toContain(52);
    expect(lines).not.toContain(65);
  });

  it('reports outbound calls without a working timeout, not a wrapper or an instance that has one', () => {
    expect(at(audit, 'require-timeout')).toEqual([
      'src/clients/services.ts:16:10-44', // got without timeout
      'src/clients/services.ts:20:67-81', // ky timeout: false
      'src/clients/services.ts:24:9-54', // superagent chain without .timeout()
      'src/clients/services.ts:29:57-70', // http.request timeout with no handler that destroys it
      'src/clients/stock.ts:10:5-121', // grpc client created in lib/rpc.ts, re-exported by lib/index.ts
      'src/clients/stock.ts:15:43-157', // grpc client from a constructor of lib/rpc.ts's loadPackageDefinition
      'src/clients/stock.ts:26:5-136', // grpc client from lib/rpc.ts's makeGenericClientConstructor, metadata but no deadline
    ]);
    // httpGet(...) (a wrapper passing a signal), catalog.get(...) (a got instance with a timeout,
    // from lib/http.ts), the fetch inside the wrapper and the grpc call with a deadline
    // (stock.ts:20) are not findings.
    const files = new Set(audit.filter((f) => f.ruleId === 'require-timeout').map((f) => f.file));
    expect(files).toEqual(new Set(['src/clients/services.ts', 'src/clients/stock.ts']));
    const grpc = audit.filter((f) => f.ruleId === 'require-timeout' && f.file === 'src/clients/stock.ts');
    expect(grpc.every((f) => f.message.includes('@grpc/grpc-js call has no deadline'))).toBe(true);
  });

  it('in strict, reports a query without a timeout on a mysql2 pool created in another file', () => {
    const strict = auditFindings(ROOT, { ...defaultConfig(), extends: 'strict' });
    const queries = strict.filter((f) => f.ruleId === 'require-timeout' && f.message.includes('mysql2 query'));
    // orders.ts:9 passes `timeout`.
    expect(queries.map((f) => `${f.file}:${f.line}:${f.column}-${f.endColumn}`)).toEqual(['src/clients/orders.ts:4:24-75']);
    expect(audit.some((f) => f.file === 'src/clients/orders.ts')).toBe(false);
  });

  it('ESLint with type information reports exactly what the audit reports, in strict too', async () => {
    expect(await eslintFindings(ROOT, { typed: true, preset: 'strict' }))
      .toEqual(auditFindings(ROOT, { ...defaultConfig(), extends: 'strict' }));
  });

  it('ESLint with type information reports exactly what the audit reports', async () => {
    expect(await eslintFindings(ROOT, { typed: true })).toEqual(audit);
  });

  it('ESLint without type information reports a subset (here: the same, via its project scan)', async () => {
    const untyped = await eslintFindings(ROOT, { typed: false });
    for (const f of untyped) expect(audit).toContainEqual(f);
    expect(untyped).toEqual(audit);
  });
});

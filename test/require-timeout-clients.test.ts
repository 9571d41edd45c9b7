// require-timeout for the clients beyond fetch and axios (the lead's tests for those are in
// require-timeout.test.ts): undici, node:http(s), got, ky, superagent, needle, node-fetch, and the
// strict-only database, openai and AWS SDK cases; @grpc/grpc-js calls, mysql2 queries, node-redis
// clients and undici's RetryAgent.
import { describe, expect, it } from 'vitest';
import rule from '../rules/require-timeout.js';
import { presetOptions } from '../src/engine/rule.js';
import plugin from '../src/eslint/index.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

const strict = [{ timeoutMs: 10000, checkDatabases: true, checkStrictClients: true }];

ruleTester().run('require-timeout (other clients)', eslintRule(rule), {
  valid: [
    // undici
    `import { request } from 'undici'; await request(url, { signal: AbortSignal.timeout(5000) });`,
    `import { request } from 'undici'; await request(url, { headersTimeout: 5000, bodyTimeout: 5000 });`,
    `import { request, setGlobalDispatcher, Agent } from 'undici';
setGlobalDispatcher(new Agent({ headersTimeout: 5000, bodyTimeout: 5000 }));
await request(url);`,
    // node:http(s): a signal, or a timeout with a 'timeout' handler that destroys the request
    `import https from 'node:https'; https.get(url, { signal: AbortSignal.timeout(5000) }, (res) => res.resume());`,
    `import http from 'node:http';
const req = http.request({ host, timeout: 5000 });
req.on('timeout', () => req.destroy(new Error('timed out')));
req.end();`,
    `import http from 'node:http';
const req = http.request(url);
req.setTimeout(5000, () => req.destroy());
req.end();`,
    `import * as http from 'http'; http.get(url, { timeout: 5000 }).on('timeout', function () { this.destroy(); });`,
    // A request handed to someone else: they may bound it.
    `import http from 'node:http'; export function open(url: string) { return http.request(url); }`,
    // got
    `import got from 'got'; await got(url, { timeout: { request: 5000 } });`,
    `import got from 'got'; await got.post(url, { json: body, timeout: 5000 });`,
    `import got from 'got'; const api = got.extend({ prefixUrl, timeout: { request: 5000 } });`,
    // ky has a 10 s default
    `import ky from 'ky'; await ky.get(url);`,
    `import ky from 'ky'; const api = ky.create({ prefixUrl });`,
    `import ky from 'ky'; await ky.get(url, { timeout: 30000 });`,
    // superagent
    `import request from 'superagent'; await request.get(url).timeout(5000);`,
    `import request from 'superagent'; await request.post(url).timeout({ response: 5000, deadline: 60000 }).send(body);`,
    `import request from 'superagent'; request.get(url).timeout(5000).end(done);`,
    // A chain that is returned: the caller may add .timeout().
    `import request from 'superagent'; export const get = (url: string) => request.get(url);`,
    // needle
    `import needle from 'needle'; needle.get(url, { response_timeout: 5000 }, done);`,
    `import needle from 'needle'; await needle('get', url, null, { read_timeout: 5000 });`,
    // node-fetch: signal, or v2's timeout
    `import fetch from 'node-fetch'; await fetch(url, { signal: AbortSignal.timeout(5000) });`,
    `import fetch from 'node-fetch'; await fetch(url, { timeout: 5000 });`,
    // A wrapper that always passes a timeout: its call sites are not client calls.
    `export async function httpGet(url: string) {
  return fetch(url, { signal: AbortSignal.timeout(5000) });
}
export async function loadUser(id: string) {
  return (await httpGet('/users/' + id)).json();
}`,
    // Strict-only clients are not reported by default (recommended).
    `import { Pool } from 'pg'; const pool = new Pool();`,
    `import Redis from 'ioredis'; const redis = new Redis();`,
    `import OpenAI from 'openai'; const ai = new OpenAI();`,
    `import { NodeHttpHandler } from '@smithy/node-http-handler'; new NodeHttpHandler({ requestTimeout: 5000 });`,
    // ... and with their limits set they are fine in strict too.
    { code: `import { Pool } from 'pg'; const pool = new Pool({ statement_timeout: 5000, connectionTimeoutMillis: 2000 });`, options: strict },
    { code: `import { Client } from 'pg'; const client = new Client({ query_timeout: 5000 });`, options: strict },
    { code: `import { Client } from 'pg'; const client = new Client(process.env.DATABASE_URL);`, options: strict },
    { code: `import Redis from 'ioredis'; const redis = new Redis(process.env.REDIS_URL!, { commandTimeout: 1000 });`, options: strict },
    { code: `import OpenAI from 'openai'; const ai = new OpenAI({ timeout: 60000 });`, options: strict },
    { code: `import { NodeHttpHandler } from '@smithy/node-http-handler'; new NodeHttpHandler({ requestTimeout: 5000, throwOnRequestTimeout: true });`, options: strict },
    // undici RetryAgent: covers fetch when the dispatcher it wraps has timeouts
    `import { setGlobalDispatcher, Agent, RetryAgent } from 'undici';
setGlobalDispatcher(new RetryAgent(new Agent({ headersTimeout: 5000, bodyTimeout: 5000 })));
await fetch(url);`,
    `import { setGlobalDispatcher, Agent, RetryAgent } from 'undici';
const agent = new Agent({ headersTimeout: 5000 });
setGlobalDispatcher(new RetryAgent(agent, { maxRetries: 3 }));
await fetch(url);`,
    // @grpc/grpc-js: a deadline (or a parent call, or interceptors) in the call options
    `import * as grpc from '@grpc/grpc-js';
const proto = grpc.loadPackageDefinition(definition) as any;
const users = new proto.users.v1.Users(address, grpc.credentials.createInsecure());
users.getUser({ id }, { deadline: Date.now() + 2000 }, (err, user) => done(err, user));
users.getUser({ id }, new grpc.Metadata(), { deadline }, (err, user) => done(err, user));
users.getUser({ id }, { parent: call }, (err, user) => done(err, user));`,
    // ... or a client built with interceptors or a service config
    `import * as grpc from '@grpc/grpc-js';
const Users = grpc.makeGenericClientConstructor(definition, 'Users');
const users = new Users(address, creds, { interceptors: [deadlineInterceptor] });
users.getUser({ id }, (err, user) => done(err, user));`,
    `import { Client, credentials } from '@grpc/grpc-js';
const client = new Client(address, credentials.createInsecure(), { 'grpc.service_config': JSON.stringify(config) });
client.makeUnaryRequest('/users.Users/GetUser', serialize, deserialize, req, (err, res) => done(err, res));`,
    // Streams may legitimately live long; a call whose result is kept is a stream or is cancelled by hand.
    `import * as grpc from '@grpc/grpc-js';
const proto = grpc.loadPackageDefinition(definition) as any;
const routes = new proto.routeguide.RouteGuide(address, creds);
const features = routes.listFeatures(rectangle);
const call = routes.getFeature(point, (err, feature) => done(feature));
routes.recordRoute((err, summary) => done(summary));
routes.waitForReady(Date.now() + 5000, (err) => done(err));`,
    // Options or metadata we cannot see, a callback we cannot see, a client we cannot prove
    `import * as grpc from '@grpc/grpc-js';
const proto = grpc.loadPackageDefinition(definition) as any;
const users = new proto.users.Users(address, creds);
export function get(id: string, metadata: grpc.Metadata, cb: (e: unknown) => void) {
  users.getUser({ id }, metadata, (err, user) => cb(err));
  users.getUser({ id }, cb);
}`,
    `const users = new UsersClient(address, creds); users.getUser({ id }, (err, user) => done(user));`,
    `import { UsersClient } from './generated/users_grpc_pb'; const users = new UsersClient(address, creds); users.getUser({ id }, (err, user) => done(user));`,
    `import { Client } from 'some-rpc'; const c = new Client(address); c.getUser({ id }, (err, user) => done(user));`,
    // mysql2: only in strict, and only without a per-query timeout
    `import mysql from 'mysql2/promise'; const pool = mysql.createPool(url); await pool.query('SELECT 1');`,
    { code: `import mysql from 'mysql2/promise'; const pool = mysql.createPool(url); await pool.query({ sql: 'SELECT 1', timeout: 2000 });`, options: strict },
    { code: `import mysql from 'mysql2'; const conn = mysql.createConnection(url); conn.execute({ sql: 'SELECT ?', values: [1], timeout: 2000 }, done);`, options: strict },
    // SQL whose form we cannot see (a parameter may be an options object), a query builder's `query`
    { code: `import mysql from 'mysql2/promise'; const pool = mysql.createPool(url); export const run = (q: string) => pool.query(q);`, options: strict },
    { code: `import knex from 'knex'; const db = knex(config); await db.query('SELECT 1');`, options: strict },
    { code: `const pool = makePool(); await pool.query('SELECT 1');`, options: strict },
    // node-redis: a socket timeout or a command timeout on the client
    { code: `import { createClient } from 'redis'; const redis = createClient({ url, socket: { socketTimeout: 5000 } });`, options: strict },
    { code: `import { createClient } from 'redis'; const redis = createClient({ url, commandOptions: { timeout: 1000 } });`, options: strict },
    { code: `import { createClient } from 'redis'; const socket = { connectTimeout: 1000, socketTimeout: 5000 }; const redis = createClient({ socket });`, options: strict },
    { code: `import { createClient } from 'redis'; const redis = createClient({ url, socket: socketOptions });`, options: strict },
    { code: `import { createClient } from 'redis'; const redis = createClient(options);`, options: strict },
    `import { createClient } from 'redis'; const redis = createClient();`,
  ],
  invalid: [
    {
      code: `import { request } from 'undici'; await request(url);`,
      output: `import { request } from 'undici'; await request(url, { signal: AbortSignal.timeout(10000) });`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 41, endColumn: 53 }],
    },
    {
      code: `import https from 'node:https'; https.get(url, (res) => res.resume());`,
      output: `import https from 'node:https'; https.get(url, { signal: AbortSignal.timeout(10000) }, (res) => res.resume());`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 33, endColumn: 70 }],
    },
    {
      code: `import http from 'node:http';
await new Promise((resolve, reject) => {
  const req = http.request({ host: 'api', path: '/x' }, resolve);
  req.on('error', reject);
  req.end();
});`,
      output: `import http from 'node:http';
await new Promise((resolve, reject) => {
  const req = http.request({ host: 'api', path: '/x', signal: AbortSignal.timeout(10000) }, resolve);
  req.on('error', reject);
  req.end();
});`,
      errors: [{ messageId: 'missingTimeout', line: 3, column: 15 }],
    },
    {
      // `timeout` alone only emits an event.
      code: `import http from 'node:http';\nconst req = http.request({ host, timeout: 5000 });\nreq.end();`,
      output: null,
      errors: [{ messageId: 'timeoutOnlyEmits', line: 2, column: 34, endColumn: 47 }],
    },
    {
      // `req.setTimeout` alone, or with a handler that does not end the request.
      code: `import http from 'node:http';\nconst req = http.request(url);\nreq.setTimeout(5000);\nreq.end();`,
      output: null,
      errors: [{ messageId: 'timeoutOnlyEmits', line: 3, column: 1, endColumn: 21 }],
    },
    {
      code: `import http from 'node:http';\nconst req = http.request(url, { timeout: 5000 });\nreq.on('timeout', () => console.warn('slow'));\nreq.end();`,
      output: null,
      errors: [{ messageId: 'timeoutOnlyEmits', line: 2 }],
    },
    {
      code: `import got from 'got'; await got(url);`,
      output: `import got from 'got'; await got(url, { timeout: { request: 10000 } });`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 30, endColumn: 38 }],
    },
    {
      code: `import got from 'got'; await got.post(url, { json: body });`,
      output: `import got from 'got'; await got.post(url, { json: body, timeout: { request: 10000 } });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import got from 'got'; const api = got.extend({ prefixUrl });`,
      output: `import got from 'got'; const api = got.extend({ prefixUrl, timeout: { request: 10000 } });`,
      errors: [{ messageId: 'instanceWithoutTimeout', line: 1, column: 36, endColumn: 61 }],
    },
    {
      code: `import ky from 'ky'; await ky.get(url, { timeout: false });`,
      output: null,
      errors: [{ messageId: 'timeoutDisabled', line: 1, column: 42, endColumn: 56 }],
    },
    {
      code: `import ky from 'ky'; const api = ky.create({ timeout: false });`,
      output: null,
      errors: [{ messageId: 'timeoutDisabled' }],
    },
    {
      code: `import request from 'superagent'; const res = await request.get(url).set('Accept', 'json');`,
      output: `import request from 'superagent'; const res = await request.get(url).timeout(10000).set('Accept', 'json');`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 53, endColumn: 69 }],
    },
    {
      code: `import request from 'superagent'; request.post(url).send(body).end(done);`,
      output: `import request from 'superagent'; request.post(url).timeout(10000).send(body).end(done);`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import needle from 'needle'; needle.get(url, (err, res) => done(res));`,
      output: `import needle from 'needle'; needle.get(url, { response_timeout: 10000 }, (err, res) => done(res));`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 30, endColumn: 70 }],
    },
    {
      code: `import needle from 'needle'; await needle.post(url, body, { json: true });`,
      output: `import needle from 'needle'; await needle.post(url, body, { json: true, response_timeout: 10000 });`,
      errors: [{ messageId: 'missingTimeout' }],
    },
    {
      code: `import fetch from 'node-fetch'; await fetch(url);`,
      output: `import fetch from 'node-fetch'; await fetch(url, { signal: AbortSignal.timeout(10000) });`,
      errors: [{ messageId: 'missingTimeout', line: 1, column: 39, endColumn: 49 }],
    },
    // ---- strict only ----
    {
      code: `import { Pool } from 'pg'; const pool = new Pool({ max: 20 });`,
      options: strict,
      output: null,
      errors: [
        {
          messageId: 'missingQueryTimeout',
          line: 1,
          column: 41,
          endColumn: 62,
          suggestions: [{ messageId: 'addTimeout', output: `import { Pool } from 'pg'; const pool = new Pool({ max: 20, statement_timeout: 10000 });` }],
        },
        {
          messageId: 'missingAcquireTimeout',
          line: 1,
          column: 41,
          endColumn: 62,
          suggestions: [{ messageId: 'addTimeout', output: `import { Pool } from 'pg'; const pool = new Pool({ max: 20, connectionTimeoutMillis: 10000 });` }],
        },
      ],
    },
    {
      code: `import pg from 'pg'; const client = new pg.Client();`,
      options: strict,
      output: null,
      errors: [{
        messageId: 'missingQueryTimeout',
        suggestions: [{ messageId: 'addTimeout', output: `import pg from 'pg'; const client = new pg.Client({ statement_timeout: 10000 });` }],
      }],
    },
    {
      code: `import Redis from 'ioredis'; const redis = new Redis(6379, 'cache');`,
      options: strict,
      output: null,
      errors: [{
        messageId: 'missingQueryTimeout',
        line: 1,
        column: 44,
        endColumn: 68,
        suggestions: [{ messageId: 'addTimeout', output: `import Redis from 'ioredis'; const redis = new Redis(6379, 'cache', { commandTimeout: 10000 });` }],
      }],
    },
    {
      code: `import OpenAI from 'openai'; const ai = new OpenAI();`,
      options: strict,
      output: null,
      errors: [{ messageId: 'longDefaultTimeout', line: 1, column: 41, endColumn: 53 }],
    },
    {
      code: `import { NodeHttpHandler } from '@smithy/node-http-handler'; const h = new NodeHttpHandler({ requestTimeout: 5000 });`,
      options: strict,
      output: null,
      errors: [{
        messageId: 'timeoutOnlyWarns',
        line: 1,
        column: 94,
        endColumn: 114,
        suggestions: [{ messageId: 'addTimeout', output: `import { NodeHttpHandler } from '@smithy/node-http-handler'; const h = new NodeHttpHandler({ requestTimeout: 5000, throwOnRequestTimeout: true });` }],
      }],
    },
    // ---- undici RetryAgent ----
    {
      // The wrapped agent has no timeouts: the global dispatcher does not cover fetch.
      code: `import { setGlobalDispatcher, Agent, RetryAgent } from 'undici';
setGlobalDispatcher(new RetryAgent(new Agent({ connections: 10 })));
await fetch(url);`,
      output: `import { setGlobalDispatcher, Agent, RetryAgent } from 'undici';
setGlobalDispatcher(new RetryAgent(new Agent({ connections: 10 })));
await fetch(url, { signal: AbortSignal.timeout(10000) });`,
      errors: [{ messageId: 'missingTimeout', line: 3, column: 7, endColumn: 17 }],
    },
    // ---- @grpc/grpc-js (recommended) ----
    {
      code: `import * as grpc from '@grpc/grpc-js';
const proto = grpc.loadPackageDefinition(definition) as any;
const users = new proto.users.v1.Users(address, grpc.credentials.createInsecure());
users.getUser({ id }, (err, user) => done(err, user));`,
      output: null,
      errors: [{
        messageId: 'missingDeadline',
        line: 4,
        column: 1,
        endColumn: 54,
        suggestions: [{ messageId: 'addTimeout', output: `import * as grpc from '@grpc/grpc-js';
const proto = grpc.loadPackageDefinition(definition) as any;
const users = new proto.users.v1.Users(address, grpc.credentials.createInsecure());
users.getUser({ id }, { deadline: Date.now() + 10000 }, (err, user) => done(err, user));` }],
      }],
    },
    {
      // CommonJS, a constructor picked from the package, metadata before the callback
      code: `const grpc = require('@grpc/grpc-js');
const { users } = grpc.loadPackageDefinition(definition);
const Users = grpc.loadPackageDefinition(definition).users.Users;
const client = new Users(address, grpc.credentials.createInsecure());
client.getUser({ id }, new grpc.Metadata(), function (err, user) { done(user); });`,
      output: null,
      errors: [{
        messageId: 'missingDeadline',
        line: 5,
        column: 1,
        suggestions: [{ messageId: 'addTimeout', output: `const grpc = require('@grpc/grpc-js');
const { users } = grpc.loadPackageDefinition(definition);
const Users = grpc.loadPackageDefinition(definition).users.Users;
const client = new Users(address, grpc.credentials.createInsecure());
client.getUser({ id }, new grpc.Metadata(), { deadline: Date.now() + 10000 }, function (err, user) { done(user); });` }],
      }],
    },
    {
      // makeGenericClientConstructor, call options without a deadline, inside a Promise executor
      code: `import { makeGenericClientConstructor, credentials } from '@grpc/grpc-js';
const Orders = makeGenericClientConstructor(service, 'Orders');
const orders = new Orders(address, credentials.createInsecure());
export const place = (o: Order) => new Promise((resolve, reject) => orders.place(o, { host }, (e, r) => (e ? reject(e) : resolve(r))));`,
      output: null,
      errors: [{
        messageId: 'missingDeadline',
        line: 4,
        column: 69,
        endColumn: 134,
        suggestions: [{ messageId: 'addTimeout', output: `import { makeGenericClientConstructor, credentials } from '@grpc/grpc-js';
const Orders = makeGenericClientConstructor(service, 'Orders');
const orders = new Orders(address, credentials.createInsecure());
export const place = (o: Order) => new Promise((resolve, reject) => orders.place(o, { host, deadline: Date.now() + 10000 }, (e, r) => (e ? reject(e) : resolve(r))));` }],
      }],
    },
    {
      // The generic Client's unary call; options from a constant: reported without a suggestion
      code: `import { Client, credentials } from '@grpc/grpc-js';
const client = new Client(address, credentials.createInsecure());
const opts = { host: 'users' };
client.makeUnaryRequest('/users.Users/GetUser', serialize, deserialize, req, new Metadata(), opts, (err, res) => done(res));`,
      output: null,
      errors: [{ messageId: 'missingDeadline', line: 4, column: 1, suggestions: [] }],
    },
    // ---- mysql2 (strict) ----
    {
      code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10 });
const [rows] = await pool.query('SELECT * FROM orders WHERE id = ?', [id]);`,
      options: strict,
      output: null,
      errors: [{
        messageId: 'queryWithoutTimeout',
        line: 3,
        column: 22,
        endColumn: 75,
        suggestions: [{ messageId: 'addTimeout', output: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10 });
const [rows] = await pool.query({ sql: 'SELECT * FROM orders WHERE id = ?', timeout: 10000 }, [id]);` }],
      }],
    },
    {
      code: `import * as mysql from 'mysql2/promise';
export async function load(id: string) {
  const conn = await mysql.createConnection(url);
  return conn.execute({ sql: \`SELECT * FROM users WHERE id = \${id}\`, rowsAsArray: true });
}`,
      options: strict,
      output: null,
      errors: [{
        messageId: 'queryWithoutTimeout',
        line: 4,
        column: 10,
        suggestions: [{ messageId: 'addTimeout', output: `import * as mysql from 'mysql2/promise';
export async function load(id: string) {
  const conn = await mysql.createConnection(url);
  return conn.execute({ sql: \`SELECT * FROM users WHERE id = \${id}\`, rowsAsArray: true, timeout: 10000 });
}` }],
      }],
    },
    {
      // callback API and `pool.promise()`
      code: `const mysql = require('mysql2');
const pool = mysql.createPool(config);
const db = pool.promise();
pool.query('SELECT 1', (err, rows) => done(rows));
await db.query('SELECT ' + column + ' FROM t');`,
      options: strict,
      output: null,
      errors: [
        {
          messageId: 'queryWithoutTimeout',
          line: 4,
          column: 1,
          suggestions: [{ messageId: 'addTimeout', output: `const mysql = require('mysql2');
const pool = mysql.createPool(config);
const db = pool.promise();
pool.query({ sql: 'SELECT 1', timeout: 10000 }, (err, rows) => done(rows));
await db.query('SELECT ' + column + ' FROM t');` }],
        },
        {
          messageId: 'queryWithoutTimeout',
          line: 5,
          column: 7,
          suggestions: [{ messageId: 'addTimeout', output: `const mysql = require('mysql2');
const pool = mysql.createPool(config);
const db = pool.promise();
pool.query('SELECT 1', (err, rows) => done(rows));
await db.query({ sql: 'SELECT ' + column + ' FROM t', timeout: 10000 });` }],
        },
      ],
    },
    // ---- node-redis (strict) ----
    {
      code: `import { createClient } from 'redis'; const redis = createClient({ url: process.env.REDIS_URL });`,
      options: strict,
      output: null,
      errors: [{
        messageId: 'missingQueryTimeout',
        line: 1,
        column: 53,
        endColumn: 97,
        suggestions: [{ messageId: 'addTimeout', output: `import { createClient } from 'redis'; const redis = createClient({ url: process.env.REDIS_URL, socket: { socketTimeout: 10000 } });` }],
      }],
    },
    {
      code: `import redis from 'redis'; const client = redis.createClient();`,
      options: strict,
      output: null,
      errors: [{
        messageId: 'missingQueryTimeout',
        suggestions: [{ messageId: 'addTimeout', output: `import redis from 'redis'; const client = redis.createClient({ socket: { socketTimeout: 10000 } });` }],
      }],
    },
    {
      // A socket without socketTimeout: reported, but a second \`socket\` key would replace the first: no suggestion.
      code: `import { createClient } from '@redis/client'; const redis = createClient({ socket: { host, connectTimeout: 2000 } });`,
      options: strict,
      output: null,
      errors: [{ messageId: 'missingQueryTimeout', suggestions: [] }],
    },
  ],
});

describe('require-timeout presets', () => {
  it('turns the database and strict-client checks on in strict and all, not in recommended', () => {
    expect(presetOptions(rule, 'recommended')).toBeUndefined();
    expect(presetOptions(rule, 'strict')).toEqual({ checkDatabases: true, checkStrictClients: true });
    expect(plugin.configs.recommended.rules?.['scalelint/require-timeout']).toBe('error');
    expect(plugin.configs.strict.rules?.['scalelint/require-timeout'])
      .toEqual(['error', { timeoutMs: 10000, checkDatabases: true, checkStrictClients: true }]);
    expect(plugin.configs.all.rules?.['scalelint/require-timeout'])
      .toEqual(['error', { timeoutMs: 10000, checkDatabases: true, checkStrictClients: true }]);
  });
});

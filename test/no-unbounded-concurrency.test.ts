import rule from '../rules/no-unbounded-concurrency.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

const app = `import express from 'express';
const app = express();
`;

ruleTester().run('no-unbounded-concurrency', eslintRule(rule), {
  valid: [
    // Bounded with p-limit.
    `${app}import pLimit from 'p-limit';
const limit = pLimit(5);
app.post('/n', async (req, res) => {
  await Promise.all(req.body.urls.map((u: string) => limit(() => fetch(u))));
  res.end();
});`,
    // p-map with a concurrency.
    `${app}import pMap from 'p-map';
app.post('/n', async (req, res) => {
  await pMap(req.body.urls, (u: string) => fetch(u), { concurrency: 4 });
  res.end();
});`,
    // Chunked: a slice per batch.
    `${app}app.post('/n', async (req, res) => {
  const urls: string[] = req.body.urls;
  for (let i = 0; i < urls.length; i += 10) {
    const batch = urls.slice(i, i + 10);
    await Promise.all(batch.map((u) => fetch(u)));
  }
  res.end();
});`,
    // A literal tuple.
    `${app}app.get('/h', async (req, res) => {
  res.json(await Promise.all(['https://a.example', 'https://b.example'].map((u) => fetch(u))));
});`,
    // No I/O in the callback.
    `${app}app.post('/n', async (req, res) => {
  res.json(await Promise.all(req.body.items.map(async (i: number) => i * 2)));
});`,
    // A list of unknown length (a parameter): only with checkUnknownSizes.
    `${app}async function notifyAll(urls: string[]) { await Promise.all(urls.map((u) => fetch(u))); }
app.post('/n', async (req, res) => { await notifyAll(req.body.urls); res.end(); });`,
    // A query per item is no-query-in-loop's finding (N+1 first), not this rule's.
    `${app}import { Pool } from 'pg';
const pool = new Pool();
app.post('/o', async (req, res) => {
  res.json(await Promise.all(req.body.ids.map((id: string) => pool.query('SELECT $1', [id]))));
});`,
    // Not on the request path: a worker.
    `import { readFile } from 'node:fs/promises';
export async function loadAll(files: string[]) { return Promise.all(files.map((f) => readFile(f))); }`,
    // async's mapLimit is bounded.
    `${app}import async from 'async';
app.post('/n', (req, res) => { async.mapLimit(req.body.urls, 5, (u: string) => fetch(u), () => res.end()); });`,
  ],
  invalid: [
    {
      // The callback through a constant alias of a named function.
      code: `${app}const notify = async (url: string) => { await fetch(url, { method: 'POST' }); };
const handler = notify;
app.post('/n', async (req, res) => {
  await Promise.all(req.body.webhooks.map(handler));
  res.end();
});`,
      errors: [{ messageId: 'unboundedFanOut', line: 6, column: 9, endColumn: 20, data: { combinator: 'Promise.all', io: 'HTTP', source: 'the request input' } }],
    },
    {
      code: `${app}app.post('/n', async (req, res) => {
  await Promise.all(req.body.webhooks.map(async (url: string) => {
    await fetch(url, { method: 'POST' });
  }));
  res.end();
});`,
      errors: [{ messageId: 'unboundedFanOut', line: 4, column: 9, endColumn: 20, data: { combinator: 'Promise.all', io: 'HTTP', source: 'the request input' } }],
    },
    {
      // Destructured request input, axios, allSettled.
      code: `${app}import axios from 'axios';
app.post('/n', async (req, res) => {
  const { ids } = req.body;
  const results = await Promise.allSettled(ids.map((id: string) => axios.get('https://users.example/' + id, { timeout: 1000 })));
  res.json(results);
});`,
      errors: [{ messageId: 'unboundedFanOut', line: 6, column: 25, endColumn: 43, data: { combinator: 'Promise.allSettled', io: 'HTTP', source: 'the request input' } }],
    },
    {
      // Files over a query result.
      code: `${app}import { readFile } from 'node:fs/promises';
import { Pool } from 'pg';
const pool = new Pool();
app.get('/docs', async (req, res) => {
  const { rows } = await pool.query('SELECT path FROM docs');
  res.json(await Promise.all(rows.map((r: { path: string }) => readFile(r.path, 'utf8'))));
});`,
      errors: [{ messageId: 'unboundedFanOut', line: 8, column: 18, endColumn: 29, data: { combinator: 'Promise.all', io: 'file', source: 'a query result' } }],
    },
    {
      // p-map without a concurrency (its default is Infinity).
      code: `${app}import pMap from 'p-map';
app.post('/n', async (req, res) => {
  await pMap(req.body.urls, (u: string) => fetch(u));
  res.end();
});`,
      errors: [{ messageId: 'unboundedMapper', line: 5, column: 9, endColumn: 13, data: { mapper: 'p-map', io: 'HTTP', source: 'the request input' } }],
    },
    {
      // Unknown sizes in strict.
      code: `${app}async function notifyAll(urls: string[]) { await Promise.all(urls.map((u) => fetch(u))); }
app.post('/n', async (req, res) => { await notifyAll(req.body.urls); res.end(); });`,
      options: [{ checkUnknownSizes: true }],
      errors: [{ messageId: 'unboundedFanOut', line: 3, column: 50, endColumn: 61, data: { combinator: 'Promise.all', io: 'HTTP', source: 'a list of unknown length' } }],
    },
  ],
});

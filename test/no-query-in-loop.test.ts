import rule from '../rules/no-query-in-loop.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

const pg = `import express from 'express';
import { Pool } from 'pg';
const app = express();
const pool = new Pool();
`;

ruleTester().run('no-query-in-loop', eslintRule(rule), {
  valid: [
    // Batched: one query over every id.
    `${pg}app.post('/o', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM orders WHERE id = ANY($1)', [req.body.ids]);
  res.json(rows);
});`,
    // A Map lookup per item is not a query.
    `${pg}const cache = new Map<string, string>();
app.post('/o', async (req, res) => {
  const out = [];
  for (const id of req.body.ids) out.push(await cache.get(id));
  res.json(out);
});`,
    // A constant small list.
    `${pg}app.get('/s', async (req, res) => {
  for (const region of ['eu', 'us']) await pool.query('SELECT 1 WHERE $1 = $1', [region]);
  res.end();
});`,
    // A literal bound.
    `${pg}app.get('/s', async (req, res) => {
  for (let i = 0; i < 3; i++) await pool.query('SELECT 1');
  res.end();
});`,
    // A retry loop that returns the first success.
    `${pg}app.get('/r', async (req, res) => {
  for (let attempt = 0; attempt < req.query.n; attempt++) {
    try { return res.json(await pool.query('SELECT 1')); } catch {}
  }
});`,
    // for await over a cursor.
    `${pg}app.get('/c', async (req, res) => {
  for await (const row of stream) await pool.query('SELECT 1 WHERE $1', [row]);
  res.end();
});`,
    // A batched ORM call per chunk.
    `import express from 'express';
import { PrismaClient } from '@prisma/client';
const app = express();
const prisma = new PrismaClient();
app.post('/import', async (req, res) => {
  for (const chunk of req.body.chunks) await prisma.order.createMany({ data: chunk });
  res.end();
});`,
    // while loops (pagination) only in strict.
    `${pg}app.get('/all', async (req, res) => {
  let page = 0; let more = true;
  while (more) { const r = await pool.query('SELECT * FROM t LIMIT 100 OFFSET $1', [page++ * 100]); more = r.rows.length > 0; }
  res.end();
});`,
    // Not on the request path: a start-up function.
    `${pg}async function warm(ids: string[]) { for (const id of ids) await pool.query('SELECT $1', [id]); }
await warm(['a']);
app.listen(3000);`,
    // Redis commands per key are not what this rule reports.
    `import express from 'express';
import { createClient } from 'redis';
const app = express();
const redis = createClient();
app.post('/k', async (req, res) => {
  for (const k of req.body.keys) await redis.get(k);
  res.end();
});`,
    // A client imported from a file the rule cannot see is not assumed to be a database.
    `import express from 'express';
import { db } from './db';
const app = express();
app.post('/o', async (req, res) => {
  for (const id of req.body.ids) await db.query('SELECT $1', [id]);
  res.end();
});`,
  ],
  invalid: [
    {
      code: `${pg}app.post('/o', async (req, res) => {
  const out = [];
  for (const id of req.body.ids) {
    const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [id]);
    out.push(rows[0]);
  }
  res.json(out);
});`,
      errors: [{ messageId: 'queryInLoop', line: 8, column: 28, endColumn: 82 }],
    },
    {
      // Prisma through Promise.all(map): N+1 and unbounded, said once.
      code: `import express from 'express';
import { PrismaClient } from '@prisma/client';
const app = express();
const prisma = new PrismaClient();
app.post('/o', async (req, res) => {
  res.json(await Promise.all(req.body.ids.map((id: string) => prisma.order.findUnique({ where: { id } }))));
});`,
      errors: [{ messageId: 'queryPerItemConcurrent', line: 6, column: 63, endColumn: 105 }],
    },
    {
      // forEach with an async callback; a mongoose model.
      code: `import express from 'express';
import mongoose from 'mongoose';
const app = express();
const User = mongoose.model('User', new mongoose.Schema({}));
app.post('/u', async (req, res) => {
  req.body.ids.forEach(async (id: string) => { await User.findById(id); });
  res.end();
});`,
      errors: [{ messageId: 'queryInLoop', line: 6, column: 54, endColumn: 71 }],
    },
    {
      // knex: calling the instance starts a query.
      code: `import express from 'express';
import knex from 'knex';
const app = express();
const db = knex({ client: 'pg' });
app.post('/k', async (req, res) => {
  for (const id of req.body.ids) await db('orders').where({ id }).first();
  res.end();
});`,
      errors: [{ messageId: 'queryInLoop', line: 6, column: 40, endColumn: 74 }],
    },
    {
      // A Nest service with an injected TypeORM repository, called from a controller.
      code: `import { Controller, Post, Body } from '@nestjs/common';
import { Repository } from 'typeorm';
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: Repository<Order>) {}
  @Post('bulk')
  async bulk(@Body() body: { ids: string[] }) {
    const out = [];
    for (const id of body.ids) out.push(await this.orders.findOneBy({ id }));
    return out;
  }
}`,
      errors: [{ messageId: 'queryInLoop', line: 9, column: 47, endColumn: 76 }],
    },
    {
      // while loops in strict.
      code: `${pg}app.get('/all', async (req, res) => {
  let page = 0; let more = true;
  while (more) { const r = await pool.query('SELECT * FROM t LIMIT 100 OFFSET $1', [page++ * 100]); more = r.rows.length > 0; }
  res.end();
});`,
      options: [{ checkWhileLoops: true }],
      errors: [{ messageId: 'queryInLoop', line: 7, column: 34, endColumn: 99 }],
    },
  ],
});

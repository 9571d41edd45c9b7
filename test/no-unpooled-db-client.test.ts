import rule from '../rules/no-unpooled-db-client.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

ruleTester().run('no-unpooled-db-client', eslintRule(rule), {
  valid: [
    // Testing the credentials a user typed (a set-up wizard): the target comes from the request,
    // no shared pool could serve it.
    `import express from 'express';
import mysql from 'mysql2/promise';
const app = express();
app.post('/setup/test-connection', async (req, res) => {
  const { hostname, port, username, password } = req.body;
  const connection = await mysql.createConnection({ host: hostname, port, user: username, password });
  await connection.execute('SELECT 1');
  await connection.end();
  res.json({ ok: true });
});`,
    `import express from 'express';
import { Client } from 'pg';
const app = express();
app.post('/tenants/check', async (req, res) => {
  const client = new Client({ connectionString: req.body.url });
  await client.connect();
  await client.end();
  res.sendStatus(204);
});`,
    // A pool created once, queried from handlers.
    `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/orders/:id', async (req, res) => {
  res.json((await pool.query('SELECT * FROM orders WHERE id = $1', [req.params.id])).rows[0]);
});`,
    // A checked-out client, released: the way to run a transaction on a pool.
    `import express from 'express';
import pg from 'pg';
const pool = new pg.Pool();
const app = express();
app.post('/transfers', async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [req.body.amount, req.body.from]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  res.sendStatus(204);
});`,
    // A Client in a one-off script (no server in reach).
    `import { Client } from 'pg';
const client = new Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
await client.query('ALTER TABLE orders ADD COLUMN note text');
await client.end();`,
    // …and in a migrations folder.
    {
      code: `import { Client } from 'pg';
const client = new Client();
export async function up() {
  await client.query('CREATE TABLE orders (id serial primary key)');
}`,
      filename: 'test/fixtures/rule-tester/migrations/001-orders.ts',
    },
    // A dedicated LISTEN/NOTIFY connection in a server: the right use of a Client.
    `import express from 'express';
import { Client } from 'pg';
const listener = new Client();
await listener.connect();
await listener.query('LISTEN order_events');
listener.on('notification', (msg) => console.log(msg.payload));
const app = express();
app.listen(3000);`,
    // Clients that pool or multiplex internally, created once.
    `import express from 'express';
import postgres from 'postgres';
import { MongoClient } from 'mongodb';
import { createClient } from 'redis';
import Redis from 'ioredis';
const sql = postgres(process.env.DATABASE_URL!);
const mongo = new MongoClient(process.env.MONGO_URL!);
const redis = createClient();
const cache = new Redis();
const app = express();
app.get('/x/:id', async (req, res) => {
  const [row] = await sql\`select * from x where id = \${req.params.id}\`;
  await redis.set(req.params.id, JSON.stringify(row));
  await cache.set('last', req.params.id);
  res.json(await mongo.db().collection('x').findOne({ id: req.params.id }));
});`,
    // Neon on the edge: the pool must be created, used and closed inside the request.
    {
      code: `import { Pool } from '@neondatabase/serverless';
export const runtime = 'edge';
export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const { rows } = await pool.query('SELECT now()');
  await pool.end();
  return Response.json(rows[0]);
}`,
      filename: 'test/fixtures/rule-tester/app/api/now/route.ts',
    },
    // Lazy singletons, filled on first use.
    `import express from 'express';
import { Pool } from 'pg';
import { PrismaClient } from '@prisma/client';
let pool: Pool | undefined;
function getPool() {
  if (!pool) pool = new Pool();
  return pool;
}
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
function getPrisma() {
  return (globalForPrisma.prisma ??= new PrismaClient());
}
const app = express();
app.get('/n', async (req, res) => {
  res.json({ a: await getPool().query('SELECT 1'), b: await getPrisma().user.count() });
});`,
    // The globalThis idiom at module level.
    `import { PrismaClient } from '@prisma/client';
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? new PrismaClient();
export async function GET() {
  return Response.json(await prisma.order.findMany());
}`,
    // drizzle over a shared pool, per request: a cheap wrapper.
    `import express from 'express';
import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
const pool = new Pool();
const app = express();
app.get('/o', async (req, res) => {
  const db = drizzle(pool);
  res.json(await db.execute('select 1'));
});`,
    // oracledb: without connection attributes, or with a pool alias, getConnection takes from a pool.
    `import express from 'express';
import oracledb from 'oracledb';
const app = express();
app.get('/e', async (req, res) => {
  const a = await oracledb.getConnection();
  const b = await oracledb.getConnection({ poolAlias: 'hr' });
  try {
    res.json((await a.execute('SELECT 1 FROM dual')).rows);
  } finally {
    await a.close();
    await b.close();
  }
});`,
    // A pool created in a start-up function.
    `import express from 'express';
import { Pool } from 'pg';
async function main() {
  const pool = new Pool();
  await pool.query('SELECT 1');
  const app = express();
  app.get('/', (req, res) => res.send('ok'));
  app.listen(3000);
}
void main();`,
  ],
  invalid: [
    // The classic: one pg Client for every request; the suggestion swaps it for a Pool.
    {
      code: `import express from 'express';
import { Client } from 'pg';
const db = new Client({ connectionString: process.env.DATABASE_URL });
await db.connect();
db.on('error', (err) => console.error(err));
const app = express();
app.get('/orders/:id', async (req, res) => {
  res.json((await db.query('SELECT * FROM orders WHERE id = $1', [req.params.id])).rows[0]);
});`,
      errors: [{
        messageId: 'singleConnection', data: { label: 'pg Client', pool: 'a pg Pool' }, line: 3, column: 12, endColumn: 70,
        suggestions: [{
          messageId: 'usePool',
          output: `import express from 'express';
import { Pool } from 'pg';
const db = new Pool({ connectionString: process.env.DATABASE_URL });
db.on('error', (err) => console.error(err));
const app = express();
app.get('/orders/:id', async (req, res) => {
  res.json((await db.query('SELECT * FROM orders WHERE id = $1', [req.params.id])).rows[0]);
});`,
        }],
      }],
    },
    // Through the default import; `Client` also named as a type elsewhere stays imported.
    {
      code: `import express from 'express';
import pg from 'pg';
const db = new pg.Client();
const app = express();
app.get('/n', async (req, res) => {
  res.json(await db.query('SELECT count(*) FROM orders'));
});`,
      errors: [{
        messageId: 'singleConnection', line: 3, column: 12, endColumn: 27,
        suggestions: [{
          messageId: 'usePool',
          output: `import express from 'express';
import pg from 'pg';
const db = new pg.Pool();
const app = express();
app.get('/n', async (req, res) => {
  res.json(await db.query('SELECT count(*) FROM orders'));
});`,
        }],
      }],
    },
    {
      code: `import express from 'express';
import { Client } from 'pg';
export const db: Client = new Client();
const app = express();
app.get('/n', async (req, res) => {
  res.json(await db.query('SELECT 1'));
});`,
      errors: [{
        messageId: 'singleConnection', line: 3, column: 27, endColumn: 39,
        suggestions: [{
          messageId: 'usePool',
          output: `import express from 'express';
import { Client, Pool } from 'pg';
export const db: Client = new Pool();
const app = express();
app.get('/n', async (req, res) => {
  res.json(await db.query('SELECT 1'));
});`,
        }],
      }],
    },
    // A transaction on the shared client: no Pool suggestion (BEGIN…COMMIT needs one connection).
    {
      code: `import express from 'express';
import { Client } from 'pg';
const db = new Client();
const app = express();
app.post('/transfers', async (req, res) => {
  await db.query('BEGIN');
  await db.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [req.body.amount, req.body.from]);
  await db.query('COMMIT');
  res.sendStatus(204);
});`,
      errors: [{ messageId: 'singleConnection', line: 3, column: 12, endColumn: 24, suggestions: [] }],
    },
    // mysql2: createConnection in a server; the suggestion uses createPool.
    {
      code: `import express from 'express';
import mysql from 'mysql2/promise';
const conn = await mysql.createConnection(process.env.DATABASE_URL!);
const app = express();
app.get('/u/:id', async (req, res) => {
  const [rows] = await conn.execute('SELECT * FROM users WHERE id = ?', [req.params.id]);
  res.json(rows);
});`,
      errors: [{
        messageId: 'singleConnection', data: { label: 'mysql connection', pool: 'a mysql pool' }, line: 3, column: 20, endColumn: 69,
        suggestions: [{
          messageId: 'usePool',
          output: `import express from 'express';
import mysql from 'mysql2/promise';
const conn = await mysql.createPool(process.env.DATABASE_URL!);
const app = express();
app.get('/u/:id', async (req, res) => {
  const [rows] = await conn.execute('SELECT * FROM users WHERE id = ?', [req.params.id]);
  res.json(rows);
});`,
        }],
      }],
    },
    // tedious: one Connection in a server.
    {
      code: `import express from 'express';
import { Connection, Request } from 'tedious';
const connection = new Connection({ server: 'db', authentication: { type: 'default', options: { userName: 'u', password: 'p' } } });
connection.connect();
const app = express();
app.listen(3000);`,
      errors: [{ messageId: 'singleConnection', data: { label: 'tedious Connection', pool: 'a connection pool' }, line: 3, column: 20 }],
    },
    // A pool created per request; the suggestion hoists it.
    {
      code: `import express from 'express';
import { Pool } from 'pg';
const app = express();
app.get('/orders', async (req, res) => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  res.json((await pool.query('SELECT * FROM orders')).rows);
});`,
      errors: [{
        messageId: 'createdPerRequest', data: { label: 'pg Pool', pool: 'a pg Pool' }, line: 5, column: 16, endColumn: 72,
        suggestions: [{
          messageId: 'hoistClient',
          output: `import express from 'express';
import { Pool } from 'pg';
const app = express();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

app.get('/orders', async (req, res) => {
  res.json((await pool.query('SELECT * FROM orders')).rows);
});`,
        }],
      }],
    },
    // PrismaClient per request, in a Next.js route handler.
    {
      code: `import { PrismaClient } from '@prisma/client';
export async function GET() {
  const prisma = new PrismaClient();
  return Response.json(await prisma.order.findMany());
}`,
      filename: 'test/fixtures/rule-tester/app/api/orders/route.ts',
      errors: [{
        messageId: 'createdPerRequest', data: { label: 'PrismaClient', pool: 'a PrismaClient' }, line: 3, column: 18, endColumn: 36,
        suggestions: [{
          messageId: 'hoistClient',
          output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();

export async function GET() {
  return Response.json(await prisma.order.findMany());
}`,
        }],
      }],
    },
    // MongoClient per request, closed each time: not hoisted (closing it would close the shared one).
    {
      code: `import express from 'express';
import { MongoClient } from 'mongodb';
const app = express();
app.get('/m', async (req, res) => {
  const client = new MongoClient(process.env.MONGO_URL!);
  await client.connect();
  res.json(await client.db().collection('m').find().toArray());
  await client.close();
});`,
      errors: [{ messageId: 'createdPerRequest', data: { label: 'MongoClient', pool: 'a MongoClient' }, line: 5, column: 18, suggestions: [] }],
    },
    // mongoose.connect, Sequelize, knex, a TypeORM DataSource and a redis client per request,
    // some in a helper the handler calls.
    {
      code: `import express from 'express';
import mongoose from 'mongoose';
import { Sequelize } from 'sequelize';
import knex from 'knex';
import { DataSource } from 'typeorm';
import { createClient } from 'redis';
async function connectAll(url: string) {
  await mongoose.connect(url);
  return new Sequelize(url);
}
const app = express();
app.get('/all', async (req, res) => {
  const sequelize = await connectAll(process.env.URL!);
  const db = knex({ client: 'pg', connection: process.env.URL });
  const ds = new DataSource({ type: 'postgres', url: process.env.URL });
  const redis = createClient({ url: req.query.redis as string });
  res.json({ sequelize: !!sequelize, db: !!db, ds: !!ds, redis: !!redis });
});`,
      errors: [
        { messageId: 'createdPerRequest', data: { label: 'mongoose.connect', pool: 'a mongoose.connect' }, line: 8, column: 9 },
        { messageId: 'createdPerRequest', data: { label: 'Sequelize', pool: 'a Sequelize' }, line: 9, column: 10 },
        {
          messageId: 'createdPerRequest', data: { label: 'knex', pool: 'a knex' }, line: 14, column: 14,
          suggestions: [{
            messageId: 'hoistClient',
            output: `import express from 'express';
import mongoose from 'mongoose';
import { Sequelize } from 'sequelize';
import knex from 'knex';
import { DataSource } from 'typeorm';
import { createClient } from 'redis';
async function connectAll(url: string) {
  await mongoose.connect(url);
  return new Sequelize(url);
}
const app = express();
const db = knex({ client: 'pg', connection: process.env.URL });

app.get('/all', async (req, res) => {
  const sequelize = await connectAll(process.env.URL!);
  const ds = new DataSource({ type: 'postgres', url: process.env.URL });
  const redis = createClient({ url: req.query.redis as string });
  res.json({ sequelize: !!sequelize, db: !!db, ds: !!ds, redis: !!redis });
});`,
          }],
        },
        {
          messageId: 'createdPerRequest', data: { label: 'TypeORM DataSource', pool: 'a TypeORM DataSource' }, line: 15, column: 14,
          suggestions: [{
            messageId: 'hoistClient',
            output: `import express from 'express';
import mongoose from 'mongoose';
import { Sequelize } from 'sequelize';
import knex from 'knex';
import { DataSource } from 'typeorm';
import { createClient } from 'redis';
async function connectAll(url: string) {
  await mongoose.connect(url);
  return new Sequelize(url);
}
const app = express();
const ds = new DataSource({ type: 'postgres', url: process.env.URL });

app.get('/all', async (req, res) => {
  const sequelize = await connectAll(process.env.URL!);
  const db = knex({ client: 'pg', connection: process.env.URL });
  const redis = createClient({ url: req.query.redis as string });
  res.json({ sequelize: !!sequelize, db: !!db, ds: !!ds, redis: !!redis });
});`,
          }],
        },
        // The redis client on line 16 connects to a URL the request names: no shared client could serve it.
      ],
    },
    // Settings from a helper's parameter are not request input: still one connection per request.
    {
      code: `import express from 'express';
import { Client } from 'pg';
function connect(url: string) {
  return new Client({ connectionString: url });
}
const app = express();
app.get('/c', async (req, res) => {
  const client = connect(process.env.DATABASE_URL!);
  await client.connect();
  res.json((await client.query('SELECT 1')).rows);
});`,
      errors: [{ messageId: 'connectionPerRequest', line: 4, column: 10 }],
    },
    // A pg Client opened and closed around each request's query.
    {
      code: `import express from 'express';
import { Client } from 'pg';
const app = express();
app.get('/c', async (req, res) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('SELECT 1');
  await client.end();
  res.json(rows);
});`,
      errors: [{ messageId: 'connectionPerRequest', data: { label: 'pg Client', pool: 'a pg Pool' }, line: 5, column: 18, endColumn: 30, suggestions: [] }],
    },
    // oracledb standalone connections per request.
    {
      code: `import express from 'express';
import oracledb from 'oracledb';
const app = express();
app.get('/e', async (req, res) => {
  const conn = await oracledb.getConnection({ user: 'hr', password: process.env.PW, connectString: 'db/XE' });
  try {
    res.json((await conn.execute('SELECT 1 FROM dual')).rows);
  } finally {
    await conn.close();
  }
});`,
      errors: [{ messageId: 'connectionPerRequest', data: { label: 'oracledb standalone connection', pool: 'a oracledb pool' }, line: 5, column: 22 }],
    },
    // Closing the shared pool, or disconnecting the shared Prisma client, per request.
    {
      code: `import express from 'express';
import { Pool } from 'pg';
import { PrismaClient } from '@prisma/client';
const pool = new Pool();
const prisma = new PrismaClient();
const app = express();
app.get('/x', async (req, res) => {
  const { rows } = await pool.query('SELECT 1');
  await pool.end();
  await prisma.$disconnect();
  res.json(rows);
});`,
      errors: [
        { messageId: 'closedPerRequest', data: { name: 'pool', method: 'end', label: 'pg Pool', pool: 'a pg Pool' }, line: 9, column: 9, endColumn: 19 },
        { messageId: 'closedPerRequest', data: { name: 'prisma', method: '$disconnect', label: 'PrismaClient', pool: 'a PrismaClient' }, line: 10, column: 9, endColumn: 29 },
      ],
    },
    // Neon outside the edge runtime is an ordinary pool: not per request.
    {
      code: `import { Pool } from '@neondatabase/serverless';
export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const { rows } = await pool.query('SELECT now()');
  return Response.json(rows[0]);
}`,
      filename: 'test/fixtures/rule-tester/app/api/now/route.ts',
      errors: [{ messageId: 'createdPerRequest', data: { label: 'Neon Pool', pool: 'a Neon Pool' }, line: 3, column: 16, suggestions: [{
        messageId: 'hoistClient',
        output: `import { Pool } from '@neondatabase/serverless';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export async function GET() {
  const { rows } = await pool.query('SELECT now()');
  return Response.json(rows[0]);
}`,
      }] }],
    },
    // postgres.js and drizzle with a connection string, per request.
    {
      code: `import express from 'express';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
const app = express();
app.get('/p', async (req, res) => {
  const sql = postgres(process.env.DATABASE_URL!);
  const db = drizzle(process.env.DATABASE_URL!);
  res.json({ a: await sql\`select 1\`, b: await db.execute('select 1') });
});`,
      errors: [
        {
          messageId: 'createdPerRequest', data: { label: 'postgres()', pool: 'a postgres()' }, line: 6, column: 15,
          suggestions: [{
            messageId: 'hoistClient',
            output: `import express from 'express';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
const app = express();
const sql = postgres(process.env.DATABASE_URL!);

app.get('/p', async (req, res) => {
  const db = drizzle(process.env.DATABASE_URL!);
  res.json({ a: await sql\`select 1\`, b: await db.execute('select 1') });
});`,
          }],
        },
        {
          messageId: 'createdPerRequest', data: { label: 'drizzle', pool: 'a drizzle' }, line: 7, column: 14,
          suggestions: [{
            messageId: 'hoistClient',
            output: `import express from 'express';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
const app = express();
const db = drizzle(process.env.DATABASE_URL!);

app.get('/p', async (req, res) => {
  const sql = postgres(process.env.DATABASE_URL!);
  res.json({ a: await sql\`select 1\`, b: await db.execute('select 1') });
});`,
          }],
        },
      ],
    },
    // A module-level Client in a server file, even when only a background job uses it.
    {
      code: `import express from 'express';
import { Client } from 'pg';
const jobs = new Client();
setInterval(() => void jobs.query('DELETE FROM sessions WHERE expires < now()'), 60_000);
const app = express();
app.listen(3000);`,
      errors: [{
        messageId: 'singleConnection', line: 3, column: 14,
        suggestions: [{
          messageId: 'usePool',
          output: `import express from 'express';
import { Pool } from 'pg';
const jobs = new Pool();
setInterval(() => void jobs.query('DELETE FROM sessions WHERE expires < now()'), 60_000);
const app = express();
app.listen(3000);`,
        }],
      }],
    },
  ],
});

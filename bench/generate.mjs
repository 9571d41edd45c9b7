// A deterministic synthetic backend of N files: routes, services, db modules, HTTP clients and
// retry helpers, with a known mix of anti-patterns and clean code. Usage:
//   node bench/generate.mjs OUT_DIR [N=2000] [SEED=1]
import * as fs from 'node:fs';
import * as path from 'node:path';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENTITIES = ['order', 'user', 'invoice', 'payment', 'product', 'cart', 'shipment', 'review', 'coupon', 'refund'];

function route(i, r, domain) {
  const e = ENTITIES[i % ENTITIES.length];
  const E = e[0].toUpperCase() + e.slice(1);
  const idempotent = r() < 0.5;
  return `import { Router, type Request, type Response } from 'express';
import { db } from '../db/pool-${domain}.js';
import { ${e}Service${i} } from '../services/${e}-service-${i}.js';

export const ${e}Router${i} = Router();

interface ${E}Body${i} {
  name: string;
  amountCents: number;
  tags: string[];
}

${e}Router${i}.get('/${e}s${i}/:id', async (req: Request, res: Response) => {
  const { rows } = await db.query('SELECT * FROM ${e}s WHERE id = $1', [req.params.id]);
  if (rows.length === 0) {
    res.status(404).json({ error: 'not_found' });
    return;
  }
  res.json(rows[0]);
});

${e}Router${i}.post('/${e}s${i}', async (req: Request, res: Response) => {
  ${idempotent ? `const key = req.get('Idempotency-Key');
  if (!key) {
    res.status(400).json({ error: 'missing_idempotency_key' });
    return;
  }
  ` : ''}const body = req.body as ${E}Body${i};
  const created = await ${e}Service${i}.create(body.name, body.amountCents, body.tags);
  res.status(201).json(created);
});

${e}Router${i}.get('/${e}s${i}', async (req: Request, res: Response) => {
  const limit = Math.min(Number(req.query.limit ?? 20), 100);
  const { rows } = await db.query('SELECT * FROM ${e}s ORDER BY created_at DESC LIMIT $1', [limit]);
  res.json(rows);
});
`;
}

function service(i, r, domain) {
  const e = ENTITIES[i % ENTITIES.length];
  const withTimeout = r() < 0.6;
  const fetchLine = withTimeout
    ? `await fetch(\`\${BASE}/audit\`, { method: 'POST', body: JSON.stringify(record), signal: AbortSignal.timeout(5000) })`
    : `await fetch(\`\${BASE}/audit\`, { method: 'POST', body: JSON.stringify(record) })`;
  return `import { db } from '../db/pool-${domain}.js';
import { client${domain} } from '../clients/http-${domain}.js';
import { retry${domain} } from '../lib/retry-${domain}.js';

const BASE = process.env.AUDIT_URL ?? 'https://audit.internal';

export interface Record${i} {
  id: string;
  name: string;
  amountCents: number;
  tags: string[];
}

function normalise(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()))].filter(Boolean).sort();
}

export const ${e}Service${i} = {
  async create(name: string, amountCents: number, tags: string[]): Promise<Record${i}> {
    const { rows } = await db.query(
      'INSERT INTO ${e}s (name, amount_cents, tags) VALUES ($1, $2, $3) RETURNING *',
      [name, amountCents, normalise(tags)],
    );
    const record = rows[0] as Record${i};
    await retry${domain}(() => client${domain}.post('/events', { type: '${e}.created', id: record.id }));
    ${fetchLine};
    return record;
  },
  async byId(id: string): Promise<Record${i} | undefined> {
    const { rows } = await db.query('SELECT * FROM ${e}s WHERE id = $1', [id]);
    return rows[0] as Record${i} | undefined;
  },
};
`;
}

function dbModule(d, r) {
  const pooled = r() < 0.7;
  return pooled
    ? `import pg from 'pg';

export const db = new pg.Pool({ connectionString: process.env.DATABASE_URL_${d}, max: 10 });
`
    : `import { Client } from 'pg';

export const db = new Client({ connectionString: process.env.DATABASE_URL_${d} });
await db.connect();
`;
}

function httpClient(d, r) {
  const timeout = r() < 0.5 ? ', timeout: 5000' : '';
  return `import axios from 'axios';

export const client${d} = axios.create({ baseURL: 'https://events-${d}.internal'${timeout} });
`;
}

function retryHelper(d, r) {
  const jitter = r() < 0.5 ? ' * (0.5 + Math.random())' : '';
  return `const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retry${d}<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await fn();
    } catch (error) {
      lastError = error;
      await sleep(100 * 2 ** attempt${jitter});
    }
  }
  throw lastError;
}
`;
}

export function generate(out, n = 2000, seed = 1) {
  const r = mulberry32(seed);
  fs.rmSync(out, { recursive: true, force: true });
  const domains = Math.max(1, Math.round(n / 40));
  const files = {};
  for (let d = 0; d < domains; d++) {
    files[`src/db/pool-${d}.ts`] = dbModule(d, r);
    files[`src/clients/http-${d}.ts`] = httpClient(d, r);
    files[`src/lib/retry-${d}.ts`] = retryHelper(d, r);
  }
  const rest = n - 3 * domains - 1;
  const routers = [];
  for (let i = 0; i < Math.floor(rest / 2); i++) {
    const d = i % domains;
    const e = ENTITIES[i % ENTITIES.length];
    files[`src/routes/${e}-routes-${i}.ts`] = route(i, r, d);
    files[`src/services/${e}-service-${i}.ts`] = service(i, r, d);
    routers.push([`${e}Router${i}`, `./routes/${e}-routes-${i}.js`]);
  }
  if (rest % 2 === 1) files['src/lib/limits.ts'] = 'export const PAGE_LIMIT = 100;\nexport const BODY_LIMIT = "1mb";\n';
  files['src/app.ts'] = `import express from 'express';
${routers.map(([name, p]) => `import { ${name} } from '${p}';`).join('\n')}

export const app = express();
app.use(express.json());
${routers.map(([name]) => `app.use('/api', ${name});`).join('\n')}
app.listen(Number(process.env.PORT ?? 3000));
`;
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
    fs.writeFileSync(path.join(out, name), text);
  }
  fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify({ name: 'bench-corpus', private: true, type: 'module' }, null, 2));
  fs.writeFileSync(path.join(out, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', skipLibCheck: true, types: [] }, include: ['src'],
  }, null, 2));
  return Object.keys(files).length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, n = '2000', seed = '1'] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node bench/generate.mjs OUT_DIR [N] [SEED]');
    process.exit(2);
  }
  console.log(`${generate(path.resolve(out), Number(n), Number(seed))} files written to ${out}`);
}

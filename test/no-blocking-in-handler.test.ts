import rule from '../rules/no-blocking-in-handler.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

const app = `import express from 'express';
const app = express();
`;

ruleTester().run('no-blocking-in-handler', eslintRule(rule), {
  valid: [
    // Module top level: start-up, runs once.
    `${app}import * as fs from 'node:fs';
const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));
app.listen(config.port);`,
    // A start-up function nobody calls from a handler.
    `${app}import { readdirSync } from 'fs';
function loadTemplates() { return readdirSync('templates'); }
const templates = loadTemplates();
app.get('/', (req, res) => res.json(templates));`,
    // The listen callback and a signal handler are not on the request path.
    `${app}import { writeFileSync } from 'node:fs';
app.listen(3000, () => { writeFileSync('/tmp/app.pid', String(process.pid)); });
process.on('SIGTERM', () => { writeFileSync('/tmp/app.stopped', '1'); });`,
    // The asynchronous API.
    `${app}import { readFile } from 'node:fs/promises';
app.get('/t', async (req, res) => { res.send(await readFile('t.html', 'utf8')); });`,
    // A small fixed buffer: cheap.
    `${app}import { randomFillSync } from 'node:crypto';
app.get('/id', (req, res) => { res.send(randomFillSync(Buffer.alloc(16)).toString('hex')); });`,
    // A worker with no server: nothing is a request handler.
    `import * as fs from 'node:fs';
export function processJob(path: string) { return fs.readFileSync(path, 'utf8'); }`,
    // A method called \`readFileSync\` on something that is not fs.
    `${app}const cache = { readFileSync: (p: string) => p };
app.get('/c', (req, res) => { res.send(cache.readFileSync('x')); });`,
    // A CLI script under scripts/.
    {
      code: `${app}import * as fs from 'node:fs';
app.get('/x', (req, res) => { res.send(fs.readFileSync('x')); });`,
      filename: 'test/fixtures/rule-tester/scripts/dev-server.ts',
    },
    // better-sqlite3 only in strict (checkSyncDatabases).
    `${app}import Database from 'better-sqlite3';
const db = new Database('app.db');
app.get('/u/:id', (req, res) => { res.json(db.prepare('SELECT * FROM users WHERE id = ?').get(req.params.id)); });`,
  ],
  invalid: [
    {
      // In an async handler: the suggestion awaits readFile and imports it.
      code: `${app}import * as fs from 'node:fs';
app.get('/t', async (req, res) => {
  const html = fs.readFileSync('t.html', 'utf8');
  res.send(html);
});`,
      errors: [{
        messageId: 'blockingCall', line: 5, column: 16, endColumn: 31,
        suggestions: [{
          messageId: 'useAsync',
          output: `${app}import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
app.get('/t', async (req, res) => {
  const html = await readFile('t.html', 'utf8');
  res.send(html);
});`,
        }],
      }],
    },
    {
      // A member access on the result: wrapped in parentheses; readFile already imported.
      code: `${app}import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
app.get('/t', async (req, res) => {
  res.send(readFileSync('t.html').toString('utf8'));
});`,
      errors: [{
        messageId: 'blockingCall', line: 6, column: 12, endColumn: 24,
        suggestions: [{
          messageId: 'useAsync',
          output: `${app}import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
app.get('/t', async (req, res) => {
  res.send((await readFile('t.html')).toString('utf8'));
});`,
        }],
      }],
    },
    {
      // Not async: no suggestion (it would need the handler rewritten).
      code: `${app}import * as fs from 'node:fs';
app.get('/t', (req, res) => {
  res.send(fs.existsSync('t.html'));
});`,
      errors: [{ messageId: 'blockingCall', line: 5, column: 12, endColumn: 25, suggestions: [] }],
    },
    {
      // bcrypt: the promise form of the same object.
      code: `${app}import bcrypt from 'bcrypt';
app.post('/login', async (req, res) => {
  const ok = bcrypt.compareSync(req.body.password, req.body.hash);
  res.json({ ok });
});`,
      errors: [{
        messageId: 'blockingCall', line: 5, column: 14, endColumn: 32,
        suggestions: [{
          messageId: 'useAsync',
          output: `${app}import bcrypt from 'bcrypt';
app.post('/login', async (req, res) => {
  const ok = await bcrypt.compare(req.body.password, req.body.hash);
  res.json({ ok });
});`,
        }],
      }],
    },
    {
      // crypto: promisified, with the import of promisify added.
      code: `${app}import crypto from 'node:crypto';
app.post('/hash', async (req, res) => {
  res.send(crypto.pbkdf2Sync(req.body.pw, 'salt', 100000, 64, 'sha512'));
});`,
      errors: [{
        messageId: 'blockingCall', line: 5, column: 12, endColumn: 29,
        suggestions: [{
          messageId: 'useAsync',
          output: `${app}import crypto from 'node:crypto';
import { promisify } from 'node:util';
app.post('/hash', async (req, res) => {
  res.send(await promisify(crypto.pbkdf2)(req.body.pw, 'salt', 100000, 64, 'sha512'));
});`,
        }],
      }],
    },
    {
      // A helper called from the handler (one call deep), CommonJS: the require is added.
      code: `const express = require('express');
const fs = require('fs');
const app = express();
async function loadUser(id) {
  return JSON.parse(fs.readFileSync('users/' + id + '.json', 'utf8'));
}
app.get('/u/:id', async (req, res) => { res.json(await loadUser(req.params.id)); });`,
      filename: 'test/fixtures/rule-tester/file.js',
      errors: [{
        messageId: 'blockingCall', line: 5, column: 21, endColumn: 36,
        suggestions: [{
          messageId: 'useAsync',
          output: `const express = require('express');
const fs = require('fs');
const { readFile } = require('node:fs/promises');
const app = express();
async function loadUser(id) {
  return JSON.parse(await readFile('users/' + id + '.json', 'utf8'));
}
app.get('/u/:id', async (req, res) => { res.json(await loadUser(req.params.id)); });`,
        }],
      }],
    },
    {
      // child_process and zlib: no same-shape counterpart for execSync.
      code: `${app}import { execSync } from 'node:child_process';
app.get('/v', (req, res) => { res.send(execSync('git rev-parse HEAD')); });`,
      errors: [{ messageId: 'blockingCall', line: 4, column: 40, endColumn: 48, suggestions: [] }],
    },
    {
      // A large buffer is not cheap.
      code: `${app}import { randomFillSync } from 'node:crypto';
app.get('/noise', (req, res) => { res.send(randomFillSync(Buffer.alloc(8 * 1024 * 1024), 0, 8388608)); });`,
      errors: [{ messageId: 'blockingCall', line: 4, column: 44, endColumn: 58 }],
    },
    {
      // better-sqlite3 in strict.
      code: `${app}import Database from 'better-sqlite3';
const db = new Database('app.db');
const byId = db.prepare('SELECT * FROM users WHERE id = ?');
app.get('/u/:id', (req, res) => { res.json(byId.get(req.params.id)); });`,
      options: [{ checkSyncDatabases: true }],
      errors: [{ messageId: 'syncDatabase', line: 6, column: 44, endColumn: 52 }],
    },
  ],
});

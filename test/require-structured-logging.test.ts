import rule from '../rules/require-structured-logging.js';
import { eslintRule, ruleTester } from './helpers/rule-tester.js';

const app = `import express from 'express';
const app = express();
`;

ruleTester().run('require-structured-logging', eslintRule(rule), {
  valid: [
    // Start-up banner in the listen callback, and a signal handler.
    `${app}app.listen(3000, () => console.log('listening on 3000'));
process.on('SIGTERM', () => { console.info('bye'); process.exit(0); });`,
    // Module level.
    `${app}console.log('starting');
app.get('/', (req, res) => res.end());`,
    // A structured logger.
    `${app}import pino from 'pino';
const logger = pino();
app.get('/', (req, res) => { logger.info({ path: req.path }, 'hit'); res.end(); });`,
    // A CLI script.
    {
      code: `${app}app.get('/', (req, res) => { console.log('hit'); res.end(); });`,
      filename: 'test/fixtures/rule-tester/scripts/serve-local.ts',
    },
    // A test file.
    {
      code: `${app}app.get('/', (req, res) => { console.log('hit'); res.end(); });`,
      filename: 'test/fixtures/rule-tester/app.test.ts',
    },
    // A library or worker with no server.
    `export function work(job: { id: string }) { console.log('working on', job.id); }`,
    // A local \`console\` that is not the global one.
    `${app}app.get('/', (req, res) => { const console = { log: (m: string) => m }; console.log('x'); res.end(); });`,
  ],
  invalid: [
    {
      code: `${app}app.get('/', (req, res) => {
  console.log('hit', req.path);
  res.end();
});`,
      errors: [{ messageId: 'consoleOnRequestPath', line: 4, column: 3, endColumn: 14, data: { method: 'log' }, suggestions: [] }],
    },
    {
      // A pino logger at module level: suggested, with the level.
      code: `${app}import pino from 'pino';
const logger = pino();
app.get('/', (req, res) => {
  console.warn('slow path');
  res.end();
});`,
      errors: [{
        messageId: 'consoleOnRequestPath', line: 6, column: 3, endColumn: 15,
        suggestions: [{ messageId: 'useLogger', data: { replacement: 'logger.warn' }, output: `${app}import pino from 'pino';
const logger = pino();
app.get('/', (req, res) => {
  logger.warn('slow path');
  res.end();
});` }],
      }],
    },
    {
      // Fastify: the request's own logger first.
      code: `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async (request) => {
  console.error('failed');
  return {};
});`,
      errors: [{
        messageId: 'consoleOnRequestPath', line: 4, column: 3, endColumn: 16,
        suggestions: [{ messageId: 'useLogger', data: { replacement: 'request.log.error' }, output: `import Fastify from 'fastify';
const app = Fastify();
app.get('/', async (request) => {
  request.log.error('failed');
  return {};
});` }],
      }],
    },
    {
      // Express with pino-http: req.log.
      code: `${app}import pinoHttp from 'pino-http';
app.use(pinoHttp());
app.post('/o', (req, res) => {
  console.debug('order', req.body);
  res.end();
});`,
      errors: [{
        messageId: 'consoleOnRequestPath', line: 6, column: 3, endColumn: 16,
        suggestions: [{ messageId: 'useLogger', data: { replacement: 'req.log.debug' }, output: `${app}import pinoHttp from 'pino-http';
app.use(pinoHttp());
app.post('/o', (req, res) => {
  req.log.debug('order', req.body);
  res.end();
});` }],
      }],
    },
    {
      // A Nest service with a Logger field, called from a controller: Nest's method names.
      code: `import { Controller, Get, Logger } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  private readonly logger = new Logger(OrdersController.name);
  @Get()
  list() {
    console.log('listing');
    return [];
  }
}`,
      errors: [{
        messageId: 'consoleOnRequestPath', line: 7, column: 5, endColumn: 16,
        suggestions: [{ messageId: 'useLogger', data: { replacement: 'this.logger.log' }, output: `import { Controller, Get, Logger } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  private readonly logger = new Logger(OrdersController.name);
  @Get()
  list() {
    this.logger.log('listing');
    return [];
  }
}` }],
      }],
    },
    {
      // A helper called from the handler.
      code: `${app}function audit(event: string) { console.info('audit', event); }
app.delete('/o/:id', (req, res) => { audit('delete ' + req.params.id); res.end(); });`,
      errors: [{ messageId: 'consoleOnRequestPath', line: 3, column: 33, endColumn: 45 }],
    },
  ],
});

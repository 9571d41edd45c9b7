// Idempotency: which headers carry a client's idempotency key, which middleware handles it, and
// what a handler does that changes state (so that a retried request would do it twice) or does
// idempotently by construction (an upsert keyed by the client's id).

/** Header names carrying an idempotency key (compared case-insensitively). */
export const idempotencyHeaders: readonly string[] = ['idempotency-key', 'x-idempotency-key'];

/** Middleware packages that implement idempotency keys. */
export const idempotencyMiddleware: readonly string[] = [
  'express-idempotency',
  'express-idempotency-middleware',
  '@node-idempotency/express',
  '@node-idempotency/nestjs',
  '@node-idempotency/fastify',
  'fastify-idempotency',
  'koa-idempotency',
  'hono-idempotency',
];

/** A middleware (or interceptor) whose name or module mentions idempotency counts. */
export const idempotencyNamePattern = /idempot/i;

/** SQL statements that write, at the start of a query text. */
export const sqlWrite = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|replace|upsert)\b/i;
/** SQL that is idempotent by construction: an upsert keyed by a unique (client-supplied) id. */
export const sqlIdempotent = /\bon\s+conflict\b|\bon\s+duplicate\s+key\b|\binsert\s+or\s+(ignore|replace)\b|^\s*merge\b|^\s*upsert\b|\binsert\s+ignore\b/i;

/** Member calls that run a query text (`db.query(sql)`, `pool.execute(sql)`, `prisma.$executeRaw`). */
export const queryMethods: readonly string[] = [
  'query', 'execute', 'exec', 'run', 'none', 'one', 'oneOrNone', 'many', 'any', 'raw',
  '$executeRaw', '$executeRawUnsafe', '$queryRaw', '$queryRawUnsafe', 'unsafe',
];

/** ORM/driver member calls that write a record. */
export const ormWriteMethods: readonly string[] = [
  'create', 'createMany', 'insert', 'insertOne', 'insertMany', 'save', 'update', 'updateOne',
  'updateMany', 'delete', 'deleteOne', 'deleteMany', 'destroy', 'remove', 'increment', 'decrement',
  'findOneAndUpdate', 'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete', 'replaceOne',
  'bulkWrite', 'bulkCreate', 'insertInto', 'updateTable', 'deleteFrom',
];

/** ORM calls that are idempotent by construction (insert-or-update by key). */
export const ormIdempotentMethods: readonly string[] = ['upsert', 'createOrUpdate', 'findOrCreate', 'onConflictDoNothing', 'onConflictDoUpdate', 'onConflict', 'merge', 'ignore'];

/**
 * Without a type checker, an ORM method name alone is too common (`Object.create`,
 * `axios.create`): the receiver must be rooted in a database module, or in a binding whose name
 * says it is a database handle (the first name after `this.`).
 */
export const dbModules: readonly string[] = [
  '@prisma/client', 'pg', 'mysql2', 'mysql2/promise', 'mysql', 'mongodb', 'mongoose', 'typeorm',
  'sequelize', 'knex', 'drizzle-orm', 'kysely', 'better-sqlite3', 'sqlite3', 'postgres',
  '@neondatabase/serverless', '@vercel/postgres', 'mikro-orm', '@mikro-orm/core', 'objection',
];
export const dbReceiverName = /^(db|database|prisma|knex|sql|pool|client|pg|conn|connection|tx|trx|transaction|em|entityManager|manager|dataSource|orm|mongo|collection|[a-z]\w*(Repository|Repo|Collection|Model|Table|Db|DB|Dao))$|^(repo|repository)$/;

/** Payment, queue and e-mail calls: member names, optionally requiring a receiver name. */
export interface SideEffectCall {
  kind: 'payment' | 'queue' | 'email';
  /** The called member (`sendMail`) or, with `module`, the qualified path joined by `.`. */
  names: readonly string[];
  /** When set, the callee must resolve to this module (`@sendgrid/mail` `send`). */
  module?: string;
  /** When set, the member path just before the call must contain one of these (`charges.create`). */
  within?: readonly string[];
  /** When set, the receiver's name must match. */
  receiver?: RegExp;
}

export const sideEffectCalls: readonly SideEffectCall[] = [
  { kind: 'payment', names: ['create', 'capture', 'confirm'], within: ['charges', 'paymentIntents', 'refunds', 'transfers', 'payouts', 'invoices', 'subscriptions', 'checkout'] },
  { kind: 'payment', names: ['charge', 'chargeCard', 'capturePayment', 'createCharge', 'createPayment', 'refund', 'createRefund', 'payout', 'createTransfer'] },
  { kind: 'queue', names: ['publish', 'sendToQueue', 'publishMessage', 'sendMessage', 'sendMessageBatch', 'enqueue'] },
  { kind: 'queue', names: ['add', 'addBulk'], receiver: /queue$/i },
  { kind: 'queue', names: ['send', 'sendBatch'], receiver: /producer$/i },
  { kind: 'email', names: ['sendMail', 'sendEmail', 'sendTemplatedEmail'] },
  { kind: 'email', names: ['send'], module: '@sendgrid/mail' },
  { kind: 'email', names: ['send'], within: ['emails'] },
];

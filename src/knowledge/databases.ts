// What scalelint knows about database drivers and cache clients: how a client or pool is
// created, whether what it creates is one connection, a pool, or one multiplexed connection
// (which is the intended use), how it is closed, and how queries go through it. Data, not control
// flow: `no-unpooled-db-client` reads the factories and close methods; the query methods are here
// for rules that recognise queries (`pool.query`, `prisma.user.findMany`, sql`…`).
// Sources: each library's own docs (see /work/shared/FACTS.md "Databases and caches").

/**
 * What one creation gives:
 * - `single`: one connection, serialising every query of the process (pg `Client`, mysql
 *   `createConnection`): wrong for serving concurrent requests, right in a script;
 * - `pool`: a pool (or a client owning one): create it once per process, never per request;
 * - `multiplexed`: one pipelined connection shared by all callers (node-redis, ioredis): the
 *   intended use when created once, wasteful per request.
 */
export type DbConnectionKind = 'single' | 'pool' | 'multiplexed';

export interface DbFactory {
  /** Member path below the module (`['Client']`; `[]` calls the default export / the module itself). */
  path: readonly string[];
  /** Created with `new` (`new Client()`) or called (`createPool()`); `either` accepts both. */
  call: 'new' | 'call' | 'either';
  kind: DbConnectionKind;
  /** Shown in messages (`pg Client`). */
  label: string;
  /**
   * The pooled form of a single-connection factory, for the suggestion (`Client` → `Pool`,
   * `createConnection` → `createPool`): the member name that replaces the last path segment.
   */
  pooled?: string;
  /**
   * The creation opens a connection only with these arguments (drizzle: `drizzle(url)` or
   * `drizzle({ connection })` makes its own pool, `drizzle(pool)` wraps one; oracledb:
   * `getConnection({ user, connectString })` is standalone, `getConnection()` and
   * `getConnection({ poolAlias })` take from a pool).
   */
  opensWhen?: { stringArgument?: boolean; optionKeys?: readonly string[]; unlessKeys?: readonly string[] };
  /** Documented to be created, used and closed inside each request on edge runtimes (Neon). */
  perRequestOnEdge?: boolean;
}

export interface DbQueries {
  /** Members called on the instance itself (`pool.query(sql)`). */
  direct?: readonly string[];
  /**
   * Members called on a model, collection or repository reached from the instance
   * (`prisma.user.findMany()`, `db.collection('orders').find()`, `Order.findAll()`).
   */
  model?: readonly string[];
  /** The instance is a tag for a template literal (postgres.js sql`select 1`). */
  tagged?: boolean;
  /** Calling the instance itself starts a query (`knex('orders').where(…)`). */
  called?: boolean;
  /** Members that act on many rows in one round trip (`createMany`, `bulkWrite`): already batched. */
  batched?: readonly string[];
}

/** Where a driver's models, collections and repositories come from (their members run queries). */
export interface DbModels {
  /** Module exports that create a model (`mongoose.model('User', schema)`). */
  exports?: readonly (readonly string[])[];
  /** Module classes a model class extends (`class User extends Model`, TypeORM `BaseEntity`). */
  baseClasses?: readonly (readonly string[])[];
  /** Instance members that return a model (`sequelize.define`, `dataSource.getRepository`, `db.collection`). */
  members?: readonly string[];
  /** Exported types of injected handles (`Repository<User>`, `Model<Cat>`): a property of that type is a model. */
  types?: readonly string[];
}

export interface DbDriver {
  id: string;
  label: string;
  /** Modules exporting the factories (normalised: no `node:` prefix). */
  modules: readonly string[];
  factories: readonly DbFactory[];
  /** Members that close the instance (calling them per request closes the shared client). */
  closeMethods: readonly string[];
  /** Members that open the connection of a `single` instance (per request: a connection per request). */
  connectMethods?: readonly string[];
  queries: DbQueries;
  /** Members a pool hands a checked-out connection with, released after use (not a finding). */
  checkout?: { methods: readonly string[]; release: readonly string[] };
  /**
   * Uses that need one dedicated connection, so a single client is right (pg LISTEN/NOTIFY,
   * advisory locks): a query text starting with one of `queries`, or an `on(event)` listener.
   */
  dedicatedUses?: { queries?: RegExp; events?: readonly string[] };
  /** Query texts that open a transaction (the `Client` → `Pool` suggestion is withheld). */
  transaction?: RegExp;
  models?: DbModels;
  /**
   * How N single-row queries become one, named by no-query-in-loop. Absent for caches (Redis):
   * their per-key commands are not what that rule reports.
   */
  batching?: string;
}

const SQL_TRANSACTION = /^\s*(begin|start\s+transaction|savepoint|set\s+transaction)\b/i;
const PG_QUERIES: DbQueries = { direct: ['query'] };
const MONGO_MODEL = [
  'find', 'findOne', 'insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne',
  'deleteMany', 'aggregate', 'countDocuments', 'estimatedDocumentCount', 'distinct', 'bulkWrite',
  'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace',
];
const MONGO_BATCHED = ['insertMany', 'updateMany', 'deleteMany', 'bulkWrite'];
const REDIS_COMMANDS = [
  'get', 'set', 'del', 'exists', 'expire', 'incr', 'incrBy', 'incrby', 'decr', 'mGet', 'mget', 'mSet', 'mset',
  'hGet', 'hget', 'hSet', 'hset', 'hGetAll', 'hgetall', 'lPush', 'lpush', 'rPush', 'rpush', 'lRange', 'lrange',
  'sAdd', 'sadd', 'sMembers', 'smembers', 'zAdd', 'zadd', 'zRange', 'zrange', 'eval', 'evalsha', 'sendCommand',
  'call', 'multi', 'pipeline', 'publish', 'xAdd', 'xadd',
];

export const dbDrivers: readonly DbDriver[] = [
  {
    id: 'pg',
    label: 'pg',
    modules: ['pg'],
    factories: [
      { path: ['Client'], call: 'new', kind: 'single', label: 'pg Client', pooled: 'Pool' },
      { path: ['Pool'], call: 'new', kind: 'pool', label: 'pg Pool' },
    ],
    closeMethods: ['end'],
    connectMethods: ['connect'],
    queries: PG_QUERIES,
    batching: 'one query over every key (`WHERE id = ANY($1)`)',
    checkout: { methods: ['connect'], release: ['release'] },
    dedicatedUses: { queries: /^\s*(listen|unlisten|select\s+pg_(try_)?advisory_lock)\b/i, events: ['notification'] },
    transaction: SQL_TRANSACTION,
  },
  {
    id: 'pg-pool',
    label: 'pg-pool',
    modules: ['pg-pool'],
    factories: [{ path: [], call: 'new', kind: 'pool', label: 'pg-pool Pool' }],
    closeMethods: ['end'],
    queries: PG_QUERIES,
    batching: 'one query over every key (`WHERE id = ANY($1)`)',
    checkout: { methods: ['connect'], release: ['release'] },
  },
  {
    id: 'neon',
    label: '@neondatabase/serverless',
    modules: ['@neondatabase/serverless'],
    factories: [
      { path: ['Client'], call: 'new', kind: 'single', label: 'Neon Client', pooled: 'Pool', perRequestOnEdge: true },
      { path: ['Pool'], call: 'new', kind: 'pool', label: 'Neon Pool', perRequestOnEdge: true },
    ],
    closeMethods: ['end'],
    connectMethods: ['connect'],
    queries: PG_QUERIES,
    batching: 'one query over every key (`WHERE id = ANY($1)`)',
    checkout: { methods: ['connect'], release: ['release'] },
    dedicatedUses: { queries: /^\s*(listen|unlisten)\b/i, events: ['notification'] },
    transaction: SQL_TRANSACTION,
  },
  {
    id: 'mysql',
    label: 'mysql',
    modules: ['mysql', 'mysql2', 'mysql2/promise'],
    factories: [
      { path: ['createConnection'], call: 'call', kind: 'single', label: 'mysql connection', pooled: 'createPool' },
      { path: ['createPool'], call: 'call', kind: 'pool', label: 'mysql pool' },
      { path: ['createPoolCluster'], call: 'call', kind: 'pool', label: 'mysql pool cluster' },
    ],
    closeMethods: ['end', 'destroy'],
    connectMethods: ['connect'],
    queries: { direct: ['query', 'execute'] },
    batching: 'one query over every key (`WHERE id IN (?)`)',
    checkout: { methods: ['getConnection'], release: ['release'] },
    transaction: /^\s*(begin|start\s+transaction|set\s+autocommit\s*=\s*0)\b/i,
  },
  {
    id: 'oracledb',
    label: 'oracledb',
    modules: ['oracledb'],
    factories: [
      {
        path: ['getConnection'], call: 'call', kind: 'single', label: 'oracledb standalone connection',
        // Without connection attributes (or with a `poolAlias`) it takes a connection from a pool.
        opensWhen: { optionKeys: ['connectString', 'connectionString', 'user'], unlessKeys: ['poolAlias'] },
      },
      { path: ['createPool'], call: 'call', kind: 'pool', label: 'oracledb pool' },
    ],
    closeMethods: ['close'],
    queries: { direct: ['execute', 'executeMany', 'queryStream'], batched: ['executeMany'] },
    batching: '`executeMany`, or one query with `IN`',
    checkout: { methods: ['getConnection'], release: ['close', 'release'] },
  },
  {
    // mssql's `ConnectionPool` (and the v3 `Connection`) is a pool of TDS connections; `sql.connect()`
    // returns one global pool however often it is called.
    id: 'mssql',
    label: 'mssql',
    modules: ['mssql'],
    factories: [
      { path: ['ConnectionPool'], call: 'new', kind: 'pool', label: 'mssql ConnectionPool' },
      { path: ['Connection'], call: 'new', kind: 'pool', label: 'mssql Connection' },
    ],
    closeMethods: ['close'],
    queries: { direct: ['query', 'batch', 'execute', 'request'] },
    batching: 'one query with `IN`, or a table-valued parameter',
  },
  {
    id: 'tedious',
    label: 'tedious',
    modules: ['tedious'],
    factories: [{ path: ['Connection'], call: 'new', kind: 'single', label: 'tedious Connection' }],
    closeMethods: ['close'],
    connectMethods: ['connect'],
    queries: { direct: ['execSql', 'execSqlBatch', 'callProcedure', 'execBulkLoad'], batched: ['execBulkLoad'] },
    batching: 'one query with `IN`, or `execBulkLoad`',
  },
  {
    id: 'prisma',
    label: 'Prisma',
    modules: ['@prisma/client'],
    factories: [{ path: ['PrismaClient'], call: 'new', kind: 'pool', label: 'PrismaClient' }],
    closeMethods: ['$disconnect'],
    batching: '`findMany({ where: { id: { in: ids } } })`, `createMany`, or `include` on the first query',
    queries: {
      direct: ['$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe', '$transaction', '$runCommandRaw'],
      model: [
        'findMany', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'create', 'createMany',
        'createManyAndReturn', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany', 'count', 'aggregate', 'groupBy',
      ],
      batched: ['createMany', 'createManyAndReturn', 'updateMany', 'deleteMany'],
    },
  },
  {
    id: 'mongodb',
    label: 'MongoDB',
    modules: ['mongodb'],
    factories: [
      { path: ['MongoClient'], call: 'new', kind: 'pool', label: 'MongoClient' },
      { path: ['MongoClient', 'connect'], call: 'call', kind: 'pool', label: 'MongoClient' },
    ],
    closeMethods: ['close'],
    queries: { model: MONGO_MODEL, batched: MONGO_BATCHED },
    models: { members: ['collection'], types: ['Collection'] },
    batching: '`find({ _id: { $in: ids } })`, `insertMany` or `bulkWrite`',
  },
  {
    id: 'mongoose',
    label: 'Mongoose',
    modules: ['mongoose'],
    factories: [
      { path: ['connect'], call: 'call', kind: 'pool', label: 'mongoose.connect' },
      { path: ['createConnection'], call: 'call', kind: 'pool', label: 'mongoose.createConnection' },
    ],
    closeMethods: ['disconnect', 'close'],
    models: { exports: [['model']], members: ['model'], types: ['Model'] },
    batching: '`find({ _id: { $in: ids } })`, `insertMany` or `bulkWrite`',
    queries: {
      model: [
        ...MONGO_MODEL, 'findById', 'findByIdAndUpdate', 'findByIdAndDelete', 'create', 'exists', 'where', 'save',
      ],
      batched: MONGO_BATCHED,
    },
  },
  {
    id: 'sequelize',
    label: 'Sequelize',
    modules: ['sequelize', 'sequelize-typescript', '@sequelize/core'],
    factories: [
      { path: ['Sequelize'], call: 'new', kind: 'pool', label: 'Sequelize' },
      { path: [], call: 'new', kind: 'pool', label: 'Sequelize' },
    ],
    closeMethods: ['close'],
    models: { members: ['define', 'model'], baseClasses: [['Model']] },
    batching: '`findAll({ where: { id: ids } })`, `bulkCreate`, or `include` on the first query',
    queries: {
      direct: ['query', 'transaction'],
      model: ['findAll', 'findOne', 'findByPk', 'findAndCountAll', 'count', 'create', 'bulkCreate', 'update', 'destroy', 'upsert', 'increment'],
      batched: ['bulkCreate'],
    },
  },
  {
    id: 'knex',
    label: 'knex',
    modules: ['knex'],
    factories: [
      { path: [], call: 'call', kind: 'pool', label: 'knex' },
      { path: ['knex'], call: 'call', kind: 'pool', label: 'knex' },
    ],
    closeMethods: ['destroy'],
    // `knex('orders').where(…)`: calling the instance starts a query builder.
    queries: { direct: ['raw', 'select', 'insert', 'update', 'delete', 'from', 'table', 'transaction', 'with'], called: true },
    batching: "`whereIn('id', ids)`, or one `insert([...rows])`",
  },
  {
    id: 'typeorm',
    label: 'TypeORM',
    modules: ['typeorm'],
    factories: [
      { path: ['DataSource'], call: 'new', kind: 'pool', label: 'TypeORM DataSource' },
      { path: ['createConnection'], call: 'call', kind: 'pool', label: 'TypeORM createConnection' },
    ],
    closeMethods: ['destroy', 'close'],
    queries: {
      direct: ['query', 'transaction', 'createQueryBuilder'],
      model: ['find', 'findOne', 'findOneBy', 'findBy', 'findAndCount', 'save', 'insert', 'update', 'delete', 'remove', 'upsert', 'count'],
    },
    models: {
      members: ['getRepository', 'getTreeRepository', 'getMongoRepository'],
      baseClasses: [['BaseEntity']],
      types: ['Repository', 'TreeRepository', 'MongoRepository', 'EntityManager', 'DataSource'],
    },
    batching: '`findBy({ id: In(ids) })`, one `save([...entities])`, or a join',
  },
  {
    id: 'postgres',
    label: 'postgres.js',
    modules: ['postgres'],
    factories: [{ path: [], call: 'call', kind: 'pool', label: 'postgres()' }],
    closeMethods: ['end'],
    queries: { direct: ['unsafe', 'begin', 'file'], tagged: true },
    batching: 'one query with `WHERE id = ANY(${ids})`, or `sql(rows)` for inserts',
  },
  {
    id: 'drizzle',
    label: 'drizzle',
    modules: [
      'drizzle-orm/node-postgres', 'drizzle-orm/postgres-js', 'drizzle-orm/mysql2', 'drizzle-orm/neon-serverless',
      'drizzle-orm/libsql',
    ],
    factories: [
      // `drizzle(pool)` / `drizzle({ client })` wrap a client made elsewhere: cheap.
      { path: ['drizzle'], call: 'call', kind: 'pool', label: 'drizzle', opensWhen: { stringArgument: true, optionKeys: ['connection'] } },
    ],
    closeMethods: [],
    queries: { direct: ['select', 'insert', 'update', 'delete', 'execute', 'transaction', 'query'] },
    batching: '`inArray(table.id, ids)` in one query, or one `insert(table).values([...rows])`',
  },
  {
    id: 'redis',
    label: 'node-redis',
    modules: ['redis', '@redis/client'],
    factories: [
      { path: ['createClient'], call: 'call', kind: 'multiplexed', label: 'redis client' },
      { path: ['createCluster'], call: 'call', kind: 'multiplexed', label: 'redis cluster client' },
      { path: ['createClientPool'], call: 'call', kind: 'pool', label: 'redis client pool' },
    ],
    closeMethods: ['quit', 'disconnect', 'close', 'destroy'],
    queries: { direct: REDIS_COMMANDS },
  },
  {
    id: 'ioredis',
    label: 'ioredis',
    modules: ['ioredis'],
    factories: [
      { path: [], call: 'new', kind: 'multiplexed', label: 'ioredis client' },
      { path: ['Redis'], call: 'new', kind: 'multiplexed', label: 'ioredis client' },
      { path: ['Cluster'], call: 'new', kind: 'multiplexed', label: 'ioredis cluster client' },
    ],
    closeMethods: ['quit', 'disconnect'],
    queries: { direct: REDIS_COMMANDS },
  },
];

/** Folders whose files are one-off programs (a single connection is right there). */
export const scriptFolders: readonly string[] = ['scripts', 'script', 'migrations', 'migration', 'bin', 'seeds', 'seeders'];

/**
 * How a file declares the edge runtime (where Neon's `Pool`/`Client` must live inside a request):
 * Next.js `export const runtime = 'edge'` (App Router) or `export const config = { runtime: 'edge' }`
 * (Pages Router, middleware).
 */
export const edgeRuntime = { exportName: 'runtime', configExport: 'config', values: ['edge', 'experimental-edge'] } as const;

/** The factory a qualified name (`{ module, path }`) names, if any. */
export function dbFactory(module: string, path: readonly string[], isNew: boolean): { driver: DbDriver; factory: DbFactory } | undefined {
  for (const driver of dbDrivers) {
    if (!driver.modules.includes(module)) continue;
    for (const factory of driver.factories) {
      if (factory.path.length !== path.length || !factory.path.every((p, i) => p === path[i])) continue;
      if (factory.call === 'new' && !isNew) continue;
      if (factory.call === 'call' && isNew) continue;
      return { driver, factory };
    }
  }
  return undefined;
}

export function dbDriver(id: string): DbDriver | undefined {
  return dbDrivers.find((d) => d.id === id);
}

/** Signs that a query already covers many keys (not N+1 even inside a loop over chunks). */
export const batchedQuery = {
  /** The start of a query text: `WHERE id IN (…)`, `= ANY($1)`, `unnest($1)`. */
  sql: /\bin\s*\(|\bany\s*\(|\bunnest\s*\(/i,
  /** Option keys of an ORM filter (`{ id: { in: ids } }`, `{ _id: { $in: ids } }`). */
  optionKeys: ['in', '$in', 'hasSome', '[Op.in]'] as readonly string[],
  /** Helpers that build such a filter (TypeORM `In(ids)`, drizzle `inArray(col, ids)`). */
  helpers: ['In', 'inArray'] as readonly string[],
  /** Query-builder members that do (knex `whereIn`). */
  chainMethods: ['whereIn', 'orWhereIn', 'whereInIds', 'andWhereInIds'] as readonly string[],
};

/** Chains that stream rows instead of running one query per element (`find().cursor()`). */
export const cursorMethods: readonly string[] = ['cursor', 'stream', 'iterate', 'queryStream', 'batchCursor'];

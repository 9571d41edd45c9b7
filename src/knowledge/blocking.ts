// Synchronous calls that block the event loop: while one runs, no other request on the instance
// makes progress. Each row names the calls (by module and exported name, or a pattern on the name)
// and, when there is one with the same arguments, the asynchronous counterpart a suggestion can
// put in its place. Sources: the Node.js API docs (fs, child_process, crypto, zlib), bcrypt and
// bcryptjs READMEs, better-sqlite3's API docs (synchronous by design).

/** How the asynchronous counterpart of a blocking call is written. */
export type AsyncCounterpart =
  /** A named export of another module, awaited: `readFileSync(p)` → `await readFile(p)` from `node:fs/promises`. */
  | { kind: 'import'; module: string; name: string }
  /** The callback API, promisified: `crypto.pbkdf2Sync(…)` → `await promisify(crypto.pbkdf2)(…)`. */
  | { kind: 'promisify'; name: string }
  /** A promise-returning member of the same object: `bcrypt.hashSync(…)` → `await bcrypt.hash(…)`. */
  | { kind: 'member'; name: string };

export interface BlockingCall {
  /** Modules exporting the call (normalised: no `node:` prefix). */
  modules: readonly string[];
  /** Exported names (`pbkdf2Sync`); the call is `module.name(…)` or a named import. */
  names?: readonly string[];
  /** Or: every exported name matching this pattern (`/Sync$/` for fs). */
  pattern?: RegExp;
  /** Shown in messages (`fs.readFileSync`): `{{name}}` is replaced by the called name. */
  label: string;
  /** What the call blocks on, for the message. */
  cost: 'disk I/O' | 'a child process' | 'CPU-heavy hashing' | 'CPU-heavy key generation' | 'compression' | 'randomness' | 'a database query';
  /** What to use instead, for the message, when `counterpart` gives nothing. */
  alternative: string;
  /** The asynchronous counterpart of each name (absent: none with the same arguments). */
  counterpart?(name: string): AsyncCounterpart | undefined;
  /**
   * Cheap for small sizes (`randomFillSync` of 16 bytes): the argument holding the byte count,
   * or the buffer whose allocation gives it. Reported only when that size is a known constant
   * above `smallBytes`.
   */
  sized?: { sizeArgument?: number; bufferArgument?: number };
}

/** Byte counts at or below this are cheap enough to do synchronously (a token, a salt, an IV). */
export const smallBytes = 64 * 1024;

/** fs/promises functions with the same arguments as their `*Sync` form. */
const FS_PROMISES = new Set([
  'readFile', 'writeFile', 'appendFile', 'readdir', 'stat', 'lstat', 'mkdir', 'mkdtemp', 'rm', 'rmdir', 'unlink',
  'rename', 'copyFile', 'cp', 'access', 'realpath', 'readlink', 'symlink', 'link', 'chmod', 'chown', 'lchown',
  'utimes', 'lutimes', 'truncate', 'opendir', 'statfs',
]);

export const blockingCalls: readonly BlockingCall[] = [
  {
    modules: ['fs'],
    pattern: /^[a-z]\w*Sync$/,
    label: 'fs.{{name}}',
    cost: 'disk I/O',
    alternative: 'the `node:fs/promises` API (`access` or `stat` for `existsSync`)',
    counterpart(name) {
      const base = name.slice(0, -'Sync'.length);
      return FS_PROMISES.has(base) ? { kind: 'import', module: 'node:fs/promises', name: base } : undefined;
    },
  },
  // fs-extra and graceful-fs re-export the fs API (and fs-extra adds its own `*Sync` helpers).
  { modules: ['fs-extra', 'graceful-fs'], pattern: /^[a-z]\w*Sync$/, label: '{{name}}', cost: 'disk I/O', alternative: 'its promise API (the same name without `Sync`)' },
  {
    modules: ['child_process'],
    names: ['execSync', 'execFileSync', 'spawnSync'],
    label: 'child_process.{{name}}',
    cost: 'a child process',
    alternative: '`execFile` or `spawn` (promisified with `util.promisify`)',
  },
  {
    modules: ['crypto'],
    names: ['pbkdf2Sync', 'scryptSync'],
    label: 'crypto.{{name}}',
    cost: 'CPU-heavy hashing',
    alternative: 'the callback form, promisified',
    counterpart: (name) => ({ kind: 'promisify', name: name.slice(0, -'Sync'.length) }),
  },
  {
    modules: ['crypto'],
    names: ['generateKeyPairSync', 'generateKeySync', 'generatePrimeSync'],
    label: 'crypto.{{name}}',
    cost: 'CPU-heavy key generation',
    alternative: 'the callback form (`generateKeyPair`), promisified',
  },
  {
    modules: ['crypto'],
    names: ['randomFillSync'],
    label: 'crypto.{{name}}',
    cost: 'randomness',
    alternative: '`randomFill` with a callback',
    sized: { sizeArgument: 2, bufferArgument: 0 },
  },
  {
    modules: ['zlib'],
    names: [
      'gzipSync', 'gunzipSync', 'deflateSync', 'inflateSync', 'deflateRawSync', 'inflateRawSync', 'unzipSync',
      'brotliCompressSync', 'brotliDecompressSync', 'zstdCompressSync', 'zstdDecompressSync',
    ],
    label: 'zlib.{{name}}',
    cost: 'compression',
    alternative: 'the callback form, promisified, or a stream',
    counterpart: (name) => ({ kind: 'promisify', name: name.slice(0, -'Sync'.length) }),
  },
  {
    modules: ['bcrypt', 'bcryptjs'],
    names: ['hashSync', 'compareSync', 'genSaltSync'],
    label: 'bcrypt.{{name}}',
    cost: 'CPU-heavy hashing',
    alternative: 'the promise form (the same name without `Sync`)',
    counterpart: (name) => ({ kind: 'member', name: name.slice(0, -'Sync'.length) }),
  },
];

/** The row and name a resolved call (`{ module: 'fs', path: ['readFileSync'] }`) matches. */
export function blockingCall(module: string, path: readonly string[]): BlockingCall | undefined {
  if (path.length !== 1) return undefined;
  const name = path[0]!;
  return blockingCalls.find((b) => b.modules.includes(module) && (b.names ? b.names.includes(name) : !!b.pattern?.test(name)));
}

/**
 * better-sqlite3 runs every statement synchronously on the calling thread (by design: fast for
 * small local databases). On a server's request path a slow query stalls every request, so the
 * `strict` config reports it. `Database` instances: `new Database(file)` / `Database(file)`.
 */
export const syncDatabases = [
  {
    module: 'better-sqlite3',
    /** Instance members that run SQL. */
    instanceMethods: ['exec', 'pragma', 'backup'],
    /** `db.prepare(sql).get()`: statement members that run it. */
    statementMethods: ['get', 'all', 'run', 'iterate'],
    prepare: 'prepare',
    label: 'better-sqlite3',
  },
] as const;

// The Node blocking-API catalogue: data only. Names are canonical (after require/import and
// alias resolution, `node:` prefix dropped, `fs/promises` -> `fs.promises`). The promise and
// callback forms (`fs.promises.*`, `fs.readFile(cb)`) are not here because they do not block.
import { makeCatalogue, type BlockingApi, type ComputeCalls } from '../catalogue';

/** A catalogue entry with the Node-only details the JS front end and the fixes need. */
export interface JsBlockingApi extends BlockingApi {
  /** The call blocks only when it is made without a callback (`crypto.randomBytes(n)`). */
  onlyWithoutCallback?: boolean;
  /** Asked for at most this many bytes by a constant first argument, the call is cheap (measured
   * by `node bench/blocking-costs.mjs`: `randomBytes(8192)` takes well under a millisecond). */
  cheapUpTo?: number;
}

const FS_SYNC = [
  'access', 'appendFile', 'chmod', 'chown', 'close', 'copyFile', 'cp', 'exists', 'fchmod', 'fchown',
  'fdatasync', 'fstat', 'fsync', 'ftruncate', 'futimes', 'glob', 'lchmod', 'lchown', 'link', 'lstat',
  'lutimes', 'mkdir', 'mkdtemp', 'open', 'opendir', 'read', 'readdir', 'readFile', 'readlink', 'readv',
  'realpath', 'rename', 'rm', 'rmdir', 'stat', 'statfs', 'symlink', 'truncate', 'unlink', 'utimes',
  'write', 'writeFile', 'writev',
];

/** `fs` functions whose promise twin in `fs.promises` takes the same arguments. */
export const FS_PROMISE_TWINS = new Set([
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchown', 'link', 'lstat', 'lutimes',
  'mkdir', 'mkdtemp', 'opendir', 'readdir', 'readFile', 'readlink', 'realpath', 'rename', 'rm', 'rmdir',
  'stat', 'statfs', 'symlink', 'truncate', 'unlink', 'utimes', 'writeFile',
]);

/** Modules that re-export the `fs` sync functions under the same names. */
const FS_LIKE = ['fs', 'graceful-fs', 'fs-extra'];

const FS_EXTRA_SYNC = ['copy', 'emptyDir', 'ensureDir', 'ensureFile', 'move', 'outputFile', 'outputJson', 'readJson', 'remove', 'writeJson', 'mkdirs', 'pathExists'];

const ZLIB_SYNC = [
  'deflate', 'deflateRaw', 'gzip', 'gunzip', 'inflate', 'inflateRaw', 'unzip', 'brotliCompress',
  'brotliDecompress', 'zstdCompress', 'zstdDecompress',
];

const CRYPTO_SYNC = ['checkPrime', 'generatePrime', 'hkdf', 'pbkdf2', 'generateKeyPair', 'generateKey', 'randomFill', 'scrypt'];

/** `fs` calls that ask about one path or change its metadata without moving file data (a stat, a
 * mkdir, a rename): cheap on a local disk, unbounded on a network or FUSE file system (BW109). */
export const FS_METADATA = new Set([
  'access', 'chmod', 'chown', 'close', 'exists', 'fchmod', 'fchown', 'fstat', 'futimes', 'lchmod', 'lchown', 'link', 'lstat',
  'lutimes', 'mkdir', 'mkdtemp', 'opendir', 'readdir', 'readlink', 'realpath', 'rename', 'rmdir', 'stat', 'statfs', 'symlink',
  'unlink', 'utimes', 'pathExists', 'ensureDir', 'mkdirs', 'ensureFile',
]);

/** `fs` calls that read or write one file's data and nothing else: as long as the data is large
 * (see `BlockingApi.costIsDataSize`; `fsync` waits for the disk whatever the size, `cp` and `copy`
 * may copy a tree). */
const FILE_DATA = new Set(['appendFile', 'copyFile', 'open', 'read', 'readFile', 'readv', 'truncate', 'ftruncate', 'write', 'writeFile', 'writev', 'outputFile', 'outputJson', 'readJson', 'writeJson']);

/** Writes whose second argument is the data: given an empty literal, they create or empty the
 * file at most (`fs.writeFileSync(flag, '')`). */
const EMPTY_WRITES = new Set(['writeFile', 'appendFile', 'outputFile']);

function fsEntries(): JsBlockingApi[] {
  const out: JsBlockingApi[] = [];
  for (const module of FS_LIKE) {
    const names = module === 'fs-extra' ? [...FS_SYNC, ...FS_EXTRA_SYNC] : FS_SYNC;
    for (const name of names) {
      const instead =
        name === 'exists'
          ? '`await fs.promises.access(path).then(() => true, () => false)`'
          : module === 'fs-extra'
            ? `\`await fse.${name}(...)\` (fs-extra returns promises)`
            : FS_PROMISE_TWINS.has(name)
              ? `\`await fs.promises.${name}(...)\``
              : 'the callback API or a `fs.promises` file handle';
      out.push({
        name: `${module}.${name}Sync`,
        code: FS_METADATA.has(name) ? 'BW109' : 'BW103',
        instead,
        ...(FILE_DATA.has(name) ? { costIsDataSize: true } : {}),
        ...(EMPTY_WRITES.has(name) ? { movesNoDataWhen: { arg: 1, value: /^(''|""|``)$/ } } : {}),
      });
    }
  }
  out.push({ name: 'glob.sync', code: 'BW103', instead: 'await glob(...)' });
  out.push({ name: 'glob.globSync', code: 'BW103', instead: 'await glob(...)' });
  out.push({ name: 'fast-glob.sync', code: 'BW103', instead: 'await fg(...)' });
  return out;
}

export const JAVASCRIPT_BLOCKING: JsBlockingApi[] = [
  // BW101 sleep
  { name: 'Atomics.wait', code: 'BW101', instead: 'await Atomics.waitAsync(...).value' },
  { name: 'sleep-sync', code: 'BW101', instead: '`await setTimeout(ms)` from `node:timers/promises`' },
  // BW102 sync HTTP
  { name: 'sync-request', code: 'BW102', instead: 'await fetch(...)' },
  { name: 'sync-fetch', code: 'BW102', instead: 'await fetch(...)' },
  { name: 'then-request.sync', code: 'BW102', instead: 'await fetch(...)' },
  // BW103 file I/O, BW109 file-system queries and metadata changes
  ...fsEntries(),
  // BW104 subprocesses
  { name: 'child_process.execSync', code: 'BW104', instead: '`await promisify(exec)(...)` (`promisify` from `node:util`)' },
  { name: 'child_process.execFileSync', code: 'BW104', instead: '`await promisify(execFile)(...)` (`promisify` from `node:util`)' },
  { name: 'child_process.spawnSync', code: 'BW104', instead: "`spawn(...)` and await its `'close'` event" },
  { name: 'execa.sync', code: 'BW104', instead: 'await execa(...)' },
  { name: 'execa.execaSync', code: 'BW104', instead: 'await execa(...)' },
  { name: 'execa.execaCommandSync', code: 'BW104', instead: 'await execaCommand(...)' },
  { name: 'cross-spawn.sync', code: 'BW104', instead: "`spawn(...)` and await its `'close'` event" },
  { name: 'shelljs.exec', code: 'BW104', instead: '`await promisify(exec)(...)` (`promisify` from `node:util`)' },
  // BW106 sync database drivers (instance methods resolve through `new Database(...)`)
  { name: 'better-sqlite3().exec', code: 'BW106', instead: 'an async driver, or the query in a worker thread (piscina)' },
  { name: 'better-sqlite3().prepare().run', code: 'BW106', instead: 'an async driver, or the query in a worker thread (piscina)' },
  { name: 'better-sqlite3().prepare().get', code: 'BW106', instead: 'an async driver, or the query in a worker thread (piscina)' },
  { name: 'better-sqlite3().prepare().all', code: 'BW106', instead: 'an async driver, or the query in a worker thread (piscina)' },
  { name: 'sqlite.DatabaseSync().exec', code: 'BW106', instead: 'an async driver, or the query in a worker thread (piscina)' },
  { name: 'sqlite.DatabaseSync().prepare().run', code: 'BW106', instead: 'an async driver, or the query in a worker thread (piscina)' },
  { name: 'sqlite.DatabaseSync().prepare().get', code: 'BW106', instead: 'an async driver, or the query in a worker thread (piscina)' },
  { name: 'sqlite.DatabaseSync().prepare().all', code: 'BW106', instead: 'an async driver, or the query in a worker thread (piscina)' },
  // BW107 waits on another thread or the terminal
  { name: 'readline-sync.question', code: 'BW107', instead: '`await rl.question(...)` from `node:readline/promises`' },
  { name: 'readline-sync.prompt', code: 'BW107', instead: '`await rl.question(...)` from `node:readline/promises`' },
  { name: 'readline-sync.keyInYN', code: 'BW107', instead: '`await rl.question(...)` from `node:readline/promises`' },
  { name: 'prompt-sync()', code: 'BW107', instead: '`await rl.question(...)` from `node:readline/promises`' },
  // BW108 CPU-heavy sync library calls
  ...ZLIB_SYNC.map((n): JsBlockingApi => ({ name: `zlib.${n}Sync`, code: 'BW108', instead: `\`await promisify(zlib.${n})(...)\` (runs on the libuv pool)`, costIsDataSize: true })),
  ...CRYPTO_SYNC.map((n): JsBlockingApi => ({ name: `crypto.${n}Sync`, code: 'BW108', instead: `\`await promisify(crypto.${n})(...)\` (runs on the libuv pool)` })),
  { name: 'crypto.randomBytes', code: 'BW108', instead: 'await promisify(crypto.randomBytes)(n)', onlyWithoutCallback: true, cheapUpTo: 8192 },
  { name: 'bcrypt.hashSync', code: 'BW108', instead: 'await bcrypt.hash(...)' },
  { name: 'bcrypt.compareSync', code: 'BW108', instead: 'await bcrypt.compare(...)' },
  { name: 'bcryptjs.hashSync', code: 'BW108', instead: 'await bcrypt.hash(...)' },
  { name: 'bcryptjs.compareSync', code: 'BW108', instead: 'await bcrypt.compare(...)' },
];

export const JAVASCRIPT_BLOCKING_BY_NAME: ReadonlyMap<string, JsBlockingApi> = new Map(JAVASCRIPT_BLOCKING.map((e) => [e.name, e]));

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const methods = (type: string, names: string[]) => names.map((m) => `${type}.${m}`);

/** Async APIs whose request goes to a target their arguments name (a URL, a path, a host): BW302's
 * evidence that a loop's awaits are independent requests. */
const ASYNC_REQUESTS = new Set([
  'fetch',
  'axios',
  ...methods('axios', VERBS),
  'got',
  ...methods('got', VERBS),
  'undici.request',
  'undici.fetch',
  'node-fetch',
  ...methods('fs.promises', ['readFile', 'writeFile', 'appendFile', 'stat', 'lstat', 'readdir', 'unlink', 'rm', 'mkdir', 'access', 'copyFile', 'rename', 'open', 'readlink', 'realpath']),
  ...methods('dns.promises', ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveMx', 'resolveTxt', 'resolveSrv', 'reverse']),
]);

/** Canonical names of the calls that start a server (start-up work before them blocks nobody). */
const SERVING_CALLS = [
  /^(http|https|http2|net|tls)\.(createServer|createSecureServer)(\(\)\.listen)?$/,
  /^(express|fastify|koa|connect|polka|restify)\(\)\.listen$/,
];

/** The Node catalogue. `compute`: the computing calls of Python's table, which JavaScript has
 * always read (`xs.sort()`, `m.get(k)` and `s.split()` are methods of JS values too); a table of
 * its own would change JS findings. */
export function javascriptCatalogue(compute: ComputeCalls) {
  return makeCatalogue(JAVASCRIPT_BLOCKING, { compute, asyncRequests: ASYNC_REQUESTS, servingCalls: SERVING_CALLS, offloadConfigured: 'its async form, awaited, or a worker thread' });
}

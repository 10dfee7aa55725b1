// The Python blocking-API catalogue: data only. Names are canonical dotted names after import and
// alias resolution. Methods of objects are named through the type the object was made by
// (`requests.Session.get`): the front end gives `s = requests.Session()` the type
// `requests.Session` and resolves `s.get(...)` to `requests.Session.get`; CONSTRUCTORS says which
// calls make which types. An object of unknown type never resolves, so `cache.get` is no finding.
import { makeCatalogue, type ArgCondition, type BlockingApi, type ComputeCalls } from '../catalogue';

/** An entry: name, code, what to use instead, and the fields that say when it does not block. */
type Entry = [name: string, code: string, instead: string, when?: Partial<BlockingApi>];

const methods = (type: string, names: string[], code: string, instead: string, when?: Partial<BlockingApi>): Entry[] =>
  names.map((n) => [`${type}.${n}`, code, instead, when]);

/** One file's data read or written, or data compressed: as long as the data is large (see
 * `BlockingApi.costIsDataSize`). */
const DATA_SIZED: Partial<BlockingApi> = { costIsDataSize: true };

const FALSE = /^False$/;
const ZERO = /^0(\.0*)?$/;
/** A wait told not to wait: `block=False`, `blocking=False`, `timeout=0`. */
const TOLD_NOT_TO_WAIT: ArgCondition[] = [
  { keyword: 'block', value: FALSE },
  { keyword: 'blocking', value: FALSE },
  { keyword: 'timeout', value: ZERO },
];
/** ...or by position: `q.get(False)`, `q.put(x, False)`, `event.wait(0)`. */
const noWait = (arg?: number, value?: RegExp): Partial<BlockingApi> => ({
  doesNotBlockWhen: arg === undefined ? TOLD_NOT_TO_WAIT : [...TOLD_NOT_TO_WAIT, { arg, value }],
});
/** `q.put(x)` on a queue made without a maxsize (or with 0): an unbounded queue is never full. */
const UNBOUNDED_QUEUE: Partial<BlockingApi>['waitsOnlyWhenShared'] = {
  madeBy: ['queue.Queue', 'queue.LifoQueue', 'queue.PriorityQueue', 'queue.SimpleQueue', 'multiprocessing.Queue', 'multiprocessing.SimpleQueue'],
  unlessMadeWith: { keyword: 'maxsize', arg: 0, value: /^(?!0$)/ },
};
/** A bytes or string literal as the first argument: a few bytes of work. */
const LITERAL_FIRST_ARG: ArgCondition = { arg: 0, value: /^[bBrRuU]*['"]/ };

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const HTTP_ASYNC = 'an async client (`httpx.AsyncClient`, aiohttp) or `await asyncio.to_thread(...)`';
const FILE_ASYNC = '`await asyncio.to_thread(...)` (or aiofiles)';
const SUBPROCESS_ASYNC = '`await asyncio.create_subprocess_exec(...)`';
const SOCKET_ASYNC = 'asyncio streams (`asyncio.open_connection`) or `loop.sock_*` methods';
const DNS_ASYNC = '`await loop.getaddrinfo(...)`';
const DB_ASYNC = 'an async driver (aiosqlite, asyncpg, aiomysql, redis.asyncio) or `await asyncio.to_thread(...)`';
const WAIT_ASYNC = 'the asyncio primitive (`asyncio.Queue`, `asyncio.Event`, `asyncio.Lock`) or `await asyncio.to_thread(...)`';
const CPU_ASYNC = '`await loop.run_in_executor(process_pool, ...)` or `await asyncio.to_thread(...)`';
const FS_QUERY_ASYNC = '`await asyncio.to_thread(...)` (or `aiofiles.os`)';
const TLS_ASYNC = 'a context made once at start-up and reused, or `await asyncio.to_thread(...)`';
const MIMETYPES_ASYNC = '`mimetypes.init()` once at start-up (module level), or `await asyncio.to_thread(...)`';

/** `os.path` and pathlib calls that ask the file system about a path (a stat, a symlink walk). */
const OS_PATH_QUERIES = ['exists', 'lexists', 'isfile', 'isdir', 'islink', 'ismount', 'getsize', 'getmtime', 'getatime', 'getctime', 'realpath', 'samefile', 'sameopenfile'];
const PATH_QUERIES = ['exists', 'is_file', 'is_dir', 'is_symlink', 'is_mount', 'is_socket', 'is_fifo', 'is_block_device', 'is_char_device', 'is_junction', 'stat', 'lstat', 'resolve', 'samefile', 'owner', 'group', 'readlink', 'iterdir', 'glob'];
/** Calls that change one path's metadata (no file data moves): as cheap as a query on a local disk. */
const PATH_METADATA_CHANGES = ['touch', 'mkdir', 'unlink', 'rmdir', 'rename', 'replace', 'chmod', 'lchmod', 'hardlink_to', 'symlink_to'];
const OS_QUERIES_AND_METADATA_CHANGES = [
  'stat', 'lstat', 'access', 'listdir', 'scandir', 'readlink', 'chmod', 'lchmod', 'chown', 'lchown', 'utime',
  'remove', 'unlink', 'rmdir', 'removedirs', 'mkdir', 'makedirs', 'rename', 'renames', 'replace', 'link', 'symlink', 'statvfs',
];

const ENTRIES: Entry[] = [
  // BW101 sleep
  ['time.sleep', 'BW101', '`await asyncio.sleep(...)`', { fix: 'async-sleep' }],

  // BW102 sync HTTP
  ...HTTP_VERBS.map((v): Entry => [`requests.${v}`, 'BW102', HTTP_ASYNC]),
  ...methods('requests.Session', [...HTTP_VERBS, 'send'], 'BW102', HTTP_ASYNC),
  // httpx2 is the maintained fork of httpx, with the same API.
  ...['httpx', 'httpx2'].flatMap((m): Entry[] => [
    ...HTTP_VERBS.map((v): Entry => [`${m}.${v}`, 'BW102', `\`${m}.AsyncClient\``]),
    [`${m}.stream`, 'BW102', `\`${m}.AsyncClient().stream(...)\``],
    ...methods(`${m}.Client`, [...HTTP_VERBS, 'send', 'stream'], 'BW102', `\`${m}.AsyncClient\``),
    // The body of a streamed response is read from the socket.
    ...methods(`${m}.Response`, ['read', 'iter_bytes', 'iter_text', 'iter_lines', 'iter_raw'], 'BW102', `\`${m}.AsyncClient().stream(...)\` and \`await response.aread()\``),
  ]),
  ['urllib.request.urlopen', 'BW102', HTTP_ASYNC],
  ['urllib.request.urlretrieve', 'BW102', HTTP_ASYNC],
  ['urllib.request.OpenerDirector.open', 'BW102', HTTP_ASYNC],
  ...methods('http.client.HTTPConnection', ['request', 'getresponse', 'connect', 'endheaders', 'send'], 'BW102', HTTP_ASYNC),
  ...methods('http.client.HTTPResponse', ['read', 'readline', 'readlines', 'read1', 'readinto'], 'BW102', HTTP_ASYNC),
  ['urllib3.request', 'BW102', HTTP_ASYNC],
  ...methods('urllib3.PoolManager', ['request', 'urlopen', 'request_encode_url', 'request_encode_body'], 'BW102', HTTP_ASYNC),
  ...methods('urllib3.HTTPConnectionPool', ['request', 'urlopen'], 'BW102', HTTP_ASYNC),

  // BW103 file I/O (data read or written, whole trees walked or copied)
  ['builtins.open', 'BW103', FILE_ASYNC, DATA_SIZED],
  ['io.open', 'BW103', FILE_ASYNC, DATA_SIZED],
  ['io.open_code', 'BW103', FILE_ASYNC, DATA_SIZED],
  ['os.fdopen', 'BW103', FILE_ASYNC, DATA_SIZED],
  ['codecs.open', 'BW103', FILE_ASYNC, DATA_SIZED],
  ['gzip.open', 'BW103', FILE_ASYNC, DATA_SIZED],
  ['bz2.open', 'BW103', FILE_ASYNC, DATA_SIZED],
  ['lzma.open', 'BW103', FILE_ASYNC, DATA_SIZED],
  // `tarfile.open(fileobj=buffer)` reads the object it is given (an in-memory buffer, or a file
  // whose own opening is a finding), not a path.
  ['tarfile.open', 'BW103', FILE_ASYNC, { doesNotBlockWhen: [{ keyword: 'fileobj', unless: [{ keyword: 'name' }, { arg: 0 }] }] }],
  ...['TemporaryFile', 'NamedTemporaryFile', 'mkstemp', 'mkdtemp', 'TemporaryDirectory'].map((n): Entry => [`tempfile.${n}`, 'BW103', FILE_ASYNC]),
  ['netrc.netrc', 'BW103', FILE_ASYNC],
  // The first use reads the system's mime.types files.
  ...['guess_type', 'guess_extension', 'guess_all_extensions', 'init', 'read_mime_types', 'add_type', 'MimeTypes'].map(
    (n): Entry => [`mimetypes.${n}`, 'BW103', MIMETYPES_ASYNC, { loadedByModuleLevelUseOf: 'mimetypes' }],
  ),
  ...methods('io.IOBase', ['read', 'readline', 'readlines', 'write', 'writelines', 'flush', 'readinto', 'truncate'], 'BW103', FILE_ASYNC, DATA_SIZED),
  ...methods('pathlib.Path', ['read_text', 'read_bytes', 'write_text', 'write_bytes', 'open'], 'BW103', FILE_ASYNC, DATA_SIZED),
  ...methods('pathlib.Path', ['rglob', 'walk'], 'BW103', FILE_ASYNC),
  ...['copy', 'copy2', 'copyfile', 'copyfileobj', 'copytree', 'move', 'rmtree', 'make_archive', 'unpack_archive'].map((n): Entry => [`shutil.${n}`, 'BW103', FILE_ASYNC]),
  ...['open', 'read', 'write', 'pread', 'pwrite', 'readv', 'writev', 'truncate', 'ftruncate'].map((n): Entry => [`os.${n}`, 'BW103', FILE_ASYNC, DATA_SIZED]),
  ...['fsync', 'fdatasync', 'sendfile', 'walk', 'fwalk', 'copy_file_range'].map((n): Entry => [`os.${n}`, 'BW103', FILE_ASYNC]),

  // BW109 file-system queries and metadata changes of one path
  ...OS_PATH_QUERIES.map((n): Entry => [`os.path.${n}`, 'BW109', FS_QUERY_ASYNC]),
  ...OS_QUERIES_AND_METADATA_CHANGES.map((n): Entry => [`os.${n}`, 'BW109', FS_QUERY_ASYNC]),
  ...methods('pathlib.Path', [...PATH_QUERIES, ...PATH_METADATA_CHANGES], 'BW109', FS_QUERY_ASYNC),
  ['shutil.disk_usage', 'BW109', FS_QUERY_ASYNC],

  // BW104 subprocess
  ...['run', 'call', 'check_call', 'check_output', 'getoutput', 'getstatusoutput'].map((n): Entry => [`subprocess.${n}`, 'BW104', SUBPROCESS_ASYNC]),
  ...methods('subprocess.Popen', ['wait', 'communicate'], 'BW104', '`await asyncio.create_subprocess_exec(...)` and `await proc.wait()`'),
  ['os.system', 'BW104', SUBPROCESS_ASYNC],
  ['os.popen', 'BW104', SUBPROCESS_ASYNC],
  ['os.wait', 'BW104', '`await proc.wait()` on an asyncio subprocess'],
  // Given `os.WNOHANG`, they return at once.
  ...['waitpid', 'wait3', 'wait4', 'waitid'].map(
    (n): Entry => [`os.${n}`, 'BW104', '`await proc.wait()` on an asyncio subprocess', { doesNotBlockWhen: [{ anyArg: true, value: /\bWNOHANG\b/ }] }],
  ),
  // With `os.P_WAIT` (only) the call waits for the child.
  ...['spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe'].map(
    (n): Entry => [`os.${n}`, 'BW104', SUBPROCESS_ASYNC, { blocksOnlyWhen: { arg: 0, value: /(^|\.)P_WAIT$/ } }],
  ),

  // BW105 sockets, DNS, ssl
  ...['gethostbyname', 'gethostbyname_ex', 'gethostbyaddr', 'getfqdn'].map((n): Entry => [`socket.${n}`, 'BW105', DNS_ASYNC]),
  // `getaddrinfo(..., flags=AI_NUMERICHOST)`, `getnameinfo(addr, NI_NUMERICHOST | NI_NUMERICSERV)`:
  // numeric addresses only, no DNS lookup.
  ...['getaddrinfo', 'getnameinfo'].map((n): Entry => [`socket.${n}`, 'BW105', DNS_ASYNC, { doesNotBlockWhen: [{ anyArg: true, value: /NUMERIC/ }] }]),
  ['socket.create_connection', 'BW105', '`await asyncio.open_connection(...)`'],
  ['socket.create_server', 'BW105', '`await asyncio.start_server(...)`'],
  ...methods('socket.socket', ['accept', 'connect', 'recv', 'recvfrom', 'recv_into', 'recvfrom_into', 'recvmsg', 'send', 'sendall', 'sendto', 'sendmsg', 'sendfile'], 'BW105', SOCKET_ASYNC),
  ...methods('ssl.SSLSocket', ['accept', 'connect', 'recv', 'recv_into', 'send', 'sendall', 'read', 'write', 'do_handshake', 'unwrap'], 'BW105', SOCKET_ASYNC),
  ['ssl.get_server_certificate', 'BW105', '`await asyncio.open_connection(..., ssl=ctx)`'],
  // TLS set-up reads and parses certificate stores: about 20 ms for a default context.
  ['ssl.create_default_context', 'BW105', TLS_ASYNC],
  ...methods('ssl.SSLContext', ['load_verify_locations', 'load_cert_chain', 'load_default_certs', 'set_default_verify_paths'], 'BW105', TLS_ASYNC),

  // BW106 sync database drivers
  ['sqlite3.connect', 'BW106', DB_ASYNC],
  ...methods('sqlite3.Connection', ['execute', 'executemany', 'executescript', 'commit', 'rollback', 'backup', 'iterdump'], 'BW106', DB_ASYNC),
  ...methods('sqlite3.Cursor', ['execute', 'executemany', 'executescript', 'fetchone', 'fetchmany', 'fetchall'], 'BW106', DB_ASYNC),
  ['psycopg2.connect', 'BW106', DB_ASYNC],
  ...methods('psycopg2.connection', ['commit', 'rollback'], 'BW106', DB_ASYNC),
  ...methods('psycopg2.cursor', ['execute', 'executemany', 'callproc', 'fetchone', 'fetchmany', 'fetchall', 'copy_from', 'copy_to', 'copy_expert'], 'BW106', DB_ASYNC),
  ['psycopg.connect', 'BW106', '`await psycopg.AsyncConnection.connect(...)`'],
  ...methods('psycopg.Connection', ['execute', 'commit', 'rollback'], 'BW106', '`psycopg.AsyncConnection`'),
  ...methods('psycopg.Cursor', ['execute', 'executemany', 'fetchone', 'fetchmany', 'fetchall', 'copy'], 'BW106', '`psycopg.AsyncConnection`'),
  ['pymysql.connect', 'BW106', DB_ASYNC],
  ['MySQLdb.connect', 'BW106', DB_ASYNC],
  ...methods('pymysql.Connection', ['commit', 'rollback', 'ping', 'query'], 'BW106', DB_ASYNC),
  ...methods('pymysql.Cursor', ['execute', 'executemany', 'callproc', 'fetchone', 'fetchmany', 'fetchall'], 'BW106', DB_ASYNC),
  ...methods('redis.client.Pipeline', ['execute'], 'BW106', '`redis.asyncio`'),

  // BW107 waits on threads
  ['builtins.input', 'BW107', '`await asyncio.to_thread(input, ...)`'],
  ...['queue.Queue', 'multiprocessing.Queue'].flatMap((type): Entry[] => [
    [`${type}.get`, 'BW107', WAIT_ASYNC, noWait(0, FALSE)],
    [`${type}.put`, 'BW107', WAIT_ASYNC, { ...noWait(1, FALSE), waitsOnlyWhenShared: UNBOUNDED_QUEUE }],
    [`${type}.join`, 'BW107', WAIT_ASYNC, noWait()],
  ]),
  ...methods('threading.Thread', ['join'], 'BW107', '`await asyncio.to_thread(thread.join)`', noWait(0, ZERO)),
  ...methods('multiprocessing.Process', ['join'], 'BW107', '`await asyncio.to_thread(process.join)`', noWait()),
  ...methods('threading.Event', ['wait'], 'BW107', WAIT_ASYNC, noWait(0, ZERO)),
  // A lock this function made is free at its first acquire: no other thread can hold it yet (not
  // a semaphore: one made with 0 blocks).
  ...methods('threading.Lock', ['acquire'], 'BW107', WAIT_ASYNC, { ...noWait(0, FALSE), waitsOnlyWhenShared: { madeBy: ['threading.Lock', 'threading.RLock'], inSameFunction: true } }),
  ...methods('threading.Condition', ['acquire'], 'BW107', WAIT_ASYNC, noWait(0, FALSE)),
  ...methods('threading.Condition', ['wait'], 'BW107', WAIT_ASYNC, noWait(0, ZERO)),
  ...methods('threading.Condition', ['wait_for'], 'BW107', WAIT_ASYNC),
  ...methods('threading.Semaphore', ['acquire'], 'BW107', WAIT_ASYNC, noWait(0, FALSE)),
  ...methods('threading.Barrier', ['wait'], 'BW107', WAIT_ASYNC, noWait()),
  ...methods('concurrent.futures.Future', ['result'], 'BW107', '`await asyncio.wrap_future(future)`', noWait(0, ZERO)),
  ...methods('concurrent.futures.Future', ['exception'], 'BW107', '`await asyncio.wrap_future(future)`'),
  ['concurrent.futures.wait', 'BW107', '`await asyncio.wait([asyncio.wrap_future(f) for f in fs])`'],
  ...methods('concurrent.futures.Executor', ['shutdown'], 'BW107', '`await asyncio.to_thread(executor.shutdown)`'),
  ...methods('multiprocessing.pool.Pool', ['map', 'starmap', 'apply'], 'BW107', '`await loop.run_in_executor(process_pool, ...)`'),
  ...methods('multiprocessing.pool.Pool', ['join'], 'BW107', '`await loop.run_in_executor(process_pool, ...)`', noWait()),
  ...methods('multiprocessing.pool.AsyncResult', ['get', 'wait'], 'BW107', '`await loop.run_in_executor(...)`', noWait()),

  // BW108 CPU-heavy library calls
  ['hashlib.pbkdf2_hmac', 'BW108', CPU_ASYNC],
  ['hashlib.scrypt', 'BW108', CPU_ASYNC],
  // Compressing a literal is a few bytes of work.
  ...['zlib', 'gzip', 'bz2', 'lzma'].flatMap((m): Entry[] => [
    [`${m}.compress`, 'BW108', CPU_ASYNC, { doesNotBlockWhen: [LITERAL_FIRST_ARG], ...DATA_SIZED }],
    [`${m}.decompress`, 'BW108', CPU_ASYNC, { doesNotBlockWhen: [LITERAL_FIRST_ARG], ...DATA_SIZED }],
  ]),
  ['bcrypt.hashpw', 'BW108', CPU_ASYNC],
  ['bcrypt.checkpw', 'BW108', CPU_ASYNC],
  ['bcrypt.kdf', 'BW108', CPU_ASYNC],
];

/** An empty string or bytes literal. */
const EMPTY_LITERAL = /^[bBrRuU]*(''|"")$/;
/** Writes that move no data when given an empty literal: they create or empty the file at most. */
const EMPTY_WRITES: Record<string, ArgCondition> = {
  'io.IOBase.write': { arg: 0, value: EMPTY_LITERAL },
  'pathlib.Path.write_text': { arg: 0, keyword: 'data', value: EMPTY_LITERAL },
  'pathlib.Path.write_bytes': { arg: 0, keyword: 'data', value: EMPTY_LITERAL },
  'os.write': { arg: 1, value: EMPTY_LITERAL },
};

export const PYTHON_BLOCKING: BlockingApi[] = ENTRIES.map(([name, code, instead, when]) => ({
  ...when,
  name,
  code,
  instead,
  ...(EMPTY_WRITES[name] ? { movesNoDataWhen: EMPTY_WRITES[name] } : {}),
}));


/** Calls that compute and never wait: a loop made of these and arithmetic is CPU work (BW201,
 * BW301), and the workspace index leaves them out of files nobody has open. */
export const PYTHON_COMPUTE: ComputeCalls = {
  builtins: new Set(['len', 'abs', 'min', 'max', 'sum', 'range', 'enumerate', 'zip', 'int', 'float', 'complex', 'str', 'bytes', 'bool', 'list', 'dict', 'set', 'frozenset', 'tuple', 'sorted', 'reversed', 'divmod', 'pow', 'round', 'ord', 'chr', 'hash', 'isinstance', 'map', 'filter', 'any', 'all', 'repr', 'hex', 'bin', 'oct', 'format', 'iter', 'next', 'bytearray']),
  modules: /^(math|cmath|operator|itertools|functools|random|statistics|bisect|heapq|re|hashlib|binascii|struct|decimal|fractions|numpy|np)\./,
  methods: new Set(['append', 'extend', 'add', 'update', 'get', 'pop', 'popleft', 'appendleft', 'items', 'keys', 'values', 'join', 'split', 'rsplit', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'replace', 'format', 'startswith', 'endswith', 'sort', 'index', 'count', 'copy', 'setdefault', 'encode', 'decode', 'find', 'rfind', 'insert', 'remove', 'discard', 'union', 'intersection', 'difference', 'hexdigest', 'digest', 'to_bytes', 'from_bytes', 'bit_length', 'is_integer', 'isdigit', 'isalpha', 'match', 'search', 'sub', 'findall', 'group', 'translate', 'zfill', 'ljust', 'rjust', 'center', 'partition']),
};

/** Types whose every method blocks (a sync client with hundreds of commands), minus the listed ones. */
export const PYTHON_BLOCKING_TYPES: Array<{ type: string; code: string; instead: string; except: string[] }> = [
  { type: 'redis.Redis', code: 'BW106', instead: '`redis.asyncio.Redis`', except: ['pipeline', 'pubsub', 'lock', 'close', 'register_script', 'from_url', 'get_connection_kwargs'] },
];

/** Which calls make objects of which type: constructors, factories and methods returning objects. */
export const PYTHON_CONSTRUCTORS: Record<string, string> = {
  'requests.Session': 'requests.Session',
  // aiohttp's sites: `site.start()` starts serving (SERVING_CALLS).
  'aiohttp.web.TCPSite': 'aiohttp.web.TCPSite',
  'aiohttp.web.UnixSite': 'aiohttp.web.UnixSite',
  'aiohttp.web.SockSite': 'aiohttp.web.SockSite',
  'aiohttp.web.NamedPipeSite': 'aiohttp.web.NamedPipeSite',
  'requests.session': 'requests.Session',
  'requests.sessions.Session': 'requests.Session',
  'httpx.Client': 'httpx.Client',
  'httpx.Client.stream': 'httpx.Response',
  'httpx.stream': 'httpx.Response',
  'httpx2.Client': 'httpx2.Client',
  'httpx2.Client.stream': 'httpx2.Response',
  'httpx2.stream': 'httpx2.Response',
  'urllib.request.build_opener': 'urllib.request.OpenerDirector',
  'urllib.request.OpenerDirector': 'urllib.request.OpenerDirector',
  'urllib.request.urlopen': 'http.client.HTTPResponse',
  'http.client.HTTPConnection': 'http.client.HTTPConnection',
  'http.client.HTTPSConnection': 'http.client.HTTPConnection',
  'http.client.HTTPConnection.getresponse': 'http.client.HTTPResponse',
  'urllib3.PoolManager': 'urllib3.PoolManager',
  'urllib3.HTTPConnectionPool': 'urllib3.HTTPConnectionPool',
  'urllib3.HTTPSConnectionPool': 'urllib3.HTTPConnectionPool',
  'urllib3.connection_from_url': 'urllib3.HTTPConnectionPool',
  'builtins.open': 'io.IOBase',
  'io.open': 'io.IOBase',
  'codecs.open': 'io.IOBase',
  'gzip.open': 'io.IOBase',
  'bz2.open': 'io.IOBase',
  'lzma.open': 'io.IOBase',
  'io.FileIO': 'io.IOBase',
  'io.open_code': 'io.IOBase',
  'os.fdopen': 'io.IOBase',
  'tempfile.TemporaryFile': 'io.IOBase',
  'tempfile.NamedTemporaryFile': 'io.IOBase',
  'pathlib.Path.open': 'io.IOBase',
  'pathlib.Path': 'pathlib.Path',
  'pathlib.PosixPath': 'pathlib.Path',
  'pathlib.WindowsPath': 'pathlib.Path',
  'pathlib.Path.cwd': 'pathlib.Path',
  'pathlib.Path.home': 'pathlib.Path',
  // Path methods and attributes that return paths.
  ...Object.fromEntries(['joinpath', 'resolve', 'absolute', 'expanduser', 'with_name', 'with_stem', 'with_suffix', 'with_segments', 'relative_to', 'readlink', 'parent'].map((m) => [`pathlib.Path.${m}`, 'pathlib.Path'])),
  'subprocess.Popen': 'subprocess.Popen',
  'socket.socket': 'socket.socket',
  'socket.create_connection': 'socket.socket',
  'socket.create_server': 'socket.socket',
  'socket.fromfd': 'socket.socket',
  'socket.socket.accept': 'tuple',
  'ssl.create_default_context': 'ssl.SSLContext',
  'ssl.SSLContext': 'ssl.SSLContext',
  'ssl.SSLContext.wrap_socket': 'ssl.SSLSocket',
  'ssl.wrap_socket': 'ssl.SSLSocket',
  'sqlite3.connect': 'sqlite3.Connection',
  'sqlite3.Connection.cursor': 'sqlite3.Cursor',
  'sqlite3.Connection.execute': 'sqlite3.Cursor',
  'psycopg2.connect': 'psycopg2.connection',
  'psycopg2.connection.cursor': 'psycopg2.cursor',
  'psycopg.connect': 'psycopg.Connection',
  'psycopg.Connection.connect': 'psycopg.Connection',
  'psycopg.Connection.cursor': 'psycopg.Cursor',
  'pymysql.connect': 'pymysql.Connection',
  'pymysql.Connection.cursor': 'pymysql.Cursor',
  'MySQLdb.connect': 'pymysql.Connection',
  'redis.Redis': 'redis.Redis',
  'redis.StrictRedis': 'redis.Redis',
  'redis.from_url': 'redis.Redis',
  'redis.Redis.from_url': 'redis.Redis',
  'redis.Redis.pipeline': 'redis.client.Pipeline',
  'queue.Queue': 'queue.Queue',
  'queue.LifoQueue': 'queue.Queue',
  'queue.PriorityQueue': 'queue.Queue',
  'queue.SimpleQueue': 'queue.Queue',
  'multiprocessing.Queue': 'multiprocessing.Queue',
  'multiprocessing.JoinableQueue': 'multiprocessing.Queue',
  'multiprocessing.SimpleQueue': 'multiprocessing.Queue',
  'threading.Thread': 'threading.Thread',
  'threading.Timer': 'threading.Thread',
  'multiprocessing.Process': 'multiprocessing.Process',
  'threading.Event': 'threading.Event',
  'multiprocessing.Event': 'threading.Event',
  'threading.Lock': 'threading.Lock',
  'threading.RLock': 'threading.Lock',
  'multiprocessing.Lock': 'threading.Lock',
  'multiprocessing.RLock': 'threading.Lock',
  'threading.Condition': 'threading.Condition',
  'threading.Semaphore': 'threading.Semaphore',
  'threading.BoundedSemaphore': 'threading.Semaphore',
  'multiprocessing.Semaphore': 'threading.Semaphore',
  'threading.Barrier': 'threading.Barrier',
  'concurrent.futures.ThreadPoolExecutor': 'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.thread.ThreadPoolExecutor': 'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.ProcessPoolExecutor': 'concurrent.futures.ProcessPoolExecutor',
  'concurrent.futures.process.ProcessPoolExecutor': 'concurrent.futures.ProcessPoolExecutor',
  'concurrent.futures.ThreadPoolExecutor.submit': 'concurrent.futures.Future',
  'concurrent.futures.ProcessPoolExecutor.submit': 'concurrent.futures.Future',
  'concurrent.futures.Future': 'concurrent.futures.Future',
  'multiprocessing.Pool': 'multiprocessing.pool.Pool',
  'multiprocessing.pool.Pool': 'multiprocessing.pool.Pool',
  'multiprocessing.pool.ThreadPool': 'multiprocessing.pool.ThreadPool',
  'multiprocessing.dummy.Pool': 'multiprocessing.pool.ThreadPool',
  'multiprocessing.pool.Pool.apply_async': 'multiprocessing.pool.AsyncResult',
  'multiprocessing.pool.Pool.map_async': 'multiprocessing.pool.AsyncResult',
  'multiprocessing.pool.ThreadPool.apply_async': 'multiprocessing.pool.AsyncResult',
  'multiprocessing.pool.ThreadPool.map_async': 'multiprocessing.pool.AsyncResult',
};

/** Calls that return an iterable of objects of a type (`for p in path.iterdir()`). */
export const PYTHON_ITERABLES: Record<string, string> = {
  'pathlib.Path.iterdir': 'pathlib.Path',
  'pathlib.Path.glob': 'pathlib.Path',
  'pathlib.Path.rglob': 'pathlib.Path',
};

/** Type names in annotations (`f: io.TextIOWrapper`, `client: httpx.Client`) and the type a value
 * so annotated has: every class the constructors above make, and the concrete file classes. Not
 * the abstract `io.IOBase` and friends (an in-memory `BytesIO` is one), nor responses (only a
 * streamed one reads from the socket). */
export const PYTHON_ANNOTATION_TYPES: Record<string, string> = Object.fromEntries([
  ...Object.entries(PYTHON_CONSTRUCTORS).filter(([name]) => isClassName(name)),
  ...Object.values(PYTHON_CONSTRUCTORS).filter((type) => isClassName(type) && !['io.IOBase', 'httpx.Response', 'httpx2.Response'].includes(type)).map((type) => [type, type]),
  ...['TextIOWrapper', 'BufferedReader', 'BufferedWriter', 'BufferedRandom', 'FileIO'].map((c) => [`io.${c}`, 'io.IOBase']),
  ...['PosixPath', 'WindowsPath'].map((c) => [`pathlib.${c}`, 'pathlib.Path']),
]);

/** `pkg.Class` (not `pkg.Class.method`, not a factory function). */
function isClassName(name: string): boolean {
  const parts = name.split('.');
  return /^[A-Z]/.test(parts[parts.length - 1]) && !parts.slice(0, -1).some((p) => /^[A-Z]/.test(p));
}

/** Types that share another type's methods (`ThreadPoolExecutor.shutdown` is `Executor.shutdown`). */
export const PYTHON_SUPERTYPES: Record<string, string> = {
  'concurrent.futures.ThreadPoolExecutor': 'concurrent.futures.Executor',
  'concurrent.futures.ProcessPoolExecutor': 'concurrent.futures.Executor',
  'multiprocessing.pool.ThreadPool': 'multiprocessing.pool.Pool',
  'ssl.SSLSocket': 'socket.socket',
};

/** Where work is handed to other threads or processes (BW301, BW303): the call, which argument is
 * the function (a position, or a keyword), and which kind of worker runs it. */
export interface HandoffApi {
  pool: 'thread' | 'process';
  /** Positional index of the function argument. */
  position?: number;
  /** Keyword naming the function argument. */
  keyword?: string;
}

const POOL_METHODS = (type: string, pool: 'thread' | 'process'): Record<string, HandoffApi> =>
  Object.fromEntries(
    ['map', 'submit', 'imap', 'imap_unordered', 'starmap', 'apply', 'apply_async', 'map_async', 'starmap_async'].map((m) => [`${type}.${m}`, { pool, position: 0 }]),
  );

export const PYTHON_HANDOFFS: Record<string, HandoffApi> = {
  'asyncio.to_thread': { pool: 'thread', position: 0 },
  'threading.Thread': { pool: 'thread', keyword: 'target' },
  'threading.Timer': { pool: 'thread', position: 1 },
  ...POOL_METHODS('concurrent.futures.ThreadPoolExecutor', 'thread'),
  ...POOL_METHODS('concurrent.futures.ProcessPoolExecutor', 'process'),
  ...POOL_METHODS('multiprocessing.pool.Pool', 'process'),
  ...POOL_METHODS('multiprocessing.pool.ThreadPool', 'thread'),
};

/** Calls that run a coroutine on a loop of their own: `asyncio.run(main())`, `trio.run(main)`.
 * The function they are given is the program's entry (./lifecycle). */
export const ENTRY_RUNNERS = new Set(['asyncio.run', 'asyncio.runners.run', 'uvloop.run', 'trio.run', 'anyio.run']);

/** Text that any finding needs: an `async def` (`await`, `async for` and `async with` live only in
 * one), a hand-off, which names the function or the pool class it goes through (`Thread`,
 * `to_thread`, `ProcessPoolExecutor`, `run_in_executor`, ...), or a runner of an entry coroutine
 * (which decides where that coroutine's calls are findings). */
const FINDING_TEXT = new RegExp(
  String.raw`\basync\s+def\b|\b(run_in_executor|${[...new Set(Object.keys(PYTHON_HANDOFFS).map(handoffWord))].join('|')})\b|\b(${[...new Set([...ENTRY_RUNNERS].map((r) => r.split('.')[0]))].join('|')})\.run\s*\(`,
);

/** The word a hand-off is written with: the pool class of a pool method, else the function. */
function handoffWord(name: string): string {
  const parts = name.split('.');
  return parts.find((p) => /^[A-Z]/.test(p)) ?? parts[parts.length - 1];
}

/** False when `text` cannot hold a finding of its own (no coroutine, no hand-off to a thread or
 * process), so `boundwise lint` reads the file only when a call chain from another file reaches it. */
export function mayHoldPythonFindings(text: string): boolean {
  return FINDING_TEXT.test(text);
}

const BY_NAME = new Map(PYTHON_BLOCKING.map((e) => [e.name, e]));

/** A method found through a supertype (`ThreadPoolExecutor.shutdown` -> `Executor.shutdown`) or a
 * type whose every method blocks (`redis.Redis.get`). */
export function lookupPythonBlocking(target: string): BlockingApi | undefined {
  const dot = target.lastIndexOf('.');
  if (dot < 0) return undefined;
  const type = target.slice(0, dot);
  const method = target.slice(dot + 1);
  const parent = PYTHON_SUPERTYPES[type];
  if (parent) {
    const found = BY_NAME.get(`${parent}.${method}`);
    if (found) return found;
  }
  const all = PYTHON_BLOCKING_TYPES.find((t) => t.type === type);
  if (all && !all.except.includes(method) && !method.startsWith('_')) return { name: target, code: all.code, instead: all.instead };
  return undefined;
}

/** Async APIs whose request goes to a target their arguments name (a URL, a path, a host): BW302's
 * evidence that a loop's awaits are independent requests. */
const ASYNC_REQUESTS = new Set([
  ...[...HTTP_VERBS, 'ws_connect'].map((m) => `aiohttp.ClientSession.${m}`),
  'aiohttp.request',
  ...[...HTTP_VERBS, 'stream'].map((m) => `httpx.AsyncClient.${m}`),
  'aiofiles.open',
  ...['stat', 'remove', 'unlink', 'rename', 'mkdir', 'listdir', 'scandir'].map((m) => `aiofiles.os.${m}`),
  'anyio.open_file',
  'trio.open_file',
  'asyncio.open_connection',
  'asyncio.open_unix_connection',
  'trio.open_tcp_stream',
  'anyio.connect_tcp',
]);

/** Canonical names of the calls that start a server (start-up work before them blocks nobody). */
export const SERVING_CALLS: readonly RegExp[] = [
  /^asyncio\.(start_server|start_unix_server)$/,
  // Event-loop methods, however the loop was obtained (`get_running_loop()`, `get_event_loop()`).
  /^asyncio\.[\w.]*\.(create_server|create_unix_server)$/,
  /^aiohttp\.web\.(run_app|(TCPSite|UnixSite|SockSite|NamedPipeSite)\.start)$/,
  /^uvicorn\.(run|Server\.(serve|run))$/,
  /^hypercorn\.(asyncio|trio)\.serve$/,
  /^trio\.(serve_tcp|serve_ssl_over_tcp|serve_listeners)$/,
  /^anyio\.(create_tcp_listener|create_unix_listener)$/,
  /^socket\.socket\.listen$/,
  /^websockets\.(server\.)?(serve|unix_serve)$/,
  /^tornado\.(web\.Application|httpserver\.HTTPServer)\.listen$/,
];

export const PYTHON_CATALOGUE = makeCatalogue(PYTHON_BLOCKING, { compute: PYTHON_COMPUTE, asyncRequests: ASYNC_REQUESTS, servingCalls: SERVING_CALLS, offloadConfigured: '`await asyncio.to_thread(...)`' }, lookupPythonBlocking);

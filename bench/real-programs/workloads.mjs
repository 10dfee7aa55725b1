// The real-program suite: programs nobody here would write to please a profiler (real libraries,
// stdlib tools, tsc, ESLint), each with the verdict an expert gives it and why. `npm run
// experiments` profiles each one twice and checks the verdict against what is written here; where
// a variant does what the recommendation says, it also compares the predicted gain with the
// measured one.
//
// expect: ids = acceptable recommendation ids; classes = acceptable classes (any when absent);
// maxGain = the most the prediction may promise; mention = what the advice must say (a tool's own
// switch, a caveat). variants: recommendation id -> the workload that follows that advice.
// cwd: the folder the program runs in (the checkout when absent).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const py = (f) => join(here, 'python', f);
const js = (f) => join(here, 'node', f);

export const PAGES = 40;

export const WORKLOADS = [
  // 1. Count operations, not connections.
  {
    name: 'py/requests-serial', script: py('requests_serial.py'), args: (c) => [c.url, String(PAGES)],
    expect: { ids: ['asyncio', 'threads'], maxGain: PAGES },
    why: `requests.Session serial (${PAGES} pages): ${PAGES} requests on one keep-alive connection are ${PAGES} independent waits; asyncio or threads, gain bounded by ${PAGES} waits`,
    variants: { threads: 'py/requests-threads', asyncio: 'py/aiohttp-gather' },
  },
  {
    name: 'py/requests-threads', script: py('requests_threads.py'), args: (c) => [c.url, String(PAGES)],
    expect: { ids: ['already-concurrent'] }, why: 'every request is already in flight at once on its own thread',
  },
  {
    name: 'py/aiohttp-gather', script: py('aiohttp_gather.py'), args: (c) => [c.url, String(PAGES)],
    expect: { ids: ['already-concurrent'] }, why: 'asyncio.gather already has every request in flight',
  },
  {
    name: 'py/httpx-serial', script: py('httpx_serial.py'), args: (c) => [c.url, String(PAGES)],
    expect: { ids: ['asyncio', 'threads'], maxGain: PAGES },
    why: `httpx.Client serial (${PAGES} pages): the same ${PAGES} waits through another client library (its own sockets, not http.client)`,
    variants: { threads: 'py/httpx-threads', asyncio: 'py/aiohttp-gather' },
  },
  {
    name: 'py/httpx-threads', script: py('httpx_threads.py'), args: (c) => [c.url, String(PAGES)],
    expect: { ids: ['already-concurrent'] }, why: 'every request is already in flight at once on its own thread',
  },
  {
    name: 'py/sleep-children-serial', script: py('sleep_children_serial.py'), args: () => ['5', '0.4'],
    expect: { ids: ['asyncio', 'threads'], maxGain: 5 },
    why: 'five child processes waited for one after another: overlap them (asyncio subprocesses or threads), at most 5x',
    variants: { asyncio: 'py/sleep-children-asyncio', threads: 'py/sleep-children-asyncio' },
  },
  {
    name: 'py/sleep-children-asyncio', script: py('sleep_children_asyncio.py'), args: () => ['5', '0.4'],
    expect: { ids: ['already-concurrent'] }, why: 'the five children already run at once',
  },
  {
    name: 'node/execsync-sleep', script: js('execsync_sleep.mjs'), args: () => ['5', '1'],
    expect: { ids: ['concurrent-async', 'offload-blocking'], maxGain: 5 },
    why: "execSync('sleep 1') x5: five waits one after another; exec with Promise.all overlaps them, at most 5x",
    variants: { 'concurrent-async': 'node/exec-all', 'offload-blocking': 'node/exec-all' },
  },
  {
    name: 'node/exec-all', script: js('exec_all.mjs'), args: () => ['5', '1'],
    expect: { ids: ['already-concurrent'] }, why: 'Promise.all of exec: the five children already run at once',
  },
  {
    name: 'node/timers-serial', script: js('timers_serial.mjs'), args: () => ['10', '150'],
    expect: { ids: ['concurrent-async'], maxGain: 10 },
    why: 'ten timers awaited one after another: Promise.all, at most 10x',
    variants: { 'concurrent-async': 'node/timers-all' },
  },
  {
    name: 'node/timers-all', script: js('timers_all.mjs'), args: () => ['10', '150'],
    expect: { ids: ['already-concurrent'] }, why: 'the ten timers already run at once',
  },
  {
    name: 'node/http-serial', script: js('http_serial.mjs'), args: (c) => [c.url, String(PAGES)],
    expect: { ids: ['concurrent-async'], maxGain: PAGES },
    why: `${PAGES} requests one after another on one keep-alive socket: Promise.all, gain bounded by ${PAGES} waits`,
    variants: { 'concurrent-async': 'node/http-all' },
  },
  {
    name: 'node/http-all', script: js('http_all.mjs'), args: (c) => [c.url, String(PAGES)],
    expect: { ids: ['already-concurrent'] }, why: 'every request is already in flight',
  },
  // 2. Work off the sampled thread.
  {
    name: 'py/hashlib-serial', script: py('hashlib_serial.py'), args: () => ['24', '16'],
    expect: { ids: ['threads'], maxGain: 2 },
    why: 'hashlib releases the GIL while it hashes: plain threads give the parallel gain without pickling (at most 2x on 2 cores)',
    variants: { threads: 'py/hashlib-threads' },
  },
  {
    name: 'py/hashlib-threads', script: py('hashlib_threads.py'), args: () => ['24', '16'],
    expect: { ids: ['already-parallel'] }, why: 'the threads already hash on every core',
  },
  {
    name: 'py/numpy-serial', script: py('numpy_serial.py'), args: () => ['24', '500'],
    expect: { ids: ['threads'], maxGain: 2 },
    why: 'NumPy (reference BLAS, one thread) releases the GIL in the product: threads, at most 2x on 2 cores',
    variants: { threads: 'py/numpy-threads' },
  },
  {
    name: 'py/numpy-threads', script: py('numpy_threads.py'), args: () => ['24', '500'],
    expect: { ids: ['already-parallel'] }, why: 'the products already run on every core',
  },
  {
    name: 'py/tests-serial', script: py('tests_serial.py'), args: () => ['4', '32'],
    expect: { ids: ['threads', 'asyncio'], maxGain: 2 },
    why: 'sequential test subprocesses: serial, not parallel; run them side by side (at most the 2 cores for 4 computing children)',
    variants: { threads: 'py/tests-threads', asyncio: 'py/tests-threads' },
  },
  {
    name: 'py/tests-threads', script: py('tests_threads.py'), args: () => ['4', '32'],
    expect: { ids: ['already-parallel'] }, why: 'the test interpreters already run side by side on every core',
  },
  {
    name: 'node/zlib-sync', script: js('zlib_sync.mjs'), args: () => ['24', '4'],
    expect: { ids: ['offload-blocking', 'worker-threads'], maxGain: 2 },
    why: "gzipSync on the main thread: zlib's async API (libuv's pool) or worker threads, at most 2x on 2 cores",
    variants: { 'offload-blocking': 'node/zlib-all', 'worker-threads': 'node/zlib-all' },
  },
  {
    name: 'node/zlib-all', script: js('zlib_all.mjs'), args: () => ['24', '4'],
    expect: { ids: ['already-parallel'] }, why: "async zlib with Promise.all: libuv's pool already compresses on every core",
  },
  // 3. The cost of moving data to processes.
  {
    name: 'py/pickle-pool', script: py('pickle_pool.py'), args: () => ['8', '150000'],
    expect: { ids: ['drop-pool'] },
    why: 'pickle-bound pool: each task sends 150k dicts to a worker that only takes len(); moving the data costs more than the work: drop the pool',
    variants: { 'drop-pool': 'py/pickle-nopool' },
  },
  {
    name: 'py/pickle-nopool', script: py('pickle_nopool.py'), args: () => ['8', '150000'],
    expect: { ids: ['none'] },
    why: 'the only work is building the data in the process that uses it; a pool would have to send it back: never processes',
  },
  // 4. Runs that did not do their work.
  {
    name: 'py/import-error', script: py('import_error.py'), args: () => [],
    expect: { ids: ['none'], classes: ['failed'] }, why: 'died at its first import: failed, no advice',
  },
  {
    name: 'node/missing-module', script: js('missing_module.cjs'), args: () => [],
    expect: { ids: ['none'], classes: ['failed'] }, why: 'script dying with Cannot find module: failed',
  },
  {
    // Run from the temporary folder: from the checkout, ESLint would find the repository's own config.
    name: 'node/eslint-no-config', script: (c) => c.eslint, args: (c) => [c.eslintFile], cwd: () => tmpdir(),
    expect: { ids: ['none'], classes: ['failed'] }, why: 'ESLint started from its own bin/ folder finds no configuration and exits 2 at once: failed',
  },
  {
    name: 'py/late-failure', script: py('late_failure.py'), args: () => ['5'],
    expect: { ids: ['asyncio', 'threads'], mention: /measured on a run that failed/i },
    why: 'the waits ran, then the script raised: the advice holds, labelled as measured on a failed run',
  },
  // 5. Time in code the user does not own.
  {
    name: 'py/json-tool', script: (c) => c.stdlib('json/tool.py'), args: (c) => [c.bigJson, c.out('pretty.json')],
    expect: { ids: ['not-splittable'] }, why: 'json.tool on one big document: one parse and one dump inside the stdlib, nothing to split',
  },
  {
    name: 'py/compileall', script: (c) => c.stdlib('compileall.py'), args: (c) => ['-f', '-q', c.pySources],
    expect: { ids: ['not-splittable'], mention: /-j\b/ }, why: "compileall over a package tree: its own -j switch compiles in parallel",
  },
  {
    name: 'node/tsc', script: (c) => c.tsc, args: (c) => ['-p', c.tsconfig],
    expect: { ids: ['not-splittable'], mention: /--build|incremental/ },
    why: "tsc over a real project: one program check inside TypeScript, already using V8's helper threads; its --build/--incremental, never 2x from worker threads",
  },
  {
    name: 'node/eslint', script: js('lint_project.mjs'), args: (c) => [c.eslintProject, '--quiet', 'lib'],
    expect: { ids: ['not-splittable'], mention: /--concurrency/ },
    why: "ESLint over its own 392 files: the time is in ESLint; its --concurrency switch is the only split (measured slower on 2 cores), never 2x from worker threads",
  },
];

// Before/after code sketches per recommendation and language, shown with the advice.
import type { RecommendationId } from './report';
import type { Case } from './verdict/decide';

type Sketch = { before: string; after: string };

/** The sketch for a decision: its case's own when it has one, else its recommendation's. Advice
 * about a tool's own code (not-splittable) and no advice (none) get none. */
export function sketchFor(c: Case, id: RecommendationId, language: 'python' | 'node'): Sketch | undefined {
  return (CASE_SKETCHES[c] ?? SKETCHES[id])?.[language];
}

/** Sketches of situations whose recommendation id is shared with another (threads for C code that
 * releases the GIL, not for waits; child processes run side by side). */
const CASE_SKETCHES: Partial<Record<Case, { python?: Sketch; node?: Sketch }>> = {
  'gil-released': {
    python: {
      before: 'digests = [hashlib.sha256(block).hexdigest() for block in blocks]   # one core',
      after: [
        'from concurrent.futures import ThreadPoolExecutor',
        '',
        'def digest(block):',
        '    return hashlib.sha256(block).hexdigest()        # releases the GIL while it hashes',
        '',
        'with ThreadPoolExecutor() as pool:                  # no pickling: the threads share the data',
        '    digests = list(pool.map(digest, blocks))',
      ].join('\n'),
    },
  },
  'serial-children': {
    python: {
      before: 'for test in tests:\n    subprocess.run([sys.executable, test])          # one child at a time',
      after: [
        'from concurrent.futures import ThreadPoolExecutor',
        '',
        'with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:   # children side by side',
        '    results = list(pool.map(lambda t: subprocess.run([sys.executable, t]), tests))',
      ].join('\n'),
    },
    node: {
      before: 'for (const t of tests) execFileSync(process.execPath, [t]);   // one child at a time',
      after: [
        "import { execFile } from 'node:child_process';",
        "import { promisify } from 'node:util';",
        '',
        'const run = promisify(execFile);',
        'await Promise.all(tests.map((t) => run(process.execPath, [t])));   // limit to the core count for many',
      ].join('\n'),
    },
  },
  'drop-pool': {
    python: {
      before: 'with Pool() as pool:\n    sizes = pool.map(summarise, [records] * n)     # pickles records n times',
      after: [
        'sizes = [summarise(records) for _ in range(n)]   # the data stays where it is',
        '# or send less: pool.map(summarise_file, paths), each worker loading its own data',
      ].join('\n'),
    },
  },
};

const SKETCHES: Partial<Record<RecommendationId, { python?: Sketch; node?: Sketch }>> = {
  processes: {
    python: {
      before: 'results = [work(x) for x in items]            # one core, or threads sharing the GIL',
      after: [
        'from concurrent.futures import ProcessPoolExecutor',
        '',
        'if __name__ == "__main__":',
        '    with ProcessPoolExecutor() as pool:          # one process per core',
        '        results = list(pool.map(work, items, chunksize=4))',
      ].join('\n'),
    },
  },
  threads: {
    python: {
      before: 'for path in paths:\n    data = read_blocking(path)      # waits one after another',
      after: [
        'from concurrent.futures import ThreadPoolExecutor',
        '',
        'with ThreadPoolExecutor(max_workers=16) as pool:   # bounded pool; the GIL is released while waiting',
        '    results = list(pool.map(read_blocking, paths))',
        '# inside asyncio: await asyncio.to_thread(read_blocking, path)',
      ].join('\n'),
    },
  },
  asyncio: {
    python: {
      before: 'for url in urls:\n    body = urllib.request.urlopen(url).read()   # waits one after another',
      after: [
        'import asyncio, aiohttp',
        '',
        'async def fetch(session, url):',
        '    async with session.get(url) as resp:',
        '        return await resp.read()',
        '',
        'async def main():',
        '    async with aiohttp.ClientSession() as session:',
        '        return await asyncio.gather(*(fetch(session, u) for u in urls))',
        '',
        'asyncio.run(main())',
      ].join('\n'),
    },
  },
  'asyncio+processes': {
    python: {
      before: 'for item in items:\n    data = download(item)        # waits\n    result = crunch(data)        # computes',
      after: [
        'import asyncio',
        'from concurrent.futures import ProcessPoolExecutor',
        '',
        'async def handle(pool, item):',
        '    data = await download_async(item)                       # overlapped waits',
        '    loop = asyncio.get_running_loop()',
        '    return await loop.run_in_executor(pool, crunch, data)    # CPU on other cores',
        '',
        'async def main():',
        '    with ProcessPoolExecutor() as pool:',
        '        return await asyncio.gather(*(handle(pool, i) for i in items))',
      ].join('\n'),
    },
  },
  'offload-blocking': {
    python: {
      before: 'async def handler():\n    time.sleep(1)                        # stops every task\n    body = requests.get(url).text',
      after: [
        'async def handler():',
        '    await asyncio.sleep(1)',
        '    body = await asyncio.to_thread(lambda: requests.get(url).text)',
        '    # or an async client: httpx.AsyncClient / aiohttp',
      ].join('\n'),
    },
    node: {
      before: "app.get('/', (req, res) => {\n  const data = fs.readFileSync(file);          // blocks every request\n  const key = crypto.pbkdf2Sync(pw, salt, 1e5, 64, 'sha512');\n})",
      after: [
        "import { readFile } from 'node:fs/promises';",
        "import { promisify } from 'node:util';",
        'const pbkdf2 = promisify(crypto.pbkdf2);           // runs on the libuv thread pool',
        '',
        "app.get('/', async (req, res) => {",
        '  const data = await readFile(file);',
        "  const key = await pbkdf2(pw, salt, 1e5, 64, 'sha512');",
        '})',
      ].join('\n'),
    },
  },
  'worker-threads': {
    node: {
      before: 'const results = items.map((x) => heavy(x));       // one thread, the event loop waits',
      after: [
        "import Piscina from 'piscina';",
        '',
        "const pool = new Piscina({ filename: new URL('./heavy-worker.js', import.meta.url).href });",
        'const results = await Promise.all(items.map((x) => pool.run(x)));',
        '// heavy-worker.js: export default (x) => heavy(x);',
      ].join('\n'),
    },
  },
  'concurrent-async': {
    node: {
      before: 'for (const url of urls) {\n  results.push(await fetchText(url));             // one request at a time\n}',
      after: [
        'const results = await Promise.all(urls.map((url) => fetchText(url)));',
        '// large batches: limit concurrency (e.g. chunks of 50, or p-limit)',
      ].join('\n'),
    },
  },
};

/** Sketches for a server's advice: request handlers, not a batch of work the program awaits. */
export const SERVER_SKETCHES: Partial<Record<RecommendationId, { python?: Sketch; node?: Sketch }>> = {
  processes: {
    python: {
      before: 'web.run_app(app, port=8080)          # one process: its handlers share one core',
      after: [
        '# one worker process per core, sharing the port:',
        '#   aiohttp: gunicorn app:app -w 4 -k aiohttp.GunicornWebWorker',
        '#   ASGI:    uvicorn app:app --workers 4',
        '#   WSGI:    gunicorn app:app -w 4',
      ].join('\n'),
    },
  },
  cluster: {
    node: {
      before: 'app.listen(3000);                    // one process: one thread runs every handler',
      after: [
        "import cluster from 'node:cluster';",
        "import { availableParallelism } from 'node:os';",
        '',
        'if (cluster.isPrimary) {',
        '  for (let i = 0; i < availableParallelism(); i++) cluster.fork();',
        '} else {',
        '  app.listen(3000);                  // the workers share the port',
        '}',
        '// or a process manager: pm2 start app.js -i max',
      ].join('\n'),
    },
  },
  'offload-blocking': SKETCHES['offload-blocking'],
};

// Hand-built renderer inputs: one realistic report per class, plus a small V8 .cpuprofile.
import type { ProfileReport } from '../../src/profile/report';
import type { CpuProfile } from '../../src/report/flameGraph';

export const cpuBound: ProfileReport = {
  script: '/home/ada/project/bench/fib_threads.py',
  language: 'python',
  exitCode: 0,
  classification: 'cpu-bound',
  recommendation: {
    id: 'processes',
    title: 'Use a process pool for the CPU-bound work',
    detail: 'CPU utilisation was 98% of wall time on one core and 91% of samples were on CPU in fib(); threads share one GIL, so only separate processes can use the other core.',
    sketch: {
      before: 'with ThreadPoolExecutor(max_workers=5) as pool:\n    results = list(pool.map(fib, [30] * 20))',
      after: 'with ProcessPoolExecutor() as pool:  # one worker per core\n    results = list(pool.map(fib, [30] * 20))',
    },
  },
  timings: { wallMs: 8412.4, cpuUserMs: 8190.2, cpuSysMs: 54.8, childCpuMs: 0, utilization: 0.98, cores: 2 },
  samples: { count: 8398, hz: 1000, onCpu: 8231, waiting: 167 },
  hotspots: [
    { function: 'fib', file: '/home/ada/project/bench/fib_threads.py', line: 7, selfMs: 7702.5, totalMs: 8101.3, onCpu: true },
    { function: 'compute_all', file: '/home/ada/project/bench/fib_threads.py', line: 14, selfMs: 212.0, totalMs: 8250.1, onCpu: true },
    { function: '_worker', file: '/usr/lib/python3.11/concurrent/futures/thread.py', line: 77, selfMs: 41.2, totalMs: 8290.0, onCpu: true },
    { function: 'wait', file: '/usr/lib/python3.11/threading.py', line: 320, selfMs: 160.4, totalMs: 160.4, onCpu: false },
  ],
  blocking: [],
  prediction: { speedup: 1.96, assumption: 'fib() runs independently per input and pickling 20 integers costs little; capped by 2 cores.' },
  stdoutTail: 'fib(30) = 832040\nfib(30) = 832040\ndone in 8.41 s\n',
};

export const ioBound: ProfileReport = {
  script: '/home/ada/project/crawl/fetch_pages.py',
  language: 'python',
  exitCode: 0,
  classification: 'io-bound',
  recommendation: {
    id: 'asyncio',
    title: 'Overlap the downloads with asyncio',
    detail: '94% of samples were waiting, 88% of them in requests.get called one page at a time; the CPU was busy only 6% of the time, so the requests can run together.',
    sketch: {
      before: 'for url in urls:\n    pages.append(session.get(url).text)',
      after: 'async with aiohttp.ClientSession() as session:\n    pages = await asyncio.gather(*(fetch(session, url) for url in urls))',
    },
  },
  timings: { wallMs: 14310, cpuUserMs: 612.5, cpuSysMs: 231.0, childCpuMs: 0, utilization: 0.059, cores: 2 },
  samples: { count: 1431, hz: 100, onCpu: 84, waiting: 1347 },
  hotspots: [
    { function: 'fetch_all', file: '/home/ada/project/crawl/fetch_pages.py', line: 21, selfMs: 12.0, totalMs: 14102.0, onCpu: false },
    { function: 'get', file: '/home/ada/.venv/lib/python3.11/site-packages/requests/api.py', line: 73, selfMs: 30.1, totalMs: 12633.0, onCpu: false },
    { function: 'parse_title', file: '/home/ada/project/crawl/fetch_pages.py', line: 9, selfMs: 402.3, totalMs: 410.0, onCpu: true },
  ],
  blocking: [
    { file: '/home/ada/project/crawl/fetch_pages.py', line: 24, call: 'requests.Session.get', ms: 12633.0 },
    { file: '/home/ada/project/crawl/fetch_pages.py', line: 31, call: 'open', ms: 148.2 },
  ],
  prediction: { speedup: 8.5, assumption: 'the 160 requests are independent and the server answers them concurrently; bounded by the 94% waiting share.' },
};

export const mixed: ProfileReport = {
  script: '/srv/app/server.js',
  language: 'node',
  exitCode: 0,
  classification: 'mixed',
  recommendation: {
    id: 'offload-blocking',
    title: 'Move the synchronous hashing off the event loop',
    detail: 'crypto.pbkdf2Sync blocked the event loop for up to 412 ms per request (38% of wall time) while the rest of the time was spent waiting on sockets.',
    sketch: {
      before: "const key = crypto.pbkdf2Sync(password, salt, 310000, 32, 'sha256');",
      after: "const key = await promisify(crypto.pbkdf2)(password, salt, 310000, 32, 'sha256');",
    },
  },
  timings: { wallMs: 5230, cpuUserMs: 2511, cpuSysMs: 120, childCpuMs: 0, utilization: 0.503, cores: 2 },
  samples: { count: 5201, hz: 1000, onCpu: 2604, waiting: 2597 },
  hotspots: [
    { function: 'pbkdf2Sync', file: 'node:internal/crypto/pbkdf2', line: 53, selfMs: 1980, totalMs: 1980, onCpu: true },
    { function: 'handleLogin', file: '/srv/app/routes/login.js', line: 18, selfMs: 120, totalMs: 2210, onCpu: true },
  ],
  blocking: [{ file: '/srv/app/routes/login.js', line: 22, call: 'crypto.pbkdf2Sync', ms: 1980 }],
  prediction: { speedup: 1.6, assumption: 'libuv runs pbkdf2 on its 4-thread pool while the loop keeps serving; bounded by 2 cores.' },
  loopBlocking: {
    maxMs: 412,
    p50Ms: 18,
    events: [
      { atMs: 310, ms: 405, file: '/srv/app/routes/login.js', line: 22, call: 'crypto.pbkdf2Sync' },
      { atMs: 1250, ms: 412, file: '/srv/app/routes/login.js', line: 22, call: 'crypto.pbkdf2Sync' },
      { atMs: 2990, ms: 96 },
    ],
  },
  stderrTail: '(node:4411) Warning: something minor\n',
};

/** A tiny V8 profile: (root) -> main -> { work -> fib, readFileSync }, plus (idle) and (garbage collector). */
export const smallProfile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3, 4, 8] },
    { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 }, hitCount: 4 },
    { id: 3, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 }, hitCount: 1 },
    { id: 4, callFrame: { functionName: 'main', url: 'file:///srv/app/job.js', lineNumber: 9 }, children: [5, 7] },
    { id: 5, callFrame: { functionName: 'work', url: 'file:///srv/app/job.js', lineNumber: 2 }, children: [6], hitCount: 1 },
    { id: 6, callFrame: { functionName: 'fib', url: 'file:///srv/app/job.js', lineNumber: 0 }, hitCount: 5 },
    { id: 7, callFrame: { functionName: 'readFileSync', url: 'node:fs', lineNumber: 440 }, hitCount: 2 },
    // A second "main" under the root with the same location: merged with node 4.
    { id: 8, callFrame: { functionName: 'main', url: 'file:///srv/app/job.js', lineNumber: 9 }, children: [9] },
    { id: 9, callFrame: { functionName: 'fib', url: 'file:///srv/app/job.js', lineNumber: 0 }, hitCount: 1 },
  ],
  // 14 samples, 1 ms apart: ids in sample order.
  samples: [2, 2, 6, 6, 6, 5, 6, 6, 7, 7, 3, 9, 2, 2],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
  startTime: 0,
  endTime: 14000,
};

export function withPrevious(current: ProfileReport, wallMs: number): ProfileReport {
  return { ...current, timings: { ...current.timings, wallMs } };
}

/** A frame as [function, file, 1-based line]. */
export type StackFrame = [string, string, number];

/**
 * A profile made of whole stacks (outermost first), each held for `ms` milliseconds in 1 ms samples,
 * on the CPU or waiting: what a sampler records, without running one. Returns the profile and the
 * per-sample on-CPU flags (as the Python sampler reports them).
 */
export function profileFromStacks(stacks: Array<{ stack: StackFrame[]; ms: number; onCpu?: boolean }>): { profile: CpuProfile; sampleOnCpu: boolean[] } {
  const nodes: CpuProfile['nodes'] = [{ id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [] }];
  const childOf = new Map<string, number>();
  const samples: number[] = [];
  const sampleOnCpu: boolean[] = [];
  for (const { stack, ms, onCpu = true } of stacks) {
    let parent = 1;
    for (const [fn, file, line] of stack) {
      const key = `${parent}\0${fn}\0${file}\0${line}`;
      let id = childOf.get(key);
      if (id === undefined) {
        id = nodes.length + 1;
        nodes.push({ id, callFrame: { functionName: fn, url: file, lineNumber: line - 1 }, children: [] });
        nodes[parent - 1].children!.push(id);
        childOf.set(key, id);
      }
      parent = id;
    }
    for (let i = 0; i < ms; i++) {
      samples.push(parent);
      sampleOnCpu.push(onCpu);
    }
  }
  return { profile: { nodes, samples, timeDeltas: samples.map((_, i) => (i === 0 ? 0 : 1000)), startTime: 0, endTime: samples.length * 1000 }, sampleOnCpu };
}

/** importlib's frames for one `import`, as CPython 3.11 shows them. */
const IMPORT_FRAMES: StackFrame[] = [
  ['_find_and_load', '<frozen importlib._bootstrap>', 1176],
  ['_find_and_load_unlocked', '<frozen importlib._bootstrap>', 1147],
  ['_load_unlocked', '<frozen importlib._bootstrap>', 690],
  ['_LoaderBasics.exec_module', '<frozen importlib._bootstrap_external>', 940],
  ['_call_with_frames_removed', '<frozen importlib._bootstrap>', 241],
];

/** A Python program as its profiles look: imports six standard-library modules deep (36 frames) at
 * start-up, then computes in fib() and waits on a socket in fetch(). */
export function pythonProgram(importMs = 40): { profile: CpuProfile; sampleOnCpu: boolean[] } {
  const app = '/home/ada/project/crawl.py';
  const stdlib = ['urllib/request.py', 'http/client.py', 'email/parser.py', 'email/feedparser.py', 'email/_policybase.py', 'socket.py'];
  const importStack: StackFrame[] = [['<module>', app, 3]];
  for (const mod of stdlib) importStack.push(...IMPORT_FRAMES, ['<module>', `/usr/lib/python3.11/${mod}`, 10]);
  return profileFromStacks([
    { stack: importStack, ms: importMs },
    { stack: [['<module>', app, 30], ['main', app, 24], ['fib', app, 8], ['fib', app, 8], ['fib', app, 8]], ms: 300 },
    { stack: [['<module>', app, 30], ['main', app, 24], ['fib', app, 8]], ms: 60 },
    { stack: [['<module>', app, 30], ['main', app, 25], ['fetch', app, 14], ['urlopen', '/usr/lib/python3.11/urllib/request.py', 215], ['recv_into', '/usr/lib/python3.11/socket.py', 705]], ms: 600, onCpu: false },
  ]);
}

/** The first node of a call tree (ours, 0x's, the page's) that `match` accepts, depth first. */
export function findInTree<T extends { children: T[] }>(node: T, match: (n: T) => boolean): T | undefined {
  if (match(node)) return node;
  for (const c of node.children) {
    const hit = findInTree(c, match);
    if (hit) return hit;
  }
  return undefined;
}

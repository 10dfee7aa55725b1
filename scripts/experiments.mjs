// `npm run experiments`: the reference experiments (page downloads, repeated fib) re-created in
// examples/, each variant profiled by Boundwise. Prints, per variant, the measured wall time, the class, the recommendation
// and its predicted gain; whether the recommendation points at the variant that measured fastest;
// and how close the predicted time came to that fastest variant's time.
// Options: --quick (fewer pages, smaller fib) for a fast look.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const profileTask = require(join(root, 'dist', 'worker.js')).default;
const quick = process.argv.includes('--quick');

const DELAY_MS = 100; // per page, like a real round trip (a published serial run: 14.3 s / 160 pages ~ 90 ms)
const PAGES = quick ? 30 : 60;
const PY_FIB = quick ? ['26', '12'] : ['29', '20'];
const JS_FIB = quick ? ['32', '12'] : ['36', '16'];
// Each variant runs RUNS times; the run with the median wall time is the one reported.
const RUNS = quick ? 1 : 3;

function startServer() {
  const page = `<html><body>${'x'.repeat(2000)}</body></html>`;
  const server = http.createServer((_req, res) => setTimeout(() => {
    res.setHeader('Content-Length', Buffer.byteLength(page));
    res.end(page);
  }, DELAY_MS));
  server.keepAliveTimeout = 1000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const server = await startServer();
const url = `http://127.0.0.1:${server.address().port}/`;
const py = (f) => join(root, 'examples', 'python', f);
const js = (f) => join(root, 'examples', 'node', f);

// Which variant of the same experiment each recommendation points to.
const groups = [
  {
    name: 'Python: download pages', variants: [
      { name: 'serial', script: py('downloads_serial.py'), args: [url, String(PAGES)] },
      { name: 'threads (5)', script: py('downloads_threads.py'), args: [url, String(PAGES)] },
      { name: 'asyncio', script: py('downloads_asyncio.py'), args: [url, String(PAGES)] },
      { name: 'processes', script: py('downloads_processes.py'), args: [url, String(PAGES)] },
    ],
    target: { asyncio: 'asyncio', threads: 'threads (5)', processes: 'processes', 'asyncio+processes': 'asyncio' },
  },
  {
    name: 'Python: fib', variants: [
      { name: 'serial', script: py('fib_serial.py'), args: PY_FIB },
      { name: 'threads (5)', script: py('fib_threads.py'), args: PY_FIB },
      { name: 'asyncio', script: py('fib_asyncio.py'), args: PY_FIB },
      { name: 'processes', script: py('fib_processes.py'), args: PY_FIB },
    ],
    target: { asyncio: 'asyncio', threads: 'threads (5)', processes: 'processes', 'asyncio+processes': 'processes' },
  },
  {
    name: 'Node: download pages', variants: [
      { name: 'serial await', script: js('downloads_serial.mjs'), args: [url, String(PAGES)] },
      { name: 'Promise.all', script: js('downloads_promise_all.mjs'), args: [url, String(PAGES)] },
    ],
    target: { 'concurrent-async': 'Promise.all' },
  },
  {
    name: 'Node: fib', variants: [
      { name: 'main thread', script: js('fib_serial.mjs'), args: JS_FIB },
      { name: 'worker_threads', script: js('fib_workers.mjs'), args: JS_FIB },
    ],
    target: { 'worker-threads': 'worker_threads' },
  },
];

const rows = [];
for (const group of groups) {
  const results = [];
  for (const v of group.variants) {
    process.stderr.write(`profiling ${group.name} / ${v.name} ...\n`);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await profileTask({ script: v.script, args: v.args, timeoutMs: 120000 });
      if (!r.ok) throw new Error(`${v.name}: ${r.message}`);
      runs.push(r.report);
    }
    runs.sort((a, b) => a.timings.wallMs - b.timings.wallMs);
    results.push({ ...v, report: runs[runs.length >> 1] });
  }
  const fastest = results.reduce((a, b) => (b.report.timings.wallMs < a.report.timings.wallMs ? b : a));
  for (const r of results) {
    const rec = r.report.recommendation.id;
    const already = rec === 'already-concurrent' || rec === 'already-parallel' || rec === 'none';
    const pointsTo = already ? r.name : group.target[rec];
    const predictedMs = r.report.timings.wallMs / r.report.prediction.speedup;
    const best = pointsTo ? results.find((x) => x.name === pointsTo) : undefined;
    rows.push({
      experiment: group.name,
      variant: r.name,
      wall: (r.report.timings.wallMs / 1000).toFixed(2),
      cls: r.report.classification,
      u: r.report.timings.utilization.toFixed(2),
      rec,
      gain: `${r.report.prediction.speedup.toFixed(2)}x`,
      fastest: pointsTo === fastest.name ? 'yes' : `no (${pointsTo ?? '?'}; fastest ${fastest.name})`,
      // predicted time / measured time of the variant the advice points to (1.00 = exact)
      closeness: best ? (predictedMs / best.report.timings.wallMs).toFixed(2) : '-',
    });
  }
}
server.close();

const header = ['experiment', 'variant', 'wall s', 'class', 'U', 'recommendation', 'predicted gain', 'points to fastest', 'predicted / measured'];
const lines = [header, ...rows.map((r) => [r.experiment, r.variant, r.wall, r.cls, r.u, r.rec, r.gain, r.fastest, r.closeness])];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const l of lines.slice(1)) console.log(`| ${l.join(' | ')} |`);
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`\nMachine: ${os.availableParallelism()} cores, load average at the end ${load} (other load slows the parallel variants most).`);
const hits = rows.filter((r) => r.fastest === 'yes').length;
console.log(`\n${hits}/${rows.length} recommendations point to the variant that measured fastest (page delay ${DELAY_MS} ms, ${PAGES} pages; fib ${PY_FIB.join(' x ')} Python, ${JS_FIB.join(' x ')} Node; median of ${RUNS} run${RUNS === 1 ? '' : 's'} per variant).`);

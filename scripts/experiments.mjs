// `npm run experiments`: two yardsticks for the verdicts.
// 1. The textbook experiments: the reference experiments re-created in examples/, each variant
//    profiled by Boundwise. Prints, per variant, the measured wall time, the class, the
//    recommendation and its predicted gain; whether the recommendation points at the variant that
//    measured fastest; and how close the predicted time came to that fastest variant's time.
// 2. The real-program suite (bench/real-programs): per workload, the class and recommendation of
//    two runs, right or wrong against the expert verdict written beside it, and the predicted gain
//    beside the measured gain of the variant that follows the advice.
// Options: --quick (fewer pages, smaller fib, one run each); --textbook or --suite (only one of the
// two); --only NAME (workloads whose name contains NAME); --record (save each workload's first run
// as a replayable fixture under test/fixtures/profiles/, paths relocated to /project).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startDelayServer } from '../bench/real-programs/delay-server.mjs';
import { printSuiteTable, runSuite } from '../bench/real-programs/suite.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const profileTask = require(join(root, 'dist', 'worker.js')).default;
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.flatMap((a, i) => (argv[i - 1] === '--only' ? [a] : []));
const record = argv.includes('--record');
const textbook = !argv.includes('--suite') && only.length === 0;
const suite = !argv.includes('--textbook');

/** A recording as a fixture: gzipped JSON naming no folder of this machine (every occurrence of the
 * checkout, the home folder and the temporary folder rewritten, inside sentences too). */
function saveRecording(name, recording) {
  const file = join(root, 'test', 'fixtures', 'profiles', `${name}.json.gz`);
  const moves = [[root, '/project'], [os.homedir(), '/home/user'], [os.tmpdir(), '/tmp']]
    .map(([from, to]) => [`${from}/`, `${to}/`]).sort((a, b) => b[0].length - a[0].length);
  const relocated = JSON.stringify(recording, (_k, v) => (typeof v === 'string' ? moves.reduce((s, [from, to]) => s.split(from).join(to), v) : v));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, gzipSync(relocated));
}

const DELAY_MS = 100; // per page, like a real round trip (the reference measurement: 14.3 s / 160 pages ~ 90 ms)
const PAGES = quick ? 30 : 60;
const PY_FIB = quick ? ['26', '12'] : ['29', '20'];
const JS_FIB = quick ? ['32', '12'] : ['36', '16'];
// Each variant runs RUNS times; the run with the median wall time is the one reported.
const RUNS = quick ? 1 : 3;

const exampleFixture = (recording, script) => `textbook/${recording.language}/${basename(script).replace(/\.[^.]+$/, '')}`;

const server = textbook ? await startDelayServer(DELAY_MS) : undefined;
const url = server?.url;
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
for (const group of textbook ? groups : []) {
  const results = [];
  for (const v of group.variants) {
    process.stderr.write(`profiling ${group.name} / ${v.name} ...\n`);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await profileTask({ script: v.script, args: v.args, timeoutMs: 120000, record: record && i === 0 });
      if (!r.ok) throw new Error(`${v.name}: ${r.message}`);
      if (r.recording) saveRecording(exampleFixture(r.recording, v.script), r.recording);
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
// The other examples, recorded as fixtures beside the experiments (not part of the table), with
// the arguments their tests use (mixed_pipeline: a 40 ms server, where waiting and computing weigh alike).
if (textbook && record) {
  const medium = await startDelayServer(40);
  for (const [script, args] of [[py('blocking_asyncio.py'), ['12', '0.05']], [js('blocking_sync.mjs'), ['8']], [py('mixed_pipeline.py'), [medium.url, '15', '20000']]]) {
    process.stderr.write(`recording ${basename(script)} ...\n`);
    const r = await profileTask({ script, args, timeoutMs: 120000, record: true });
    if (!r.ok) throw new Error(`${script}: ${r.message}`);
    saveRecording(exampleFixture(r.recording, script), r.recording);
  }
  await medium.close();
}
await server?.close();

if (textbook) {
  const header = ['experiment', 'variant', 'wall s', 'class', 'U', 'recommendation', 'predicted gain', 'points to fastest', 'predicted / measured'];
  const lines = [header, ...rows.map((r) => [r.experiment, r.variant, r.wall, r.cls, r.u, r.rec, r.gain, r.fastest, r.closeness])];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const l of lines.slice(1)) console.log(`| ${l.join(' | ')} |`);
  const hits = rows.filter((r) => r.fastest === 'yes').length;
  console.log(`\n${hits}/${rows.length} recommendations point to the variant that measured fastest (page delay ${DELAY_MS} ms, ${PAGES} pages; fib ${PY_FIB.join(' x ')} Python, ${JS_FIB.join(' x ')} Node; median of ${RUNS} run${RUNS === 1 ? '' : 's'} per variant).`);
}

if (suite) {
  const runs = quick ? 1 : 2;
  const suiteRows = await runSuite({
    profileTask, runs, only, log: (l) => process.stderr.write(`${l}\n`),
    onRecording: record ? (name, rec) => saveRecording(`suite/${name}`, rec) : undefined,
  });
  console.log('\nReal-program suite (bench/real-programs/workloads.mjs; loopback server with a 50 ms delay):\n');
  printSuiteTable(suiteRows, runs);
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`\nMachine: ${os.availableParallelism()} cores, load average at the end ${load} (other load slows the parallel variants most).`);

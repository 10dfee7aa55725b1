// Fork safety of the Python sampler, at scale: a script that makes and tears down a
// multiprocessing.Pool three times is profiled N times (default 200) at 1 kHz and at the default
// 100 Hz; a run that does not finish in 20 s counts as a hang. The mocha suite runs 40 of these.
// Needs `npm run build` (uses dist/worker.js, the bundled engine). Options: --runs N.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const profileTask = require(join(root, 'dist', 'worker.js')).default;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 200;
const script = join(root, 'test', 'fixtures', 'profile', 'pool_stress.py');

const rows = [];
for (const hz of [1000, 100]) {
  let hangs = 0;
  let failures = 0;
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = await profileTask({ script, hz, timeoutMs: 20000 });
    times.push(performance.now() - t);
    if (!r.ok || r.report.stopped) hangs += r.ok ? 1 : 0;
    if (!r.ok || (r.report.exitCode !== 0 && !r.report.stopped)) failures++;
  }
  times.sort((a, b) => a - b);
  rows.push({ hz, runs: RUNS, hangs, failures, p50Ms: Math.round(times[times.length >> 1]), maxMs: Math.round(times[times.length - 1]) });
}
console.log('Python sampler under a forking multiprocessing.Pool (3 pools per run)');
console.table(rows);

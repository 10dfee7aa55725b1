// Where the Python sampler puts the time, against a deterministic reference (issue 12 item 7). The
// program (test/fixtures/profile/gil_bias_split.py) alternates pure-Python computing (handler) with
// a 1 MB sendall to a socket a reader thread drains (send). cProfile times both exactly; the
// sampler's share of send should match. A sampler thread inside the process only gets the GIL
// where the main thread lets it go, sendall among those points, and overstates send.
// Needs `npm run build` (dist/worker.js). Options: --runs N (default 3).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const profileTask = require(join(root, 'dist', 'worker.js')).default;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const script = join(root, 'test', 'fixtures', 'profile', 'gil_bias_split.py');

const reference = `
import cProfile, pstats, runpy, sys
sys.argv = [sys.argv[1]]
p = cProfile.Profile()
p.enable()
runpy.run_path(sys.argv[0], run_name="__main__")
p.disable()
d = {k[2]: v for k, v in pstats.Stats(p).stats.items()}
print(d["handler"][2], d["send"][3])
`;

const share = (handler, send) => send / (handler + send);
const rows = [];
for (let i = 0; i < RUNS; i++) {
  const [handler, send] = execFileSync('python3', ['-c', reference, script], { encoding: 'utf8' }).trim().split(' ').map(Number);
  const r = await profileTask({ script, timeoutMs: 120000 });
  if (!r.ok) throw new Error(`profile failed: ${JSON.stringify(r)}`);
  const mine = (fn, field) => r.report.hotspots.filter((h) => h.function === fn && h.file === script).reduce((a, h) => a + h[field], 0);
  const sampled = share(mine('handler', 'selfMs'), mine('send', 'totalMs'));
  rows.push({ run: i + 1, cProfileSendShare: share(handler, send).toFixed(3), samplerSendShare: sampled.toFixed(3), overstatement: (sampled / share(handler, send)).toFixed(2) });
}
console.table(rows);

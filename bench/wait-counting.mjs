// What counting waits costs, and why the profiler counts them the way it does (issue 12: "measure
// the cost of each"). Node: the same small programs run plain, with Boundwise's preload (which
// counts HTTP through diagnostics_channel, child processes through the child_process channel and
// the spawn_sync binding, timers and fs callbacks through wrappers), with an async_hooks
// init/destroy hook (the textbook way to see every async resource), and with
// process.getActiveResourcesInfo() polled every 5 ms. The figure is the CPU the process used
// (user + system), median of RUNS runs, so other load on the machine moves it less than wall time.
// Python: the sampler's socket turn counter and pickling meter, per call, in-process.
// Needs nothing built. Options: --runs N.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
const tmp = mkdtempSync(join(tmpdir(), 'bw-waitcount-'));

// Each program prints the CPU it used (ms) at exit.
const report = "process.on('exit', () => { const u = process.cpuUsage(); console.log((u.user + u.system) / 1000); });";
const programs = {
  'empty script (start-up)': '',
  '200k awaited promises': 'for (let i = 0; i < 2e5; i++) await Promise.resolve(i);',
  '300 timers of 2 ms, in turn': "import { setTimeout as sleep } from 'node:timers/promises'; for (let i = 0; i < 300; i++) await sleep(2);",
  '5000 fs.stat callbacks': "import fs from 'node:fs'; for (let i = 0; i < 5000; i++) await new Promise((r) => fs.stat('.', r));",
  '40 child processes, in turn': "import { execFileSync } from 'node:child_process'; for (let i = 0; i < 40; i++) execFileSync('true');",
};
const hooks = {
  'async_hooks init+destroy': "const ah = require('node:async_hooks'); let n = 0; ah.createHook({ init() { n++; }, destroy() { n--; } }).enable();",
  'getActiveResourcesInfo every 5 ms': "let max = 0; setInterval(() => { max = Math.max(max, process.getActiveResourcesInfo().length); }, 5).unref();",
};
const hookFiles = Object.fromEntries(Object.entries(hooks).map(([name, code], i) => {
  const f = join(tmp, `hook${i}.cjs`);
  writeFileSync(f, code);
  return [name, f];
}));
const variants = {
  plain: { args: [], env: {} },
  'Boundwise preload': { args: ['--require', join(root, 'src', 'profile', 'assets', 'node-preload.js')], env: { BOUNDWISE_NODE_OUT: join(tmp, 'preload.json') } },
  ...Object.fromEntries(Object.entries(hookFiles).map(([name, f]) => [name, { args: ['--require', f], env: {} }])),
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};

const rows = [];
for (const [label, body] of Object.entries(programs)) {
  const file = join(tmp, `${rows.length}.mjs`);
  writeFileSync(file, `${report}\n${body}\n`);
  const cpu = {};
  for (let r = 0; r < RUNS; r++) {
    // Variants take turns, so a slow spell of the machine lands on all of them.
    for (const [name, v] of Object.entries(variants)) {
      const out = execFileSync(process.execPath, [...v.args, file], { env: { ...process.env, ...v.env }, encoding: 'utf8', cwd: tmp });
      (cpu[name] ??= []).push(Number(out.trim().split('\n').pop()));
    }
  }
  const base = median(cpu.plain);
  rows.push([label, ...Object.keys(variants).map((name) => {
    const m = median(cpu[name]);
    return name === 'plain' ? `${m.toFixed(1)} ms` : `${m.toFixed(1)} ms (${m >= base ? '+' : ''}${(m - base).toFixed(1)})`;
  })]);
}
const header = ['Node program (CPU, median)', ...Object.keys(variants)];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

// Python: the sampler's counters on their own, per call (no sampling thread).
const python = spawnSync('python3', ['-c', `
import sys, socket, time, pickle
sys.path.insert(0, ${JSON.stringify(join(root, 'src', 'profile', 'assets'))})
import _boundwise_sampler.transfer as mod
class Sampler:
    def count_at_site(self, event): pass
def turns(n):
    a, b = socket.socketpair()
    t = time.perf_counter()
    for _ in range(n):
        a.send(b"x"); b.recv(1); b.send(b"y"); a.recv(1)
    a.close(); b.close()
    return (time.perf_counter() - t) / n * 1e6
import multiprocessing.reduction as red
data = [{"id": i} for i in range(1000)]
def pickles(n):
    t = time.perf_counter()
    for _ in range(n):
        red.ForkingPickler.loads(red.ForkingPickler.dumps(data))
    return (time.perf_counter() - t) / n * 1e6
N = 20000
plain_turn = min(turns(N) for _ in range(5)); plain_pickle = min(pickles(2000) for _ in range(5))
m = mod.Meters(); m.watch_sockets(Sampler()); m.watch_pickling()
counted_turn = min(turns(N) for _ in range(5)); counted_pickle = min(pickles(2000) for _ in range(5))
print("%.2f %.2f %.1f %.1f" % (plain_turn, counted_turn, plain_pickle, counted_pickle))
`], { encoding: 'utf8' });
if (python.status === 0) {
  const [pt, ct, pp, cp] = python.stdout.trim().split(' ').map(Number);
  console.log('\n| Python, per call (best of 5) | plain | counted | cost |');
  console.log('|---|---|---|---|');
  console.log(`| socket turn (2 sends, 2 receives) | ${pt.toFixed(2)} us | ${ct.toFixed(2)} us | ${(ct - pt).toFixed(2)} us |`);
  console.log(`| pickle + unpickle 1000 dicts | ${pp.toFixed(1)} us | ${cp.toFixed(1)} us | ${(cp - pp).toFixed(1)} us |`);
} else {
  console.log(`\n(Python part skipped: ${python.stderr.trim().split('\n').pop()})`);
}
rmSync(tmp, { recursive: true, force: true });

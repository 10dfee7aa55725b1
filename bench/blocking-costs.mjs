// What the calls whose cost decides a blocking rule take on this machine: the thresholds and
// severities in the catalogues rest on these numbers (crypto.randomBytes up to 8 KiB by a constant
// size is no BW108 finding; a TLS default context is BW105; a file-system query is BW109 at
// information because a local one takes microseconds; the first mimetypes look-up reads files).
// Python is timed in a child interpreter (python3 on PATH), Node in this process. Measures;
// asserts nothing.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const rows = [];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const format = (ms) => (ms < 0.1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

// Node: crypto.randomBytes by size (median of 9 rounds of 50 calls).
for (const size of [16, 1024, 8192, 65536, 1 << 20]) {
  const rounds = [];
  for (let round = 0; round < 9; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 50; i++) randomBytes(size);
    rounds.push(Number(process.hrtime.bigint() - start) / 50 / 1e6);
  }
  rows.push(['Node', `crypto.randomBytes(${size})`, format(median(rounds)), size <= 8192 ? 'cheap (no finding)' : 'BW108']);
}

// Python: TLS contexts, mimetypes' first look-up, a local stat (each in a fresh interpreter where
// a first use matters).
const PYTHON = String.raw`
import json, os, ssl, sys, time
what = sys.argv[1]
def timed(f, n):
    t = time.perf_counter()
    for _ in range(n): f()
    return (time.perf_counter() - t) * 1000 / n
if what == 'ssl':
    ssl.create_default_context()
    print(json.dumps(timed(ssl.create_default_context, 5)))
elif what == 'mimetypes':
    import mimetypes
    print(json.dumps(timed(lambda: mimetypes.guess_type('a.html'), 1)))
elif what == 'exists':
    print(json.dumps(timed(lambda: os.path.exists(sys.executable), 2000)))
`;
const python = (what) => {
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const r = spawnSync('python3', ['-c', PYTHON, what], { encoding: 'utf8' });
    if (r.status !== 0) return undefined;
    samples.push(JSON.parse(r.stdout));
  }
  return median(samples);
};
for (const [what, label, verdict] of [
  ['ssl', 'ssl.create_default_context()', 'BW105'],
  ['mimetypes', 'mimetypes.guess_type() first call', 'BW103 (unless initialised at import)'],
  ['exists', 'os.path.exists() on a local file', 'BW109 (information)'],
]) {
  const ms = python(what);
  rows.push(['Python', label, ms === undefined ? 'python3 not available' : format(ms), verdict]);
}

console.log('| runtime | call | median time per call | what Boundwise reports |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

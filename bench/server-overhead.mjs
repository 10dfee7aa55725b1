// Overhead of profiling a server under load (issue 13 item 5): the fixture servers (Express, aiohttp)
// driven by the built-in load for the same duration and connections, plain and under
// `boundwise profile --load` at the default rates, in alternating order; the profiled throughput
// is the load generator's own count, as for the plain run. Then large Node programs (tsc over this
// project, ESLint over a hundred files) plain and profiled at several Node sampling rates, the
// measurement the default Node rate is chosen by. Needs `npm run compile` (uses out/, as npm run
// bench does). Options: --pairs N (default 3), --duration S (default 5), --hz 1000,250,100.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuNow, median, now } from './lib/measure.mjs';
import { freePort } from '../scripts/lib/freePort.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { profileScript, DEFAULT_HZ } = require(join(root, 'out', 'src', 'profile', 'engine.js'));
const { driveLoad } = require(join(root, 'out', 'src', 'profile', 'server', 'loadGenerator.js'));
const { checkLoadTarget } = require(join(root, 'out', 'src', 'profile', 'server', 'loadTarget.js'));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const PAIRS = Number(arg('--pairs', 3));
const DURATION_MS = Number(arg('--duration', 5)) * 1000;
const CONNECTIONS = 8;
const RATES = String(arg('--hz', '1000,250,100')).split(',').map(Number);

/** The first Python that imports aiohttp (Debian's python3-aiohttp), else none. */
function aiohttpPython() {
  for (const p of ['python3', '/usr/bin/python3']) {
    if (spawnSync(p, ['-c', 'import aiohttp'], { stdio: 'ignore' }).status === 0) return p;
  }
  return undefined;
}

async function waitListening(port, child) {
  const until = Date.now() + 60_000;
  while (Date.now() < until && child.exitCode === null) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server on ${port} did not listen`);
}

/** The server alone: started, loaded by the same load generator, stopped. Requests per second. */
async function plain(c, route) {
  const port = await freePort();
  const child = spawn(c.cmd, [c.script, String(port)], { stdio: 'ignore' });
  try {
    await waitListening(port, child);
    const target = await checkLoadTarget(`http://127.0.0.1:${port}${route}`, false);
    const r = await driveLoad({ target, durationMs: DURATION_MS, connections: CONNECTIONS, originMs: Date.now(), windowMs: 1000 });
    return r.throughput;
  } finally {
    child.kill('SIGTERM');
  }
}

/** The same under `boundwise profile --load` at the default rate: the load generator's throughput. */
async function profiled(c, route) {
  const port = await freePort();
  const { report } = await profileScript({
    script: c.script, args: [String(port)], ...(c.python ? { python: c.python } : {}),
    load: { url: `http://127.0.0.1:${port}${route}`, durationMs: DURATION_MS, connections: CONNECTIONS },
  });
  return report.server.load.throughput;
}

const servers = [
  { language: 'node', app: 'express_app.js', cmd: process.execPath, script: join(root, 'test', 'fixtures', 'servers', 'express_app.js') },
];
const py = aiohttpPython();
if (py) servers.push({ language: 'python', app: 'aiohttp_app.py', cmd: py, python: py, script: join(root, 'test', 'fixtures', 'servers', 'aiohttp_app.py') });
else console.log('(no Python with aiohttp: the aiohttp rows are left out; bash scripts/system-deps.sh installs it)');
const routes = { node: ['/timer', '/cpu?n=27'], python: ['/timer', '/cpu?n=22'] };

const serverRows = [];
for (const c of servers) {
  for (const route of routes[c.language]) {
    const ratios = [];
    const plainT = [];
    const profT = [];
    for (let i = 0; i < PAIRS; i++) {
      // Alternate which goes first: a drift in the machine's load then favours neither.
      const first = i % 2 === 0;
      const a = first ? await plain(c, route) : await profiled(c, route);
      const b = first ? await profiled(c, route) : await plain(c, route);
      const [p, q] = first ? [a, b] : [b, a];
      plainT.push(p);
      profT.push(q);
      ratios.push(q / p);
      process.stderr.write(`${c.app} ${route} pair ${i + 1}/${PAIRS}: plain ${p.toFixed(1)} req/s, profiled ${q.toFixed(1)} req/s\n`);
    }
    serverRows.push({ language: c.language, app: c.app, route, plain: median(plainT), prof: median(profT), ratio: median(ratios) });
  }
}

// Large Node programs: wall and CPU, plain and profiled at each rate.
const lintDir = mkdtempSync(join(tmpdir(), 'bw-bench-eslint-'));
cpSync(join(root, 'node_modules', 'undici', 'lib'), join(lintDir, 'lib'), { recursive: true });
const programs = [
  { label: 'tsc -p . --noEmit (this project)', argv: [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root, '--noEmit'], cwd: root },
  {
    label: `eslint over ${spawnSync('find', [lintDir, '-name', '*.js'], { encoding: 'utf8' }).stdout.trim().split('\n').length} files (undici/lib)`,
    argv: [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--no-config-lookup', '--rule', '{"no-unused-vars":"warn","no-undef":"off","eqeqeq":"warn"}', 'lib'],
    cwd: lintDir, okStatus: [0, 1],
  },
];
async function programPlain(p) {
  const t = now();
  const c0 = cpuNow();
  const r = spawnSync(process.execPath, p.argv, { cwd: p.cwd, stdio: 'ignore' });
  if (!(p.okStatus ?? [0]).includes(r.status)) throw new Error(`${p.label}: exit ${r.status}`);
  return { wall: now() - t, cpu: cpuNow() - c0 };
}
async function programProfiled(p, hz) {
  const t = now();
  const { report } = await profileScript({ command: [process.execPath, ...p.argv], cwd: p.cwd, hz });
  if (!(p.okStatus ?? [0]).includes(report.exitCode)) throw new Error(`${p.label} at ${hz} Hz: exit ${report.exitCode}`);
  const t1 = now();
  return { wall: t1 - t, cpu: report.timings.cpuUserMs + report.timings.cpuSysMs };
}
const programRows = [];
for (const p of programs) {
  await programPlain(p); // warm the file cache
  for (const hz of RATES) {
    const wallRatios = [];
    const cpuRatios = [];
    const plainW = [];
    for (let i = 0; i < PAIRS; i++) {
      const first = i % 2 === 0;
      const a = first ? await programPlain(p) : await programProfiled(p, hz);
      const b = first ? await programProfiled(p, hz) : await programPlain(p);
      const [x, y] = first ? [a, b] : [b, a];
      plainW.push(x.wall);
      wallRatios.push(y.wall / x.wall);
      cpuRatios.push(y.cpu / x.cpu);
      process.stderr.write(`${p.label} ${hz} Hz pair ${i + 1}/${PAIRS}: plain ${x.wall.toFixed(0)} ms (cpu ${x.cpu.toFixed(0)}), profiled ${y.wall.toFixed(0)} ms (cpu ${y.cpu.toFixed(0)})\n`);
    }
    programRows.push({ label: p.label, hz, plain: median(plainW), wall: median(wallRatios), cpu: median(cpuRatios) });
  }
}
rmSync(lintDir, { recursive: true, force: true });

console.log(`Servers under the built-in load (${CONNECTIONS} connections, ${DURATION_MS / 1000} s), plain vs profiled at the default rates (Node ${DEFAULT_HZ.node} Hz, Python ${DEFAULT_HZ.python} Hz); median of ${PAIRS} alternating pairs`);
console.log('| language | server | route | plain req/s | profiled req/s | profiled / plain | target >= 0.90 |');
console.log('|---|---|---|---|---|---|---|');
for (const r of serverRows) {
  console.log(`| ${r.language} | ${r.app} | ${r.route} | ${r.plain.toFixed(1)} | ${r.prof.toFixed(1)} | ${r.ratio.toFixed(3)}x | ${r.ratio >= 0.9 ? 'yes' : 'NO'} |`);
}
console.log(`\nLarge Node programs, plain vs profiled per sampling rate (default ${DEFAULT_HZ.node} Hz); median of ${PAIRS} alternating pairs`);
console.log('| program | Hz | plain wall | wall ratio | CPU ratio (plain: the process tree; profiled: the report) | target wall <= 1.10 |');
console.log('|---|---|---|---|---|---|');
for (const r of programRows) {
  console.log(`| ${r.label} | ${r.hz} | ${(r.plain / 1000).toFixed(2)} s | ${r.wall.toFixed(3)}x | ${r.cpu.toFixed(3)}x | ${r.wall <= 1.1 ? 'yes' : 'NO'} |`);
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`\nload average at the end: ${load} (${availableParallelism()} cores); the load generator shares the machine with the server, and ratios are only meaningful on a quiet machine`);

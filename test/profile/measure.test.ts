// What the samplers measure besides samples, on real interpreters (issue 12): waits counted as
// operations, not connections; child processes one after another or side by side; CPU in C code
// with the GIL released; bytes pickled to a process pool; CPU off the main thread; runs that fail.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { DEFAULT_HZ, profileScript } from '../../src/profile/engine';
import { startLoopback, tempDir, write, type Loopback } from './helpers';

describe('profile: what the samplers count and measure', function () {
  this.timeout(120000);
  let dir: string;
  let server: Loopback;
  before(async () => {
    dir = tempDir();
    server = await startLoopback(20);
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Python: 12 requests on one keep-alive connection are 12 waits, not one', async () => {
    const f = write(dir, 'keepalive.py', [
      'import http.client, sys, urllib.parse',
      'u = urllib.parse.urlsplit(sys.argv[1])',
      'conn = http.client.HTTPConnection(u.hostname, u.port)',
      'for i in range(12):',
      '    conn.request("GET", "/page/%d" % i)',
      '    conn.getresponse().read()',
      '',
    ].join('\n'));
    const { report, measurement } = await profileScript({ script: f, args: [server.url], repeatShortRuns: false });
    assert.equal(measurement?.waitCounts.http, 12, JSON.stringify(measurement?.waitCounts));
    assert.equal(measurement?.waitCounts.connect, 1);
    assert.equal(measurement?.waitsStarted, 12);
    assert.match(report.recommendation.detail, /12 HTTP requests/);
    assert.ok(report.prediction.speedup <= 12, `bounded by the 12 waits: ${report.prediction.speedup}`);
  });

  it('Python: request/response turns on a raw socket are counted too', async () => {
    const f = write(dir, 'turns.py', [
      'import socket, sys, urllib.parse',
      'u = urllib.parse.urlsplit(sys.argv[1])',
      's = socket.create_connection((u.hostname, u.port))',
      'for i in range(6):',
      '    s.sendall(b"GET /%d HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n" % i)',
      '    got = b""',
      '    while b"</html>" not in got:',
      '        got += s.recv(65536)',
      '',
    ].join('\n'));
    const { measurement } = await profileScript({ script: f, args: [server.url], repeatShortRuns: false });
    assert.equal(measurement?.waitCounts.socket, 6, JSON.stringify(measurement?.waitCounts));
  });

  it('Python: child processes that compute one after another are serial, not parallel', async () => {
    const f = write(dir, 'children.py', [
      'import subprocess, sys',
      'for _ in range(3):',
      '    subprocess.run([sys.executable, "-c", "x = 0\\nfor i in range(4_000_000): x += i"])',
      '',
    ].join('\n'));
    const { report, measurement } = await profileScript({ script: f, repeatShortRuns: false });
    assert.equal(measurement?.children.started, 3);
    assert.equal(measurement?.children.maxAtOnce, 1);
    assert.notEqual(report.recommendation.id, 'already-parallel', report.recommendation.detail);
  });

  it('Python: hashing big buffers runs with the GIL released; a Python loop holds it', async () => {
    const hashing = write(dir, 'hashing.py', 'import hashlib\nb = b"x" * (16 << 20)\nfor _ in range(12):\n    hashlib.sha3_256(b).digest()\n');
    const looping = write(dir, 'looping.py', 'x = 0\nfor i in range(6_000_000):\n    x += i\n');
    const share = (m: { gil?: { freeCpuMs: number; heldCpuMs: number } } | undefined) => (m?.gil ? m.gil.freeCpuMs / (m.gil.freeCpuMs + m.gil.heldCpuMs) : NaN);
    const h = (await profileScript({ script: hashing, repeatShortRuns: false })).measurement;
    const l = (await profileScript({ script: looping, repeatShortRuns: false })).measurement;
    assert.ok(share(h) >= 0.6, `hashing: ${JSON.stringify(h?.gil)}`);
    assert.ok(share(l) <= 0.2, `looping: ${JSON.stringify(l?.gil)}`);
  });

  it('Python: the bytes a process pool pickles to its workers are measured, and a pool that only moves data is told to drop it', async () => {
    const f = write(dir, 'pool.py', [
      'from multiprocessing import Pool',
      'if __name__ == "__main__":',
      '    data = [{"id": i, "name": "item-%d" % i} for i in range(100_000)]',
      '    with Pool(2) as pool:',
      '        print(pool.map(len, [data] * 6))',
      '',
    ].join('\n'));
    const { report, measurement } = await profileScript({ script: f, repeatShortRuns: false });
    assert.ok((measurement?.transfer?.toWorkersBytes ?? 0) >= 6 * 2e6, JSON.stringify(measurement?.transfer));
    assert.equal(report.recommendation.id, 'drop-pool', report.recommendation.detail);
    // The forked workers measured their side: six tasks unpickled, and len() is next to no work.
    const workers = measurement?.transfer?.inWorkers;
    assert.ok(workers && workers.workers === 2 && workers.tasks === 6, JSON.stringify(measurement?.transfer));
    assert.ok(workers.transferMs > 10 * workers.workMs, JSON.stringify(workers));
    assert.match(report.prediction.assumption, /measured in them/);
  });

  it('Python: only the script is the user\'s code, not the sampler\'s package under its threads', async () => {
    // Every thread's stack starts in the sampler's wrapper of Thread._bootstrap_inner (in the
    // package beside the entry): a file of ours, so neither a user file nor a place to blame.
    const f = write(dir, 'threads_compute.py', [
      'import threading, time',
      'def work():',
      '    end = time.perf_counter() + 0.4',
      '    while time.perf_counter() < end:',
      '        sum(i * i for i in range(1000))',
      'threads = [threading.Thread(target=work) for _ in range(2)]',
      'for t in threads: t.start()',
      'for t in threads: t.join()',
      '',
    ].join('\n'));
    const { measurement } = await profileScript({ script: f, repeatShortRuns: false });
    const urls = new Set(measurement!.profile.nodes.map((n) => n.callFrame.url));
    assert.ok([...urls].some((u) => /[\\/]_boundwise_sampler[\\/]/.test(u)), 'the thread wrapper is sampled');
    assert.deepEqual(measurement?.userFiles, [f]);
  });

  it('Python: a script that fails at its import is failed, with the error line and no advice', async () => {
    const f = write(dir, 'missing_dep.py', 'import boundwise_no_such_module\n');
    const { report } = await profileScript({ script: f });
    assert.equal(report.classification, 'failed');
    assert.equal(report.recommendation.id, 'none');
    assert.match(report.failure?.errorLine ?? '', /ModuleNotFoundError: No module named 'boundwise_no_such_module'/);
    assert.match(report.recommendation.detail, /No module named/);
  });

  it('Python: a run that failed after its work keeps its verdict, labelled as measured on a failed run', async () => {
    const f = write(dir, 'late.py', 'import time\nfor _ in range(6):\n    time.sleep(0.4)\nraise SystemExit("upload failed")\n');
    const { report } = await profileScript({ script: f });
    assert.notEqual(report.classification, 'failed');
    assert.match((report.caveats ?? []).join(' '), /Measured on a run that failed \(exit code 1\): upload failed/);
  });

  it('Node: five synchronous child processes are five waits', async () => {
    const f = write(dir, 'execsync.mjs', "import { execSync } from 'node:child_process';\nfor (let i = 0; i < 5; i++) execSync('sleep 0.3');\n");
    const { report, measurement } = await profileScript({ script: f, repeatShortRuns: false });
    assert.equal(measurement?.waitCounts['child-sync'], 5, JSON.stringify(measurement?.waitCounts));
    assert.ok(report.prediction.speedup <= 5, `at most 5x: ${report.prediction.speedup}`);
  });

  it('Node: child processes started with Promise.all are already concurrent', async () => {
    const f = write(dir, 'execall.mjs', [
      "import { exec } from 'node:child_process';",
      "import { promisify } from 'node:util';",
      "await Promise.all([1, 2, 3, 4].map(() => promisify(exec)('sleep 0.8')));",
      '',
    ].join('\n'));
    const { report, measurement } = await profileScript({ script: f, repeatShortRuns: false });
    assert.equal(measurement?.waitCounts.child, 4, JSON.stringify(measurement?.waitCounts));
    assert.equal(measurement?.peakInflight?.child, 4);
    assert.equal(report.recommendation.id, 'already-concurrent', report.recommendation.detail);
  });

  it('Node: timers awaited one after another are counted, with their call site', async () => {
    const f = write(dir, 'timers.mjs', "import { setTimeout as sleep } from 'node:timers/promises';\nfor (let i = 0; i < 8; i++) await sleep(100);\n");
    const { measurement } = await profileScript({ script: f, repeatShortRuns: false });
    assert.equal(measurement?.waitCounts.timer, 8, JSON.stringify(measurement?.waitCounts));
    assert.deepEqual(measurement?.callCounts.map((c) => [c.line, c.event, c.count]), [[2, 'timer', 8]]);
  });

  it('Node: async zlib computes on threads besides the main one, and the measurement sees them', async () => {
    const f = write(dir, 'zlib.mjs', [
      "import { gzip } from 'node:zlib';",
      "import { promisify } from 'node:util';",
      'const data = Buffer.from(Array.from({ length: 300000 }, (_, i) => `${i} lorem ipsum ${i * 7919 % 1000}\\n`).join(""));',
      'await Promise.all(Array.from({ length: 8 }, () => promisify(gzip)(data)));',
      '',
    ].join('\n'));
    const { measurement } = await profileScript({ script: f, repeatShortRuns: false });
    const t = measurement?.threadsCpu;
    assert.ok(t && t.otherMs > 0.3 * (t.mainMs + t.otherMs), JSON.stringify(t));
  });

  it('Node: a sync call is told at its own line by the name called, and require() at start-up is no blocking site', async () => {
    // Start-up reads a 32 MB module: the loader's readFileSync is sampled.
    write(dir, 'big_helper.json', JSON.stringify('x'.repeat(32 << 20)));
    const f = write(dir, 'sync_sites.js', [
      "const zlib = require('node:zlib');",
      "const big = require('./big_helper.json').slice(0, 2 << 20);",
      'function compress(buf) {',
      '  let n = 0;',
      '  for (let i = 0; i < 40; i++) {',
      '    n += zlib.gzipSync(buf, { level: 9 }).length;',
      '  }',
      '  return n;',
      '}',
      'console.log(compress(Buffer.from(big)));',
      '',
    ].join('\n'));
    const { report } = await profileScript({ script: f, repeatShortRuns: false });
    const gzip = report.blocking.find((b) => b.file === f && b.call === 'zlib.gzipSync');
    // Line 6 is the call; line 3 is where compress() begins, all a profile frame carries.
    assert.equal(gzip?.line, 6, JSON.stringify(report.blocking));
    assert.ok(!report.blocking.some((b) => b.call.startsWith('fs.')), `require() listed: ${JSON.stringify(report.blocking)}`);
    assert.ok(!report.blocking.some((b) => /zlibBufferSync|syncBufferWrapper/.test(b.call)), JSON.stringify(report.blocking));
  });

  it('Node: a script that cannot find its module is failed', async () => {
    const f = write(dir, 'missing.cjs', "require('boundwise-no-such-package');\n");
    const { report } = await profileScript({ script: f });
    assert.equal(report.classification, 'failed');
    assert.match(report.failure?.errorLine ?? '', /Cannot find module 'boundwise-no-such-package'/);
  });

  it('Node: a CPU-bound script of one second at the default rate has the samples to be judged: cpu-bound, its function the hotspot', async () => {
    // The default Node rate was lowered from 1 kHz to 100 Hz (docs/profiling.md, "The sampling rate"); a short
    // program must still get a verdict, not "too short to judge" for want of samples.
    const f = write(dir, 'one_second.js', 'function crunch() { const end = Date.now() + 1000; let s = 0; while (Date.now() < end) s += Math.sqrt(s + 1); return s; }\ncrunch();\n');
    const { report } = await profileScript({ script: f, repeatShortRuns: false });
    assert.equal(report.samples.hz, DEFAULT_HZ.node);
    assert.ok(report.samples.count >= 50, `samples ${report.samples.count}`);
    assert.equal(report.classification, 'cpu-bound', `${report.classification}/${report.recommendation.id}: ${report.recommendation.detail}`);
    assert.equal(report.hotspots[0]?.function, 'crunch', JSON.stringify(report.hotspots));
  });

  it('Node: the run\'s timeline has every phase, in order, from spawn to the report', async () => {
    // bench/server-overhead.mjs prints where a profiled run's time goes from these instants.
    const f = write(dir, 'timeline.js', 'let s = 0; for (let i = 0; i < 2e7; i++) s += i;\n');
    const { timeline } = await profileScript({ script: f, repeatShortRuns: false });
    const order = ['calledAt', 'spawnedAt', 'startedAt', 'readyAt', 'exitAt', 'exitedAt', 'runDoneAt', 'profilesReadAt', 'normalisedAt', 'measuredAt', 'reportAt'] as const;
    const at = order.map((k) => timeline?.[k]);
    assert.ok(at.every((t) => typeof t === 'number' && Number.isFinite(t)), JSON.stringify(timeline));
    for (let i = 1; i < order.length; i++) {
      // Two processes' clocks (epoch ms from each one's time origin): allow a millisecond between them.
      assert.ok(at[i]! >= at[i - 1]! - 1, `${order[i - 1]} ${at[i - 1]} then ${order[i]} ${at[i]}`);
    }
  });

  it('a run under 2 s is repeated three times; the report gives each run\'s wall time and verdict', async () => {
    const f = write(dir, 'short.py', 'import time\nfor _ in range(3):\n    time.sleep(0.1)\n');
    const { report } = await profileScript({ script: f });
    assert.equal(report.repeats?.runs, 3);
    assert.equal(report.repeats?.wallMs.length, 3);
    assert.equal(report.repeats?.verdicts.length, 3);
    assert.ok(report.repeats && report.repeats.wallMs.includes(Math.round(report.timings.wallMs * 10) / 10), 'the report is one of the runs');
  });
});

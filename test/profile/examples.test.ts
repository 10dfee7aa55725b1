// The reference experiments in examples/, run under the real interpreters: the class and the
// recommendation must be the ones the reference measurements support.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { profileScript } from '../../src/profile/engine';
import type { ProfileReport } from '../../src/profile/report';
import { example, startLoopback, type Loopback } from './helpers';

/** A fast (20 ms) and a slow (400 ms) loopback server for the enclosing describe block. The slow
 * one serves the concurrent variants: with every request in flight at once, a short delay would
 * leave only connection set-up, which is computing. */
function useLoopbackServers(): { fast(): string; slow(): string } {
  const servers: Loopback[] = [];
  before(async () => {
    servers.push(await startLoopback(20), await startLoopback(400));
  });
  after(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return { fast: () => servers[0].url, slow: () => servers[1].url };
}

function expectVerdict(r: ProfileReport, cls: string | string[], rec: string | string[]): void {
  const why = `${r.classification}/${r.recommendation.id}: ${r.recommendation.detail}`;
  assert.equal(r.exitCode, 0, `exit ${r.exitCode}: ${r.stderrTail}`);
  assert.ok(([] as string[]).concat(cls).includes(r.classification), why);
  assert.ok(([] as string[]).concat(rec).includes(r.recommendation.id), why);
  assert.ok(r.prediction.speedup >= 1, 'a prediction is a gain');
  assert.ok(r.prediction.assumption.length > 10, 'the prediction states its assumption');
}

describe('profile: Python reference experiments', function () {
  this.timeout(60000);
  const servers = useLoopbackServers();

  it('fib serial is cpu-bound and goes to processes, with fib as the hotspot', async () => {
    const { report } = await profileScript({ script: example('python', 'fib_serial.py'), args: ['27', '10'] });
    expectVerdict(report, 'cpu-bound', 'processes');
    assert.equal(report.hotspots[0].function, 'fib');
    assert.ok(report.hotspots[0].onCpu);
    assert.match(report.recommendation.detail, /fib/);
    assert.ok(report.recommendation.sketch?.after.includes('ProcessPoolExecutor'));
    assert.ok(report.prediction.speedup <= report.timings.cores + 1e-9, 'at most N-fold on N cores');
  });

  it('fib on threads is cpu-bound: the GIL serialises it, processes are recommended', async () => {
    const { report } = await profileScript({ script: example('python', 'fib_threads.py'), args: ['27', '16'] });
    // (threads taking turns on the GIL on a busy machine leave the CPU idle between turns: the
    // measured class can drop to mixed; the advice must not change)
    expectVerdict(report, ['cpu-bound', 'mixed'], 'processes');
    assert.match(report.recommendation.detail, /GIL/);
  });

  it('fib as recursive coroutines is cpu-bound: processes', async () => {
    const { report } = await profileScript({ script: example('python', 'fib_asyncio.py'), args: ['25', '10'] });
    expectVerdict(report, 'cpu-bound', 'processes');
  });

  it('fib on a process pool is already parallel', async () => {
    const { report } = await profileScript({ script: example('python', 'fib_processes.py'), args: ['28', '16'] });
    expectVerdict(report, 'cpu-bound', 'already-parallel');
    assert.ok(report.timings.childCpuMs > report.timings.cpuUserMs, `the work ran in the children: ${JSON.stringify(report.timings)}`);
  });

  it('serial downloads are io-bound: asyncio, with the urlopen call site and the count of calls', async () => {
    const { report } = await profileScript({ script: example('python', 'downloads_serial.py'), args: [servers.fast(), '30'] });
    expectVerdict(report, 'io-bound', 'asyncio');
    assert.equal(report.blocking[0].call, 'urllib.request.urlopen');
    assert.match(report.recommendation.detail, /30 calls/);
    assert.ok(report.prediction.speedup > 2, `predicted ${report.prediction.speedup}`);
  });

  it('run without a server URL (as the README shows), serial downloads see only their own waits', async () => {
    // The example starts its own server then, in a child process: the server's sleeps are not the script's.
    const { report } = await profileScript({ script: example('python', 'downloads_serial.py'), args: ['-', '12'] });
    expectVerdict(report, 'io-bound', 'asyncio');
    assert.equal(report.blocking[0].call, 'urllib.request.urlopen', JSON.stringify(report.blocking));
    assert.ok(!report.blocking.some((b) => b.call === 'time.sleep'), `the server's sleeps counted as the script's: ${JSON.stringify(report.blocking)}`);
    assert.match(report.recommendation.detail, /12 calls one after another/);
  });

  it('run without a server URL, 160 requests at once with asyncio all get an answer', async () => {
    const { report } = await profileScript({ script: example('python', 'downloads_asyncio.py'), args: ['-', '160'] });
    assert.equal(report.exitCode, 0, report.stderrTail);
    assert.match(report.stdoutTail ?? '', /160 pages, 324160 bytes/);
  });

  it('downloads on 5 threads are io-bound: asyncio overlaps more than the pool', async () => {
    const { report } = await profileScript({ script: example('python', 'downloads_threads.py'), args: [servers.fast(), '100'] });
    // (start-up and imports can push a short run on a busy machine into "mixed"; the advice holds)
    expectVerdict(report, ['io-bound', 'mixed'], 'asyncio');
  });

  it('downloads with asyncio.gather are already concurrent', async () => {
    const { report } = await profileScript({ script: example('python', 'downloads_asyncio.py'), args: [servers.slow(), '100'] });
    expectVerdict(report, ['io-bound', 'mixed'], 'already-concurrent');
  });

  it('downloads on processes are io-bound: asyncio is cheaper', async () => {
    const { report } = await profileScript({ script: example('python', 'downloads_processes.py'), args: [servers.fast(), '40'] });
    expectVerdict(report, ['io-bound', 'mixed'], 'asyncio');
  });

  it('waiting and computing in turn is mixed: asyncio for the waits, processes for the computing', async () => {
    const medium = await startLoopback(40);
    try {
      const { report } = await profileScript({ script: example('python', 'mixed_pipeline.py'), args: [medium.url, '15', '20000'] });
      expectVerdict(report, 'mixed', 'asyncio+processes');
      assert.equal(report.hotspots.find((h) => h.onCpu)?.function, 'crunch');
      assert.ok(report.blocking.some((b) => b.call === 'urllib.request.urlopen'));
    } finally {
      await medium.close();
    }
  });

  it('time.sleep inside async tasks blocks the loop: offload-blocking at the call site', async () => {
    const { report } = await profileScript({ script: example('python', 'blocking_asyncio.py'), args: ['12', '0.05'] });
    expectVerdict(report, 'io-bound', 'offload-blocking');
    assert.equal(report.blocking[0].call, 'time.sleep', JSON.stringify(report.blocking));
    assert.equal(report.blocking[0].line, 8, JSON.stringify(report.blocking));
    assert.ok(report.loopBlocking && report.loopBlocking.events.length > 0);
  });
});

describe('profile: Node reference experiments', function () {
  this.timeout(60000);
  const servers = useLoopbackServers();

  it('fib on the main thread is cpu-bound: worker threads', async () => {
    const { report } = await profileScript({ script: example('node', 'fib_serial.mjs'), args: ['32', '16'] });
    expectVerdict(report, 'cpu-bound', 'worker-threads');
    assert.equal(report.hotspots[0].function, 'fib');
  });

  it('fib on worker threads is already parallel', async () => {
    const { report } = await profileScript({ script: example('node', 'fib_workers.mjs'), args: ['33', '24'] });
    expectVerdict(report, 'cpu-bound', 'already-parallel');
  });

  it('awaiting requests one by one is io-bound: run them together', async () => {
    const { report } = await profileScript({ script: example('node', 'downloads_serial.mjs'), args: [servers.fast(), '30'] });
    expectVerdict(report, 'io-bound', 'concurrent-async');
    assert.match(report.recommendation.detail, /30 HTTP requests/);
    assert.ok(report.recommendation.sketch?.after.includes('Promise.all'));
  });

  it('run without a server URL, the example starts its server in a child: no server code among its hotspots', async () => {
    const { report } = await profileScript({ script: example('node', 'downloads_serial.mjs'), args: ['-', '12'] });
    expectVerdict(report, 'io-bound', 'concurrent-async');
    // The server's code is `serve` and the request handler inside it.
    const lines = fs.readFileSync(example('node', 'loopback.mjs'), 'utf8').split('\n');
    const start = lines.findIndex((l) => l.startsWith('export function serve(')) + 1;
    const end = start + lines.slice(start).findIndex((l) => l === '}') + 1;
    const server = report.hotspots.filter((h) => h.file.endsWith('loopback.mjs') && h.line >= start && h.line <= end);
    assert.deepEqual(server, [], `lines ${start}-${end} of loopback.mjs are the server's`);
  });

  it('Promise.all downloads are already concurrent', async () => {
    const { report } = await profileScript({ script: example('node', 'downloads_promise_all.mjs'), args: [servers.slow(), '100'] });
    expectVerdict(report, ['io-bound', 'mixed'], 'already-concurrent');
  });

  it('sync calls between awaits block the loop: offload-blocking', async () => {
    const { report } = await profileScript({ script: example('node', 'blocking_sync.mjs'), args: ['8'] });
    // (pbkdf2Sync computes: on a busy machine the run can be cpu-bound; the loop is still blocked by sync calls)
    expectVerdict(report, ['io-bound', 'mixed', 'cpu-bound'], 'offload-blocking');
    assert.ok(report.blocking.some((b) => b.call === 'crypto.pbkdf2Sync'), JSON.stringify(report.blocking));
  });
});

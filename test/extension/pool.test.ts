// The extension's piscina pool: progress arrives, and a cancel kills the script's whole process tree
// (piscina's own abort would end the worker thread and leave the script running). The editor's
// server commands go through the same worker: a run under the built-in load (real server, loopback),
// the loopback-only rule, and an attachment to a running Node server.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { ProfilePool } from '../../src/extension/profile/pool';
import type { WorkerProgressMessage } from '../../src/profile/worker';
import { alive } from '../profile/helpers';
import { EXPRESS_APP, freePort, httpStatus } from '../profile/serverHelpers';

const WORKER = path.resolve(__dirname, '..', '..', 'src', 'profile', 'worker.js');

describe('profile pool (piscina)', function () {
  this.timeout(30_000);
  let dir: string;
  let pool: ProfilePool;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-pool-'));
    pool = new ProfilePool(WORKER);
  });
  after(async () => {
    await pool.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs a script in the worker and reports progress and the verdict', async () => {
    const script = path.join(dir, 'spin.py');
    fs.writeFileSync(script, 'import time\nt = time.time()\nwhile time.time() - t < 0.8:\n    sum(range(1000))\n');
    const progress: number[] = [];
    const result = await pool.run({ script }, (p) => progress.push(p.samples)).result;
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.report.classification, 'cpu-bound');
    assert.ok(result.finishedAt <= Date.now());
    assert.ok(progress.length >= 2, `progress messages: ${progress.length}`);
    // The samples' on-CPU states come with the profile (a Python profile does not carry them), one a sample.
    assert.equal(result.sampleOnCpu?.length, result.cpuprofile?.samples.length);
    assert.ok(result.sampleOnCpu!.every((f) => f === 0 || f === 1) && result.sampleOnCpu!.includes(1));
  });

  it('cancel kills the script and its children, and resolves as cancelled', async () => {
    const script = path.join(dir, 'tree.py');
    const pids = path.join(dir, 'pids.txt');
    fs.writeFileSync(script, [
      'import os, subprocess, sys, time',
      "child = subprocess.Popen(['sleep', '60'])",
      `open(${JSON.stringify(pids)}, 'w').write('%d %d' % (os.getpid(), child.pid))`,
      'time.sleep(60)',
    ].join('\n'));
    const handle = pool.run({ script });
    const started = Date.now();
    while (!fs.existsSync(pids) || !fs.readFileSync(pids, 'utf8').includes(' ')) {
      assert.ok(Date.now() - started < 15_000, 'the script never started');
      await new Promise((r) => setTimeout(r, 50));
    }
    const [parent, child] = fs.readFileSync(pids, 'utf8').split(' ').map(Number);
    assert.ok(alive(parent) && alive(child));
    const cancelledAt = Date.now();
    handle.cancel();
    const result = await handle.result;
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'cancelled');
    assert.ok(Date.now() - cancelledAt < 8000, `cancel took ${Date.now() - cancelledAt} ms`);
    const deadline = Date.now() + 3000;
    while ((alive(parent) || alive(child)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(alive(parent), false, 'the script survived the cancel');
    assert.equal(alive(child), false, "the script's child survived the cancel");
  });

  it('a run under the built-in load: progress says where the load is, and the report has both sides', async () => {
    const port = await freePort();
    const phases = new Set<string>();
    const result = await pool.run(
      { script: EXPRESS_APP, args: [String(port)], load: { url: `http://127.0.0.1:${port}/timer`, durationMs: 1500, connections: 2 } },
      (p: WorkerProgressMessage) => p.load && phases.add(p.load.phase),
    ).result;
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.report.stopped?.by, 'load');
    assert.ok(result.report.server?.load && result.report.server.load.requests > 10, JSON.stringify(result.report.server?.load));
    assert.ok(result.report.server.busy, JSON.stringify(result.report.server));
    assert.ok(phases.has('load'), `load phases seen: ${[...phases].join(', ')}`);
  });

  it('a load aimed at another machine is refused before the script starts', async () => {
    const marker = path.join(dir, 'started.txt');
    const script = path.join(dir, 'marks.py');
    fs.writeFileSync(script, `open(${JSON.stringify(marker)}, 'w').write('ran')\n`);
    const result = await pool.run({ script, load: { url: 'http://192.0.2.10:8080/', durationMs: 1000, connections: 1 } }).result;
    assert.equal(!result.ok && result.kind, 'input');
    assert.match(!result.ok ? result.message : '', /only targets this machine/);
    // Through the worker thread the front end still learns a switch allows it (VS Code names its setting).
    assert.equal(!result.ok && result.allowedBy, 'any-load-host');
    assert.ok(!fs.existsSync(marker), 'the script ran');
  });

  it('attaches to a running Node server for a duration; it keeps running', async () => {
    const port = await freePort();
    // --inspect-port=0: not 9229, which a parallel run may hold.
    const server = spawn(process.execPath, ['--inspect-port=0', EXPRESS_APP, String(port)], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout!.on('data', (c: Buffer) => c.toString().includes('listening') && resolve());
        server.once('exit', () => reject(new Error('the server exited')));
      });
      const result = await pool.run({ attach: { pid: server.pid!, durationMs: 1000 } }).result;
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.report.attached?.pid, server.pid);
      assert.equal(result.report.attached?.endedBy, 'duration');
      assert.ok(alive(server.pid!));
      assert.equal(await httpStatus(`http://127.0.0.1:${port}/timer?ms=1`), 200);
    } finally {
      server.kill();
    }
  });

  it('reports a missing interpreter as an interpreter failure', async () => {
    const script = path.join(dir, 'ok.py');
    fs.writeFileSync(script, 'print(1)\n');
    const result = await pool.run({ script, python: path.join(dir, 'no-such-python') }).result;
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'interpreter');
    assert.match(!result.ok ? result.message : '', /not found/);
  });
});

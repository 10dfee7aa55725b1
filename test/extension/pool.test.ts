// The extension's piscina pool: progress arrives, and a cancel kills the script's whole process tree
// (piscina's own abort would end the worker thread and leave the script running).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProfilePool } from '../../src/extension/profile/pool';
import { alive } from '../profile/helpers';

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

  it('reports a missing interpreter as an interpreter failure', async () => {
    const script = path.join(dir, 'ok.py');
    fs.writeFileSync(script, 'print(1)\n');
    const result = await pool.run({ script, python: path.join(dir, 'no-such-python') }).result;
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'interpreter');
    assert.match(!result.ok ? result.message : '', /not found/);
  });
});

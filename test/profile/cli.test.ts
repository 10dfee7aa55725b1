// `boundwise profile` as a user runs it: the bundled CLI in a child process.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import Piscina from 'piscina';
import type { ProfileReport } from '../../src/profile/report';
import { ROOT, tempDir, write } from './helpers';

// The command function the CLI's main dispatches to, in a child process of its own (compiled out/
// code, so this suite does not depend on the other entry points of the bundle).
const COMMAND = path.join(ROOT, 'out', 'src', 'cli', 'profile.js');
const BOOT = `require(${JSON.stringify(COMMAND)}).runProfileCommand(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;
const run = (args: string[]) => spawnSync(process.execPath, ['-e', BOOT, ...args], { encoding: 'utf8', timeout: 60000 });

describe('boundwise profile (CLI)', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempDir('bw-cli-');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the SPEC §5 JSON, a .cpuprofile and a summary, passing arguments after --', () => {
    const script = write(dir, 'work.py', 'import sys\ndef burn():\n    s = 0\n    for i in range(int(float(sys.argv[1]) * 2e7)):\n        s += i\n    return s\nburn()\nprint("args", sys.argv[1:])\n');
    const json = path.join(dir, 'out', 'report.json');
    const prof = path.join(dir, 'out', 'work.cpuprofile');
    const r = run([script, '--json', json, '--cpuprofile', prof, '--hz', '200', '--', '0.4', '--not-a-flag']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
    for (const k of ['script', 'language', 'exitCode', 'classification', 'recommendation', 'timings', 'samples', 'hotspots', 'blocking', 'prediction']) {
      assert.ok(k in report, `missing ${k}`);
    }
    for (const k of ['wallMs', 'cpuUserMs', 'cpuSysMs', 'childCpuMs', 'utilization', 'cores']) assert.equal(typeof (report.timings as unknown as Record<string, unknown>)[k], 'number');
    assert.deepEqual(Object.keys(report.samples).sort(), ['count', 'hz', 'onCpu', 'waiting']);
    assert.equal(report.samples.hz, 200);
    assert.notEqual(report.classification, 'io-bound', report.recommendation.detail);
    assert.match(report.stdoutTail ?? '', /args \['0.4', '--not-a-flag'\]/);
    const cpuprofile = JSON.parse(fs.readFileSync(prof, 'utf8'));
    assert.ok(Array.isArray(cpuprofile.nodes) && cpuprofile.samples.length === cpuprofile.timeDeltas.length);
    assert.match(r.stdout, /verdict\s+cpu-bound/);
    assert.match(r.stdout, /burn/);
  });

  it('--html writes one self-contained file', () => {
    const script = write(dir, 'short.js', 'const t = Date.now(); while (Date.now() - t < 300) {}\n');
    const html = path.join(dir, 'report.html');
    const r = run([script, '--html', html]);
    assert.equal(r.status, 0, r.stderr);
    const text = fs.readFileSync(html, 'utf8');
    assert.match(text, /Content-Security-Policy/);
  });

  it('usage errors are one line on stderr and exit 2', () => {
    for (const args of [[], ['a.py', 'b.py'], ['x.py', '--hz', 'fast'], ['x.py', '--timeout', '-1'], ['x.py', '--bogus'], [path.join(dir, 'missing.py')]]) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^boundwise profile: /);
    }
  });

  it('a failing script still gets its report; the exit code is 1', () => {
    const script = write(dir, 'fail.py', 'import time\ntime.sleep(0.3)\nraise SystemExit("bad input file")\n');
    const json = path.join(dir, 'fail.json');
    const r = run([script, '--json', json]);
    assert.equal(r.status, 1);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
    assert.equal(report.exitCode, 1);
    assert.match(report.stderrTail ?? '', /bad input file/);
    assert.match(r.stdout, /bad input file/);
  });

  it('runs in a piscina worker with progress and cancellation through a MessagePort', async () => {
    const pool = new Piscina({ filename: path.join(ROOT, 'out', 'src', 'profile', 'worker.js'), maxThreads: 1 });
    try {
      const script = write(dir, 'slow.py', 'import time\ntime.sleep(30)\n');
      const { port1, port2 } = new MessageChannel();
      const progress: number[] = [];
      port1.on('message', (m: { type: string; elapsedMs: number }) => {
        if (m.type === 'progress') {
          progress.push(m.elapsedMs);
          if (progress.length === 3) port1.postMessage({ type: 'cancel' });
        }
      });
      const t = Date.now();
      const result = await pool.run({ script, port: port2 }, { transferList: [port2] });
      port1.close();
      assert.equal(result.ok, false);
      assert.equal(result.cancelled, true);
      assert.ok(progress.length >= 3 && Date.now() - t < 10000);
    } finally {
      await pool.destroy();
    }
  });
});

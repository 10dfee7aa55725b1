// The profiled run's processes: nothing it starts outlives it (daemons that leave its process
// group included), a stop or a timeout asks the program to end and keeps what was measured, and
// signals to `boundwise profile` stop the program instead of leaving it running. Real CLI
// processes, real interpreters; "left behind" is checked in /proc.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileScript } from '../../src/profile/engine';
import type { ProfileReport } from '../../src/profile/report';
import { runCommand } from '../../src/profile/runner';
import { startCli } from './cliProcess';
import { alive, pidFrom, tempDir, until, write } from './helpers';

const readReport = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as ProfileReport;

describe('profile: processes of the run', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempDir('bw-proc-');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('daemons', () => {
    it('a Python script that double-forks a setsid daemon: profile returns promptly, the daemon is gone, the report is written', async () => {
      const pidFile = path.join(dir, 'pydaemon.pid');
      const script = write(dir, 'pydaemon.py', [
        'import os, time',
        'pid = os.fork()',
        'if pid == 0:',
        '    os.setsid()',
        '    if os.fork() == 0:',
        `        open(${JSON.stringify(pidFile)}, "w").write(str(os.getpid()))`,
        '        time.sleep(300)',
        '    os._exit(0)',
        'os.waitpid(pid, 0)',
        'print("parent done")',
      ].join('\n'));
      const json = path.join(dir, 'pydaemon.json');
      const t = Date.now();
      const cli = startCli([script, '--json', json]);
      const status = await cli.exited(20000);
      const daemon = await pidFrom(pidFile, 1000);
      assert.equal(status, 0, `profile did not return (${status}): ${cli.stderr()}`);
      assert.ok(Date.now() - t < 15000, `profile took ${Date.now() - t} ms`);
      assert.ok(daemon > 0, 'the daemon never started');
      assert.equal(alive(daemon), false, 'the daemon was left running');
      assert.equal(readReport(json).exitCode, 0);
      assert.equal(readReport(json).endedLeftovers, 1);
      assert.match(cli.stdout(), /parent done/);
      assert.match(cli.stdout(), /left running\s+1 process of the run .* was ended/);
    });

    it('a Node script that spawns a detached, unref()ed child: profile returns promptly and the child is gone', async () => {
      const pidFile = path.join(dir, 'jsdaemon.pid');
      const script = write(dir, 'jsdaemon.js', [
        'const { spawn } = require("node:child_process");',
        'const d = spawn(process.execPath, ["-e", "setTimeout(() => {}, 300000)"], { detached: true, stdio: ["ignore", "inherit", "inherit"] });',
        `require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(d.pid));`,
        'd.unref();',
      ].join('\n'));
      const json = path.join(dir, 'jsdaemon.json');
      const cli = startCli([script, '--json', json]);
      const status = await cli.exited(20000);
      const daemon = await pidFrom(pidFile, 1000);
      assert.equal(status, 0, `profile did not return (${status}): ${cli.stderr()}`);
      assert.ok(daemon > 0, 'the detached child never started');
      assert.equal(alive(daemon), false, 'the detached child was left running');
      assert.equal(readReport(json).exitCode, 0);
      assert.equal(readReport(json).endedLeftovers, 1);
    });
  });

  describe('stopping a program that ignores SIGTERM', () => {
    // Ignores SIGTERM, starts a child that does too, computes a little and sleeps in a loop.
    const stubborn = (name: string, pidFile: string) => write(dir, name, [
      'import signal, subprocess, sys, time',
      'signal.signal(signal.SIGTERM, signal.SIG_IGN)',
      'child = subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)"])',
      `open(${JSON.stringify(pidFile)}, "w").write("%d %d" % (__import__("os").getpid(), child.pid))`,
      'print("READY", flush=True)',
      'def work():',
      '    while True:',
      '        sum(range(20000))',
      '        time.sleep(0.01)',
      'work()',
    ].join('\n'));
    const pids = (file: string) => fs.readFileSync(file, 'utf8').trim().split(' ').map(Number);

    it('--timeout stops it: no process left, the report says stopped by the timeout and keeps the samples', async () => {
      const pidFile = path.join(dir, 'timeout.pids');
      const json = path.join(dir, 'timeout.json');
      const cli = startCli([stubborn('stubborn_timeout.py', pidFile), '--timeout', '1.5', '--json', json]);
      assert.equal(await cli.exited(30000), 1, cli.stderr());
      for (const pid of pids(pidFile)) assert.equal(alive(pid), false, `process ${pid} was left running`);
      const report = readReport(json);
      assert.ok(report.samples.count > 20, `samples ${report.samples.count}`);
      assert.equal(report.hotspots[0]?.function, 'work');
      assert.deepEqual(report.stopped?.by, 'timeout');
      assert.match(cli.stdout(), /stopped by the timeout.*\n.*measured on a stopped run/);
    });

    for (const [signal, status] of [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]] as const) {
      it(`${signal} to boundwise profile stops it: no process left, --json, --html and --cpuprofile written, the report says stopped`, async () => {
        const pidFile = path.join(dir, `${signal}.pids`);
        const out = (ext: string) => path.join(dir, `${signal}.${ext}`);
        const cli = startCli([stubborn(`stubborn_${signal}.py`, pidFile), '--json', out('json'), '--html', out('html'), '--cpuprofile', out('cpuprofile')]);
        assert.ok(await until(() => fs.existsSync(pidFile) && pids(pidFile).length === 2, 20000), `the script never started: ${cli.stderr()}`);
        await new Promise((r) => setTimeout(r, 500));
        cli.kill(signal);
        const exited = await cli.exited(30000);
        for (const pid of pids(pidFile)) assert.equal(alive(pid), false, `process ${pid} was left running`);
        assert.equal(exited, status, cli.stderr());
        const report = readReport(out('json'));
        assert.ok(report.samples.count > 10, `samples ${report.samples.count}`);
        assert.deepEqual(report.stopped?.by, 'user');
        assert.ok(fs.statSync(out('html')).size > 1000);
        assert.ok(JSON.parse(fs.readFileSync(out('cpuprofile'), 'utf8')).samples.length > 10);
      });
    }

    it('a Node program that ignores SIGTERM, stopped by SIGTERM to boundwise profile, keeps its profile', async () => {
      const pidFile = path.join(dir, 'stubborn_js.pid');
      const script = write(dir, 'stubborn.js', [
        'process.on("SIGTERM", () => {});',
        `require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));`,
        'function tick() { const t = Date.now(); while (Date.now() - t < 5) {} }',
        'setInterval(tick, 10);',
        'console.log("READY");',
      ].join('\n'));
      const json = path.join(dir, 'stubborn_js.json');
      const cli = startCli([script, '--json', json]);
      const pid = await pidFrom(pidFile);
      assert.ok(pid, cli.stderr());
      await new Promise((r) => setTimeout(r, 500));
      cli.kill('SIGTERM');
      const exited = await cli.exited(30000);
      assert.equal(alive(pid), false, 'the program was left running');
      assert.equal(exited, 143, cli.stderr());
      const report = readReport(json);
      assert.ok(report.hotspots.some((h) => h.function === 'tick'), JSON.stringify(report.hotspots));
      assert.deepEqual(report.stopped?.by, 'user');
    });

    it('a program that ignores SIGINT and SIGTERM is killed: nothing left, the report says stopped', async () => {
      const pidFile = path.join(dir, 'deaf.pids');
      const script = write(dir, 'deaf.py', [
        'import os, signal, subprocess, sys, time',
        'signal.signal(signal.SIGINT, signal.SIG_IGN)',
        'signal.signal(signal.SIGTERM, signal.SIG_IGN)',
        'child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])',
        `open(${JSON.stringify(pidFile)}, "w").write("%d %d" % (os.getpid(), child.pid))`,
        'time.sleep(300)',
      ].join('\n'));
      const t = Date.now();
      const { report } = await profileScript({ script, timeoutMs: 1000 });
      assert.ok(Date.now() - t < 15000, `took ${Date.now() - t} ms`);
      for (const pid of pids(pidFile)) assert.equal(alive(pid), false, `process ${pid} was left running`);
      assert.deepEqual(report.stopped?.by, 'timeout');
    });
  });

  it('a CPU-bound Node script stopped by the timeout keeps its samples and hotspots', async () => {
    const script = write(dir, 'spin_forever.js', 'function spin() { let s = 0; for (;;) s += Math.sqrt(s + 1); }\nspin();\n');
    // At the default 100 Hz (up to ~250 samples in 2.5 s); on a loaded machine the spin gets less than a core, hence the modest floor.
    const { report, cpuprofile } = await profileScript({ script, timeoutMs: 2500 });
    assert.ok(report.samples.count > 100, `samples ${report.samples.count}`);
    assert.equal(report.hotspots[0]?.function, 'spin', JSON.stringify(report.hotspots));
    assert.ok(cpuprofile && cpuprofile.samples.length > 100);
    assert.deepEqual(report.stopped?.by, 'timeout');
  });

  it('a program stopped in the middle of writing a flood of output still gets its report', async () => {
    const py = write(dir, 'flood_forever.py', 'import sys\nline = "y" * 1023 + "\\n"\nwhile True:\n    sys.stdout.write(line)\n');
    const js = write(dir, 'flood_forever.js', 'const line = "z".repeat(1023) + "\\n";\nfunction flood() { for (let i = 0; i < 64; i++) process.stdout.write(line); setImmediate(flood); }\nflood();\n');
    for (const script of [py, js]) {
      const { report } = await profileScript({ script, timeoutMs: 1000 });
      assert.ok(report.samples.count > 10, `${script}: samples ${report.samples.count}`);
      assert.match(report.stdoutTail ?? '', /^[yz]{1023}$/m, script);
      assert.deepEqual(report.stopped?.by, 'timeout', script);
    }
  });

  it('a run that ends with nothing left over is reported at once, not after the 500 ms wait for its pipes', async () => {
    // Its pipes close while the leftover scan runs; the run used to wait the full 500 ms allowed for
    // an escaped process holding them open, on every run (seen as a slow report after each run).
    const lags: number[] = [];
    for (let i = 0; i < 3; i++) {
      let exitedAt = 0;
      const run = await runCommand({ command: process.execPath, args: ['-e', 'process.stdout.write("done")'], cwd: dir, onExit: () => {
        exitedAt = Date.now();
      } });
      lags.push(Date.now() - exitedAt);
      assert.equal(run.exitCode, 0);
      assert.equal(run.stdoutTail, 'done');
    }
    // Coarse (a loaded machine is slow), but well under the 500 ms that a missed 'close' costs.
    assert.ok(Math.min(...lags) < 400, `exit to result: ${lags.join(', ')} ms`);
  });
});

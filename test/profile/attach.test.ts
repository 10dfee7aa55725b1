// `boundwise profile --attach PID`: a running Node server is profiled through its inspector (opened
// with SIGUSR1) and keeps running with the inspector closed again; Python gets one sentence; other
// programs are not signalled. Real processes, the CLI as a real process, real load on loopback.
// The servers start with --inspect-port=0 so that parallel runs on this machine do not fight over 9229.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectProcess, pythonAttachSentence } from '../../src/profile/attach/processInfo';
import type { ProfileReport } from '../../src/profile/report';
import { listeningSockets } from '../../src/profile/server/listening';
import { runCli, startCli } from './cliProcess';
import { alive, tempDir, until } from './helpers';
import { EXPRESS_APP, freePort, httpStatus as get } from './serverHelpers';
import { FETCHES_TEST_NODES, newerNodes } from './testNodes';

async function startServer(port: number, nodeArgs: string[] = ['--inspect-port=0'], node = process.execPath): Promise<ChildProcess> {
  const child = spawn(node, [...nodeArgs, EXPRESS_APP, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('listening') && resolve());
    child.once('exit', () => reject(new Error('the server exited')));
  });
  return child;
}

const ports = (pid: number) => (listeningSockets([pid]) ?? []).map((s) => s.port).sort();

describe('profile --attach (running processes)', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempDir('bw-attach-');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('attaches to a running Express server under the built-in load; the server keeps running with its inspector closed', async () => {
    const port = await freePort();
    const server = await startServer(port);
    try {
      const json = path.join(dir, 'attach.json');
      const r = runCli(['--attach', String(server.pid), '--load', `http://127.0.0.1:${port}/timer`, '--duration', '2', '--connections', '4', '--json', json]);
      assert.equal(r.status, 0, r.stderr + r.stdout);
      const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
      assert.equal(report.attached?.pid, server.pid);
      assert.equal(report.attached?.endedBy, 'load');
      assert.equal(report.attached?.inspector, 'closed');
      assert.match(report.attached?.nodeVersion ?? '', /^v\d+\./);
      assert.equal(report.script, EXPRESS_APP);
      assert.ok(report.samples.count > 100, `samples ${report.samples.count}`);
      const sv = report.server!;
      assert.ok(sv.attached && sv.busy, JSON.stringify(sv));
      assert.equal(sv.phases.startupMs, 0);
      assert.ok(sv.routes.some((x) => x.route === 'GET /timer' && x.fromFramework && x.requests > 20), JSON.stringify(sv.routes));
      assert.ok(sv.load!.requests > 20 && sv.load!.errors === 0, JSON.stringify(sv.load));
      assert.match(r.stdout, new RegExp(`process ${server.pid}, node v\\d+.*detached, still running, its inspector closed again`));
      // Still serving, and listening on its own port only.
      assert.ok(alive(server.pid!));
      assert.equal(await get(`http://127.0.0.1:${port}/timer?ms=1`), 200);
      assert.deepEqual(ports(server.pid!), [port]);
      // It can be attached to again (the probe and the profiler were taken out).
      const again = runCli(['--attach', String(server.pid), '--duration', '1', '--json', path.join(dir, 'again.json')]);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(ports(server.pid!), [port]);
    } finally {
      server.kill();
    }
  });

  it('the newer Node releases are there to attach to (scripts/test-nodes.sh)', function () {
    if (!FETCHES_TEST_NODES) this.skip(); // the script fetches Linux x86-64 binaries only
    assert.ok(newerNodes().length >= 2, `found ${JSON.stringify(newerNodes())}`);
  });

  for (const { version, binary } of newerNodes()) {
    it(`attaches to an Express server on Node ${version} under the built-in load, and detaches leaving it running`, async () => {
      const port = await freePort();
      const server = await startServer(port, ['--inspect-port=0'], binary);
      try {
        const json = path.join(dir, `attach-${version}.json`);
        const r = runCli(['--attach', String(server.pid), '--load', `http://127.0.0.1:${port}/timer`, '--duration', '2', '--connections', '4', '--json', json]);
        assert.equal(r.status, 0, r.stderr + r.stdout);
        const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
        assert.equal(report.attached?.nodeVersion, `v${version}`);
        assert.equal(report.attached?.inspector, 'closed');
        assert.ok(report.samples.count > 100, `samples ${report.samples.count}`);
        assert.ok(report.server!.routes.some((x) => x.route === 'GET /timer' && x.requests > 20), JSON.stringify(report.server!.routes));
        assert.ok(alive(server.pid!));
        assert.equal(await get(`http://127.0.0.1:${port}/timer?ms=1`), 200);
        assert.deepEqual(ports(server.pid!), [port]);
      } finally {
        server.kill();
      }
    });
  }

  it('until Ctrl-C: the report is written at the stop and the process keeps running', async () => {
    const port = await freePort();
    const server = await startServer(port);
    try {
      const json = path.join(dir, 'ctrlc.json');
      const cli = startCli(['--attach', String(server.pid), '--json', json]);
      // Wait until the inspector is open and sampling has begun, then stop.
      await until(() => ports(server.pid!).length > 1, 10000);
      await new Promise((r) => setTimeout(r, 1000));
      cli.kill('SIGINT');
      assert.equal(await cli.exited(20000), 0, cli.stderr());
      const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
      assert.equal(report.attached?.endedBy, 'user');
      assert.ok(report.attached!.durationMs >= 500, JSON.stringify(report.attached));
      // Nothing was served: an idle server is told so (its port read from /proc, not the inspector's),
      // never given the advice for a script's batch of awaits.
      assert.deepEqual(report.server?.ports, [port], JSON.stringify(report.server));
      assert.equal(report.recommendation.id, 'none', report.recommendation.title);
      assert.match(report.recommendation.title, /idle/i);
      assert.ok(alive(server.pid!));
      await until(() => ports(server.pid!).length === 1, 3000);
      assert.deepEqual(ports(server.pid!), [port]);
    } finally {
      server.kill();
    }
  });

  it('an inspector the process opened itself is used and left open', async () => {
    const [port, inspectorPort] = [await freePort(), await freePort()];
    const server = await startServer(port, [`--inspect=127.0.0.1:${inspectorPort}`]);
    try {
      assert.equal(inspectProcess(server.pid!).inspectPort, inspectorPort);
      const json = path.join(dir, 'open.json');
      const r = runCli(['--attach', String(server.pid), '--duration', '1', '--json', json]);
      assert.equal(r.status, 0, r.stderr);
      const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
      assert.equal(report.attached?.inspector, 'was-open');
      assert.ok(ports(server.pid!).includes(inspectorPort), 'the inspector the process had was closed');
    } finally {
      server.kill();
    }
  });

  it('a Python process gets one sentence naming the versions that can be attached to', async () => {
    const py = spawn('python3', ['-c', 'import time; time.sleep(30)'], { stdio: 'ignore' });
    try {
      await until(() => fs.existsSync(`/proc/${py.pid}/exe`) && fs.readlinkSync(`/proc/${py.pid}/exe`).includes('python'), 5000);
      const r = runCli(['--attach', String(py.pid)]);
      assert.equal(r.status, 2);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`Process ${py.pid} runs Python 3\\.\\d+: only Python 3\\.14 and newer can be attached to \\(sys\\.remote_exec\\)`));
      assert.ok(alive(py.pid!), 'the Python process was signalled');
    } finally {
      py.kill();
    }
    assert.match(pythonAttachSentence(7, undefined), /^Process 7 runs Python: only Python 3\.14/);
  });

  it('another program is refused without being signalled; a missing pid and a bad value are usage errors', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await until(() => fs.existsSync(`/proc/${other.pid}/exe`) && fs.readlinkSync(`/proc/${other.pid}/exe`).endsWith('sleep'), 5000);
      const r = runCli(['--attach', String(other.pid)]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, new RegExp(`Process ${other.pid} runs sleep, not Node`));
      // SIGUSR1 would have ended it.
      assert.ok(alive(other.pid!), 'sleep was signalled');
    } finally {
      other.kill();
    }
    const missing = runCli(['--attach', '999999999']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /No process with id 999999999 is running\./);
    for (const args of [['--attach', 'abc'], ['--attach', '1', 'x.js'], ['--attach', '1', '--timeout', '3']]) {
      const bad = runCli(args);
      assert.equal(bad.status, 2, args.join(' '));
      assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    }
  });
});

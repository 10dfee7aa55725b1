// Server mode: a program that listens is reported by start-up, busy windows and idle time; with
// --load the CLI waits until it listens, loads it from this machine only, stops it and reports both
// sides. Real servers (the Express fixture), real load on loopback, the CLI as a real process.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileScript } from '../../src/profile/engine';
import { ProfileInputError } from '../../src/profile/errors';
import type { ProfileReport } from '../../src/profile/report';
import { checkLoadTarget, isLoopbackAddress } from '../../src/profile/server/loadTarget';
import type { ServerRecording } from '../../src/profile/server/model';
import { serverReportOf } from '../../src/profile/server/phases';
import { runCli } from './cliProcess';
import { alive, tempDir, write } from './helpers';
import { EXPRESS_APP, freePort } from './serverHelpers';

describe('server mode', function () {
  this.timeout(60000);

  describe('where the load may go', () => {
    it('this machine only: loopback addresses and localhost pass, anything else is refused in one sentence', async () => {
      for (const a of ['127.0.0.1', '127.5.6.7', '::1', '[::1]', '::ffff:127.0.0.1']) assert.ok(isLoopbackAddress(a), a);
      for (const a of ['10.0.0.1', '192.168.1.1', '::', '0.0.0.0', 'fe80::1', '::ffff:10.0.0.1']) assert.ok(!isLoopbackAddress(a), a);
      for (const url of ['http://127.0.0.1:8080/x', 'http://localhost:3000/', 'http://[::1]:9000/a?b=1']) {
        const t = await checkLoadTarget(url, false);
        assert.equal(t.port, Number(new URL(url).port));
      }
      // The engine's sentence names no front end's switch: the CLI adds its flag, VS Code its setting.
      await assert.rejects(checkLoadTarget('http://192.0.2.10:8080/', false), (e: Error) => e instanceof ProfileInputError && e.allowedBy === 'any-load-host'
        && /^The load only targets this machine .*192\.0\.2\.10\.$/.test(e.message) && !/--|boundwise\./.test(e.message));
      await assert.rejects(checkLoadTarget('https://127.0.0.1/', false), /http:\/\/ URL/);
      await assert.rejects(checkLoadTarget('not a url', false), /needs a URL/);
      // The user may allow another host explicitly (nothing is sent here: only the check runs).
      assert.equal((await checkLoadTarget('http://192.0.2.10:8080/', true)).port, 8080);
    });

    it('the CLI refuses a remote target before starting the program, exit 2', () => {
      const dir = tempDir('bw-load-');
      const marker = path.join(dir, 'started');
      const script = write(dir, 'server.js', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');\n`);
      const r = runCli([script, '--load', 'http://192.0.2.10:8080/', '--duration', '1']);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^boundwise profile: The load only targets this machine .*Pass --load-any-host to load another host you own\.$/m);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.ok(!fs.existsSync(marker), 'the program was started');
      const stray = runCli([script, '--duration', '3']);
      assert.equal(stray.status, 2);
      assert.match(stray.stderr, /--duration goes with --load URL/);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });

  describe('phases of a run (recorded windows)', () => {
    // 0-0.4 s start-up, 1-4 s serving 100 req/s at 0.9 cores, then idle: as the probe records it.
    const origin = 1_000_000;
    const busy = (index: number) => ({
      index, started: 100, requests: 100, serverErrors: 0, connections: index === 1 ? 4 : 0, busyMs: 1000, inflightMs: 4000, maxInflight: 4,
      routes: { 'GET /a': { count: 100, latencies: Array.from({ length: 100 }, (_, i) => 10 + i / 10) } }, cpuMs: 900, mainCpuMs: 850, mainQueueMs: 100,
      lag: { p50Ms: 1, p99Ms: 30, maxMs: 45 },
    });
    const idle = (index: number) => ({ index, started: 0, requests: 0, serverErrors: 0, connections: 0, busyMs: 0, inflightMs: 0, maxInflight: 0, routes: {}, cpuMs: 5 });
    const rec: ServerRecording = {
      runStartMs: origin, runEndMs: origin + 6500, originMs: origin, windowMs: 1000,
      probe: {
        source: 'node-http', origin, windowMs: 1000, listening: [{ atMs: origin + 400, port: 8080, address: '127.0.0.1' }], frameworkRoutes: ['GET /a'],
        windows: [idle(0), busy(1), busy(2), busy(3), idle(4), idle(5), idle(6)],
      },
    };

    it('splits start-up, busy windows and idle time, and judges the busy windows', () => {
      const r = serverReportOf(rec)!;
      assert.deepEqual(r.ports, [8080]);
      assert.equal(r.counted, 'requests');
      assert.deepEqual(r.phases, { startupMs: 400, busyMs: 3000, idleMs: 3100 });
      assert.deepEqual(r.windows.map((w) => w.phase), ['idle', 'busy', 'busy', 'busy', 'idle', 'idle', 'idle']);
      const b = r.busy!;
      assert.equal(b.requests, 300);
      assert.equal(b.throughput, 100);
      assert.equal(b.cpuPerRequestMs, 9);
      assert.equal(b.cores, 0.9);
      assert.deepEqual(b.mainThread, { cpuMs: 2550, queueMs: 300, demand: 0.95 });
      assert.equal(b.meanInflight, 4);
      assert.equal(b.latency?.p50Ms, 14.9);
      assert.equal(b.lag?.maxMs, 45);
      assert.deepEqual(r.routes.map((x) => [x.route, x.fromFramework, x.requests]), [['GET /a', true, 300]]);
    });

    it('without request counts, the load generator\'s windows tell which windows were busy', () => {
      const noProbe: ServerRecording = {
        runStartMs: origin, runEndMs: origin + 4000, originMs: origin, windowMs: 1000,
        watch: { originMs: origin, windowMs: 1000, listening: [{ atMs: origin + 300, port: 8080, address: '127.0.0.1' }], cpuWindows: [0, 1, 2, 3].map((index) => ({ index, cpuMs: index ? 500 : 200 })) },
        load: {
          url: 'http://127.0.0.1:8080/', connections: 4, startedAt: origin + 1000, endedAt: origin + 3000, requests: 400, statuses: {}, errors: {}, throughput: 200,
          latency: { count: 400, p50Ms: 20, p99Ms: 40, maxMs: 50 },
          windows: [1, 2].map((index) => ({ index, requests: 200, errors: 0, latency: { count: 200, p50Ms: 20, p99Ms: 40, maxMs: 50 } })),
        },
      };
      const r = serverReportOf(noProbe)!;
      assert.equal(r.counted, 'none');
      assert.deepEqual(r.windows.map((w) => w.phase), ['idle', 'busy', 'busy', 'idle']);
      assert.equal(r.busy?.requests, 400);
      assert.equal(r.busy?.cpuPerRequestMs, 2.5);
      assert.equal(r.load?.requests, 400);
    });

    it('a start-up longer than a window is start-up, and a handler that computes makes its windows busy with one request in flight', () => {
      // Listens after 2.5 s (a busy machine); then serves 200 req/s, each in flight 2 ms while the
      // main thread wants the core all the time (the other requests queue in the kernel).
      const computing = (index: number) => ({
        index, started: 200, requests: 200, serverErrors: 0, connections: 0, busyMs: 400, inflightMs: 400, maxInflight: 1,
        routes: { 'GET /cpu': { count: 200, latencies: [2, 2, 3] } }, cpuMs: 950, mainCpuMs: 600, mainQueueMs: 380,
      });
      const slow: ServerRecording = {
        runStartMs: origin, runEndMs: origin + 5000, originMs: origin, windowMs: 1000,
        probe: {
          source: 'node-http', origin, windowMs: 1000, listening: [{ atMs: origin + 2500, port: 8080, address: '127.0.0.1' }], frameworkRoutes: ['GET /cpu'],
          windows: [{ ...idle(2), mainCpuMs: 400, mainQueueMs: 500 }, computing(3), computing(4)],
        },
      };
      const r = serverReportOf(slow)!;
      assert.deepEqual(r.windows.map((w) => w.phase), ['startup', 'startup', 'startup', 'busy', 'busy']);
      assert.equal(r.busy?.requests, 400);
      assert.deepEqual(r.phases, { startupMs: 2500, busyMs: 2000, idleMs: 500 });
    });

    it('a program that never listens and served nothing is not a server', () => {
      assert.equal(serverReportOf({ runStartMs: origin, runEndMs: origin + 2000, originMs: origin, windowMs: 1000, watch: { originMs: origin, windowMs: 1000, listening: [], cpuWindows: [] } }), undefined);
    });
  });

  describe('an Express server under the built-in load (real process, real load on loopback)', () => {
    let report: ProfileReport;
    let stdout: string;
    let status: number | null;
    let port: number;

    before(async function () {
      this.timeout(60000);
      port = await freePort();
      const dir = tempDir('bw-express-');
      const json = path.join(dir, 'report.json');
      const r = runCli([EXPRESS_APP, '--load', `http://127.0.0.1:${port}/timer`, '--duration', '3', '--connections', '8', '--json', json, '--', String(port)]);
      status = r.status;
      stdout = r.stdout;
      report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('waits until it listens, loads it for the duration, stops it and exits 0', () => {
      assert.equal(status, 0, stdout);
      assert.deepEqual(report.stopped?.by, 'load');
      const sv = report.server!;
      assert.deepEqual(sv.ports, [port]);
      assert.ok(sv.phases.startupMs > 0, JSON.stringify(sv.phases));
      assert.equal(sv.loadProblem, undefined);
      assert.ok(sv.load!.durationMs >= 2900 && sv.load!.durationMs <= 3300, `load ran ${sv.load!.durationMs} ms`);
      assert.equal(sv.load!.errors, 0, JSON.stringify(sv.load));
      // Nothing was sent before the program listened: every request got an answer.
      assert.ok(sv.load!.requests > 50, JSON.stringify(sv.load));
    });

    it('counts the requests the server served, per Express route, beside the load generator\'s view', () => {
      const sv = report.server!;
      assert.equal(sv.counted, 'requests');
      const route = sv.routes.find((r) => r.route === 'GET /timer');
      assert.ok(route?.fromFramework, JSON.stringify(sv.routes));
      const served = sv.routes.reduce((a, r) => a + r.requests, 0);
      // The server answered every request the load generator saw answered (and those cut off at its end).
      assert.ok(served >= sv.load!.requests && served <= sv.load!.requests + 8, `server ${served}, load ${sv.load!.requests}`);
      // /timer awaits 50 ms: the server's own latency is at least that, the client's no less.
      assert.ok(route!.latency.p50Ms >= 49 && sv.load!.latency.p50Ms >= route!.latency.p50Ms - 1, `${route!.latency.p50Ms} / ${sv.load!.latency.p50Ms}`);
    });

    it('judges the busy windows: throughput, requests in flight, CPU per request, event-loop delay', () => {
      const b = report.server!.busy!;
      assert.ok(b.windows >= 2, JSON.stringify(report.server!.windows));
      assert.ok(report.server!.windows.filter((w) => w.phase === 'busy').every((w) => w.requests > 0));
      // 8 connections, each waiting 50 ms per request: requests overlap (as the server verdict
      // counts overlapping: 1.5 or more in flight on average; a busy machine starves the load).
      assert.ok(b.meanInflight! >= 1.5, `mean in flight ${b.meanInflight}`);
      assert.ok(b.throughput > 40, `throughput ${b.throughput}`);
      assert.ok(b.cpuPerRequestMs! > 0 && b.cpuPerRequestMs! < 20, `cpu per request ${b.cpuPerRequestMs}`);
      assert.ok(b.lag && b.lag.maxMs >= 0);
    });

    it('prints the server part of the summary', () => {
      assert.match(stdout, /stopped by Boundwise when the load was over/);
      assert.match(stdout, new RegExp(`server\\s+listening on ${port}: start-up`));
      assert.match(stdout, /busy windows\s+\d+ requests served/);
      assert.match(stdout, /GET \/timer\s+\d+ requests/);
      assert.match(stdout, /load\s+http:\/\/127\.0\.0\.1:\d+\/timer, 8 connections/);
    });
  });

  it('a server is detected without --load: the report has its port and its idle time', async () => {
    const port = await freePort();
    const { report } = await profileScript({ script: EXPRESS_APP, args: [String(port)], timeoutMs: 2500 });
    const sv = report.server;
    assert.ok(sv, 'no server section');
    assert.deepEqual(sv.ports, [port]);
    assert.equal(sv.busy, undefined);
    assert.ok(sv.phases.idleMs > 500, JSON.stringify(sv.phases));
  });

  it('a program that listens on another port is stopped with one sentence saying where it listens', async () => {
    const [port, other] = [await freePort(), await freePort()];
    const { report } = await profileScript({
      script: EXPRESS_APP, args: [String(other)], load: { url: `http://127.0.0.1:${port}/timer`, durationMs: 1000, connections: 2, listenTimeoutMs: 3000 },
    });
    assert.equal(report.server?.loadProblem, `The program did not listen on port ${port} within 3 s (it listens on ${other}): it was stopped without a load.`);
    assert.equal(report.server?.load, undefined);
  });

  it('a program that exits before it listens: the load is not sent and the report says so', async () => {
    const dir = tempDir('bw-exit-');
    const script = write(dir, 'crash.js', 'setTimeout(() => { throw new Error("config missing"); }, 300);\n');
    const port = await freePort();
    const { report } = await profileScript({ script, load: { url: `http://127.0.0.1:${port}/`, durationMs: 1000, connections: 2 } });
    assert.equal(report.server?.loadProblem, `The program ended before it listened on port ${port}: no load was sent.`);
    assert.notEqual(report.exitCode, 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Ctrl-C during the load stops the server and the load at once, and the report is written', async function () {
    const port = await freePort();
    const stop = new AbortController();
    // Stopped 2.5 s into the load, so a whole window is loaded (not at a fixed time: a busy machine can take seconds to start the server).
    let stoppedAt = 0;
    const onLoadProgress = (p: { phase: string; elapsedMs: number }) => {
      if (!stoppedAt && p.phase === 'load' && p.elapsedMs >= 2500) {
        stoppedAt = Date.now();
        stop.abort('SIGINT');
      }
    };
    const { report } = await profileScript({
      script: EXPRESS_APP, args: [String(port)], stop: stop.signal, onProgress: () => undefined, onLoadProgress,
      load: { url: `http://127.0.0.1:${port}/timer`, durationMs: 30000, connections: 4 },
    });
    assert.ok(stoppedAt > 0, 'the load never started');
    assert.ok(Date.now() - stoppedAt < 8000, 'the load went on after the stop');
    assert.equal(report.stopped?.by, 'user');
    assert.match(report.server?.loadProblem ?? '', /^The load was cut short after \d/);
    assert.ok((report.server?.load?.requests ?? 0) > 0);
    assert.ok(report.server?.busy, 'no busy window');
  });

  it('leaves no server process behind', async () => {
    const port = await freePort();
    const dir = tempDir('bw-pid-');
    const pidFile = path.join(dir, 'pid');
    const script = write(dir, 'srv.js', `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nrequire('http').createServer((q, r) => r.end('ok')).listen(${port}, '127.0.0.1');\n`);
    const { report } = await profileScript({ script, load: { url: `http://127.0.0.1:${port}/`, durationMs: 1000, connections: 2 } });
    assert.equal(report.stopped?.by, 'load');
    assert.ok(!alive(Number(fs.readFileSync(pidFile, 'utf8'))));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

// The server verdicts (issue 13 item 2), each on a real server under the built-in load on loopback:
// an Express app and an aiohttp app, one route at a time. A route that computes saturates the one
// thread that runs handlers -> more processes (cluster for Node, server workers for Python); a route
// that awaits a timer -> already concurrent; a handler that calls a blocking function -> offload
// that call, named with its line. Never gather / Promise.all advice for request handling.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { profileScript } from '../../src/profile/engine';
import type { ProfileReport } from '../../src/profile/report';
import { AIOHTTP_APP, EXPRESS_APP, freePort, pythonWithAiohttp } from './serverHelpers';

async function underLoad(app: 'express' | 'aiohttp', route: string): Promise<ProfileReport> {
  const port = await freePort();
  const { report } = await profileScript({
    script: app === 'express' ? EXPRESS_APP : AIOHTTP_APP,
    args: [String(port)],
    ...(app === 'aiohttp' ? { python: pythonWithAiohttp() } : {}),
    load: { url: `http://127.0.0.1:${port}${route}`, durationMs: 3000, connections: 8 },
  });
  return report;
}

function noBatchAdvice(r: ProfileReport): void {
  const text = `${r.recommendation.title} ${r.recommendation.detail} ${r.recommendation.sketch?.after ?? ''} ${r.prediction.assumption}`;
  assert.doesNotMatch(text, /Promise\.all|gather|worker.threads|piscina/i, text);
}

const show = (r: ProfileReport) => `${r.recommendation.id}: ${r.recommendation.detail}\n${JSON.stringify(r.server?.busy)}`;

describe('server verdicts under the built-in load (real servers on loopback)', function () {
  this.timeout(90000);

  describe('Express', () => {
    it('a route that computes in its handler: a cluster of processes, with the CPU per request and the throughput it predicts', async () => {
      const r = await underLoad('express', '/cpu?n=27');
      assert.equal(r.recommendation.id, 'cluster', show(r));
      assert.equal(r.classification, 'cpu-bound');
      const b = r.server!.busy!;
      assert.match(r.recommendation.detail, new RegExp(`At ${b.cpuPerRequestMs} ms of CPU per request one core serves about \\d+ req/s, ${r.timings.cores} processes about \\d+ req/s`));
      assert.match(r.recommendation.detail, /`fib` \(express_app\.js:\d+/);
      assert.match(r.recommendation.sketch?.after ?? '', /node:cluster/);
      assert.ok(r.prediction.speedup > 1, JSON.stringify(r.prediction));
      noBatchAdvice(r);
    });

    it('a route that awaits a timer: already concurrent (requests overlap while they wait)', async () => {
      const r = await underLoad('express', '/timer');
      assert.equal(r.recommendation.id, 'already-concurrent', show(r));
      assert.ok(r.server!.busy!.meanInflight! >= 1.5, show(r));
      assert.equal(r.prediction.speedup, 1);
      noBatchAdvice(r);
    });

    it('a handler that hashes with the sync API: offload that call, named with its line', async () => {
      const r = await underLoad('express', '/login');
      assert.equal(r.recommendation.id, 'offload-blocking', show(r));
      // The call's own line, not the first line of the handler around it.
      const line = fs.readFileSync(EXPRESS_APP, 'utf8').split('\n').findIndex((l) => l.includes('pbkdf2Sync(')) + 1;
      assert.match(r.recommendation.detail, new RegExp(`\`crypto\\.pbkdf2Sync\` at express_app\\.js:${line} held the event loop`));
      assert.match(r.recommendation.detail, /`crypto\.pbkdf2`/);
      noBatchAdvice(r);
    });
  });

  describe('aiohttp', () => {
    it('a route that computes in its handler: more worker processes (gunicorn / uvicorn workers)', async () => {
      const r = await underLoad('aiohttp', '/cpu?n=22');
      assert.equal(r.recommendation.id, 'processes', show(r));
      assert.equal(r.classification, 'cpu-bound');
      assert.match(r.recommendation.detail, /ms of CPU per request one core serves about \d+ req\/s/);
      // The handler's own function, never aiohttp's (Debian installs it outside sysconfig's purelib),
      // and not the socket writes where the GIL is released (the CPU-time timer: docs/profile.md).
      const hot = /Most of it in `([^`]+)` \(([^:]+):/.exec(r.recommendation.detail);
      assert.deepEqual(hot && [hot[1], hot[2]], ['fib', 'aiohttp_app.py'], r.recommendation.detail);
      assert.match(r.recommendation.sketch?.after ?? '', /gunicorn .*-k aiohttp\.GunicornWebWorker/);
      noBatchAdvice(r);
    });

    it('a route that awaits a timer: already concurrent', async () => {
      const r = await underLoad('aiohttp', '/timer');
      assert.equal(r.recommendation.id, 'already-concurrent', show(r));
      assert.equal(r.prediction.speedup, 1);
      // Requests counted by aiohttp's dispatch, per route the router matched, with the server's latency.
      assert.equal(r.server?.counted, 'requests', show(r));
      const route = r.server?.routes.find((x) => x.route === 'GET /timer');
      assert.ok(route?.fromFramework && route.requests > 10, JSON.stringify(r.server?.routes));
      assert.ok(route.latency.p50Ms >= 45 && route.latency.p50Ms < 500, `a 50 ms timer's p50: ${route.latency.p50Ms} ms`);
      noBatchAdvice(r);
    });

    it('a coroutine that calls time.sleep: offload that call, named with its line', async () => {
      const r = await underLoad('aiohttp', '/report');
      assert.equal(r.recommendation.id, 'offload-blocking', show(r));
      assert.match(r.recommendation.detail, /`time\.sleep` at aiohttp_app\.py:\d+ held the event loop/);
      assert.match(r.recommendation.detail, /asyncio\.sleep|asyncio\.to_thread/);
      noBatchAdvice(r);
    });
  });

  it('a server that was never loaded is told so, not given advice for a batch of awaits', async () => {
    const port = await freePort();
    const { report } = await profileScript({ script: EXPRESS_APP, args: [String(port)], timeoutMs: 6000 });
    assert.equal(report.recommendation.id, 'none');
    assert.match(report.recommendation.detail, /no busy window|was idle/);
    assert.match(report.recommendation.detail, /--load URL/);
    noBatchAdvice(report);
  });
});

// The report's server card (server mode) and the header of an attached process, in the markup both
// the webview and the HTML file show: the load generator's figures beside the server's, row by row,
// every string from the run escaped.
import * as assert from 'node:assert/strict';
import type { ProfileReport } from '../../src/profile/report';
import type { ServerReport } from '../../src/profile/server/model';
import { renderReportBody } from '../../src/report';
import { cpuBound } from './fixtures';
import { visibleText } from './visible';

const latency = (p50Ms: number, p99Ms: number, maxMs: number) => ({ count: 100, p50Ms, p99Ms, maxMs });

const server: ServerReport = {
  ports: [8080],
  counted: 'requests',
  phases: { startupMs: 950, busyMs: 4000, idleMs: 120 },
  busy: {
    windows: 4, ms: 4000, requests: 798, throughput: 199.5, latency: latency(2, 24, 72), cpuMs: 1300, cores: 0.32, cpuPerRequestMs: 1.74,
    mainThread: { cpuMs: 1200, queueMs: 2080, demand: 0.82 }, lag: { p50Ms: 3, p99Ms: 112, maxMs: 112 }, maxInflight: 1, meanInflight: 0.7,
  },
  routes: [{ route: 'GET /cpu', fromFramework: false, requests: 798, latency: latency(2, 24, 72) }],
  windows: [],
  load: {
    url: 'http://127.0.0.1:8080/cpu?n=25&x=<b>', connections: 4, durationMs: 4000, requests: 801, throughput: 200.2, errors: 3,
    errorKinds: { reset: 3 }, statuses: { 503: 2 }, latency: latency(15, 91, 224),
  },
};

const underLoad: ProfileReport = { ...cpuBound, server, stopped: { by: 'load', afterMs: 5100 } };

describe('report: server mode', () => {
  it('shows the phases, and the server beside the load generator row by row', () => {
    const text = visibleText(renderReportBody(underLoad, { target: 'webview' }));
    assert.match(text, /Server mode · Listening on 8080 · start-up 950 ms · busy 4.00 s \(4 windows judged\) · idle 120 ms/);
    assert.match(text, /Built-in load: GET http:\/\/127\.0\.0\.1:8080\/cpu\?n=25&x=<b> over 4 connections for 4\.00 s\./);
    assert.match(text, /Server \(busy windows\)\s+Load generator/);
    assert.match(text, /Requests\s+798 served\s+801 responses/);
    assert.match(text, /Throughput\s+199\.5 req\/s\s+200\.2 req\/s/);
    assert.match(text, /Latency p99\s+24 ms\s+91 ms/);
    assert.match(text, /Errors\s+3 \(reset 3\)/);
    assert.match(text, /HTTP 400 and above\s+503 ×2/);
    assert.match(text, /CPU 0\.32 cores ?, 1\.74 ms per request/);
    assert.match(text, /Main thread wanted 82% of a core/);
    assert.match(text, /GET \/cpu \(path\)\s+798\s+2 ms\s+24 ms/);
  });

  it('a server\'s predicted gain is in requests per second, not in its wall time (however long it was loaded)', () => {
    const r: ProfileReport = { ...underLoad, prediction: { ...underLoad.prediction, speedup: 1.8 } };
    const text = visibleText(renderReportBody(r, { target: 'webview' }));
    assert.match(text, /predicted · 199\.5 req\/s → ~359\.1 req\/s/);
    assert.doesNotMatch(text, /predicted · [\d.]+ m?s →/);
    // A script keeps its wall time.
    const script = visibleText(renderReportBody({ ...cpuBound, prediction: { ...cpuBound.prediction, speedup: 2 } }, { target: 'webview' }));
    assert.match(script, /predicted · [\d.]+ m?s → ~[\d.]+ m?s/);
  });

  it('escapes what the run reported (URL, routes)', () => {
    const hostile: ProfileReport = { ...underLoad, server: { ...server, routes: [{ ...server.routes[0], route: 'GET /<img src=x onerror=alert(1)>' }] } };
    const body = renderReportBody(hostile, { target: 'webview' });
    assert.ok(!body.includes('<img src=x'), 'unescaped route');
    assert.ok(!body.includes('x=<b>'), 'unescaped URL');
    assert.match(body, /GET \/&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('without the load: the server column alone; no busy window says to profile it under load', () => {
    const idle: ProfileReport = { ...cpuBound, server: { ...server, busy: undefined, load: undefined, routes: [], phases: { startupMs: 0, busyMs: 0, idleMs: 3000 } } };
    const text = visibleText(renderReportBody(idle, { target: 'webview' }));
    assert.match(text, /No busy window: the server was idle while profiled\. Profile it under load\./);
    assert.doesNotMatch(text, /Load generator/);
  });

  it('no server card for a program that never listened', () => {
    assert.doesNotMatch(visibleText(renderReportBody(cpuBound, { target: 'webview' })), /Server mode/);
  });

  it('an attached process: which one, for how long, and that it still runs, instead of an exit code', () => {
    const attached: ProfileReport = {
      ...cpuBound, exitCode: null, server: { ...server, attached: true, load: undefined, phases: { startupMs: 0, busyMs: 3000, idleMs: 0 } },
      attached: { pid: 4242, command: 'node server.js 8080', durationMs: 3000, endedBy: 'duration', inspector: 'closed' },
    };
    const text = visibleText(renderReportBody(attached, { target: 'webview' }));
    assert.match(text, /attached to process 4242 for the duration, 3\.00 s; still running/);
    assert.match(text, /Listening on 8080 \(attached\)/);
    assert.doesNotMatch(text, /killed/);
  });
});

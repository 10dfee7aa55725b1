// A server's run, split into start-up (until it listens), busy windows (requests in flight, the
// built-in load running, or the main thread serving, at least half of the window) and idle time, and the busy windows summed up: requests, throughput,
// latency, CPU per request, event-loop delay. Pure: reads a ServerRecording only.
import { summarizeLatencies, percentileOf, type LatencySummary } from './percentiles';
import type { ProbeWindow, RouteFigures, ServerPhase, ServerRecording, ServerReport, ServerWindow } from './model';

/** A window counts as busy when requests were in flight for at least this share of it. */
export const BUSY_SHARE = 0.5;

interface Span {
  index: number;
  from: number;
  to: number;
}

function spansOf(rec: ServerRecording): Span[] {
  const W = rec.windowMs;
  const first = Math.floor((rec.runStartMs - rec.originMs) / W);
  const last = Math.floor((rec.runEndMs - rec.originMs - 1e-6) / W);
  const spans: Span[] = [];
  for (let i = first; i <= last; i++) {
    const from = Math.max(rec.runStartMs, rec.originMs + i * W);
    const to = Math.min(rec.runEndMs, rec.originMs + (i + 1) * W);
    if (to > from) spans.push({ index: i, from, to });
  }
  return spans;
}

/** Latency percentiles of reservoir samples, each window's sample weighted by how many it stands for. */
function weightedLatency(parts: Array<{ count: number; latencies: number[] }>): LatencySummary | undefined {
  const weighted: Array<[number, number]> = [];
  let count = 0;
  let max = 0;
  for (const p of parts) {
    if (!p.latencies.length) continue;
    count += p.count;
    const w = p.count / p.latencies.length;
    for (const v of p.latencies) {
      weighted.push([v, w]);
      if (v > max) max = v;
    }
  }
  if (!weighted.length) return undefined;
  weighted.sort((a, b) => a[0] - b[0]);
  const total = weighted.reduce((a, [, w]) => a + w, 0);
  const at = (q: number) => {
    let acc = 0;
    for (const [v, w] of weighted) {
      acc += w;
      if (acc >= q * total - 1e-9) return v;
    }
    return weighted[weighted.length - 1][0];
  };
  const r = (x: number) => Math.round(x * 100) / 100;
  return { count, p50Ms: r(at(0.5)), p99Ms: r(at(0.99)), maxMs: r(max) };
}

const allRoutes = (w: ProbeWindow) => Object.values(w.routes);

export function serverReportOf(rec: ServerRecording): ServerReport | undefined {
  const probe = rec.probe;
  const probeWindows = new Map((probe?.windows ?? []).map((w) => [w.index, w]));
  const watchCpu = new Map((rec.watch?.cpuWindows ?? []).map((w) => [w.index, w]));
  const listens = [...(probe?.listening ?? []), ...(rec.watch?.listening ?? [])];
  const ports = [...new Set(listens.map((l) => l.port))].sort((a, b) => a - b);
  const served = (probe?.windows ?? []).reduce((a, w) => a + w.requests, 0);
  const connections = (probe?.windows ?? []).reduce((a, w) => a + w.connections, 0);
  if (!ports.length && !served && !rec.load && !rec.loadProblem) return undefined;

  const counted: ServerReport['counted'] = served > 0 ? 'requests' : connections > 0 ? 'connections' : 'none';
  const listenAt = rec.attached || !listens.length ? undefined : Math.min(...listens.map((l) => l.atMs));
  const load = rec.load;
  const loadWindows = new Map((load?.windows ?? []).map((w) => [w.index, w]));

  const windows: ServerWindow[] = [];
  const phases = { startupMs: 0, busyMs: 0, idleMs: 0 };
  const busyProbe: ProbeWindow[] = [];
  let busyCpu = 0;
  let busyCpuKnown = true;
  let busyRequests = 0;
  let busyWallMs = 0; // whole windows, as their CPU and requests are counted
  let busyInflightMs = 0;
  let busyMaxInflight = 0;
  const busyMain = { cpuMs: 0, queueMs: 0, ms: 0 };
  const lag: Array<{ p50Ms: number; p99Ms: number; maxMs: number }> = [];
  for (const span of spansOf(rec)) {
    const ms = span.to - span.from;
    const pw = probeWindows.get(span.index);
    const lw = loadWindows.get(span.index);
    const loadOverlap = load ? Math.max(0, Math.min(span.to, load.endedAt) - Math.max(span.from, load.startedAt)) : 0;
    // Start-up ends when the program listens; the rest of that window is judged like the others.
    const startupPart = listenAt === undefined ? 0 : Math.max(0, Math.min(span.to, listenAt) - span.from);
    const serving = ms - startupPart;
    let phase: ServerPhase;
    const ww = watchCpu.get(span.index);
    const main = pw?.mainCpuMs !== undefined ? { cpu: pw.mainCpuMs, queue: pw.mainQueueMs ?? 0 }
      : ww?.mainCpuMs !== undefined ? { cpu: ww.mainCpuMs, queue: ww.mainQueueMs ?? 0 } : undefined;
    const requests = counted === 'requests' ? pw?.requests ?? 0 : lw?.requests ?? 0;
    // Busy: requests in flight half of the window; or the built-in load ran over half of it and was
    // answered (the period the user asked to judge, even when a starved load kept few requests in
    // flight); or requests were served while the main thread wanted the core half of the time (a
    // handler that computes has one request in flight at a time, the others queue in the kernel).
    const inflight = counted === 'requests' && (pw?.busyMs ?? 0) >= BUSY_SHARE * serving;
    const loaded = loadOverlap >= BUSY_SHARE * serving && (lw?.requests ?? 0) > 0;
    const computing = requests > 0 && main !== undefined && main.cpu + main.queue >= BUSY_SHARE * serving;
    // (A window spent wholly in start-up serves nothing, however long start-up takes.)
    if (serving > 0 && (inflight || loaded || computing)) phase = 'busy';
    else phase = startupPart >= ms / 2 ? 'startup' : 'idle';
    const cpuMs = pw?.cpuMs ?? ww?.cpuMs;
    const latency = counted === 'requests' && pw ? weightedLatency(allRoutes(pw)) : lw?.latency.count ? lw.latency : undefined;
    const window: ServerWindow = { startMs: Math.round(span.from - rec.runStartMs), ms: Math.round(ms), phase, requests };
    if (cpuMs !== undefined) {
      window.cpuMs = Math.round(cpuMs * 10) / 10;
      window.cores = Math.round((cpuMs / ms) * 100) / 100;
    }
    if (latency) {
      window.p50Ms = latency.p50Ms;
      window.p99Ms = latency.p99Ms;
    }
    if (pw?.lag) window.lagMaxMs = pw.lag.maxMs;
    if (pw) window.maxInflight = pw.maxInflight;
    if (main) window.mainDemand = Math.round(((main.cpu + main.queue) / ms) * 100) / 100;
    windows.push(window);
    phases.startupMs += startupPart;
    if (phase === 'busy') phases.busyMs += serving;
    else phases.idleMs += serving; // (what a start-up window served after it listened: nothing in flight)
    if (phase !== 'busy') continue;
    busyWallMs += ms;
    busyRequests += requests;
    if (cpuMs === undefined) busyCpuKnown = false;
    else busyCpu += cpuMs;
    if (main) {
      busyMain.cpuMs += main.cpu;
      busyMain.queueMs += main.queue;
      busyMain.ms += ms;
    }
    if (pw) {
      busyProbe.push(pw);
      busyInflightMs += pw.inflightMs ?? 0;
      busyMaxInflight = Math.max(busyMaxInflight, pw.maxInflight);
      if (pw.lag) lag.push(pw.lag);
    }
  }

  const busyWindows = windows.filter((w) => w.phase === 'busy');
  const round = (x: number, d = 10) => Math.round(x * d) / d;
  const report: ServerReport = {
    ports,
    counted,
    ...(rec.attached ? { attached: true } : {}),
    phases: { startupMs: Math.round(phases.startupMs), busyMs: Math.round(phases.busyMs), idleMs: Math.round(phases.idleMs) },
    routes: routesOf(probe?.windows ?? [], new Set(probe?.frameworkRoutes ?? [])),
    windows,
  };
  if (busyWindows.length) {
    const ms = busyWallMs;
    const latency = counted === 'requests' ? weightedLatency(busyProbe.flatMap(allRoutes)) : load?.latency;
    const lagP50 = lag.map((l) => l.p50Ms).sort((a, b) => a - b);
    report.busy = {
      windows: busyWindows.length,
      ms: Math.round(ms),
      requests: busyRequests,
      throughput: round(busyRequests / (ms / 1000)),
      ...(latency ? { latency } : {}),
      ...(busyCpuKnown ? { cpuMs: round(busyCpu), cores: round(busyCpu / ms, 100) } : {}),
      ...(busyCpuKnown && busyRequests > 0 ? { cpuPerRequestMs: round(busyCpu / busyRequests, 100) } : {}),
      ...(busyMain.ms > 0.5 * ms ? {
        mainThread: { cpuMs: round(busyMain.cpuMs), queueMs: round(busyMain.queueMs), demand: round((busyMain.cpuMs + busyMain.queueMs) / busyMain.ms, 100) },
      } : {}),
      ...(lag.length ? { lag: { p50Ms: percentileOf(lagP50, 0.5), p99Ms: Math.max(...lag.map((l) => l.p99Ms)), maxMs: Math.max(...lag.map((l) => l.maxMs)) } } : {}),
      ...(counted === 'requests' ? { maxInflight: busyMaxInflight, meanInflight: round(busyInflightMs / ms, 100) } : {}),
    };
  }
  if (load) {
    report.load = {
      url: load.url,
      connections: load.connections,
      durationMs: Math.round(load.endedAt - load.startedAt),
      requests: load.requests,
      throughput: round(load.throughput),
      errors: Object.values(load.errors).reduce((a, b) => a + b, 0),
      errorKinds: load.errors,
      statuses: load.statuses,
      ...(load.firstError ? { firstError: load.firstError } : {}),
      latency: load.latency,
    };
  }
  if (rec.loadProblem) report.loadProblem = rec.loadProblem;
  return report;
}

/** Per route over the whole run, most requests first. */
function routesOf(source: ProbeWindow[], framework: Set<string>): RouteFigures[] {
  const parts = new Map<string, Array<{ count: number; latencies: number[] }>>();
  for (const w of source) {
    for (const [route, r] of Object.entries(w.routes)) {
      const list = parts.get(route);
      if (list) list.push(r);
      else parts.set(route, [r]);
    }
  }
  return [...parts.entries()]
    .map(([route, ps]) => ({
      route,
      fromFramework: framework.has(route),
      requests: ps.reduce((a, p) => a + p.count, 0),
      latency: weightedLatency(ps) ?? summarizeLatencies([]),
    }))
    .sort((a, b) => b.requests - a.requests);
}

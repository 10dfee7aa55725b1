// The verdict for a server: judged on its busy windows only (start-up and the idle tail say nothing
// about how it serves), and phrased as advice for request handling. A handler that blocks the loop
// -> offload that call; handlers that keep the main thread busy -> more processes (Python's
// server workers, Node's cluster); waiting-bound with requests already overlapping -> already
// concurrent. Never gather / Promise.all: requests arrive on their own, nobody awaits them in a loop.
import * as path from 'node:path';
import { classifyUtilization, CPU_BOUND } from '../classify';
import type { CpuProfile, Measurement, WaitKind } from '../model';
import { syncSiteLookup } from '../node';
import type { Classification, Prediction, ProfileReport, Recommendation, RecommendationId } from '../report';
import { SERVER_SKETCHES } from '../sketches';
import { treeIndex } from '../stacks';
import type { ServerRecording, ServerReport } from './model';

/** The blocking calls held the loop for at least this share of the busy time. */
export const BLOCKING_SHARE = 0.2;
/** The main thread computed at least this share of the time it could run: one core is the limit.
 * The class's own threshold, so a server told to add processes is always CPU-bound by the figure
 * its report shows. */
export const SATURATED = CPU_BOUND;
/**
 * Or it wanted a core (ran, or was runnable but waited for one) this share of the busy time, and
 * its handlers were computing rather than waiting: a machine busy with other programs keeps a
 * saturated loop from running, not from wanting to.
 */
export const WANTED = 0.7;
/** Handlers computing: CPU per request at least this share of the server-side median latency. */
export const HANDLER_CPU_SHARE = 0.3;
/** Below this share the main thread mostly waited: the requests are waiting-bound. */
export const WAITING = 0.5;
/** Requests in flight on average for "already overlapping". */
export const OVERLAPPING = 1.5;

const IO_KINDS: WaitKind[] = ['network', 'disk', 'sleep', 'subprocess', 'database', 'stdin'];

export interface ServerVerdict {
  classification: Classification;
  /** The utilisation the class was decided on (the main thread's busy share, or how much of a core
   * it wanted); undefined when no busy window was judged. */
  utilization?: number;
  recommendation: Recommendation;
  prediction: Prediction;
}

const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10000 ? 1 : 2)} s` : `${Math.round(ms)} ms`);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const where = (w: { file: string; line: number }) => `${path.basename(w.file)}:${w.line}`;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Epoch ms of each sample of the main profile, or undefined when its clock cannot be placed. */
function sampleTimes(m: Measurement, rec: ServerRecording): number[] | undefined {
  const p: CpuProfile = m.profile;
  let base: number;
  if (m.language === 'python') base = p.startTime / 1000; // the sampler stamps with the epoch clock
  else if (rec.probe?.clocks) base = rec.probe.clocks.epochMs + (p.startTime - rec.probe.clocks.monotonicUs) / 1000;
  else return undefined;
  const times: number[] = [];
  let t = base;
  for (let i = 0; i < p.samples.length; i++) {
    t += Math.max(0, p.timeDeltas[i] ?? 0) / 1000;
    times.push(t);
  }
  return times;
}

interface BusyEvidence {
  /** Whether the figures below come from the busy windows' samples (else from the whole run). */
  windowed: boolean;
  /** The user function that computed most, innermost user frame on the CPU. */
  hot?: { function: string; file: string; line: number; ms: number };
  /** The blocking call that held the loop longest, and the loop's blocked time. */
  blocking?: { call: string; file: string; line: number; ms: number; kind: WaitKind };
  blockedMs: number;
}

/** What the busy windows' samples show: the hottest user function and the call that blocked the loop. */
function evidenceOf(m: Measurement, rec: ServerRecording, server: ServerReport): BusyEvidence {
  const ranges = server.windows.filter((w) => w.phase === 'busy').map((w) => [rec.runStartMs + w.startMs, rec.runStartMs + w.startMs + w.ms]);
  const times = sampleTimes(m, rec);
  const inBusy = (i: number) => !times || ranges.some(([a, b]) => times[i] >= a && times[i] < b);
  const p = m.profile;
  const { byId, parent } = treeIndex(p);
  const userFiles = new Set(m.userFiles);
  const own = (id: number) => {
    const cf = byId.get(id)?.callFrame;
    return !!cf && userFiles.has(cf.url) && !cf.functionName.startsWith('(') && cf.functionName !== '<module>';
  };
  const hot = new Map<string, { function: string; file: string; line: number; ms: number }>();
  const sync = m.language === 'node' ? syncSiteLookup(p, m.syncSites) : undefined;
  const blocking = new Map<string, NonNullable<BusyEvidence['blocking']>>();
  let blockedMs = 0;
  p.samples.forEach((id, i) => {
    const w = m.sampleWeightsMs[i] ?? 0;
    if (!w || !inBusy(i)) return;
    if (m.sampleOnCpu[i]) {
      for (let nid: number | undefined = id; nid !== undefined; nid = parent.get(nid)) {
        if (!own(nid)) continue;
        const cf = byId.get(nid)!.callFrame;
        const key = `${cf.url}:${cf.functionName}`;
        const h = hot.get(key) ?? { function: cf.functionName, file: cf.url, line: cf.lineNumber + 1, ms: 0 };
        h.ms += w;
        hot.set(key, h);
        break;
      }
    }
    const site = sync?.(id)?.site;
    if (site) {
      blockedMs += w;
      const key = `${site.file}:${site.line}:${site.call}`;
      const b = blocking.get(key) ?? { call: site.call, file: site.file, line: site.line, ms: 0, kind: site.kind };
      b.ms += w;
      blocking.set(key, b);
    }
  });
  const top = [...hot.values()].sort((a, b) => b.ms - a.ms)[0];
  if (m.language === 'node') {
    return { windowed: !!times, hot: top, blocking: [...blocking.values()].sort((a, b) => b.ms - a.ms)[0], blockedMs };
  }
  // Python's waits come from the sampler per call site over the whole run; a server's start-up
  // seldom waits in its own code, so the loop's blocked time is read as the busy windows'.
  const site = m.loop.kind === 'asyncio' ? m.waits.find((w) => w.user && (w.kind === 'sync-call' || IO_KINDS.includes(w.kind))) : undefined;
  return {
    windowed: !!times,
    hot: top,
    blocking: site && { call: site.call, file: site.file, line: site.line, ms: site.ms, kind: site.kind },
    blockedMs: m.loop.kind === 'asyncio' ? m.loop.blockedMs : 0,
  };
}

function advice(id: RecommendationId, title: string, detail: string, m: Measurement): Recommendation {
  const sketch = SERVER_SKETCHES[id]?.[m.language];
  return sketch ? { id, title, detail, sketch } : { id, title, detail };
}

/** The async form of a Node sync API, for the advice. */
function asyncFormOf(call: string): string {
  const [mod, fn] = call.split('.');
  if (call === 'Atomics.wait') return '`Atomics.waitAsync`';
  if (mod === 'fs') return `\`${fn.replace(/Sync$/, '')}\` from node:fs/promises`;
  if (mod === 'child_process') return `\`${fn.replace(/Sync$/, '')}\` (promisified) or \`spawn\``;
  return `\`${mod}.${fn.replace(/Sync$/, '')}\` (the callback form, promisified; it runs on libuv's thread pool)`;
}

/**
 * The server verdict, or undefined when the run was not a server. `busy` figures come from the
 * server report; the calls and functions from the busy windows' samples.
 */
export function serverVerdictOf(m: Measurement, rec: ServerRecording, server: ServerReport): ServerVerdict | undefined {
  const py = m.language === 'python';
  const n = m.cores;
  const b = server.busy;
  if (!b) {
    const how = server.attached ? 'while attached' : `after start-up (${s(server.phases.startupMs)})`;
    return {
      classification: 'io-bound',
      recommendation: advice('none', 'Server idle: no busy window to judge',
        `The program listened on ${server.ports.join(', ') || 'a port'} and was idle ${how} for ${s(server.phases.idleMs)}: no window had requests in flight half of its time, so there is no serving to judge. ` +
        'Profile it under load: `--load URL` (the built-in load), or send it requests while it runs.', m),
      prediction: { speedup: 1, assumption: 'no load was measured' },
    };
  }
  const ev = evidenceOf(m, rec, server);
  const busyMs = Math.max(1, b.ms);
  const main = b.mainThread;
  // The main thread's share of the time it could run (time runnable but waiting for a CPU, other
  // load on the machine, would not exist on an idle machine).
  const loopBusy = main ? Math.min(1, main.cpuMs / Math.max(0.25 * busyMs, busyMs - main.queueMs)) : Math.min(1, b.cores ?? 0);
  const mainText = main
    ? `the main thread computed ${s(main.cpuMs)} of ${s(busyMs)} (${pct(loopBusy)} of the time it could run${main.queueMs >= 0.05 * busyMs ? `; it also waited ${s(main.queueMs)} for a CPU held by other programs: it wanted a core ${pct(Math.min(1, main.demand))} of the time` : ''})`
    : `the process used ${(b.cores ?? 0).toFixed(2)} cores`;
  const inflight = b.meanInflight ?? (server.load ? (server.load.throughput * server.load.latency.p50Ms) / 1000 : 0);
  const inflightText = b.meanInflight !== undefined ? `${b.meanInflight.toFixed(1)} requests in flight on average (up to ${b.maxInflight})`
    : `about ${inflight.toFixed(1)} requests in flight (the load's throughput x latency)`;
  const served = `${b.windows} busy window${b.windows === 1 ? '' : 's'} (${s(busyMs)}): ${b.requests} requests, ${b.throughput} req/s${b.latency ? `, latency p50 ${s(b.latency.p50Ms)}, p99 ${s(b.latency.p99Ms)}` : ''}`;
  const perRequest = b.cpuPerRequestMs !== undefined ? `, ${b.cpuPerRequestMs} ms of CPU per request` : '';
  const lag = b.lag ? ` The event loop was late by up to ${s(b.lag.maxMs)}.` : '';
  const head = `${served}${perRequest}; ${mainText}.`;

  // A handler that blocks the loop: every other request waits meanwhile.
  const blockedShare = ev.blockedMs / busyMs;
  if (ev.blocking && blockedShare >= BLOCKING_SHARE) {
    const bl = ev.blocking;
    const cpuCall = !py && /^(crypto|zlib)\./.test(bl.call);
    const speedup = cpuCall ? 1 / ((1 - blockedShare) + blockedShare / n) : 1 / Math.max(0.1, 1 - blockedShare);
    const fix = py
      ? bl.kind === 'sleep' ? 'Use `await asyncio.sleep(...)`, or hand a blocking call to a thread: `await asyncio.to_thread(...)`.'
        : 'Use the async API (an async client), or hand the call to a thread: `await asyncio.to_thread(...)`.'
      : `Use ${asyncFormOf(bl.call)} so the loop keeps serving other requests.`;
    return {
      classification: classifyUtilization(loopBusy),
      utilization: loopBusy,
      recommendation: advice('offload-blocking', `A handler blocks the event loop: offload \`${bl.call}\``,
        `${head} \`${bl.call}\` at ${where(bl)} held the event loop for ${s(ev.blockedMs)} of the busy time (${pct(Math.min(1, blockedShare))}): while it runs, no other request is served.${lag} ${fix}`, m),
      prediction: {
        speedup: round2(Math.min(10, Math.max(1, speedup))),
        assumption: cpuCall
          ? `the ${pct(Math.min(1, blockedShare))} of the busy time inside \`${bl.call}\` runs off the loop on the other ${n - 1} core${n === 2 ? '' : 's'} (Amdahl)`
          : `the ${pct(Math.min(1, blockedShare))} of the busy time blocked in \`${bl.call}\` overlaps with other requests`,
      },
    };
  }

  // Handlers keep the one thread that runs them busy: more processes, each with its own loop.
  // CPU per request over the server's own latency: near 1 when handlers compute, near 0 when they
  // wait (known only when the server side counted its requests; the load's latency includes
  // queueing). The latency is taken without the share of time the main thread waited for a CPU
  // held by other programs, which stretched the handlers' wall time and would not exist alone.
  const queueShare = main ? Math.min(0.9, main.queueMs / busyMs) : 0;
  const handlerCpuShare = server.counted === 'requests' && b.latency && b.cpuPerRequestMs !== undefined
    ? b.cpuPerRequestMs / Math.max(b.cpuPerRequestMs, b.latency.p50Ms * (1 - queueShare)) : undefined;
  const wanted = main ? main.demand : 0;
  if (loopBusy >= SATURATED || (wanted >= WANTED && (handlerCpuShare ?? 1) >= HANDLER_CPU_SHARE)) {
    const hot = ev.hot ? ` Most of it in \`${ev.hot.function}\` (${where(ev.hot)}, ${s(ev.hot.ms)} of thread time).` : '';
    const perCore = b.cpuPerRequestMs ? 1000 / b.cpuPerRequestMs : undefined;
    const predicted = perCore ? perCore * n : undefined;
    const how = py
      ? `One Python process runs its handlers on one core. Run ${n} worker processes: gunicorn's workers (\`gunicorn -w ${n} -k aiohttp.GunicornWebWorker app:app\` for aiohttp, \`gunicorn -w ${n} app:app\` for WSGI) or \`uvicorn --workers ${n}\` for ASGI.`
      : `One JavaScript thread runs every handler. Run one process per core with node:cluster (or a process manager such as \`pm2 -i ${n}\`); the processes share the port.`;
    const through = predicted ? ` At ${b.cpuPerRequestMs} ms of CPU per request one core serves about ${Math.round(perCore!)} req/s, ${n} processes about ${Math.round(predicted)} req/s (measured: ${b.throughput} req/s).` : '';
    const speedup = predicted ? Math.min(n, predicted / Math.max(1e-9, b.throughput)) : n;
    return {
      classification: 'cpu-bound',
      utilization: loopBusy >= SATURATED ? loopBusy : wanted,
      recommendation: advice(py ? 'processes' : 'cluster', py ? 'Server saturates one core: run more worker processes' : 'Server saturates one core: run a cluster of processes',
        `${head}${hot}${lag} ${how}${through}`, m),
      prediction: {
        speedup: round2(Math.max(1, speedup)),
        assumption: predicted
          ? `${n} processes each serving like this one, at the measured ${b.cpuPerRequestMs} ms of CPU per request, with nothing else on the machine (the load generator needs CPU too)`
          : `${n} processes each serving like this one`,
      },
    };
  }

  if (loopBusy < WAITING && inflight >= OVERLAPPING) {
    return {
      classification: classifyUtilization(loopBusy),
      utilization: loopBusy,
      recommendation: advice('already-concurrent', 'Already concurrent: requests overlap while they wait',
        `${head} With ${inflightText}, requests already overlap while they wait; the server is not what limits throughput here. ` +
        'Latency is the wait itself: make the awaited call faster (an index, a cache, a closer service) or do it less often.', m),
      prediction: { speedup: 1, assumption: `requests already overlap (${inflight.toFixed(1)} in flight) and the main thread was busy ${pct(loopBusy)} of the time` },
    };
  }

  return {
    classification: classifyUtilization(loopBusy),
    utilization: loopBusy,
    recommendation: advice('none', 'Server not saturated',
      `${head} With ${inflightText}, the server had room for more: neither the loop nor a core was the limit. ` +
      'Load it harder (more connections) to see where it saturates.', m),
    prediction: { speedup: 1, assumption: `the main thread was busy ${pct(loopBusy)} of the time` },
  };
}

/** A server's report carries the server verdict instead of the one for a run that ends by itself. */
export function applyServerVerdict(report: ProfileReport, m: Measurement, rec: ServerRecording, server: ServerReport): void {
  // A program that ended by itself is judged as the run it was, even if it listened on the way
  // (a script that starts a local server to download from): a server is stopped, or attached to.
  if (!report.stopped && !report.attached) return;
  const v = serverVerdictOf(m, rec, server);
  if (!v) return;
  report.classification = v.classification;
  if (v.utilization !== undefined) report.timings = { ...report.timings, utilization: Math.round(v.utilization * 1000) / 1000 };
  report.recommendation = v.recommendation;
  report.prediction = v.prediction;
}

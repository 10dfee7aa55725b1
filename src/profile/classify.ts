// Classification (docs/profile.md) and the recommendation with its evidence and predicted gain, from the
// measurement alone. Every sentence states the number it rests on.
import * as path from 'node:path';
import type { Measurement, WaitKind, WaitSite } from './model';
import type { Classification, Hotspot, Prediction, Recommendation, RecommendationId } from './report';
import { SKETCHES } from './sketches';

/** Runs shorter than this are dominated by start-up: nothing worth changing. */
export const MIN_WALL_MS = 200;
const IO_KINDS: WaitKind[] = ['network', 'disk', 'sleep', 'subprocess', 'database', 'stdin'];

export interface Verdict {
  classification: Classification;
  /** U: CPU time of the process tree / wall time (docs/profile.md). */
  utilization: number;
  /** U over the wall time without run-queue waits (other load on the machine); what the class is decided on. */
  demand: number;
  recommendation: Recommendation;
  prediction: Prediction;
}

export function classifyUtilization(u: number): Classification {
  if (u >= 2 / 3) return 'cpu-bound';
  if (u <= 1 / 3) return 'io-bound';
  return 'mixed';
}

const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10000 ? 1 : 2)} s` : `${Math.round(ms)} ms`);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const x2 = (x: number) => `${x.toFixed(x >= 10 ? 0 : 1)}x`;
const where = (w: { file: string; line: number }) => `${path.basename(w.file)}:${w.line}`;

/** Facts the rules read, computed once. */
export function facts(m: Measurement) {
  // The script's own run: interpreter start-up (tens of ms of pure CPU) is left out, or every
  // short script would look CPU-bound.
  const totalWall = Math.max(1, m.process.wallMs);
  const totalCpu = m.process.cpuUserMs + m.process.cpuSysMs + m.process.childCpuMs;
  const wall = Math.max(1, totalWall - m.process.startupWallMs);
  // ... and so is the sampler's own CPU: it would otherwise read as the program computing.
  const cpu = Math.max(0, totalCpu - m.process.startupCpuMs - m.process.profilerCpuMs);
  // Time spent runnable but waiting for a CPU (other load on the machine) would not exist on an
  // idle machine: take it out of the wall time, spread over the threads that were computing.
  const lanes = Math.max(1, Math.min(m.cores, Math.ceil(cpu / wall)));
  const effWall = Math.max(0.25 * wall, wall - m.process.runQueueMs / lanes);
  let u = cpu / effWall;
  // One lane of work (one thread, no workers): the samples say how much of the time it waited
  // for I/O rather than for a core, which bounds what the run-queue correction may add.
  const singleLane = m.process.threads <= 1 && m.parallel.units < 2 && m.process.childCpuMs < 0.3 * Math.max(1, totalCpu);
  if (singleLane) {
    let all = 0;
    let waiting = 0;
    m.sampleWeightsMs.forEach((w, i) => {
      all += w;
      if (!m.sampleOnCpu[i]) waiting += w;
    });
    if (all > 0) u = Math.max(cpu / wall, Math.min(u, 1 - waiting / all));
  }
  const waitShare = Math.max(0, 1 - Math.min(1, u));
  const userWaits = m.waits.filter((w) => w.user && w.kind !== 'gil' && w.kind !== 'loop-idle');
  const ioWaits = userWaits.filter((w) => IO_KINDS.includes(w.kind));
  const topWait: WaitSite | undefined = (ioWaits.length ? ioWaits : userWaits)[0];
  const ioKindMs = (k: WaitKind) => m.waitKinds[k] ?? 0;
  const mainIoKind = IO_KINDS.slice().sort((a, b) => ioKindMs(b) - ioKindMs(a))[0];
  const concurrency = m.io.ms > 0 ? m.io.threadMs / m.io.ms : 0;
  const count = m.sampleWeightsMs.length;
  const onCpuSamples = m.sampleOnCpu.filter(Boolean).length;
  const topCount = topWait ? m.callCounts.filter((c) => c.file === topWait.file && c.line === topWait.line).reduce((a, c) => Math.max(a, c.count), 0) : 0;
  return { wall, totalWall, totalCpu, effWall, cpu, u, measuredU: totalCpu / totalWall, waitShare, userWaits, ioWaits, topWait, mainIoKind, concurrency, count, onCpuSamples, topCount, gilMs: ioKindMs('gil') };
}

type Facts = ReturnType<typeof facts>;

function amdahl(p: number, n: number): number {
  return 1 / ((1 - p) + p / n);
}

/** I/O: the computing part stays; independent waits overlap down to about one wait's length. */
function ioPrediction(f: Facts, m: Measurement, target: string): Prediction {
  const waitMs = f.wall * f.waitShare;
  const busy = f.wall - waitMs;
  // Start-up stays whatever the concurrency model.
  const fixed = busy + (f.totalWall - f.wall);
  const k = m.waitsStarted;
  const c = Math.max(1, f.concurrency);
  if (k >= 2) {
    const each = (waitMs * c) / k;
    const speedup = f.totalWall / Math.max(1, fixed + each);
    return {
      speedup: round2(Math.max(1, speedup)),
      assumption: `${k} waits of about ${s(each)} each, independent of one another, all in flight at once with ${target}; ` +
        `the ${s(fixed)} of start-up and computing stays (at most ${x2(f.totalWall / Math.max(1, fixed))} from the ${pct(f.waitShare)} waiting share)`,
    };
  }
  const bound = f.totalWall / Math.max(1, fixed);
  return {
    speedup: round2(Math.max(1, bound)),
    assumption: `upper bound from the waiting share (${pct(f.waitShare)} of ${s(f.wall)}): every wait overlapped with ${target}; the number of independent waits was not measured`,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function sketchFor(id: RecommendationId, m: Measurement) {
  return SKETCHES[id]?.[m.language];
}

function rec(id: RecommendationId, title: string, detail: string, m: Measurement): Recommendation {
  const sketch = sketchFor(id, m);
  return sketch ? { id, title, detail, sketch } : { id, title, detail };
}

function timingSentence(f: Facts, m: Measurement): string {
  const child = m.process.childCpuMs >= 1 ? ` (${s(m.process.childCpuMs)} of it in child processes)` : '';
  const own = m.process.profilerCpuMs >= 1 ? ` (not counting the sampler's own ${s(m.process.profilerCpuMs)})` : '';
  const startup = m.process.startupWallMs >= 1
    ? ` After start-up (${s(m.process.startupWallMs)}), the script ran ${s(f.wall)} using ${s(f.cpu)} of CPU${own}`
    : ` The script used ${s(f.cpu)} of CPU${own}`;
  const busy = m.process.runQueueMs >= 0.05 * f.wall
    ? `; the machine was busy and ${s(m.process.runQueueMs)} went to waiting for a free CPU, so on an idle machine it takes about ${s(f.effWall)}`
    : '';
  return `The process tree used ${s(f.totalCpu)} of CPU in ${s(f.totalWall)} of wall time${child} on ${m.cores} core${m.cores === 1 ? '' : 's'}.${startup}${busy}: utilisation ${f.u.toFixed(2)}.`;
}

function waitSentence(f: Facts, m: Measurement): string {
  const w = f.topWait;
  if (!w) return '';
  const calls = f.topCount > 1 ? `, ${f.topCount} calls` : '';
  const serial = f.concurrency > 0 && f.concurrency < 1.5 && f.topCount > 1 ? ' one after another' : '';
  return ` ${s(w.ms)} was spent waiting (${w.kind}) in \`${w.call}\` at ${where(w)}${calls}${serial}.`;
}

function cpuSentence(m: Measurement, hot?: { function: string; file: string; line: number; selfMs: number }): string {
  if (!hot) return '';
  return ` Most CPU time is in \`${hot.function}\` (${where(hot)}, ${s(hot.selfMs)}).`;
}

export function classifyMeasurement(m: Measurement, hotspots: Hotspot[] = []): Verdict {
  const f = facts(m);
  const hot = hotspots.find((h) => h.onCpu);
  const py = m.language === 'python';
  const classification = classifyUtilization(f.u);
  // Computing in the script's own functions (module-level code is mostly imports and set-up).
  const computeMs = hotspots
    .filter((h) => h.onCpu && h.function !== '<module>' && !(h.function === '(anonymous)' && h.line <= 1))
    .reduce((a, h) => a + h.selfMs, 0);
  // Threads waiting for the GIL want the CPU too (thread-time, spread over the threads).
  const gilWallMs = f.gilMs / Math.max(1, m.process.threads);
  // Several threads computed but the process used about one core: they took turns on the GIL.
  const turnThreads = m.threadCpu.filter((t) => !t.main && t.cpuMs >= 0.05 * f.wall);
  const turnCpuMs = turnThreads.reduce((a, t) => a + t.cpuMs, 0);
  const gilTurns = py && turnThreads.length >= 2 && turnCpuMs >= 0.5 * f.wall && f.cpu / f.wall <= 1.3;
  const computeHeavy = gilTurns || computeMs + gilWallMs >= 0.25 * f.wall;
  // Waiting for I/O (not for the GIL, a lock or a core): Python's I/O waits, Node's idle loop.
  const ioWaitMs = m.language === 'python' ? f.ioWaits.reduce((a, w) => a + w.ms, 0) / Math.max(1, f.concurrency) : m.loop.idleMs;
  // A mixed run that is computing and contending, not waiting on I/O, is advised as CPU-bound.
  const cpuLike = classification === 'mixed' && computeHeavy && ioWaitMs < 0.2 * f.wall && m.loop.kind !== 'node';
  const base = { classification, utilization: f.measuredU, demand: f.u };
  const n = m.cores;

  if (f.totalWall < MIN_WALL_MS || f.count < 2) {
    return {
      ...base,
      recommendation: rec('none', 'Too short to matter',
        `The run took ${s(f.totalWall)} with ${f.count} samples: start-up dominates and no change of concurrency model would be measurable. Profile a longer workload.`, m),
      prediction: { speedup: 1, assumption: 'nothing to gain on a run this short' },
    };
  }

  const loopBlockedShare = m.loop.blockedMs / f.wall;
  // An event loop blocked inside a task or a sync call: every other task waits meanwhile.
  // Blocked by waits (or, in Node, by sync API calls) rather than by the program's own computing.
  const blockedByCalls = classification !== 'cpu-bound' || m.loop.blockedMs >= m.loop.busyCpuMs;
  if (loopBlockedShare >= 0.2 && blockedByCalls && (m.loop.kind === 'asyncio' || m.loop.kind === 'node')) {
    const blockingSites = m.waits.filter((w) => w.user && (w.kind === 'sync-call' || IO_KINDS.includes(w.kind)));
    const top = blockingSites[0];
    const lb = m.loop.events.reduce((a, e) => Math.max(a, e.ms), 0);
    const delay = m.loop.maxDelayMs ? `; the longest event-loop delay was ${s(m.loop.maxDelayMs)}` : lb ? `; the longest single block was ${s(lb)}` : '';
    const detail = `${timingSentence(f, m)} The event loop was blocked for ${s(m.loop.blockedMs)} (${pct(loopBlockedShare)} of the run) inside ` +
      `${top ? `\`${top.call}\` at ${where(top)}` : 'a blocking call'}${delay}. No other task or request runs meanwhile. ` +
      (py ? 'Use the async API (asyncio.sleep, an async HTTP client) or hand the call to a thread with `await asyncio.to_thread(...)`.'
        : 'Use the promise API (fs/promises, util.promisify) so the loop keeps serving other work.');
    const pred = ioPrediction(f, m, py ? 'the calls off the loop' : 'the promise API');
    return { ...base, recommendation: rec('offload-blocking', 'Move the blocking call off the event loop', detail, m), prediction: pred };
  }

  // I/O handed to a process pool: the main process waits on the pool while its workers wait on I/O.
  // (The workers' CPU is small next to the time they were alive: they waited.)
  if (py && m.parallel.processPool && m.process.childCpuMs < 0.3 * f.effWall * Math.max(1, Math.min(m.parallel.units, n))) {
    return {
      ...base,
      recommendation: rec('asyncio', 'I/O-bound work in processes: use asyncio',
        `${timingSentence(f, m)} The work ran in ${m.parallel.units > 1 ? `${m.parallel.units} worker processes` : 'worker processes'} that used ${s(m.process.childCpuMs)} of CPU in ${s(f.wall)}: they mostly waited. Processes pay start-up and pickling for no gain on I/O; one process with asyncio (or a thread pool) overlaps the waits.`, m),
      prediction: ioPrediction(f, m, 'asyncio'),
    };
  }

  // Waits already overlapped: many in flight at once, about as many as there were to make.
  if (classification !== 'cpu-bound' && f.waitShare >= 1 / 3) {
    const k = m.waitsStarted;
    const c = f.concurrency;
    const idleLoop = m.loop.kind === 'asyncio' && m.loop.idleMs > 0.5 * f.wall;
    if ((c >= 1.5 && (k === 0 || k <= 2 * c)) || (idleLoop && c >= 1.5)) {
      return {
        ...base,
        recommendation: rec('already-concurrent', 'Already concurrent',
          `${timingSentence(f, m)} ${pct(f.waitShare)} of the run was waiting, with ${c.toFixed(1)} waits in flight on average (up to ${m.io.max})${k ? ` for ${k} requests` : ''}: the waits already overlap. What remains is the latency of the slowest waits; make fewer or cheaper calls.`, m),
        prediction: { speedup: 1, assumption: `the waits already overlap (${c.toFixed(1)} in flight on average)` },
      };
    }
  }

  // Computing already spread over workers: the advice is the same whatever the class.
  const spread = m.parallel.units >= 2 && m.parallel.cpuMs >= 0.5 * f.cpu && (classification === 'cpu-bound' || computeHeavy);
  if (classification === 'cpu-bound' || spread || cpuLike) {
    // Already parallel: several processes or threads carried the computing, or the tree used
    // clearly more than one core.
    const parallel = spread || (f.u > 1.3 && (m.process.maxChildren >= 1 || m.process.threads > 1 || m.process.childCpuMs > 0.3 * f.cpu));
    if (parallel) {
      // Busy cores: what the tree used, or as many workers as computed (a busy machine hides them).
      const busyCores = Math.max(f.u, Math.min(m.parallel.units, n));
      const speedup = Math.max(1, n / busyCores);
      const how = m.parallel.units >= 2
        ? `${s(m.parallel.cpuMs)} of the ${s(f.cpu)} of CPU ran in ${m.parallel.units} ${py ? 'worker processes' : 'worker threads'}`
        : `${m.process.threads} threads computed at once`;
      return {
        ...base,
        recommendation: rec('already-parallel', 'Already parallel',
          `${timingSentence(f, m)} The work already runs in parallel (${how}; ${f.u.toFixed(1)} cores busy on average); with ${n} cores there is little left to gain from more parallelism. Make the hot code itself cheaper.${cpuSentence(m, hot)}`, m),
        prediction: { speedup: round2(speedup), assumption: `at most ${n} cores busy; the run already keeps ${busyCores.toFixed(1)} busy` },
      };
    }
    const p = Math.min(1, f.u);
    const speedup = amdahl(p, n);
    if (py) {
      const gil = gilTurns
        ? ` ${turnThreads.length} threads computed ${s(turnCpuMs)} between them but took turns on the GIL${f.gilMs > 0 ? ` (${s(f.gilMs)} of samples waiting for it)` : ''}: threads do not run Python code in parallel.`
        : f.gilMs > 0.1 * f.wall ? ` ${m.process.threads > 1 ? `${m.process.threads} threads` : 'Threads'} spent ${s(f.gilMs)} waiting for the GIL: threads do not run Python code in parallel.` : '';
      const loop = m.loop.kind === 'asyncio' && m.loop.busyCpuMs > 0.3 * f.wall ? ` The asyncio loop computed for ${s(m.loop.busyCpuMs)} inside tasks: awaiting a coroutine that never suspends does not yield.` : '';
      return {
        ...base,
        recommendation: rec('processes', 'CPU-bound: use a process pool',
          `${timingSentence(f, m)}${cpuSentence(m, hot)}${gil}${loop} One Python process runs Python code on one core at a time; a ProcessPoolExecutor with one process per core runs it on all ${n}` +
          `${m.loop.kind === 'asyncio' ? ' (from asyncio: `await loop.run_in_executor(pool, work, data)`)' : ''}.`, m),
        prediction: { speedup: round2(speedup), assumption: `the ${pct(p)} of the run spent computing splits into independent tasks over ${n} cores (Amdahl); process start-up and pickling are not counted` },
      };
    }
    return {
      ...base,
      recommendation: rec('worker-threads', 'CPU-bound: move the computation to worker threads',
        `${timingSentence(f, m)}${cpuSentence(m, hot)} One JavaScript thread runs the event loop; while it computes nothing else runs${m.loop.maxDelayMs ? ` (event-loop delay up to ${s(m.loop.maxDelayMs)})` : ''}. worker_threads (a piscina pool) use the other ${n - 1} core${n - 1 === 1 ? '' : 's'}.`, m),
      prediction: { speedup: round2(speedup), assumption: `the ${pct(p)} of the run spent computing splits into independent tasks over ${n} cores (Amdahl); message passing is not counted` },
    };
  }

  // Mixed runs whose computing is not in the script's own functions (start-up, imports, the
  // libraries' bookkeeping) are advised like I/O-bound ones: there is nothing to spread over cores.
  if (classification === 'io-bound' || (classification === 'mixed' && !computeHeavy)) {
    const k = m.waitsStarted;
    const c = f.concurrency;
    if (k <= 1 && f.topCount <= 1 && c < 1.5 && (k === 1 || f.topCount === 1)) {
      return {
        ...base,
        recommendation: rec('none', 'One wait: nothing to overlap',
          `${timingSentence(f, m)}${waitSentence(f, m)} A single wait cannot overlap with another; concurrency would not shorten this run.`, m),
        prediction: { speedup: 1, assumption: 'a single wait' },
      };
    }
    const ioPrefix = classification === 'io-bound' ? 'I/O-bound: ' : 'Mostly waiting: ';
    const limited = c >= 1.5 ? ` The waits overlap only ${c.toFixed(1)} at a time (a pool of that size) while ${k} are independent.` : '';
    if (py) {
      const useThreads = f.mainIoKind === 'disk' || f.mainIoKind === 'database';
      const id: RecommendationId = useThreads ? 'threads' : 'asyncio';
      const title = `${ioPrefix}${useThreads ? 'overlap the blocking calls with a thread pool' : 'overlap the waits with asyncio'}`;
      return {
        ...base,
        recommendation: rec(id, title,
          `${timingSentence(f, m)}${waitSentence(f, m)}${limited} ${pct(f.waitShare)} of the run was waiting. ` +
          (useThreads ? 'This library has a blocking API: a bounded ThreadPoolExecutor (or asyncio.to_thread) overlaps the waits; the GIL is released while they wait.'
            : 'asyncio overlaps thousands of waits in one thread (asyncio when you can, threads when you must).'), m),
        prediction: ioPrediction(f, m, useThreads ? 'a thread pool' : 'asyncio.gather'),
      };
    }
    return {
      ...base,
      recommendation: rec('concurrent-async', `${ioPrefix}run the independent awaits together`,
        `${timingSentence(f, m)}${k ? ` ${k} requests ran with ${c.toFixed(1)} in flight on average.` : ''}${limited} ${pct(f.waitShare)} of the run the event loop was idle, waiting. ` +
        'Awaiting in a loop runs the requests one after another; Promise.all (with a limit for large batches) overlaps them.', m),
      prediction: ioPrediction(f, m, 'Promise.all'),
    };
  }

  // mixed
  const cpuPart = Math.min(1, f.u);
  if (py) {
    const parallelIo = Math.max(1, m.waitsStarted);
    const newWall = Math.max(f.cpu / n, (f.wall * f.waitShare) / parallelIo + f.cpu / n);
    return {
      ...base,
      recommendation: rec('asyncio+processes', 'Mixed: overlap the waits and spread the computing',
        `${timingSentence(f, m)}${cpuSentence(m, hot)}${waitSentence(f, m)} Both halves matter: asyncio overlaps the waits, and \`loop.run_in_executor(ProcessPoolExecutor(), ...)\` moves the computing to the other cores.`, m),
      prediction: {
        speedup: round2(Math.max(1, f.wall / newWall)),
        assumption: `the ${s(f.cpu)} of computing splits over ${n} cores and the ${pct(f.waitShare)} of waiting overlaps${m.waitsStarted > 1 ? ` across ${m.waitsStarted} independent waits` : ''}`,
      },
    };
  }
  const blocked = (m.loop.maxDelayMs ?? 0) >= 100;
  if (blocked || cpuPart > 0.5) {
    return {
      ...base,
      recommendation: rec('worker-threads', 'Mixed: the computing blocks the event loop',
        `${timingSentence(f, m)}${cpuSentence(m, hot)}${m.loop.maxDelayMs ? ` The event loop was delayed up to ${s(m.loop.maxDelayMs)}.` : ''} Move the computing to worker_threads so the loop keeps serving I/O.`, m),
      prediction: { speedup: round2(amdahl(cpuPart, n)), assumption: `the ${pct(cpuPart)} of the run spent computing runs on ${n} cores; the waits stay` },
    };
  }
  return {
    ...base,
    recommendation: rec('concurrent-async', 'Mixed: overlap the independent awaits',
      `${timingSentence(f, m)} ${pct(f.waitShare)} of the run the event loop was idle, waiting.${m.waitsStarted ? ` ${m.waitsStarted} requests ran with ${f.concurrency.toFixed(1)} in flight on average.` : ''} Promise.all overlaps independent requests.`, m),
    prediction: ioPrediction(f, m, 'Promise.all'),
  };
}

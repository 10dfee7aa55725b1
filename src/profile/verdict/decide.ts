// The decision: which class and which recommendation, and the numbers they rest on. No sentences
// here; wording.ts and the per-language tables say it (pythonWording.ts, nodeWording.ts).
import type { Measurement } from '../model';
import type { Classification, RecommendationId } from '../report';
import { IO_KINDS, type Evidence } from './evidence';

/** Runs shorter than this are dominated by start-up: nothing worth changing. */
export const MIN_WALL_MS = 200;

export function classifyUtilization(u: number): Classification {
  if (u >= 2 / 3) return 'cpu-bound';
  if (u <= 1 / 3) return 'io-bound';
  return 'mixed';
}

/** Which situation the recommendation answers: the wording tables are keyed by it. */
export type Case =
  | 'too-short'
  | 'loop-blocked'
  | 'io-in-processes'
  | 'already-concurrent'
  | 'already-parallel'
  | 'cpu'
  | 'one-wait'
  | 'io-overlap'
  | 'mixed'
  | 'mixed-blocked'
  | 'mixed-async';

/** What a predicted gain rests on; the wording states it as the prediction's assumption. */
export type PredictionBasis =
  | { kind: 'nothing'; speedup: 1; why: 'too-short' | 'single-wait' }
  | { kind: 'overlapped'; speedup: 1; concurrency: number }
  | { kind: 'waits'; speedup: number; waits: number; eachMs: number; fixedMs: number; bound: number; waitShare: number; target: Target }
  | { kind: 'wait-share'; speedup: number; waitShare: number; wallMs: number; target: Target }
  | { kind: 'busy-cores'; speedup: number; busyCores: number; cores: number }
  | { kind: 'amdahl'; speedup: number; share: number; cores: number; waitsStay: boolean }
  | { kind: 'mixed'; speedup: number; cpuMs: number; cores: number; waitShare: number; waits: number };

/** What the waits would be overlapped with: the wording names it in the prediction. */
export type Target = 'off-loop' | 'asyncio' | 'thread-pool' | 'gather' | 'promise-all' | 'promise-api';

export interface Decision {
  classification: Classification;
  id: RecommendationId;
  case: Case;
  /** SPEC §4's U: CPU time of the process tree / wall time. */
  utilization: number;
  /** U over the wall time without run-queue waits (other load on the machine); what the class is decided on. */
  demand: number;
  prediction: PredictionBasis;
  /** Case-specific figures the wording quotes. */
  loopBlockedShare?: number;
  gilTurns?: boolean;
  waitsOverlapped?: boolean;
}

function amdahl(p: number, n: number): number {
  return 1 / ((1 - p) + p / n);
}

/** I/O: the computing part stays; independent waits overlap down to about one wait's length. */
function ioPrediction(e: Evidence, m: Measurement, target: Target): PredictionBasis {
  const waitMs = e.wall * e.waitShare;
  const busy = e.wall - waitMs;
  // Start-up stays whatever the concurrency model.
  const fixed = busy + (e.totalWall - e.wall);
  const k = m.waitsStarted;
  const c = Math.max(1, e.concurrency);
  if (k >= 2) {
    const each = (waitMs * c) / k;
    const speedup = e.totalWall / Math.max(1, fixed + each);
    return { kind: 'waits', speedup: Math.max(1, speedup), waits: k, eachMs: each, fixedMs: fixed, bound: e.totalWall / Math.max(1, fixed), waitShare: e.waitShare, target };
  }
  return { kind: 'wait-share', speedup: Math.max(1, e.totalWall / Math.max(1, fixed)), waitShare: e.waitShare, wallMs: e.wall, target };
}

export function decide(e: Evidence, m: Measurement): Decision {
  const py = m.language === 'python';
  const classification = classifyUtilization(e.u);
  // Threads waiting for the GIL want the CPU too (thread-time, spread over the threads).
  const gilWallMs = e.gilMs / Math.max(1, m.process.threads);
  // Several threads computed but the process used about one core: they took turns on the GIL.
  const gilTurns = py && e.turnThreads >= 2 && e.turnCpuMs >= 0.5 * e.wall && e.cpu / e.wall <= 1.3;
  const computeHeavy = gilTurns || e.computeMs + gilWallMs >= 0.25 * e.wall;
  // Waiting for I/O (not for the GIL, a lock or a core): Python's I/O waits, Node's idle loop.
  const ioWaitMs = py ? e.ioWaits.reduce((a, w) => a + w.ms, 0) / Math.max(1, e.concurrency) : m.loop.idleMs;
  // A mixed run that is computing and contending, not waiting on I/O, is advised as CPU-bound.
  const cpuLike = classification === 'mixed' && computeHeavy && ioWaitMs < 0.2 * e.wall && m.loop.kind !== 'node';
  const base = { classification, utilization: e.measuredU, demand: e.u };
  const n = m.cores;

  if (e.totalWall < MIN_WALL_MS || e.count < 2) {
    return { ...base, id: 'none', case: 'too-short', prediction: { kind: 'nothing', speedup: 1, why: 'too-short' } };
  }

  const loopBlockedShare = m.loop.blockedMs / e.wall;
  // An event loop blocked inside a task or a sync call: every other task waits meanwhile.
  // Blocked by waits (or, in Node, by sync API calls) rather than by the program's own computing.
  const blockedByCalls = classification !== 'cpu-bound' || m.loop.blockedMs >= m.loop.busyCpuMs;
  if (loopBlockedShare >= 0.2 && blockedByCalls && (m.loop.kind === 'asyncio' || m.loop.kind === 'node')) {
    return { ...base, id: 'offload-blocking', case: 'loop-blocked', loopBlockedShare, prediction: ioPrediction(e, m, py ? 'off-loop' : 'promise-api') };
  }

  // I/O handed to a process pool: the main process waits on the pool while its workers wait on I/O.
  // (The workers' CPU is small next to the time they were alive: they waited.)
  if (py && m.parallel.processPool && m.process.childCpuMs < 0.3 * e.effWall * Math.max(1, Math.min(m.parallel.units, n))) {
    return { ...base, id: 'asyncio', case: 'io-in-processes', prediction: ioPrediction(e, m, 'asyncio') };
  }

  // Waits already overlapped: many in flight at once, about as many as there were to make.
  if (classification !== 'cpu-bound' && e.waitShare >= 1 / 3) {
    const k = m.waitsStarted;
    const c = e.concurrency;
    const idleLoop = m.loop.kind === 'asyncio' && m.loop.idleMs > 0.5 * e.wall;
    if ((c >= 1.5 && (k === 0 || k <= 2 * c)) || (idleLoop && c >= 1.5)) {
      return { ...base, id: 'already-concurrent', case: 'already-concurrent', prediction: { kind: 'overlapped', speedup: 1, concurrency: c } };
    }
  }

  // Computing already spread over workers: the advice is the same whatever the class.
  const spread = m.parallel.units >= 2 && m.parallel.cpuMs >= 0.5 * e.cpu && (classification === 'cpu-bound' || computeHeavy);
  if (classification === 'cpu-bound' || spread || cpuLike) {
    // Already parallel: several processes or threads carried the computing, or the tree used
    // clearly more than one core.
    const parallel = spread || (e.u > 1.3 && (m.process.maxChildren >= 1 || m.process.threads > 1 || m.process.childCpuMs > 0.3 * e.cpu));
    if (parallel) {
      // Busy cores: what the tree used, or as many workers as computed (a busy machine hides them).
      const busyCores = Math.max(e.u, Math.min(m.parallel.units, n));
      return { ...base, id: 'already-parallel', case: 'already-parallel', prediction: { kind: 'busy-cores', speedup: Math.max(1, n / busyCores), busyCores, cores: n } };
    }
    const p = Math.min(1, e.u);
    return { ...base, id: py ? 'processes' : 'worker-threads', case: 'cpu', gilTurns, prediction: { kind: 'amdahl', speedup: amdahl(p, n), share: p, cores: n, waitsStay: false } };
  }

  // Mixed runs whose computing is not in the script's own functions (start-up, imports, the
  // libraries' bookkeeping) are advised like I/O-bound ones: there is nothing to spread over cores.
  if (classification === 'io-bound' || (classification === 'mixed' && !computeHeavy)) {
    const k = m.waitsStarted;
    const c = e.concurrency;
    if (k <= 1 && e.topCount <= 1 && c < 1.5 && (k === 1 || e.topCount === 1)) {
      return { ...base, id: 'none', case: 'one-wait', prediction: { kind: 'nothing', speedup: 1, why: 'single-wait' } };
    }
    if (py) {
      const useThreads = e.mainIoKind === 'disk' || e.mainIoKind === 'database';
      return { ...base, id: useThreads ? 'threads' : 'asyncio', case: 'io-overlap', prediction: ioPrediction(e, m, useThreads ? 'thread-pool' : 'gather') };
    }
    return { ...base, id: 'concurrent-async', case: 'io-overlap', prediction: ioPrediction(e, m, 'promise-all') };
  }

  // mixed
  const cpuPart = Math.min(1, e.u);
  if (py) {
    const parallelIo = Math.max(1, m.waitsStarted);
    const newWall = Math.max(e.cpu / n, (e.wall * e.waitShare) / parallelIo + e.cpu / n);
    return {
      ...base, id: 'asyncio+processes', case: 'mixed',
      prediction: { kind: 'mixed', speedup: Math.max(1, e.wall / newWall), cpuMs: e.cpu, cores: n, waitShare: e.waitShare, waits: m.waitsStarted },
    };
  }
  const blocked = (m.loop.maxDelayMs ?? 0) >= 100;
  if (blocked || cpuPart > 0.5) {
    return { ...base, id: 'worker-threads', case: 'mixed-blocked', prediction: { kind: 'amdahl', speedup: amdahl(cpuPart, n), share: cpuPart, cores: n, waitsStay: true } };
  }
  return { ...base, id: 'concurrent-async', case: 'mixed-async', prediction: ioPrediction(e, m, 'promise-all') };
}

export { IO_KINDS };

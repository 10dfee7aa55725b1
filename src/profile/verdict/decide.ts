// The decision: which class and which recommendation, and the numbers they rest on, in the order
// the situations are told apart. No sentences here; wording.ts and the per-language tables say it
// (pythonWording.ts, nodeWording.ts).
import type { Measurement } from '../model';
import type { Classification, RecommendationId } from '../report';
import type { Evidence } from './evidence';

/** Python client libraries with a blocking API only: overlapping their calls means threads. */
const BLOCKING_CLIENTS = /^(requests|urllib3|httpx\._client|httpx\.Client|psycopg2|pymysql|redis|boto3|botocore)\b/;
/** Runs whose work after start-up is shorter than this cannot be judged. */
export const MIN_WALL_MS = 200;
/** A run that failed this soon after start-up did not get to its work (a tool that exited at once). */
export const FAILED_AT_ONCE_MS = 500;
/** Waits overlapped through a bounded pool or connection limit: the low end of an I/O gain. */
export const BOUNDED_POOL = 10;
/** Share of the computing that must run with the GIL released before threads are the advice. */
const GIL_FREE_SHARE = 0.6;
/** Share of the computing inside a tool or library, not reached through the user's code. */
const LIBRARY_SHARE = 0.6;
/** On-CPU samples below which where the computing happened is not known well enough to call it a
 * tool's (a run of 16 threads taking turns on the GIL got 2, one of them in threading.py). */
const MIN_LIBRARY_SAMPLES = 10;

/** The utilisation from which a run is CPU-bound (servers: from which one core is the limit). */
export const CPU_BOUND = 2 / 3;

export function classifyUtilization(u: number): Classification {
  if (u >= CPU_BOUND) return 'cpu-bound';
  if (u <= 1 / 3) return 'io-bound';
  return 'mixed';
}

/** Which situation the recommendation answers: the wording tables are keyed by it. */
export type Case =
  | 'failed'
  | 'too-short'
  | 'not-splittable'
  | 'loop-blocked'
  | 'drop-pool'
  | 'io-in-processes'
  | 'already-concurrent'
  | 'already-parallel'
  | 'serial-children'
  | 'gil-released'
  | 'builds-data'
  | 'cpu'
  | 'one-wait'
  | 'no-waits-seen'
  | 'io-overlap'
  | 'mixed'
  | 'mixed-blocked'
  | 'mixed-async';

/** What the waits would be overlapped with: the wording names it in the prediction. */
export type Target = 'off-loop' | 'asyncio' | 'thread-pool' | 'gather' | 'promise-all' | 'promise-api';

/** What a predicted gain rests on; the wording states it as the prediction's assumption. */
export type PredictionBasis =
  | { kind: 'nothing'; why: 'too-short' | 'single-wait' | 'failed' | 'builds-data' | 'no-waits' }
  | { kind: 'overlapped'; concurrency: number }
  | { kind: 'waits'; waits: number; eachMs: number; fixedMs: number; waitShare: number; concurrency: number; target: Target }
  | { kind: 'waits-uncounted'; bound: number; waitShare: number; wallMs: number; target: Target }
  /** busyCores: the cores counted busy (the CPU utilisation, or more when that many workers
   * computed at once); utilisation: the class's figure. */
  | { kind: 'busy-cores'; busyCores: number; utilisation: number; cores: number }
  | { kind: 'cores'; share: number; lanes: number; cores: number; usedCores: number; freeLanes: number; fixedMs: number; over: 'processes' | 'threads' | 'workers' | 'children'; waitsStay: boolean }
  | { kind: 'tool'; usedCores: number; cores: number; hasSwitch: boolean }
  /** workMs: the workers' work, done here without the pool; upToMs: the most it can have been (the
   * low end); measured: whether the workers' side was measured in them (else estimated). */
  | { kind: 'drop-pool'; poolMs: number; workMs: number; upToMs: number; childCpuMs: number; workerTransferMs: number; measured: boolean }
  | { kind: 'mixed'; cpuMs: number; cores: number; waitShare: number; waits: number };

export interface Decision {
  classification: Classification;
  id: RecommendationId;
  case: Case;
  /** U: CPU time of the process tree / wall time. */
  utilization: number;
  /** U over the wall time without run-queue waits (other load on the machine); what the class is decided on. */
  demand: number;
  prediction: PredictionBasis;
  /** The gain (1: none or unknown), its range from the measurement, and whether it can be told at all. */
  gain: { speedup: number; range: [number, number]; unknown?: boolean };
  /** Case-specific figures the wording quotes. */
  loopBlockedShare?: number;
  gilTurns?: boolean;
}

function amdahl(p: number, n: number): number {
  return 1 / ((1 - p) + p / n);
}

const NO_GAIN = { speedup: 1, range: [1, 1] as [number, number] };

/** The gain of a change that leaves `fixedMs` of the measured run as it is and runs the rest `newMs` long. */
function gainOver(e: Evidence, fixedMs: number, newMs: number): number {
  return Math.max(1, e.totalWall / Math.max(1, fixedMs + newMs));
}

/** I/O: start-up and computing stay; independent waits overlap down to about one wait's length
 * (all in flight at once) or a few (through a bounded pool). Bounded by the number of waits. Told
 * on the run without its waits for a busy machine's cores: how many of those a changed program
 * meets depends on how often it wakes, not on the change. */
function ioPrediction(e: Evidence, m: Measurement, target: Target): Pick<Decision, 'prediction' | 'gain'> {
  const startup = e.totalWall - e.wall;
  const waitMs = e.effWall * e.waitShare;
  const fixed = startup + e.effWall - waitMs;
  const before = startup + e.effWall;
  const k = m.waitsStarted;
  const c = Math.max(1, e.concurrency);
  const gain = (newMs: number) => Math.max(1, before / Math.max(1, fixed + newMs));
  if (k >= 2) {
    const each = (waitMs * c) / k;
    const high = gain(each);
    const low = gain(each * Math.ceil(k / BOUNDED_POOL));
    return { prediction: { kind: 'waits', waits: k, eachMs: each, fixedMs: fixed, waitShare: e.waitShare, concurrency: c, target }, gain: { speedup: high, range: [low, high] } };
  }
  // Without a count the gain cannot be told: the waiting share gives only its upper bound.
  const bound = gain(0);
  return { prediction: { kind: 'waits-uncounted', bound, waitShare: e.waitShare, wallMs: e.wall, target }, gain: { speedup: 1, range: [1, bound], unknown: true } };
}

/**
 * CPU: the computing share of the run after start-up spreads over `lanes` (Amdahl), never past the
 * cores the run leaves free: a run already keeping 1.5 cores busy (helper threads) gains at most
 * cores / 1.5. The low end counts only the cores that were free while this run was measured.
 */
function coresPrediction(e: Evidence, m: Measurement, share: number, lanes: number, over: 'processes' | 'threads' | 'workers' | 'children', waitsStay = false): Pick<Decision, 'prediction' | 'gain'> {
  const cores = m.cores;
  const used = Math.max(1, e.usedCores);
  const fixed = e.totalWall - e.wall;
  const ceiling = cores / used;
  const freeLanes = Math.max(1, Math.min(lanes, e.freeCores));
  // Against the same run without its waits for a busy machine's cores (effWall): those are not
  // the change's to win.
  const at = (lanesUsed: number) => Math.min(ceiling, (fixed + e.effWall) / (fixed + e.effWall * ((1 - share) + share / Math.max(1, lanesUsed))));
  const high = Math.max(1, at(Math.min(lanes, cores)));
  const low = Math.max(1, Math.min(high, at(freeLanes)));
  return {
    prediction: { kind: 'cores', share, lanes, cores, usedCores: e.usedCores, freeLanes, fixedMs: fixed, over, waitsStay },
    gain: { speedup: low, range: [low, high] },
  };
}

/**
 * The counted waits overlapped: about as many in flight on average as there were, at least half of
 * them in flight at one moment, or spread over about as many threads as there were waits (one
 * thread a request), however few of them a busy machine let run at the same moment.
 */
function overlapsCountedWaits(e: Evidence, m: Measurement): boolean {
  const k = m.waitsStarted;
  const threads = m.waitingThreads ?? 0;
  return k >= 2 && e.concurrency >= 1.5 && (k <= 2 * e.concurrency || m.io.max >= k / 2 || (threads >= 2 && threads >= k / 2));
}

/** What every rule reads: the evidence, the measurement, and what is derived from them once. */
interface Context {
  e: Evidence;
  m: Measurement;
  py: boolean;
  /** The machine's cores. */
  n: number;
  classification: Classification;
  base: Pick<Decision, 'classification' | 'utilization' | 'demand'>;
  /** Several Python threads computed but took turns on the GIL. */
  gilTurns: boolean;
  /** The run computed in its own functions (or threads contended for the GIL). */
  computeHeavy: boolean;
  /** A mixed run computing and contending rather than waiting on I/O: advised as CPU-bound. */
  cpuLike: boolean;
}

/** A situation: the decision when the run is in it, else undefined. Tried in order (RULES). */
type Rule = (c: Context) => Decision | undefined;

function contextOf(e: Evidence, m: Measurement): Context {
  const py = m.language === 'python';
  const classification = classifyUtilization(e.u);
  // Threads waiting for the GIL want the CPU too (thread-time, spread over the threads).
  const gilWallMs = e.gilMs / Math.max(1, m.process.threads);
  // Several threads computed but the process used about one core: they took turns on the GIL.
  const gilTurns = py && e.turnThreads >= 2 && e.turnCpuMs >= 0.5 * e.wall && e.cpu / e.wall <= 1.3;
  const computeHeavy = gilTurns || e.computeMs + gilWallMs >= 0.25 * e.wall;
  // Waiting for I/O (not for the GIL, a lock or a core): Python's I/O waits, Node's idle loop.
  const ioWaitMs = py ? e.ioWaits.reduce((a, w) => a + w.ms, 0) / Math.max(1, e.concurrency) : m.loop.idleMs;
  const cpuLike = classification === 'mixed' && computeHeavy && ioWaitMs < 0.2 * e.wall && m.loop.kind !== 'node';
  return { e, m, py, n: m.cores, classification, base: { classification, utilization: e.measuredU, demand: e.u }, gilTurns, computeHeavy, cpuLike };
}

/** Already parallel: nothing to gain from more parallelism, at most the cores left idle. */
function alreadyParallel(base: Context['base'], busyCores: number, cores: number): Decision {
  const ceiling = Math.max(1, cores / busyCores);
  return { ...base, id: 'already-parallel', case: 'already-parallel', prediction: { kind: 'busy-cores', busyCores, utilisation: base.demand, cores }, gain: { speedup: 1, range: [1, ceiling] } };
}

function alreadyConcurrent({ base, e }: Context): Decision {
  return { ...base, id: 'already-concurrent', case: 'already-concurrent', prediction: { kind: 'overlapped', concurrency: e.concurrency }, gain: NO_GAIN };
}

function nothing(base: Context['base'], c: Case, why: Extract<PredictionBasis, { kind: 'nothing' }>['why']): Decision {
  return { ...base, id: 'none', case: c, prediction: { kind: 'nothing', why }, gain: NO_GAIN };
}

/** A run that failed before its work: no verdict on how it computes or waits. (How long it ran is
 * told without the waits for a busy machine's cores.) */
const failedBeforeWork: Rule = ({ base, e, m }) => {
  const failure = m.process.failure;
  if (!failure || !(failure.atStartup || e.effWall < FAILED_AT_ONCE_MS)) return undefined;
  return nothing({ ...base, classification: 'failed' }, 'failed', 'failed');
};

/** Child processes that computed side by side: their waits overlap because the children work in
 * parallel (a test runner with workers, a build with -j). */
const childrenSideBySide: Rule = ({ base, e, m, n }) =>
  m.children.maxAtOnce >= 2 && m.process.childCpuMs >= 0.5 * e.cpu && m.process.childCpuMs >= 0.2 * e.wall
    ? alreadyParallel(base, Math.max(e.u, Math.min(m.children.maxAtOnce, n)), n)
    : undefined;

/** Counted waits that were in flight together: the program already overlaps them, however short its
 * run (a run of a few hundred ms that overlaps 40 requests is judged by the count, not its length),
 * unless computing in its own lines dominates. */
const countedWaitsOverlapped: Rule = (c) =>
  overlapsCountedWaits(c.e, c.m) && c.e.ownCodeCpuMs < 0.25 * c.e.wall && c.m.io.ms >= 0.2 * c.e.wall ? alreadyConcurrent(c) : undefined;

const tooShort: Rule = ({ base, e }) => (e.wall < MIN_WALL_MS || e.count < 2 ? nothing(base, 'too-short', 'too-short') : undefined);

/** A process pool whose data costs as much to move as the work it does there: the main process
 * waits on the pool while the pool pickles. Without the pool the main thread's time in it gives way
 * to the workers' work, done here on the data it already has. The low end counts all of the
 * workers' CPU besides unpickling and pickling as work (all of it when their side was not measured). */
const poolMovingData: Rule = ({ base, e, m, py }) => {
  const transfer = m.transfer;
  if (!py || !transfer || transfer.toWorkersBytes <= 0 || e.wall < MIN_WALL_MS || 2 * e.transferMs < e.workerWorkMs || m.poolMs < 0.2 * e.wall) return undefined;
  const outsidePool = e.totalWall - m.poolMs;
  const upToMs = e.workerSideMeasured ? e.workerRestMs : m.process.childCpuMs;
  const high = gainOver(e, outsidePool, e.workerWorkMs);
  const low = Math.min(high, gainOver(e, outsidePool, upToMs));
  return {
    ...base, id: 'drop-pool', case: 'drop-pool',
    prediction: {
      kind: 'drop-pool', poolMs: m.poolMs, workMs: e.workerWorkMs, upToMs, childCpuMs: m.process.childCpuMs,
      workerTransferMs: e.workerTransferMs, measured: e.workerSideMeasured,
    },
    gain: { speedup: high, range: [low, high] },
  };
};

/** The computing happened inside a tool or library the user does not own, not reached through their
 * code: nothing in their code to split; the tool's own switch, where it has one. (Computing in child
 * processes is not this profile's to place.) */
const insideTool: Rule = ({ base, classification, e, m, n }) => {
  const computing = classification === 'cpu-bound' || (classification === 'mixed' && e.usedCores >= 0.5);
  if (!computing || !e.tool || e.libraryShare < LIBRARY_SHARE || e.onCpuSamples < MIN_LIBRARY_SAMPLES || m.process.childCpuMs >= 0.5 * e.cpu) return undefined;
  const ceiling = Math.max(1, n / Math.max(1, e.usedCores));
  return {
    ...base, id: 'not-splittable', case: 'not-splittable',
    prediction: { kind: 'tool', usedCores: e.usedCores, cores: n, hasSwitch: !!e.tool.switch },
    gain: { speedup: 1, range: [1, e.tool.switch ? ceiling : 1] },
  };
};

/** An event loop blocked inside a task or a sync call: every other task waits meanwhile. Blocked by
 * waits (or, in Node, by sync API calls) rather than by the program's own computing. */
const loopBlocked: Rule = ({ base, classification, e, m, n, py }) => {
  const loopBlockedShare = m.loop.blockedMs / e.wall;
  const blockedByCalls = classification !== 'cpu-bound' || m.loop.blockedMs >= m.loop.busyCpuMs;
  if (loopBlockedShare < 0.2 || !blockedByCalls || m.loop.kind === 'none') return undefined;
  const pred = classification !== 'cpu-bound' ? ioPrediction(e, m, py ? 'off-loop' : 'promise-api') : coresPrediction(e, m, Math.min(1, e.u), n, 'threads');
  return { ...base, id: 'offload-blocking', case: 'loop-blocked', loopBlockedShare, ...pred };
};

/** I/O handed to a process pool: the main process waits on the pool while its workers wait on I/O
 * (their CPU is small next to the time they were alive). */
const ioInProcesses: Rule = ({ base, e, m, n, py }) =>
  py && m.parallel.processPool && m.process.childCpuMs < 0.3 * e.effWall * Math.max(1, Math.min(m.parallel.units, n))
    ? { ...base, id: 'asyncio', case: 'io-in-processes', ...ioPrediction(e, m, 'asyncio') }
    : undefined;

/** Waits already overlapped: many in flight at once, about as many as there were to make. */
const waitsOverlapped: Rule = (c) => {
  const { classification, e, m } = c;
  if (classification === 'cpu-bound' || e.waitShare < 1 / 3 || e.concurrency < 1.5) return undefined;
  const idleLoop = m.loop.kind === 'asyncio' && m.loop.idleMs > 0.5 * e.wall;
  return m.waitsStarted === 0 || overlapsCountedWaits(e, m) || idleLoop ? alreadyConcurrent(c) : undefined;
};

/** Child processes that computed one after another: run them side by side (their waits are
 * computing: the gain is bounded by the cores, not by the number of waits). */
const serialChildren: Rule = ({ base, e, m, n, py }) => {
  const children = m.children.started;
  if (children < 2 || m.children.maxAtOnce > 1 || m.process.childCpuMs < 0.5 * e.cpu || m.process.childCpuMs < 0.3 * e.effWall) return undefined;
  const share = Math.min(1, m.process.childCpuMs / e.effWall);
  return { ...base, id: py ? 'threads' : 'concurrent-async', case: 'serial-children', ...coresPrediction(e, m, share, Math.min(children, n), 'children') };
};

/** Computing: already spread over workers or threads, or where to spread it. */
const computing: Rule = ({ base, classification, computeHeavy, cpuLike, e, gilTurns, m, n, py }) => {
  const spread = m.parallel.units >= 2 && m.parallel.cpuMs >= 0.5 * e.cpu && (classification === 'cpu-bound' || computeHeavy);
  if (classification !== 'cpu-bound' && !spread && !cpuLike) return undefined;
  // Already parallel: several processes or threads carried the computing, or the tree used clearly
  // more than one core (threads of the program's own, a library's thread pool). Python threads that
  // computed with the GIL released run in parallel even when a busy machine left them one core
  // between them; so does work that libuv's pool carried (async zlib, crypto and fs calls).
  const offMain = m.threadsCpu?.otherMs ?? 0;
  const parallelThreads = py && e.turnThreads >= 2 && (e.gilFreeShare ?? 0) >= GIL_FREE_SHARE;
  const offMainWork = !py && offMain >= 0.4 * e.cpu;
  const parallel = spread || parallelThreads || offMainWork || (e.u > 1.3 && (m.process.maxChildren >= 1 || m.process.threads > 1 || m.process.childCpuMs > 0.3 * e.cpu || offMain > 0.3 * e.cpu));
  if (parallel) {
    // Busy cores: what the tree used, or as many workers (threads) as computed (a busy machine hides them).
    return alreadyParallel(base, Math.max(e.u, Math.min(Math.max(m.parallel.units, parallelThreads ? e.turnThreads : 0), n)), n);
  }
  const p = Math.min(1, e.u);
  // C code that released the GIL (hashlib, zlib, NumPy): threads, without processes' start-up and pickling.
  if (py && (e.gilFreeShare ?? 0) >= GIL_FREE_SHARE && !gilTurns) {
    return { ...base, id: 'threads', case: 'gil-released', ...coresPrediction(e, m, p * (e.gilFreeShare ?? 0), n, 'threads') };
  }
  // Computing that builds data (the process grew by as much as it could pickle in the time it
  // computed): processes would have to send it all back, costing as much as the work.
  if (py && e.sendBackMs >= 0.5 * e.cpu) return nothing(base, 'builds-data', 'builds-data');
  return { ...base, id: py ? 'processes' : 'worker-threads', case: 'cpu', gilTurns, ...coresPrediction(e, m, p, n, py ? 'processes' : 'workers') };
};

/** Waiting (and mixed runs whose computing is not in the script's own functions: start-up, imports,
 * the libraries' bookkeeping, nothing to spread over cores): overlap the waits, if any was seen. */
const waiting: Rule = ({ base, classification, computeHeavy, e, m, py }) => {
  if (classification !== 'io-bound' && !(classification === 'mixed' && !computeHeavy)) return undefined;
  const k = m.waitsStarted;
  if (k <= 1 && e.topCount <= 1 && e.concurrency < 1.5 && (k === 1 || e.topCount === 1)) return nothing(base, 'one-wait', 'single-wait');
  // No wait to overlap was seen (no call of the script waited on I/O, none was counted, the loop did
  // not idle): the time off the CPU is not something concurrency overlaps.
  if (k === 0 && e.ioWaits.length === 0 && e.userWaits.length === 0 && m.loop.idleMs < 0.2 * e.wall && m.io.ms < 0.2 * e.wall) {
    return nothing(base, 'no-waits-seen', 'no-waits');
  }
  if (!py) return { ...base, id: 'concurrent-async', case: 'io-overlap', ...ioPrediction(e, m, 'promise-all') };
  // Asyncio when you can, threads when you must: a client library with only a blocking API
  // (requests, httpx's Client, urllib3, database drivers) keeps its code on a thread pool.
  const blockingLibrary = !!e.topWait && BLOCKING_CLIENTS.test(e.topWait.call);
  const useThreads = e.mainIoKind === 'disk' || e.mainIoKind === 'database' || blockingLibrary;
  return { ...base, id: useThreads ? 'threads' : 'asyncio', case: 'io-overlap', ...ioPrediction(e, m, useThreads ? 'thread-pool' : 'gather') };
};

/** Both computing in its own functions and waiting. */
const mixed: Rule = ({ base, e, m, n, py }) => {
  const cpuPart = Math.min(1, e.u);
  if (py) {
    const parallelIo = Math.max(1, m.waitsStarted);
    const newWall = Math.max(e.cpu / n, (e.wall * e.waitShare) / parallelIo + e.cpu / n);
    const speedup = Math.max(1, e.wall / newWall);
    return {
      ...base, id: 'asyncio+processes', case: 'mixed',
      prediction: { kind: 'mixed', cpuMs: e.cpu, cores: n, waitShare: e.waitShare, waits: m.waitsStarted },
      gain: { speedup, range: [Math.min(speedup, amdahl(cpuPart, n)), speedup] },
    };
  }
  if ((m.loop.maxDelayMs ?? 0) >= 100 || cpuPart > 0.5) {
    return { ...base, id: 'worker-threads', case: 'mixed-blocked', ...coresPrediction(e, m, cpuPart, n, 'workers', true) };
  }
  return { ...base, id: 'concurrent-async', case: 'mixed-async', ...ioPrediction(e, m, 'promise-all') };
};

/** The situations, in the order they are told apart: the first that fits decides. */
const RULES: Rule[] = [
  // A pool that only moves data keeps its workers busy unpickling: drop-pool comes before "already
  // side by side", which would read that unpickling as parallel work.
  failedBeforeWork, poolMovingData, childrenSideBySide, countedWaitsOverlapped, tooShort, insideTool, loopBlocked, ioInProcesses,
  waitsOverlapped, serialChildren, computing, waiting,
];

export function decide(e: Evidence, m: Measurement): Decision {
  const c = contextOf(e, m);
  for (const rule of RULES) {
    const d = rule(c);
    if (d) return d;
  }
  return mixed(c) as Decision;
}

// The numbers a verdict rests on, computed once from the measurement: the part of the run after
// start-up (the interpreter's, then imports and module compiling), the CPU it used and on which
// threads, the utilisation corrected for a busy machine, the waits (how many, how many in flight),
// where the computing happened (the user's own code, or only inside a tool or library), how the
// run ended.
import type { Measurement, WaitKind, WaitSite } from '../model';
import type { Hotspot } from '../report';
import { profilesOf, timeWithFrame, treeIndex } from '../stacks';
import { toolOf } from './tools';

export const IO_KINDS: WaitKind[] = ['network', 'disk', 'sleep', 'subprocess', 'database', 'stdin'];
/** The profiler's own files (the Node preload, the Python sampler): neither the user's nor a tool. */
export const PROFILER_FILE = /(node-preload\.js|[\\/]assets[\\/]_?sampler\.py)$/;
const POOL_MACHINERY = /[\\/](multiprocessing|concurrent[\\/]futures|threading\.py$)/;
/** Pickling speed assumed for data a program built (about 100 MB/s for dicts and lists of objects). */
export const PICKLE_BYTES_PER_MS = 100_000;

/** On-CPU time in samples whose stack holds a library's or tool's frame (a package, the standard
 * library, the script itself when it is one of those) but none of the user's own: work done inside
 * a tool, not reached through the user's code. The runtime's own frames (node:, <frozen ...>) are
 * neither: a callback from Node's internals is no tool. Every profile (main and worker threads);
 * the garbage collector's and V8's own ticks work for whatever runs and count neither way. */
function libraryOnlyCpu(m: Measurement): { cpuMs: number; ofMs: number } {
  const user = new Set(m.userFiles);
  // A process pool's own threads pickling and waiting are the pool's cost (drop-pool), not a tool's.
  const runtime = (url: string) => !url || url.startsWith('node:') || url.startsWith('internal/') || url.startsWith('<') || POOL_MACHINERY.test(url) || PROFILER_FILE.test(url);
  let cpuMs = 0;
  let ofMs = 0;
  for (const { profile, weightsMs, onCpu } of profilesOf(m)) {
    const fn = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
    const counted = (i: number) => !['(garbage collector)', '(program)', '(root)', '(idle)'].includes(fn.get(profile.samples[i]) ?? '');
    ofMs += timeWithFrame(profile, weightsMs, onCpu, () => true, counted).cpuMs;
    const withUser = timeWithFrame(profile, weightsMs, onCpu, (f) => user.has(f.url), counted).cpuMs;
    const withCode = timeWithFrame(profile, weightsMs, onCpu, (f) => user.has(f.url) || !runtime(f.url), counted).cpuMs;
    cpuMs += withCode - withUser;
  }
  return { cpuMs, ofMs };
}

export function evidenceOf(m: Measurement, hotspots: Hotspot[]) {
  const totalWall = Math.max(1, m.process.wallMs);
  const totalCpu = m.process.cpuUserMs + m.process.cpuSysMs + m.process.childCpuMs;
  // The script's own work: interpreter start-up, imports and module compiling (tens to hundreds of
  // ms of pure CPU) are left out, or every short script would look CPU-bound.
  const importWallMs = m.imports?.wallMs ?? 0;
  const importCpuMs = m.imports?.cpuMs ?? 0;
  const startupWallMs = m.process.startupWallMs + importWallMs;
  const wall = Math.max(1, totalWall - startupWallMs);
  // ... and so is the sampler's own CPU: it would otherwise read as the program computing.
  const cpu = Math.max(0, totalCpu - m.process.startupCpuMs - m.process.profilerCpuMs - importCpuMs);
  // Time spent runnable but waiting for a CPU (other load on the machine) would not exist on an
  // idle machine: take it out of the wall time, spread over the threads that were computing.
  const lanes = Math.max(1, Math.min(m.cores, Math.ceil(cpu / wall)));
  // Children that ran one after another were on the run's path one at a time: their waits add up.
  const serialChildren = m.children.maxAtOnce <= 1 && m.process.childCpuMs > 0.3 * Math.max(1, cpu);
  const runQueueMs = serialChildren ? Math.max(m.process.runQueueMs, m.process.childRunQueueMs ?? 0) : m.process.runQueueMs;
  const effWall = Math.max(0.25 * wall, wall - runQueueMs / lanes);
  let u = cpu / effWall;
  // One lane of work (one thread, no workers): the samples say how much of the time it waited
  // for I/O rather than for a core, which bounds what the run-queue correction may add.
  const offMainMs = m.threadsCpu?.otherMs ?? 0;
  const singleLane = m.process.threads <= 1 && m.parallel.units < 2 && m.process.childCpuMs < 0.3 * Math.max(1, totalCpu)
    && offMainMs < 0.3 * Math.max(1, totalCpu);
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
  const topCount = topWait ? m.callCounts.filter((c) => c.file === topWait.file && c.line === topWait.line).reduce((a, c) => Math.max(a, c.count), 0) : 0;
  const gilMs = ioKindMs('gil');
  // Computing in the script's own functions (module-level code is mostly imports and set-up).
  const computeMs = hotspots
    .filter((h) => h.onCpu && h.function !== '<module>' && !(h.function === '(anonymous)' && h.line <= 1))
    .reduce((a, h) => a + h.selfMs, 0);
  // Several threads computed but the process used about one core: they took turns on the GIL.
  const turnThreads = m.threadCpu.filter((t) => !t.main && t.cpuMs >= 0.05 * wall);
  const turnCpuMs = turnThreads.reduce((a, t) => a + t.cpuMs, 0);
  // Cores the run kept busy on average (all threads and children), and the ones the machine's
  // other work left free: the load average less this run's own share of it (else the share of its
  // time the run waited for a core).
  const usedCores = cpu / effWall;
  const otherLoad = m.process.loadAverage !== undefined
    ? Math.max(0, m.process.loadAverage - cpu / wall)
    : m.cores * Math.min(0.9, m.process.runQueueMs / wall);
  const freeCores = Math.max(1, m.cores - otherLoad);
  const library = libraryOnlyCpu(m);
  // Computing in the user's own lines (the innermost frame is theirs), not in libraries they call.
  const userFiles = new Set(m.userFiles);
  const ownCodeCpuMs = profilesOf(m).reduce((a, { profile, weightsMs, onCpu }) => {
    const { byId } = treeIndex(profile);
    return a + profile.samples.reduce((b, id, i) => b + (onCpu[i] && userFiles.has(byId.get(id)?.callFrame.url ?? '') ? weightsMs[i] ?? 0 : 0), 0);
  }, 0);
  const gil = m.gil && m.gil.freeCpuMs + m.gil.heldCpuMs > 0 ? m.gil.freeCpuMs / (m.gil.freeCpuMs + m.gil.heldCpuMs) : undefined;
  const transferMs = m.transfer ? m.transfer.toWorkersMs + m.transfer.fromWorkersMs : 0;
  const inWorkers = m.transfer?.inWorkers;
  // The workers' side of moving the data: measured in them, else taken as this process's side
  // (the same bytes cross both ways).
  const workerTransferMs = inWorkers ? inWorkers.transferMs : transferMs;
  const workerRestMs = Math.max(0, m.process.childCpuMs - workerTransferMs);
  // The work is measured between a task's unpickling and its result's pickling on one thread. CPU
  // outside those spans up to what unpickling cost is freeing what was received; more than that
  // is work the meter did not bracket (a worker that sends its results through a Queue's feeder
  // thread, or many results per task): then the workers' CPU less their side counts as work.
  const workBracketed = !!inWorkers && workerRestMs - inWorkers.workMs <= workerTransferMs;
  return {
    wall, totalWall, totalCpu, effWall, cpu, u, measuredU: totalCpu / totalWall, waitShare, userWaits, ioWaits, topWait, mainIoKind,
    concurrency, count, onCpuSamples: m.sampleOnCpu.filter(Boolean).length, topCount, gilMs, computeMs, turnThreads: turnThreads.length, turnCpuMs,
    hot: hotspots.find((h) => h.onCpu),
    startupWallMs, importWallMs, ownCodeCpuMs,
    usedCores,
    /** Cores not taken by the machine's other work while the run was measured (at least one). */
    freeCores,
    /** Share of the run's on-CPU samples spent inside code the user does not own, not reached through theirs. */
    libraryShare: library.ofMs > 0 ? library.cpuMs / library.ofMs : 0,
    tool: toolOf(m),
    /** Share of the threads' CPU that ran with the GIL released (Python); undefined when not measured. */
    gilFreeShare: gil,
    /** CPU this process spent pickling for and unpickling from worker processes. */
    transferMs,
    /** CPU the workers spent unpickling their tasks and pickling their results (measured in them,
     * else estimated as this process's side). */
    workerTransferMs,
    /** The workers' work: measured between a task's unpickling and its result's pickling, else
     * their CPU less their estimated side of the transfer. */
    workerWorkMs: workBracketed ? Math.min(inWorkers.workMs, workerRestMs) : workerRestMs,
    /** The workers' CPU less their side of the transfer: the most their work can have been (with
     * it, freeing what they received and their own upkeep). */
    workerRestMs,
    /** Whether the workers measured their side and their work in them (the work as workerWorkMs). */
    workerSideMeasured: workBracketed,
    /** The data the program built, and what pickling it back from workers would cost (at
     * PICKLE_BYTES_PER_MS: a rate, not measured on this data). */
    builtBytes: m.builtBytes ?? 0,
    sendBackMs: (m.builtBytes ?? 0) / PICKLE_BYTES_PER_MS,
  };
}

export type Evidence = ReturnType<typeof evidenceOf>;

// One measurement model for both languages: the profile in V8's .cpuprofile shape plus what the
// run measured around it. Built from a run's recording (recording.ts) for either language; the
// classifier and the hotspot analysis read only this. Plain data: no functions, no file system.
import type { RunFailure } from './failure';

export interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
  positionTicks?: Array<{ line: number; ticks: number }>;
}

/** V8's CPU profile (what `node --cpu-prof` writes and DevTools / 0x / speedscope read). */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** What the program waited for, per call site in the user's code. */
export type WaitKind =
  | 'network'
  | 'disk'
  | 'sleep'
  | 'subprocess'
  | 'database'
  | 'stdin'
  | 'lock'
  | 'gil'
  | 'loop-idle'
  | 'sync-call'
  | 'other';

export interface WaitSite {
  file: string;
  line: number;
  call: string;
  kind: WaitKind;
  ms: number;
  samples: number;
  /** True when the site is in the user's own code (not the standard library or a package). */
  user: boolean;
}

export interface LoopEvent {
  atMs: number;
  ms: number;
  onCpu?: boolean;
  file?: string;
  line?: number;
  call?: string;
}

/** A call of one of Node's sync APIs: its line, the first line of the function around it (what a
 * profile frame carries) and the public name called. */
export interface SyncCallSite {
  file: string;
  line: number;
  enclosing: number;
  api: string;
  count: number;
}

export interface Measurement {
  language: 'python' | 'node';
  script: string;
  hz: number;
  cores: number;
  profile: CpuProfile;
  /** Profiles of other threads (Node worker threads); their samples count as on-CPU work. */
  extraProfiles: CpuProfile[];
  /** Weight of each sample of `profile` in milliseconds (elapsed time it stands for). */
  sampleWeightsMs: number[];
  sampleOnCpu: boolean[];
  /** The files among the profiles' frames that are the user's own code (not the standard library,
   * packages, runtime internals or the profiler): decided when the measurement is built, so a
   * measurement is plain data that can be saved and replayed. */
  userFiles: string[];
  process: {
    wallMs: number;
    cpuUserMs: number;
    cpuSysMs: number;
    childCpuMs: number;
    /** Time the process's threads were runnable but waiting for a CPU (other load on the machine). */
    runQueueMs: number;
    /** The same for child processes, added up over them (Python); undefined when not measured. */
    childRunQueueMs?: number;
    /** Interpreter start-up before the script's first line (left out when classifying). */
    startupCpuMs: number;
    startupWallMs: number;
    /** CPU the profiler itself used inside the process (the Python sampling thread); 0 when unknown. */
    profilerCpuMs: number;
    maxChildren: number;
    exitCode: number | null;
    timedOut: boolean;
    /** Threads seen running Python code at once (Python) or worker threads (Node). */
    threads: number;
    /** The machine's load average while the run ran (runnable threads, its own among them);
     * undefined off Linux and in older recordings. */
    loadAverage?: number;
    /** How the run failed (a non-zero exit, a signal), with its error line; undefined when it succeeded. */
    failure?: RunFailure;
  };
  waits: WaitSite[];
  /** Node: the calls of Node's sync APIs the preload saw, which place a sample blocked in one at
   * the call's own line (a profile frame carries only its function's first line). */
  syncSites?: SyncCallSite[];
  /** Milliseconds of thread-time per kind of wait. */
  waitKinds: Partial<Record<WaitKind, number>>;
  /** Concurrency of waits: ms with at least one I/O wait in flight, and sum of in-flight x ms. */
  io: { ms: number; threadMs: number; max: number };
  /** Calls made per user call site (socket connects, HTTP requests, sleeps, subprocesses). */
  callCounts: Array<{ file: string; line: number; event: string; count: number }>;
  /** Total independent waits started (HTTP requests, request/response turns, child processes,
   * sleeps and timers, fs requests); 0 when nothing counted them. */
  waitsStarted: number;
  /** The same waits by kind: http, socket (request/response turns), child, child-sync, sleep,
   * timer, fs, dns, connect, database. */
  waitCounts: Partial<Record<string, number>>;
  /** Python: how many threads waited for I/O at some point (a thread a request, or a pool of 5). */
  waitingThreads?: number;
  /** The most waits of one kind in flight at once (Node); absent when not measured. */
  peakInflight?: Partial<Record<string, number>>;
  /** CPU of the process's own threads: the main thread's and the others' (thread pools, V8's
   * compiler and garbage-collector helpers, BLAS, the script's threads), the profiler's left out;
   * undefined when the main thread's CPU was not measured. */
  threadsCpu?: { mainMs: number; otherMs: number };
  /** Python: CPU of the script's threads in sampler ticks where the GIL was free (C code that
   * released it: hashlib, zlib, NumPy) and where it was held; undefined when not measured. */
  gil?: { freeCpuMs: number; heldCpuMs: number };
  /** Child processes: how many were started (0 when not counted), the most alive at once, and
   * (Python) when each was seen alive, [first ms, last ms, CPU ms] from the run's start, to the
   * 0.2 s of the scan that saw it. */
  children: { started: number; maxAtOnce: number; timeline?: Array<[number, number, number]> };
  /** Python: data pickled to and unpickled from worker processes (multiprocessing, process
   * pools), with the CPU it took in this process. */
  transfer?: {
    toWorkersBytes: number;
    toWorkersMs: number;
    fromWorkersBytes: number;
    fromWorkersMs: number;
    /** The workers' side, measured in the worker processes forked from this one: CPU unpickling
     * their tasks and pickling their results, and the CPU between a task's unpickling and its
     * result's pickling (the work itself), over `tasks` tasks. Undefined when no worker measured
     * it (workers started by spawn or forkserver run no meter). */
    inWorkers?: { workers: number; transferMs: number; workMs: number; tasks: number };
  };
  /** Main-thread time inside a process pool's machinery (creating it, handing work over, waiting
   * for results, shutting it down). */
  poolMs: number;
  /** Python: memory the process grew by while the script ran (its peak over its start): the data
   * the program built, which worker processes would have to send back. */
  builtBytes?: number;
  /** Start-up inside the run: imports (Python), compiling modules and WebAssembly (Node). */
  imports: { wallMs: number; cpuMs: number };
  /** CPU of each thread the program ran (Python; Node worker threads are in extraProfiles). */
  threadCpu: Array<{ name: string; main: boolean; cpuMs: number }>;
  /** Work spread over other processes or threads: their CPU, how many, whether a process pool ran. */
  parallel: { cpuMs: number; units: number; processPool: boolean };
  /** Time the program's threads were on the CPU together (ms of wall time with >= 2 on CPU). */
  multiCpuMs: number;
  loop: {
    kind: 'asyncio' | 'node' | 'none';
    /** Loop busy running a callback on the CPU, blocked inside a callback, idle waiting. */
    busyCpuMs: number;
    blockedMs: number;
    idleMs: number;
    maxDelayMs?: number;
    p50DelayMs?: number;
    events: LoopEvent[];
  };
}

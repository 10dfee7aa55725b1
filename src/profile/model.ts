// One measurement model for both languages: the profile in V8's .cpuprofile shape plus what the
// run measured around it. Built from a run's recording (recording.ts) for either language; the
// classifier and the hotspot analysis read only this. Plain data: no functions, no file system.

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
  };
  waits: WaitSite[];
  /** Milliseconds of thread-time per kind of wait. */
  waitKinds: Partial<Record<WaitKind, number>>;
  /** Concurrency of waits: ms with at least one I/O wait in flight, and sum of in-flight x ms. */
  io: { ms: number; threadMs: number; max: number };
  /** Calls made per user call site (socket connects, HTTP requests, sleeps, subprocesses). */
  callCounts: Array<{ file: string; line: number; event: string; count: number }>;
  /** Total independent waits started (HTTP requests, connections, sleeps); 0 when unknown. */
  waitsStarted: number;
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

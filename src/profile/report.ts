// The profile report model: exactly the JSON of `boundwise profile --json` (docs/output.md).
// Produced by the profiling engine; read by the CLI summary, the webview and the HTML report.
import type { ServerReport } from './server/model';

/** `failed`: the run failed before its work (a missing module, an import or syntax error, a tool
 * that exited at once); it gets no recommendation. */
export type Classification = 'cpu-bound' | 'io-bound' | 'mixed' | 'failed';

export type RecommendationId =
  | 'processes'
  | 'threads'
  | 'asyncio'
  | 'asyncio+processes'
  | 'already-parallel'
  | 'already-concurrent'
  | 'offload-blocking'
  | 'worker-threads'
  /** A server whose handlers saturate one core (Node): node:cluster or a process manager. */
  | 'cluster'
  | 'concurrent-async'
  | 'drop-pool'
  | 'not-splittable'
  | 'cluster'
  | 'none';

export interface Recommendation {
  id: RecommendationId;
  title: string;
  /** The evidence in numbers and what to change. */
  detail: string;
  /** Before/after code sketch for the script's language (optional, beyond the documented JSON). */
  sketch?: { before: string; after: string };
}

export interface Timings {
  wallMs: number;
  cpuUserMs: number;
  cpuSysMs: number;
  childCpuMs: number;
  /**
   * The CPU utilisation the class was decided on (can exceed 1 with parallel work): CPU time of the
   * process tree after start-up, without the profiler's own, over the wall time after start-up
   * without the time spent waiting for a free CPU on a busy machine; for a server, its main
   * thread's busy share of the busy windows.
   */
  utilization: number;
  cores: number;
  /** Optional extension: CPU the profiler itself used in the process, left out of cpuUserMs and cpuSysMs. */
  profilerCpuMs?: number;
  /** Optional extension: time runnable but waiting for a CPU because the machine was busy. */
  runQueueMs?: number;
}

export interface SampleCounts {
  count: number;
  hz: number;
  onCpu: number;
  waiting: number;
}

export interface Hotspot {
  function: string;
  file: string;
  line: number;
  selfMs: number;
  totalMs: number;
  onCpu: boolean;
}

export interface BlockingSite {
  file: string;
  line: number;
  call: string;
  ms: number;
}

export interface Prediction {
  /** The gain expected from following the recommendation (1 when none is expected or it is unknown). */
  speedup: number;
  /** What the gain rests on, in numbers. */
  assumption: string;
  /** Optional extension: the gain's range from the measurement, low to high. */
  range?: [number, number];
  /** Optional extension: what the prediction needed and the run could not measure. */
  unmeasured?: string;
  /** Optional extension: true when the gain cannot be told (e.g. the waits were not counted). */
  unknown?: boolean;
}

export interface ProfileReport {
  script: string;
  language: 'python' | 'node';
  exitCode: number | null;
  classification: Classification;
  recommendation: Recommendation;
  timings: Timings;
  samples: SampleCounts;
  hotspots: Hotspot[];
  blocking: BlockingSite[];
  prediction: Prediction;
  /** Beyond the documented fields, used by the views; optional so the documented JSON keeps its shape. */
  /** What qualifies the verdict ("Measured on a run that failed: ...", verdicts that differed between repeats). */
  caveats?: string[];
  /** A short run repeated: each run's wall time and verdict (the report is the median run's). */
  repeats?: { runs: number; wallMs: number[]; verdicts: string[] };
  /** How the run failed, when it did: its exit and its error line. */
  failure?: { exitCode: number | null; errorLine: string };
  stderrTail?: string;
  stdoutTail?: string;
  timedOut?: boolean;
  /**
   * The run did not end by itself: it was stopped by the user, by the timeout, or after the built-in
   * load was over (a server's normal end in server mode), after `afterMs`.
   */
  stopped?: { by: 'user' | 'timeout' | 'load'; afterMs: number };
  /** Attached to a running process (`--attach PID`), which kept running: for how long, and how it ended. */
  attached?: {
    pid: number;
    command: string;
    nodeVersion?: string;
    durationMs: number;
    endedBy: 'duration' | 'user' | 'load';
    /** The inspector afterwards: closed again, left open as it was before, or still open (closing failed). */
    inspector: 'closed' | 'was-open' | 'still-open';
  };
  /** Server mode: the run split into start-up, busy windows and idle time (the program listened on a port). */
  server?: ServerReport;
  /** The interpreter that ran the program and its version (Node: process.version), when known. */
  runtime?: { command: string; version?: string };
  /** Processes of the run still alive when its command exited (daemons, orphans), which were ended. */
  endedLeftovers?: number;
  /** Event-loop blocking intervals (Node: event-loop delay; Python: asyncio loop blocked in a task). */
  loopBlocking?: { maxMs: number; p50Ms?: number; events: Array<{ atMs: number; ms: number; file?: string; line?: number; call?: string }> };
}

// The profile report model: exactly the JSON of SPEC §5 (`boundwise profile --json`).
// Produced by the profiling engine; read by the CLI summary, the webview and the HTML report.
import type { ServerReport } from './server/model';

export type Classification = 'cpu-bound' | 'io-bound' | 'mixed';

export type RecommendationId =
  | 'processes'
  | 'threads'
  | 'asyncio'
  | 'asyncio+processes'
  | 'already-parallel'
  | 'already-concurrent'
  | 'offload-blocking'
  | 'worker-threads'
  | 'concurrent-async'
  | 'none';

export interface Recommendation {
  id: RecommendationId;
  title: string;
  /** The evidence in numbers and what to change. */
  detail: string;
  /** Before/after code sketch for the script's language (optional extension of SPEC §5). */
  sketch?: { before: string; after: string };
}

export interface Timings {
  wallMs: number;
  cpuUserMs: number;
  cpuSysMs: number;
  childCpuMs: number;
  /** CPU time of the whole process tree / wall time (can exceed 1 with parallel work). */
  utilization: number;
  cores: number;
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
  speedup: number;
  assumption: string;
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
  /** Extensions beyond SPEC §5 used by the views; optional so the JSON contract stays as specified. */
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
  /** Processes of the run still alive when its command exited (daemons, orphans), which were ended. */
  endedLeftovers?: number;
  /** Event-loop blocking intervals (Node: event-loop delay; Python: asyncio loop blocked in a task). */
  loopBlocking?: { maxMs: number; p50Ms?: number; events: Array<{ atMs: number; ms: number; file?: string; line?: number; call?: string }> };
}

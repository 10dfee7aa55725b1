// Server mode's data: what the run recorded (plain data, kept with the run's recording so a server
// verdict replays like any other) and what the report shows (the run split into start-up, busy
// windows and idle time, with the busy windows judged).
import type { LoadReport } from './loadGenerator';
import type { LatencySummary } from './percentiles';
import type { WatchRecord } from './watch';

/** One window of what the in-process probe counted (server-probe.js; the Python hooks write the same). */
export interface ProbeWindow {
  index: number;
  started: number;
  /** Requests whose response finished in this window. */
  requests: number;
  serverErrors: number;
  connections: number;
  /** Time with at least one request in flight, and the sum of requests in flight x time. */
  busyMs: number;
  inflightMs: number;
  maxInflight: number;
  /** Per route (or path): responses finished and a uniform sample of their latencies (ms). */
  routes: Record<string, { count: number; latencies: number[] }>;
  /** The process's CPU over [fromMs, toMs) (epoch ms), without the profiler's own thread. */
  cpuMs?: number;
  /** The main thread (the event loop's): time on a CPU, and runnable but waiting for one. */
  mainCpuMs?: number;
  mainQueueMs?: number;
  fromMs?: number;
  toMs?: number;
  /** How late a 10 ms timer fired on the event loop (ms). */
  lag?: { p50Ms: number; p99Ms: number; maxMs: number; timers?: number };
}

export interface ProbeRecord {
  /** What counted the requests: Node's http server channels, or a Python framework's hook. */
  source?: 'node-http' | 'aiohttp' | 'asgi' | 'wsgi' | 'connections';
  origin: number;
  windowMs: number;
  /** One instant on the epoch clock and on the monotonic clock V8's CPU profiles are stamped with. */
  clocks?: { epochMs: number; monotonicUs: number };
  listening: Array<{ atMs: number; port: number; address: string }>;
  inflightAtEnd?: number;
  /** Routes the framework named (Express's req.route); other keys are paths. */
  frameworkRoutes: string[];
  windows: ProbeWindow[];
}

export interface ServerRecording {
  /** Epoch ms the run (or the attachment) started and ended; windows count from originMs. */
  runStartMs: number;
  runEndMs: number;
  originMs: number;
  windowMs: number;
  /** Attached to a process that was already running (no start-up to see). */
  attached?: boolean;
  watch?: WatchRecord;
  probe?: ProbeRecord;
  load?: LoadReport;
  /** Why the load did not run (the server never listened on its port, ...). */
  loadProblem?: string;
}

export type ServerPhase = 'startup' | 'busy' | 'idle';

export interface ServerWindow {
  /** Start and length of the window, ms from the start of the run. */
  startMs: number;
  ms: number;
  phase: ServerPhase;
  requests: number;
  cpuMs?: number;
  /** Cores the process (tree) used in the window: CPU / wall. */
  cores?: number;
  p50Ms?: number;
  p99Ms?: number;
  lagMaxMs?: number;
  maxInflight?: number;
  /** Share of the window the main thread ran or was ready to run (1 = it wanted the whole core). */
  mainDemand?: number;
}

export interface RouteFigures {
  route: string;
  /** True when the framework named the route; else it is the request's path. */
  fromFramework: boolean;
  requests: number;
  latency: LatencySummary;
}

/** The `server` section of the report. */
export interface ServerReport {
  ports: number[];
  /** What the server side counted: requests (per route or path), only accepted connections, or nothing. */
  counted: 'requests' | 'connections' | 'none';
  attached?: boolean;
  phases: { startupMs: number; busyMs: number; idleMs: number };
  /** The busy windows, judged together (absent when no window was busy). */
  busy?: {
    windows: number;
    ms: number;
    requests: number;
    /** Requests per second over the busy windows. */
    throughput: number;
    latency?: LatencySummary;
    cpuMs?: number;
    /** Cores used on average while busy (CPU / wall). */
    cores?: number;
    cpuPerRequestMs?: number;
    /**
     * The main thread (the event loop's, or Python's main interpreter thread): ms on a CPU, ms
     * runnable but waiting for one (other load on the machine), and their sum over the wall time.
     */
    mainThread?: { cpuMs: number; queueMs: number; demand: number };
    lag?: { p50Ms: number; p99Ms: number; maxMs: number };
    maxInflight?: number;
    /** Mean requests in flight (server side). */
    meanInflight?: number;
  };
  routes: RouteFigures[];
  windows: ServerWindow[];
  /** The built-in load generator's own view. */
  load?: {
    url: string;
    connections: number;
    durationMs: number;
    requests: number;
    throughput: number;
    errors: number;
    errorKinds: Record<string, number>;
    statuses: Record<string, number>;
    firstError?: string;
    latency: LatencySummary;
  };
  loadProblem?: string;
}

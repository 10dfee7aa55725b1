// Python: the bundled stdlib-only sampler runs the script as __main__ in the chosen interpreter.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assetPath } from './assets';
import type { Measurement, WaitKind, WaitSite } from './model';
import { runRecordOf, type RecordingBase } from './recording';
import { runFailure } from './failure';
import { timeWithFrame } from './stacks';
import { runCommand, type RunOptions, type RunResult } from './runner';
import type { ProbeRecord } from './server/model';
import type { ProfileTarget } from './target';

export class InterpreterError extends Error {}

const resolved = new Map<string, string>();

/**
 * The real interpreter behind a command: shims (pyenv, asdf) start extra processes whose CPU
 * would be counted as the script's, so ask the interpreter for sys.executable once.
 */
export function resolvePythonInterpreter(command = 'python3', cwd?: string): Promise<string> {
  // Asked from the script's folder: a shim picks its version by folder (.python-version).
  const key = `${command}\0${cwd ?? ''}`;
  const hit = resolved.get(key);
  if (hit) return Promise.resolve(hit);
  return new Promise((resolve, reject) => {
    execFile(command, ['-c', 'import sys; print(sys.executable); print(sys.version_info[0], sys.version_info[1])'],
      { timeout: 15000, windowsHide: true, cwd }, (err, stdout) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          reject(new InterpreterError(code === 'ENOENT'
            ? `Python interpreter not found: ${command}`
            : `Python interpreter failed to start: ${command} (${err.message.split('\n')[0]})`));
          return;
        }
        const [exe, ver] = stdout.trim().split('\n');
        const [major, minor] = (ver ?? '').split(' ').map(Number);
        if (major !== 3 || minor < 8) {
          reject(new InterpreterError(`Python 3.8 or newer is needed; ${command} is ${major}.${minor}`));
          return;
        }
        const real = exe && fs.existsSync(exe) ? exe : command;
        resolved.set(key, real);
        resolve(real);
      });
  });
}

/** The sampler's entry, and its package beside it (src/profile/assets/). */
const SAMPLER_ENTRY = 'sampler.py';
const SAMPLER_PACKAGE = '_boundwise_sampler';

/** What the sampler writes (assets/_boundwise_sampler/output.py). */
export interface SamplerOutput {
  /** The file a module run (`-m`) ran, once the sampler found it. */
  script?: string;
  hz: number;
  libDirs: string[];
  profile: Measurement['profile'];
  sampleWeightsUs: number[];
  sampleOnCpu: number[];
  sampleThread: number[];
  threads: Array<{ id: number; name: string; main: boolean; cpuMs: number; gilFreeCpuMs?: number; gilHeldCpuMs?: number }>;
  process: { wallMs: number; cpuUserMs: number; cpuSysMs: number; childCpuMs: number; runQueueMs?: number; startupCpuMs?: number; samplerCpuMs?: number; maxChildren: number; childPids?: number; exitCode: number; terminated: boolean; childRunQueueMs?: number; startRssKb?: number; maxRssKb?: number; loadAverage?: number | null };
  multiCpuMs: number;
  waits: WaitSite[];
  waitKinds: Partial<Record<WaitKind, number>>;
  io: { ms: number; threadMs: number; max: number };
  asyncio: { seen: boolean; busyCpuMs: number; blockedMs: number; idleMs: number; inflightMs: number; events: Measurement['loop']['events'] };
  audit: Array<{ file: string; line: number; event: string; count: number }>;
  auditTotals: Record<string, number>;
  /** Added with the wait counts (older recordings lack them). */
  childSpans?: Array<[number, number, number]>;
  tasks?: Array<{ tid: number; name: string; cpuMs: number; python: boolean; sampler: boolean }>;
  transfer?: {
    toWorkers: { calls: number; bytes: number; ms: number };
    fromWorkers: { calls: number; bytes: number; ms: number };
    /** The workers' side, from the workers forked after pickling was watched (absent in older recordings). */
    inWorkers?: { workers: number; forks: number; results: { calls: number; bytes: number; ms: number }; tasks: { calls: number; bytes: number; ms: number }; work: { tasks: number; ms: number } };
  };
  /** The requests a web framework's hook counted per route (aiohttp), when the run was watched as a server. */
  server?: ProbeRecord;
}

/** Which kind of wait each counted audit event starts. */
const WAIT_EVENTS: Record<string, string> = {
  'http.request': 'http',
  'socket.exchange': 'socket',
  'subprocess.Popen': 'child',
  'os.system': 'child',
  'time.sleep': 'sleep',
  'socket.getaddrinfo': 'dns',
  'socket.gethostbyname': 'dns',
  'socket.gethostbyname_ex': 'dns',
  'socket.connect': 'connect',
  'sqlite3.connect': 'database',
};
const STDLIB_POOL = /[\\/](multiprocessing|concurrent[\\/]futures)[\\/]/;

export interface PythonRecording extends RecordingBase {
  language: 'python';
  sampler: SamplerOutput;
}

export interface PythonRunInput {
  target: ProfileTarget;
  cwd: string;
  interpreter: string;
  hz: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  stop?: AbortSignal;
  onProgress?: RunOptions['onProgress'];
  env?: NodeJS.ProcessEnv;
  stdoutSink?: NodeJS.WritableStream;
  stderrSink?: NodeJS.WritableStream;
  onSpawn?: RunOptions['onSpawn'];
  onExit?: RunOptions['onExit'];
  /** Time between the stop's signals (default: the runner's). */
  killGraceMs?: number;
  /** The server report's windows (epoch ms origin, length), in which a framework hook counts requests. */
  serverWindows?: { originMs: number; windowMs: number };
}

export async function runPython(input: PythonRunInput): Promise<{ run: RunResult; recording?: PythonRecording; server?: ProbeRecord }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'boundwise-py-'));
  const out = path.join(tmp, 'profile.json');
  const { target } = input;
  try {
    const run = await runCommand({
      command: input.interpreter,
      // -u: the user's prints reach the tail (and the terminal) as they are made, even when the run is stopped.
      args: ['-u', ...target.interpreterArgs, assetPath('sampler.py'), out, String(input.hz), '3',
        ...(target.module ? ['-m', target.script] : [target.script]), ...target.args],
      cwd: input.cwd,
      env: {
        ...(input.env ?? process.env),
        PYTHONIOENCODING: process.env.PYTHONIOENCODING ?? 'utf-8',
        ...(input.serverWindows ? { BOUNDWISE_SERVER_WINDOWS: `${input.serverWindows.originMs},${input.serverWindows.windowMs}` } : {}),
      },
      timeoutMs: input.timeoutMs,
      signal: input.signal,
      stop: input.stop,
      killGraceMs: input.killGraceMs,
      onProgress: input.onProgress,
      progressFd: true,
      stdoutSink: input.stdoutSink,
      stderrSink: input.stderrSink,
      onSpawn: input.onSpawn,
      onExit: input.onExit,
    });
    if (!fs.existsSync(out)) return { run };
    const sampler = JSON.parse(fs.readFileSync(out, 'utf8')) as SamplerOutput;
    const cores = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
    // A module's file is known once the sampler found it.
    const script = target.module && sampler.script ? sampler.script : target.script;
    return { run, recording: { version: 1, language: 'python', script, args: target.args, hz: input.hz, cores, run: runRecordOf(run), sampler }, server: sampler.server };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Independent waits a site started: one per call, whichever audit event the call raised most. */
function waitsStarted(audit: SamplerOutput['audit']): number {
  const perSite = new Map<string, number>();
  for (const a of audit) {
    const key = `${a.file}:${a.line}`;
    perSite.set(key, Math.max(perSite.get(key) ?? 0, a.count));
  }
  let n = 0;
  for (const v of perSite.values()) n += v;
  return n;
}

/** Whether a frame's file is the user's own: not the interpreter's libraries, packages or the sampler. */
function isUserFile(url: string, libDirs: string[]): boolean {
  if (!url || url.startsWith('<') || libDirs.some((d) => url.startsWith(d))) return false;
  // The sampler's own files (the entry sampler.py and its package's modules) are not the script's.
  const dir = path.dirname(url);
  if (path.basename(url) === SAMPLER_ENTRY && path.basename(dir) === 'assets') return false;
  return !(path.basename(dir) === SAMPLER_PACKAGE && path.basename(path.dirname(dir)) === 'assets');
}

/**
 * The main thread's time importing modules. Its samples' on-CPU weight counts time the thread
 * wanted a core; scaled by the thread's measured CPU over that weight, it is CPU actually used.
 */
function importsOf(raw: SamplerOutput, weights: number[], onCpu: boolean[], onMain: (i: number) => boolean): Measurement['imports'] {
  // An import statement (or importlib.import_module) enters the import system at _find_and_load;
  // compileall and py_compile call its compile helpers directly, which is their work, not start-up.
  const imports = timeWithFrame(raw.profile, weights, onCpu, (f) => f.url === '<frozen importlib._bootstrap>' && f.functionName === '_find_and_load', onMain);
  const main = raw.threads.find((t) => t.main);
  const mainOnCpuMs = weights.reduce((a, w, i) => a + (onCpu[i] && onMain(i) ? w : 0), 0);
  const scale = main && mainOnCpuMs > 0 ? Math.min(1, main.cpuMs / mainOnCpuMs) : 1;
  return { wallMs: imports.wallMs, cpuMs: imports.cpuMs * scale };
}

/** The most children alive at once, from when each was seen (a child seen once is alive for 1 ms). */
function mostAtOnce(spans: Array<[number, number, number]>): number {
  const edges = spans.flatMap(([a, b]) => [[a, 1], [Math.max(b, a + 1), -1]] as Array<[number, number]>).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (now += d));
  return most;
}

/** Threads (other than the main one) that spent samples off the CPU in an I/O wait's call site. */
function waitingThreadsOf(raw: SamplerOutput): number {
  const main = raw.threads.find((t) => t.main)?.id;
  const waiting = new Set<number>();
  raw.sampleThread.forEach((t, i) => {
    if (t !== main && raw.sampleOnCpu[i] === 0) waiting.add(t);
  });
  return waiting.size;
}

export function pythonMeasurement(rec: PythonRecording): Measurement {
  const { sampler: raw, run, script } = rec;
  const runningThreads = raw.threads.filter((t) => t.cpuMs > 50).length;
  const urls = new Set(raw.profile.nodes.map((n) => n.callFrame.url));
  const weights = raw.sampleWeightsUs.map((us) => us / 1000);
  const onCpu = raw.sampleOnCpu.map((f) => f === 1);
  const main = raw.threads.find((t) => t.main);
  const onMain = (i: number) => main !== undefined && raw.sampleThread[i] === main.id;
  const libDirs = raw.libDirs;
  const inLib = (url: string) => libDirs.some((d) => url.startsWith(d));
  const waitCounts: Record<string, number> = {};
  for (const [event, n] of Object.entries(raw.auditTotals ?? {})) {
    const kind = WAIT_EVENTS[event];
    if (kind) waitCounts[kind] = (waitCounts[kind] ?? 0) + n;
  }
  const selfCpuMs = raw.process.cpuUserMs + raw.process.cpuSysMs;
  const gilFree = raw.threads.reduce((a, t) => a + (t.gilFreeCpuMs ?? 0), 0);
  const gilHeld = raw.threads.reduce((a, t) => a + (t.gilHeldCpuMs ?? 0), 0);
  return {
    language: 'python',
    script,
    hz: raw.hz,
    cores: rec.cores,
    profile: raw.profile,
    extraProfiles: [],
    sampleWeightsMs: weights,
    sampleOnCpu: onCpu,
    userFiles: [...urls].filter((u) => isUserFile(u, raw.libDirs)).sort(),
    process: {
      // The wall time seen from outside the interpreter (start-up included), like `time` would.
      wallMs: run.wallMs,
      cpuUserMs: raw.process.cpuUserMs,
      cpuSysMs: raw.process.cpuSysMs,
      childCpuMs: raw.process.childCpuMs,
      runQueueMs: raw.process.runQueueMs ?? 0,
      childRunQueueMs: raw.process.childRunQueueMs,
      startupCpuMs: raw.process.startupCpuMs ?? 0,
      startupWallMs: Math.max(0, run.wallMs - raw.process.wallMs),
      profilerCpuMs: raw.process.samplerCpuMs ?? 0,
      maxChildren: raw.process.maxChildren,
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      failure: runFailure('python', run),
      loadAverage: raw.process.loadAverage ?? undefined,
      threads: Math.max(1, runningThreads),
    },
    waits: raw.waits,
    waitKinds: raw.waitKinds,
    io: raw.io,
    callCounts: raw.audit,
    waitsStarted: waitsStarted(raw.audit),
    waitCounts,
    threadsCpu: main ? { mainMs: main.cpuMs, otherMs: Math.max(0, selfCpuMs - main.cpuMs - (raw.process.samplerCpuMs ?? 0)) } : undefined,
    gil: gilFree + gilHeld > 0 ? { freeCpuMs: gilFree, heldCpuMs: gilHeld } : undefined,
    children: { started: waitCounts.child ?? 0, maxAtOnce: Math.max(raw.process.maxChildren, mostAtOnce(raw.childSpans ?? [])), timeline: raw.childSpans },
    transfer: raw.transfer && {
      toWorkersBytes: raw.transfer.toWorkers.bytes, toWorkersMs: raw.transfer.toWorkers.ms,
      fromWorkersBytes: raw.transfer.fromWorkers.bytes, fromWorkersMs: raw.transfer.fromWorkers.ms,
      ...(raw.transfer.inWorkers && {
        inWorkers: {
          workers: raw.transfer.inWorkers.workers,
          transferMs: raw.transfer.inWorkers.tasks.ms + raw.transfer.inWorkers.results.ms,
          workMs: raw.transfer.inWorkers.work.ms,
          tasks: raw.transfer.inWorkers.work.tasks,
        },
      }),
    },
    // The pool's machinery is the standard library's multiprocessing and concurrent.futures.
    poolMs: timeWithFrame(raw.profile, weights, onCpu, (f) => inLib(f.url) && STDLIB_POOL.test(f.url), onMain).wallMs,
    imports: importsOf(raw, weights, onCpu, onMain),
    builtBytes: raw.process.maxRssKb !== undefined && raw.process.startRssKb !== undefined ? Math.max(0, raw.process.maxRssKb - raw.process.startRssKb) * 1024 : undefined,
    waitingThreads: waitingThreadsOf(raw),
    multiCpuMs: raw.multiCpuMs,
    threadCpu: raw.threads.map((t) => ({ name: t.name, main: t.main, cpuMs: t.cpuMs })),
    parallel: {
      cpuMs: raw.process.childCpuMs,
      // Workers side by side: the most alive at once, not how many there were over the run.
      units: raw.process.maxChildren,
      processPool: raw.process.childCpuMs > 0 && raw.waits.some((w) => /^(concurrent\.futures\.process|multiprocessing)\b/.test(w.call)),
    },
    loop: raw.asyncio.seen
      ? { kind: 'asyncio', busyCpuMs: raw.asyncio.busyCpuMs, blockedMs: raw.asyncio.blockedMs, idleMs: raw.asyncio.idleMs, events: raw.asyncio.events }
      : { kind: 'none', busyCpuMs: 0, blockedMs: 0, idleMs: 0, events: [] },
  };
}

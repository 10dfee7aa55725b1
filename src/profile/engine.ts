// The profiling engine shared by the CLI and the extension's worker: run the script under the
// sampler for its language, build the measurement, classify it, and produce the report (docs/output.md).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classifyMeasurement } from './classify';
import { epochNow } from './clock';
import { ProfileCancelledError, ProfileInputError } from './errors';
import { runFailure } from './failure';
import { findHotspots } from './hotspots';
import type { CpuProfile, Measurement } from './model';
import { nodeMeasurement, runNode, type NodeRunClock } from './node';
import { pythonMeasurement, resolvePythonInterpreter, runPython } from './python';
import { runRecordOf, type Recording, type RunRecord } from './recording';
import type { ProfileReport } from './report';
import type { RunProgress, RunResult } from './runner';
import type { ProbeRecord } from './server/model';
import { serverReportOf } from './server/phases';
import { applyServerVerdict } from './server/verdict';
import { checkLoadRequest, ServerSession, WINDOW_MS, type LoadProgress, type LoadRequest } from './server/session';
import { commandTarget, fileTarget, type ProfileTarget } from './target';

export { InterpreterError } from './python';

/**
 * Samples per second when none is asked for. Node: 100, chosen by measurement (bench/server-overhead.mjs,
 * docs/profiling.md "The sampling rate"): V8 writes its profile at exit in time that grows with the
 * samples (tsc over this project: 0.7-2.3 s at 1 kHz, 0.35-0.65 s at 250 Hz, 0.3 s at 100 Hz) and its
 * sampling thread spends ~150 us a sample on deep stacks beside the program (0.4 s of CPU over an 11 s
 * tsc at 250 Hz); at 1 kHz that took a large program well past 1.10x its plain wall, at 250 Hz to the
 * edge. 100 Hz (Python's rate too) still gives a one-second program 100 samples, run three times.
 */
export const DEFAULT_HZ = { python: 100, node: 100 } as const;
/** Time between the stop's signals when the run is stopped after its built-in load. */
export const LOAD_STOP_GRACE_MS = 5000;

export { ProfileCancelledError, ProfileInputError } from './errors';

export interface ProfileOptions {
  /** A script file (relative to `cwd`); or */
  script?: string;
  /** a Python module, run like `python -m`; or */
  module?: string;
  /** a command line: `python3 tool.py ...`, `node ./bin/x ...`, or a program whose #! line names one. */
  command?: string[];
  args?: string[];
  /** Where the program runs and relative paths start (default: this process's working directory). */
  cwd?: string;
  /** Samples per second; default DEFAULT_HZ (Python 100, Node 100). */
  hz?: number;
  timeoutMs?: number;
  /** Cancels: the program is ended and no report is made (ProfileCancelledError). */
  signal?: AbortSignal;
  /** Stops: the program is asked to end and the report is made from what was measured. */
  stop?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Python interpreter command or path (else python3). */
  python?: string;
  /** Node executable for scripts whose command names none (else the node running Boundwise). */
  node?: string;
  env?: NodeJS.ProcessEnv;
  /** Repeat a short run (under REPEAT_BELOW_MS) and report the median (default true). */
  repeatShortRuns?: boolean;
  /** The program's own output, passed on as it runs (besides the tails kept for the report). */
  stdoutSink?: NodeJS.WritableStream;
  stderrSink?: NodeJS.WritableStream;
  /** Server mode with the built-in load: wait until the program listens, load it, stop it. */
  load?: LoadRequest;
  /** Told where the load is, with each progress report. */
  onLoadProgress?: (p: LoadProgress) => void;
}

export interface ProfileResult {
  report: ProfileReport;
  /** The profile in V8's .cpuprofile shape (main thread), when the run produced one. */
  cpuprofile?: CpuProfile;
  measurement?: Measurement;
  /** The raw recording the report was computed from (replayable: measurementOf, buildReport). */
  recording?: Recording;
  /** Where the run's time went (Node runs): epoch ms of each phase, for bench/server-overhead.mjs. */
  timeline?: RunTimeline;
}

/** Epoch ms (sub-ms) of a profiled run's phases, in order; those a run did not have are left out. */
export interface RunTimeline extends Partial<NodeRunClock> {
  calledAt: number;
  spawnedAt?: number;
  exitedAt?: number;
  measuredAt?: number;
  reportAt: number;
}

export { languageOf } from './target';

function existingFile(file: string, given: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ProfileInputError(`Script not found: ${given}`);
  }
  if (!stat.isFile()) throw new ProfileInputError(`Not a file: ${given}`);
}

/** What the options ask to run, checked: the file exists, the language is known. */
export function targetOf(opts: ProfileOptions, cwd: string): ProfileTarget {
  const args = opts.args ?? [];
  if (opts.module !== undefined) {
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(opts.module)) throw new ProfileInputError(`Not a Python module name: ${opts.module}`);
    return { language: 'python', script: opts.module, module: true, args, interpreterArgs: [] };
  }
  if (opts.command !== undefined) {
    const target = commandTarget([...opts.command, ...args], cwd, opts.env);
    if (!target.module) existingFile(target.script, path.relative(cwd, target.script) || target.script);
    return target;
  }
  if (opts.script === undefined) throw new ProfileInputError('Nothing to profile: give a script, -m MODULE, or a command');
  existingFile(path.resolve(cwd, opts.script), opts.script);
  return fileTarget(opts.script, args, cwd);
}

/** Runs shorter than this are repeated: start-up and the machine's other work weigh on them. */
export const REPEAT_BELOW_MS = 2000;
export const REPEATS = 3;

/**
 * Profiles the script; a run that succeeded in under REPEAT_BELOW_MS runs REPEATS times and the
 * report is the median run's, with each run's wall time and verdict. When the verdicts differ,
 * the report says the verdict is not certain.
 */
export async function profileScript(opts: ProfileOptions): Promise<ProfileResult> {
  const first = await profileOnce(opts);
  // Only a whole run that ended by itself is repeated: not a stopped one, not a server under load.
  const short = (r: ProfileResult) => r.measurement !== undefined && r.report.exitCode === 0 && !r.report.timedOut && !r.report.stopped && !r.report.server && r.report.timings.wallMs < REPEAT_BELOW_MS;
  if (opts.repeatShortRuns === false || !short(first)) return first;
  const runs = [first];
  while (runs.length < REPEATS) runs.push(await profileOnce(opts));
  const byWall = [...runs].sort((a, b) => a.report.timings.wallMs - b.report.timings.wallMs);
  const median = byWall[byWall.length >> 1];
  const verdicts = runs.map((r) => `${r.report.classification}: ${r.report.recommendation.id}`);
  const wallMs = runs.map((r) => Math.round(r.report.timings.wallMs * 10) / 10);
  const report: ProfileReport = { ...median.report, repeats: { runs: runs.length, wallMs, verdicts } };
  if (new Set(verdicts).size > 1) {
    const spread = `${(Math.min(...wallMs) / 1000).toFixed(2)} to ${(Math.max(...wallMs) / 1000).toFixed(2)} s`;
    report.caveats = [...(report.caveats ?? []), `Not certain: ${runs.length} runs of ${spread} gave different verdicts (${verdicts.join('; ')}); this is the median run's. Profile a longer workload.`];
  }
  return { ...median, report };
}

async function profileOnce(opts: ProfileOptions): Promise<ProfileResult> {
  const calledAt = epochNow();
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const target = targetOf(opts, cwd);
  const language = target.language;
  const hz = opts.hz ?? DEFAULT_HZ[language];
  if (!(hz > 0 && hz <= 10000)) throw new ProfileInputError(`--hz must be between 1 and 10000, got ${opts.hz}`);
  const loadTarget = opts.load ? await checkLoadRequest(opts.load) : undefined;
  if (opts.signal?.aborted) throw new ProfileCancelledError();
  const interpreter = language === 'python' ? await resolvePythonInterpreter(target.interpreter ?? opts.python ?? 'python3', cwd) : undefined;

  // Every run is watched for a listening socket: a server is reported by its busy windows.
  const session = new ServerSession(opts.load && loadTarget ? { request: opts.load, target: loadTarget } : undefined);
  const onProgress = opts.onProgress && ((p: RunProgress) => {
    opts.onProgress?.(p);
    const load = session.progress();
    if (load) opts.onLoadProgress?.(load);
  });
  const common = {
    target, cwd, hz, timeoutMs: opts.timeoutMs, signal: opts.signal, stop: session.stopSignal(opts.stop), onProgress, env: opts.env,
    stdoutSink: opts.stdoutSink, stderrSink: opts.stderrSink,
    onSpawn: (pid: number) => session.started(pid), onExit: () => session.exited(),
    // A server stopped after its load is a planned stop: give it time to write its profile even on
    // a machine busy enough that writing takes seconds.
    ...(opts.load ? { killGraceMs: LOAD_STOP_GRACE_MS } : {}),
  };
  const ran: { run: RunResult; recording?: Recording; server?: ProbeRecord; runtime?: ProfileReport['runtime']; clock?: NodeRunClock } = interpreter
    ? await runPython({ ...common, interpreter, serverWindows: { originMs: session.originMs, windowMs: WINDOW_MS } })
    : await runNode({ ...common, serverOriginMs: session.originMs, node: opts.node });
  const { run, recording, server: probe, runtime } = ran;
  const serverRecording = await session.finish(probe, run.wallMs);
  const server = serverReportOf(serverRecording);
  if (run.spawnError) throw new ProfileInputError(`Could not start ${language === 'python' ? 'Python' : 'Node'}: ${run.spawnError}`);
  if (run.cancelled) throw new ProfileCancelledError();
  const measurement = recording && measurementOf(recording);
  const measuredAt = epochNow();
  const report = measurement ? buildReport(measurement, runRecordOf(run)) : reportWithoutProfile(target.script, language, hz, runRecordOf(run));
  if (session.stoppedAfterLoad) report.stopped = { by: 'load', afterMs: Math.round(run.wallMs) };
  if (server) {
    report.server = server;
    if (measurement) applyServerVerdict(report, measurement, serverRecording, server);
  }
  if (runtime) report.runtime = runtime;
  const timeline: RunTimeline = { calledAt, spawnedAt: run.spawnedAt, ...ran.clock, exitedAt: run.exitedAt, measuredAt, reportAt: epochNow() };
  return { report, cpuprofile: measurement?.profile, measurement, recording, timeline };
}

/** The measurement a recorded run stands for: the same for a run just made and one replayed. */
export function measurementOf(rec: Recording): Measurement {
  return rec.language === 'python' ? pythonMeasurement(rec) : nodeMeasurement(rec);
}

/** How the run ended early, for the report: stopped by the user or by the timeout, and when. */
function stoppedOf(run: RunRecord): ProfileReport['stopped'] {
  // (A run ended after its load is labelled by profileScript, which knows why it stopped.)
  if (!run.stopped && !run.timedOut) return undefined;
  return { by: run.timedOut ? 'timeout' : 'user', afterMs: Math.round(run.wallMs) };
}

export function buildReport(m: Measurement, run: RunRecord): ProfileReport {
  const hotspots = findHotspots(m);
  const verdict = classifyMeasurement(m, hotspots);
  const round = (x: number) => Math.round(x * 10) / 10;
  const onCpu = m.sampleOnCpu.filter(Boolean).length;
  const blocking = m.waits
    .filter((w) => w.user && w.kind !== 'gil' && w.kind !== 'loop-idle')
    .slice(0, 10)
    .map((w) => ({ file: w.file, line: w.line, call: w.call, ms: round(w.ms) }));
  const failure = m.process.failure;
  // The profiler's own CPU (Python's sampling thread, V8's profiler thread) is in the process's
  // user and system time but is not the program's: left out of both, and said apart.
  const profilerMs = Math.min(m.process.profilerCpuMs, m.process.cpuUserMs + m.process.cpuSysMs);
  const report: ProfileReport = {
    script: m.script,
    language: m.language,
    exitCode: run.exitCode,
    classification: verdict.classification,
    recommendation: verdict.recommendation,
    timings: {
      wallMs: round(m.process.wallMs),
      cpuUserMs: round(Math.max(0, m.process.cpuUserMs - profilerMs)),
      cpuSysMs: round(m.process.cpuSysMs - Math.max(0, profilerMs - m.process.cpuUserMs)),
      childCpuMs: round(m.process.childCpuMs),
      ...(profilerMs >= 1 ? { profilerCpuMs: round(profilerMs) } : {}),
      // The figure the class was decided on, which every surface shows (not CPU / wall of the whole
      // run: start-up, the profiler's own CPU and a busy machine's waits would skew it).
      utilization: Math.round(verdict.demand * 1000) / 1000,
      cores: m.cores,
      ...(m.process.runQueueMs >= 1 ? { runQueueMs: round(m.process.runQueueMs) } : {}),
    },
    samples: { count: m.sampleOnCpu.length, hz: m.hz, onCpu, waiting: m.sampleOnCpu.length - onCpu },
    hotspots,
    blocking,
    prediction: verdict.prediction,
    stdoutTail: run.stdoutTail,
    stderrTail: run.stderrTail,
  };
  if (run.timedOut) report.timedOut = true;
  if (failure) {
    report.failure = { exitCode: failure.exitCode, errorLine: failure.errorLine };
    if (verdict.classification !== 'failed') {
      const how = failure.exitCode !== null ? `exit code ${failure.exitCode}` : `signal ${failure.signal}`;
      report.caveats = [`Measured on a run that failed (${how})${failure.errorLine ? `: ${failure.errorLine}` : ''}. The verdict describes the part that ran.`];
    }
  }
  const stopped = stoppedOf(run);
  if (stopped) report.stopped = stopped;
  if (run.leftovers) report.endedLeftovers = run.leftovers;
  if (m.loop.kind !== 'none') {
    const maxEvent = m.loop.events.reduce((a, e) => Math.max(a, e.ms), 0);
    report.loopBlocking = {
      maxMs: round(m.loop.maxDelayMs ?? maxEvent),
      ...(m.loop.p50DelayMs !== undefined ? { p50Ms: round(m.loop.p50DelayMs) } : {}),
      events: m.loop.events.slice(0, 100),
    };
  }
  return report;
}

/** The run ended before the profiler could write anything (killed, or the interpreter failed early). */
function reportWithoutProfile(script: string, language: 'python' | 'node', hz: number, run: RunRecord): ProfileReport {
  const stopped = stoppedOf(run);
  const why = stopped
    ? `The run was stopped by ${stopped.by === 'timeout' ? 'the timeout' : 'the user'} after ${Math.round(run.wallMs)} ms and ended before the profiler could write its data.`
    : `The run ended (exit code ${run.exitCode ?? run.signal}) before the profiler could write its data.`;
  const failure = runFailure(language, run);
  return {
    script,
    language,
    exitCode: run.exitCode,
    classification: failure ? 'failed' : 'mixed',
    recommendation: { id: 'none', title: 'No profile recorded', detail: `${why}${failure?.errorLine ? ` The error: ${failure.errorLine}.` : ''} See the error output.` },
    ...(failure ? { failure: { exitCode: failure.exitCode, errorLine: failure.errorLine } } : {}),
    timings: { wallMs: Math.round(run.wallMs * 10) / 10, cpuUserMs: 0, cpuSysMs: 0, childCpuMs: 0, utilization: 0, cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length },
    samples: { count: 0, hz, onCpu: 0, waiting: 0 },
    hotspots: [],
    blocking: [],
    prediction: { speedup: 1, assumption: 'no profile' },
    stdoutTail: run.stdoutTail,
    stderrTail: run.stderrTail,
    ...(run.timedOut ? { timedOut: true } : {}),
    ...(stopped ? { stopped } : {}),
    ...(run.leftovers ? { endedLeftovers: run.leftovers } : {}),
  };
}

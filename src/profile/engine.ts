// The profiling engine shared by the CLI and the extension's worker: run the script under the
// sampler for its language, build the measurement, classify it, and produce the report (SPEC §5).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classifyMeasurement } from './classify';
import { ProfileCancelledError, ProfileInputError } from './errors';
import { runFailure } from './failure';
import { findHotspots } from './hotspots';
import type { CpuProfile, Measurement } from './model';
import { nodeMeasurement, runNode } from './node';
import { pythonMeasurement, resolvePythonInterpreter, runPython } from './python';
import type { Recording, RunRecord } from './recording';
import type { ProfileReport } from './report';
import type { RunProgress } from './runner';

export { InterpreterError } from './python';

export const DEFAULT_HZ = { python: 100, node: 1000 } as const;

export { ProfileCancelledError, ProfileInputError } from './errors';

export interface ProfileOptions {
  script: string;
  args?: string[];
  /** Samples per second; default 100 for Python, 1000 (V8's default) for Node. */
  hz?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Python interpreter command or path (else python3). */
  python?: string;
  env?: NodeJS.ProcessEnv;
  /** Repeat a short run (under REPEAT_BELOW_MS) and report the median (default true). */
  repeatShortRuns?: boolean;
}

export interface ProfileResult {
  report: ProfileReport;
  /** The profile in V8's .cpuprofile shape (main thread), when the run produced one. */
  cpuprofile?: CpuProfile;
  measurement?: Measurement;
  /** The raw recording the report was computed from (replayable: measurementOf, buildReport). */
  recording?: Recording;
}

const PYTHON_EXT = /\.(py|pyw)$/i;
const NODE_EXT = /\.(js|mjs|cjs|ts|mts|cts|tsx|jsx)$/i;

export function languageOf(script: string): 'python' | 'node' | undefined {
  if (PYTHON_EXT.test(script)) return 'python';
  if (NODE_EXT.test(script)) return 'node';
  return undefined;
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
  const short = (r: ProfileResult) => r.measurement !== undefined && r.report.exitCode === 0 && !r.report.timedOut && r.report.timings.wallMs < REPEAT_BELOW_MS;
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
  const script = path.resolve(opts.script);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(script);
  } catch {
    throw new ProfileInputError(`Script not found: ${opts.script}`);
  }
  if (!stat.isFile()) throw new ProfileInputError(`Not a file: ${opts.script}`);
  const language = languageOf(script);
  if (!language) throw new ProfileInputError(`Cannot profile ${path.basename(script)}: expected a Python (.py) or JavaScript/TypeScript (.js, .mjs, .cjs, .ts) file`);
  const hz = opts.hz ?? DEFAULT_HZ[language];
  if (!(hz > 0 && hz <= 10000)) throw new ProfileInputError(`--hz must be between 1 and 10000, got ${opts.hz}`);
  if (opts.signal?.aborted) throw new ProfileCancelledError();

  const common = { script, args: opts.args ?? [], hz, timeoutMs: opts.timeoutMs, signal: opts.signal, onProgress: opts.onProgress, env: opts.env };
  const { run, recording } = language === 'python'
    ? await runPython({ ...common, interpreter: await resolvePythonInterpreter(opts.python ?? 'python3', path.dirname(script)) })
    : await runNode(common);
  if (run.spawnError) throw new ProfileInputError(`Could not start ${language === 'python' ? 'Python' : 'Node'}: ${run.spawnError}`);
  if (run.cancelled) throw new ProfileCancelledError();
  const measurement = recording && measurementOf(recording);
  const report = measurement ? buildReport(measurement, run) : reportWithoutProfile(script, language, hz, run);
  return { report, cpuprofile: measurement?.profile, measurement, recording };
}

/** The measurement a recorded run stands for: the same for a run just made and one replayed. */
export function measurementOf(rec: Recording): Measurement {
  return rec.language === 'python' ? pythonMeasurement(rec) : nodeMeasurement(rec);
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
  const report: ProfileReport = {
    script: m.script,
    language: m.language,
    exitCode: run.exitCode,
    classification: verdict.classification,
    recommendation: verdict.recommendation,
    timings: {
      wallMs: round(m.process.wallMs),
      cpuUserMs: round(m.process.cpuUserMs),
      cpuSysMs: round(m.process.cpuSysMs),
      childCpuMs: round(m.process.childCpuMs),
      utilization: Math.round(verdict.utilization * 1000) / 1000,
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
  const why = run.timedOut
    ? `The run was stopped by the timeout after ${Math.round(run.wallMs)} ms before the profiler could write its data.`
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
  };
}

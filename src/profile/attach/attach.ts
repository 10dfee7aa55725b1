// `boundwise profile --attach PID`: profile a process that is already running, for a duration or
// until a stop, with server mode as for a started program (optionally under the built-in load), and
// the same report. Node only: a Python process gets one sentence saying which versions could be.
import * as path from 'node:path';
import * as os from 'node:os';
import { buildReport, DEFAULT_HZ, measurementOf, type ProfileResult } from '../engine';
import { ProfileCancelledError, ProfileInputError } from '../errors';
import { normaliseUrls, type NodeRecording, type PreloadOutput } from '../node';
import { runRecordOf } from '../recording';
import type { RunProgress, RunResult } from '../runner';
import { driveLoad, type LoadReport } from '../server/loadGenerator';
import type { ServerRecording } from '../server/model';
import { ServerWatch, type WatchRecord } from '../server/watch';
import { serverReportOf } from '../server/phases';
import { applyServerVerdict } from '../server/verdict';
import { checkLoadRequest, WINDOW_MS, type LoadProgress, type LoadRequest } from '../server/session';
import { attachToNode } from './attachNode';
import { inspectProcess, pythonAttachSentence, pythonVersionOf, type RunningProcess } from './processInfo';

export interface AttachOptions {
  pid: number;
  /** Detach after this long; without it (and without a load), at `stop`. */
  durationMs?: number;
  hz?: number;
  /** Detaches and reports what was measured. */
  stop?: AbortSignal;
  /** Detaches without a report (ProfileCancelledError). */
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Load the attached server meanwhile; the attachment lasts as long as the load. */
  load?: LoadRequest;
  onLoadProgress?: (p: LoadProgress) => void;
}

/** Why Boundwise cannot attach to `proc` (one sentence), or undefined for a Node process. */
export async function notAttachable(proc: RunningProcess): Promise<string | undefined> {
  if (proc.language === 'python') return pythonAttachSentence(proc.pid, await pythonVersionOf(proc));
  if (proc.language === 'other') return `Process ${proc.pid} runs ${path.basename(proc.exe)}, not Node: Boundwise attaches to running Node processes.`;
  return undefined;
}

export async function attachProcess(opts: AttachOptions): Promise<ProfileResult> {
  const proc = inspectProcess(opts.pid);
  const refusal = await notAttachable(proc);
  if (refusal) throw new ProfileInputError(refusal);
  const hz = opts.hz ?? DEFAULT_HZ.node;
  if (!(hz > 0 && hz <= 10000)) throw new ProfileInputError(`--hz must be between 1 and 10000, got ${opts.hz}`);
  if (opts.durationMs !== undefined && !(opts.durationMs >= 100)) throw new ProfileInputError(`--duration must be at least 0.1 seconds, got ${opts.durationMs / 1000}`);
  const target = opts.load ? await checkLoadRequest(opts.load) : undefined;
  if (opts.signal?.aborted) throw new ProfileCancelledError();

  const originMs = Date.now();
  const loadOver = new AbortController();
  const stop = opts.stop ? AbortSignal.any([opts.stop, loadOver.signal]) : loadOver.signal;
  let sampling = 0;
  let load: Promise<LoadReport> | undefined;
  const progress = setInterval(() => {
    const elapsedMs = sampling ? Date.now() - sampling : 0;
    opts.onProgress?.({ elapsedMs, samples: Math.round((elapsedMs * hz) / 1000) });
    if (opts.load) opts.onLoadProgress?.({ phase: load ? 'load' : 'waiting', elapsedMs, requests: 0 });
  }, 250);
  // What an attached program listens on (and its CPU per window), read from /proc as for a started
  // run: an idle server is told it was idle, not judged as a script that awaits.
  const watch = new ServerWatch(originMs, WINDOW_MS);
  watch.start(proc.pid);
  let watched: WatchRecord;
  let result;
  try {
    result = await attachToNode({
      proc, hz, originMs, durationMs: opts.load ? undefined : opts.durationMs, stop, signal: opts.signal,
      onSampling: () => {
        sampling = Date.now();
        if (!opts.load || !target) return;
        load = driveLoad({ target, durationMs: opts.load.durationMs, connections: opts.load.connections, originMs, windowMs: WINDOW_MS, signal: opts.stop });
        void load.finally(() => loadOver.abort());
      },
    });
  } finally {
    clearInterval(progress);
    loadOver.abort();
    watched = watch.finish();
  }
  const loadReport = await load?.catch(() => undefined);
  const script = proc.script ?? `process ${proc.pid}`;
  if (!result.profile) {
    throw new ProfileInputError(`Process ${proc.pid} ended after ${(result.wallMs / 1000).toFixed(1)} s of profiling, before its profile could be taken.`);
  }
  // The figures a started run's preload would write, measured from outside over the attachment.
  const lags = (result.probe?.windows ?? []).flatMap((w) => (w.lag ? [w.lag] : []));
  const pre: PreloadOutput = {
    wallMs: result.wallMs,
    cpuUserMs: result.cpu.userMs,
    cpuSysMs: result.cpu.sysMs,
    childCpuMs: result.cpu.childMs,
    runQueueMs: result.cpu.runQueueMs,
    startupWallMs: 0,
    startupCpuMs: 0,
    profilerCpuMs: result.cpu.profilerMs,
    exitCode: 0,
    loopDelay: {
      maxMs: Math.max(0, ...lags.map((l) => l.maxMs)),
      p50Ms: lags.length ? lags.map((l) => l.p50Ms).sort((a, b) => a - b)[lags.length >> 1] : 0,
      p99Ms: Math.max(0, ...lags.map((l) => l.p99Ms)),
      meanMs: 0,
    },
    requests: 0,
    maxInflight: 0,
    io: { ms: 0, threadMs: 0 },
    workers: 0,
  };
  const run: RunResult = {
    exitCode: null, signal: null, wallMs: result.wallMs, stdoutTail: '', stderrTail: '', stdoutBytes: 0, stderrBytes: 0,
    timedOut: false, stopped: false, cancelled: false, leftovers: 0, samplesReported: result.profile.samples.length, pid: proc.pid,
  };
  // No entry file to map back (nothing was transpiled): the entry argument matches no frame.
  normaliseUrls(result.profile, script, '\0');
  const recording: NodeRecording = {
    version: 1, language: 'node', script, args: [], hz, cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    run: runRecordOf(run), node: { main: result.profile, workers: [], preload: pre, workerRunQueueMs: [] },
  };
  const measurement = measurementOf(recording);
  const report = buildReport(measurement, recording.run);
  report.attached = {
    pid: proc.pid,
    command: proc.argv.join(' '),
    ...(result.nodeVersion ? { nodeVersion: result.nodeVersion } : {}),
    durationMs: Math.round(result.wallMs),
    endedBy: loadReport ? 'load' : result.endedBy === 'exit' ? 'user' : result.endedBy,
    inspector: result.inspector,
  };
  const serverRecording: ServerRecording = {
    runStartMs: result.startedAt, runEndMs: result.startedAt + result.wallMs, originMs, windowMs: WINDOW_MS, attached: true,
    watch: { ...watched, listening: watched.listening.filter((l) => l.port !== result.inspectorPort) },
    ...(result.probe ? { probe: result.probe } : {}),
    ...(loadReport ? { load: loadReport } : {}),
  };
  const server = serverReportOf(serverRecording);
  if (server) {
    report.server = server;
    applyServerVerdict(report, measurement, serverRecording, server);
  }
  return { report, cpuprofile: measurement.profile, measurement, recording };
}

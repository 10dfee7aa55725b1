// Python: the bundled stdlib-only sampler runs the script as __main__ in the chosen interpreter.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assetPath } from './assets';
import type { Measurement, WaitKind, WaitSite } from './model';
import { runCommand, type RunOptions, type RunResult } from './runner';
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

const SAMPLER_FILES = new Set(['sampler.py', '_sampler.py']);

interface SamplerOutput {
  script?: string;
  hz: number;
  libDirs: string[];
  profile: Measurement['profile'];
  sampleWeightsUs: number[];
  sampleOnCpu: number[];
  sampleThread: number[];
  threads: Array<{ id: number; name: string; main: boolean; cpuMs: number }>;
  process: { wallMs: number; cpuUserMs: number; cpuSysMs: number; childCpuMs: number; runQueueMs?: number; startupCpuMs?: number; samplerCpuMs?: number; maxChildren: number; childPids?: number; exitCode: number; terminated: boolean };
  multiCpuMs: number;
  waits: WaitSite[];
  waitKinds: Partial<Record<WaitKind, number>>;
  io: { ms: number; threadMs: number; max: number };
  asyncio: { seen: boolean; busyCpuMs: number; blockedMs: number; idleMs: number; inflightMs: number; events: Measurement['loop']['events'] };
  audit: Array<{ file: string; line: number; event: string; count: number }>;
  auditTotals: Record<string, number>;
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
}

export async function runPython(input: PythonRunInput): Promise<{ run: RunResult; measurement?: Measurement }> {
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
      env: { ...(input.env ?? process.env), PYTHONIOENCODING: process.env.PYTHONIOENCODING ?? 'utf-8' },
      timeoutMs: input.timeoutMs,
      signal: input.signal,
      stop: input.stop,
      onProgress: input.onProgress,
      progressFd: true,
      stdoutSink: input.stdoutSink,
      stderrSink: input.stderrSink,
      onSpawn: input.onSpawn,
      onExit: input.onExit,
    });
    if (!fs.existsSync(out)) return { run };
    const raw = JSON.parse(fs.readFileSync(out, 'utf8')) as SamplerOutput;
    // A module's file is known once the sampler found it.
    return { run, measurement: toMeasurement(raw, target.module && raw.script ? raw.script : target.script, run) };
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

function toMeasurement(raw: SamplerOutput, script: string, run: RunResult): Measurement {
  const libDirs = raw.libDirs;
  const runningThreads = raw.threads.filter((t) => t.cpuMs > 50).length;
  return {
    language: 'python',
    script,
    hz: raw.hz,
    cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    profile: raw.profile,
    extraProfiles: [],
    sampleWeightsMs: raw.sampleWeightsUs.map((us) => us / 1000),
    sampleOnCpu: raw.sampleOnCpu.map((f) => f === 1),
    // The sampler's own files (sampler.py, the entry, and _sampler.py) are not the script's.
    isLibrary: (url) => !url || url.startsWith('<') || libDirs.some((d) => url.startsWith(d))
      || SAMPLER_FILES.has(path.basename(url)) && path.basename(path.dirname(url)) === 'assets',
    process: {
      // The wall time seen from outside the interpreter (start-up included), like `time` would.
      wallMs: run.wallMs,
      cpuUserMs: raw.process.cpuUserMs,
      cpuSysMs: raw.process.cpuSysMs,
      childCpuMs: raw.process.childCpuMs,
      runQueueMs: raw.process.runQueueMs ?? 0,
      startupCpuMs: raw.process.startupCpuMs ?? 0,
      startupWallMs: Math.max(0, run.wallMs - raw.process.wallMs),
      profilerCpuMs: raw.process.samplerCpuMs ?? 0,
      maxChildren: raw.process.maxChildren,
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      threads: Math.max(1, runningThreads),
    },
    waits: raw.waits,
    waitKinds: raw.waitKinds,
    io: raw.io,
    callCounts: raw.audit,
    waitsStarted: waitsStarted(raw.audit),
    multiCpuMs: raw.multiCpuMs,
    threadCpu: raw.threads.map((t) => ({ name: t.name, main: t.main, cpuMs: t.cpuMs })),
    parallel: {
      cpuMs: raw.process.childCpuMs,
      units: Math.max(raw.process.maxChildren, raw.process.childPids ?? 0),
      processPool: raw.process.childCpuMs > 0 && raw.waits.some((w) => /^(concurrent\.futures\.process|multiprocessing)\b/.test(w.call)),
    },
    loop: raw.asyncio.seen
      ? { kind: 'asyncio', busyCpuMs: raw.asyncio.busyCpuMs, blockedMs: raw.asyncio.blockedMs, idleMs: raw.asyncio.idleMs, events: raw.asyncio.events }
      : { kind: 'none', busyCpuMs: 0, blockedMs: 0, idleMs: 0, events: [] },
  };
}

// piscina worker entry (dist/worker.js): profiles one script (or a running Node process it attaches
// to) off the extension host's thread.
// Progress goes out and cancel or stop come in through a MessagePort, so either ends the script's
// process tree instead of killing this worker with the tree still running. A stop keeps the report.
import { isMainThread, type MessagePort } from 'node:worker_threads';
import { attachProcess } from './attach/attach';
import { InterpreterError, profileScript, ProfileCancelledError, ProfileInputError, type ProfileResult } from './engine';
import type { RunProgress } from './runner';
import type { LoadProgress, LoadRequest } from './server/session';

/** `load`: where the built-in load is, when the task drives one. */
export type WorkerProgressMessage = { type: 'progress'; load?: LoadProgress } & RunProgress;

export interface ProfileTask {
  /** The script to run; ignored with `attach`. */
  script?: string;
  args?: string[];
  hz?: number;
  timeoutMs?: number;
  python?: string;
  /** Node executable (boundwise.node.path, else node on PATH, else the editor's). */
  node?: string;
  /** Where the script runs (default: the worker's working directory). */
  cwd?: string;
  /**
   * Receives {type:'progress', elapsedMs, samples}. Send {type:'cancel'} to end the run without a
   * report, {type:'stop'} to end it and get the report of what was measured.
   */
  port?: MessagePort;
  /** Return the raw recording too (npm run experiments saves them as replayable fixtures). */
  record?: boolean;
  /** Server mode with the built-in load (the loopback-only rule is the engine's). */
  load?: LoadRequest;
  /** Attach to this running Node process instead of running a script: for durationMs, else until stop. */
  attach?: { pid: number; durationMs?: number };
}

export type ProfileTaskResult =
  | {
    ok: true; report: ProfileResult['report']; cpuprofile?: ProfileResult['cpuprofile']; recording?: ProfileResult['recording'];
    /** Per sample of cpuprofile, 1 on the CPU, 0 waiting (the flame graph draws them apart). */
    sampleOnCpu?: number[];
    /** Date.now() when the report was ready. */ finishedAt: number;
  }
  | { ok: false; kind: 'cancelled' | 'input' | 'interpreter' | 'internal'; cancelled?: boolean; message: string; allowedBy?: ProfileInputError['allowedBy'] };

export default async function profileTask(task: ProfileTask): Promise<ProfileTaskResult> {
  const controller = new AbortController();
  const stop = new AbortController();
  task.port?.on('message', (msg: { type?: string }) => {
    if (msg?.type === 'cancel') controller.abort();
    if (msg?.type === 'stop') stop.abort('SIGINT');
  });
  try {
    let load: LoadProgress | undefined;
    const onProgress = (p: RunProgress) => task.port?.postMessage({ type: 'progress', ...p, ...(load ? { load } : {}) } satisfies WorkerProgressMessage);
    const onLoadProgress = (p: LoadProgress) => {
      load = p;
    };
    const result = task.attach
      ? await attachProcess({
        pid: task.attach.pid,
        durationMs: task.attach.durationMs,
        hz: task.hz,
        load: task.load,
        signal: controller.signal,
        stop: stop.signal,
        onProgress,
        onLoadProgress,
      })
      : await profileScript({
        script: task.script,
        args: task.args,
        hz: task.hz,
        timeoutMs: task.timeoutMs,
        python: task.python,
        node: task.node,
        cwd: task.cwd,
        load: task.load,
        signal: controller.signal,
        stop: stop.signal,
        onProgress,
        onLoadProgress,
      });
    const states = result.measurement?.sampleOnCpu;
    return { ok: true, report: result.report, cpuprofile: result.cpuprofile, ...(states ? { sampleOnCpu: states.map((onCpu) => (onCpu ? 1 : 0)) } : {}), ...(task.record ? { recording: result.recording } : {}), finishedAt: Date.now() };
  } catch (err) {
    const kind = err instanceof ProfileCancelledError ? 'cancelled'
      : err instanceof ProfileInputError ? 'input'
        : err instanceof InterpreterError ? 'interpreter' : 'internal';
    const allowedBy = err instanceof ProfileInputError ? err.allowedBy : undefined;
    return { ok: false, kind, cancelled: kind === 'cancelled', message: (err as Error).message, ...(allowedBy ? { allowedBy } : {}) };
  } finally {
    task.port?.close();
  }
}

// piscina starts each thread from the `worker.js` beside its own code. Bundled into
// dist/extension.js that is dist/worker.js, this bundle; so when this bundle is a thread's entry it
// also runs piscina's thread bootstrap (scripts/build.mjs resolves the path), which then loads this
// same, cached module as the task handler. Unbundled (tests), piscina's own bootstrap is the entry.
if (!isMainThread && require.main === module) {
  require('piscina/dist/worker.js');
}

// piscina worker entry (dist/worker.js): profiles one script off the extension host's thread.
// Progress goes out and cancellation comes in through a MessagePort, so a cancel stops the
// script's process tree instead of killing this worker with the tree still running.
import type { MessagePort } from 'node:worker_threads';
import { InterpreterError, profileScript, ProfileCancelledError, ProfileInputError, type ProfileResult } from './engine';
import type { RunProgress } from './runner';

export type WorkerProgressMessage = { type: 'progress' } & RunProgress;

export interface ProfileTask {
  script: string;
  args?: string[];
  hz?: number;
  timeoutMs?: number;
  python?: string;
  /** Receives {type:'progress', elapsedMs, samples}; send {type:'cancel'} to stop the run. */
  port?: MessagePort;
}

export type ProfileTaskResult =
  | { ok: true; report: ProfileResult['report']; cpuprofile?: ProfileResult['cpuprofile'] }
  | { ok: false; kind: 'cancelled' | 'input' | 'interpreter' | 'internal'; cancelled?: boolean; message: string };

export default async function profileTask(task: ProfileTask): Promise<ProfileTaskResult> {
  const controller = new AbortController();
  task.port?.on('message', (msg: { type?: string }) => {
    if (msg?.type === 'cancel') controller.abort();
  });
  try {
    const result = await profileScript({
      script: task.script,
      args: task.args,
      hz: task.hz,
      timeoutMs: task.timeoutMs,
      python: task.python,
      signal: controller.signal,
      onProgress: (p) => task.port?.postMessage({ type: 'progress', ...p } satisfies WorkerProgressMessage),
    });
    return { ok: true, report: result.report, cpuprofile: result.cpuprofile };
  } catch (err) {
    const kind = err instanceof ProfileCancelledError ? 'cancelled'
      : err instanceof ProfileInputError ? 'input'
        : err instanceof InterpreterError ? 'interpreter' : 'internal';
    return { ok: false, kind, cancelled: kind === 'cancelled', message: (err as Error).message };
  } finally {
    task.port?.close();
  }
}

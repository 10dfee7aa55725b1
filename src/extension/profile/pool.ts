// Runs profile tasks in a piscina worker so the extension host's thread never blocks on parsing a
// profile or classifying it. No `vscode` import: plain-Node tests drive it with the compiled worker.
import { MessageChannel } from 'node:worker_threads';
import Piscina from 'piscina';
import type { ProfileTask, ProfileTaskResult, WorkerProgressMessage } from '../../profile/worker';

export type ProfileRequest = Omit<ProfileTask, 'port'>;

export interface RunHandle {
  result: Promise<ProfileTaskResult>;
  /** Asks the worker to end the run; it kills the script's process tree and resolves `cancelled`. */
  cancel(): void;
  /** Asks the worker to stop the run: the script is asked to end, and the result is its report. */
  stop(): void;
}

export class ProfilePool {
  private pool: Piscina | undefined;

  /** `workerFile`: dist/worker.js in the extension, out/src/profile/worker.js in tests. */
  constructor(private readonly workerFile: string) {}

  run(request: ProfileRequest, onProgress?: (p: WorkerProgressMessage) => void): RunHandle {
    // Atomics off: between tasks the thread must keep its event loop, and tasks are few and long.
    this.pool ??= new Piscina({ filename: this.workerFile, minThreads: 0, maxThreads: 2, idleTimeout: 60_000, atomics: 'disabled' });
    const { port1, port2 } = new MessageChannel();
    let settled = false;
    port1.on('message', (message: WorkerProgressMessage) => {
      if (message?.type === 'progress' && !settled) onProgress?.(message);
    });
    const task: ProfileTask = { ...request, port: port2 };
    const result = (this.pool.run(task, { transferList: [port2] }) as Promise<ProfileTaskResult>)
      .catch((err: unknown): ProfileTaskResult => ({ ok: false, kind: 'internal', message: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        settled = true;
        port1.close();
      });
    return {
      result,
      cancel: () => {
        if (!settled) port1.postMessage({ type: 'cancel' });
      },
      stop: () => {
        if (!settled) port1.postMessage({ type: 'stop' });
      },
    };
  }

  async dispose(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}

// Runs one command for the profiler: no shell, stdin closed, the output's last bytes kept, a
// timeout and cancellation that end the whole process tree, progress while it runs.
import { spawn } from 'node:child_process';

export interface RunProgress {
  elapsedMs: number;
  /** Samples taken so far (reported by the sampler, or estimated from the sampling rate). */
  samples: number;
}

export interface RunOptions {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Open fd 3 for the sampler to write its running sample count, one number per line. */
  progressFd?: boolean;
  /** Used to estimate samples when the child cannot report them. */
  estimateHz?: number;
  tailBytes?: number;
  /** Time between SIGTERM and SIGKILL when the run is stopped. */
  killGraceMs?: number;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  stdoutTail: string;
  stderrTail: string;
  stdoutBytes: number;
  stderrBytes: number;
  timedOut: boolean;
  cancelled: boolean;
  /** Set when the command could not be started (missing interpreter, permissions). */
  spawnError?: string;
  samplesReported: number;
  /** Process id of the started command (undefined when it did not start). */
  pid?: number;
}

export const TAIL_BYTES = 64 * 1024;

/** Keeps the last `limit` bytes of a stream. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  total = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (chunk.length >= this.limit) {
      this.chunks = [chunk.subarray(chunk.length - this.limit)];
      this.size = this.limit;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.limit) {
      this.size -= this.chunks[0].length;
      this.chunks.shift();
    }
  }
  text(): string {
    let buf = Buffer.concat(this.chunks);
    if (buf.length > this.limit) buf = buf.subarray(buf.length - this.limit);
    // A cut may split a UTF-8 sequence: drop continuation bytes at the start.
    let start = 0;
    while (start < buf.length && start < 4 && (buf[start] & 0xc0) === 0x80) start++;
    return buf.subarray(start).toString('utf8');
  }
}

function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

export function runCommand(opts: RunOptions): Promise<RunResult> {
  const tailBytes = opts.tailBytes ?? TAIL_BYTES;
  const stdout = new TailBuffer(tailBytes);
  const stderr = new TailBuffer(tailBytes);
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise<RunResult>((resolve) => {
    let timedOut = false;
    let cancelled = false;
    let samplesReported = 0;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const base = (): Omit<RunResult, 'exitCode' | 'signal'> => ({
      wallMs: elapsed(),
      stdoutTail: stdout.text(),
      stderrTail: stderr.text(),
      stdoutBytes: stdout.total,
      stderrBytes: stderr.total,
      timedOut,
      cancelled,
      samplesReported,
    });
    if (opts.signal?.aborted) {
      resolve({ ...base(), exitCode: null, signal: null, cancelled: true });
      return;
    }
    const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe'];
    if (opts.progressFd) stdio.push('pipe');
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(opts.command, opts.args, {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio,
        detached: true, // its own process group, so the whole tree can be stopped
        shell: false,
        windowsHide: true,
      });
    } catch (err) {
      resolve({ ...base(), exitCode: null, signal: null, spawnError: (err as Error).message });
      return;
    }
    const finish = (result: RunResult) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      clearInterval(progressTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const stop = () => {
      if (child.pid === undefined) return;
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      const t = setTimeout(() => killGroup(pid, 'SIGKILL'), opts.killGraceMs ?? 1500);
      t.unref();
    };
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.timeoutMs && opts.timeoutMs > 0) {
      timers.push(setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.timeoutMs));
    }
    child.stdout?.on('data', (c: Buffer) => stdout.push(c));
    child.stderr?.on('data', (c: Buffer) => stderr.push(c));
    const progressStream = opts.progressFd ? (child.stdio[3] as NodeJS.ReadableStream | null) : null;
    let pending = '';
    progressStream?.on('data', (c: Buffer) => {
      pending += c.toString('latin1');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      const last = lines.filter((l) => l.trim()).pop();
      if (last !== undefined && Number.isFinite(Number(last))) samplesReported = Number(last);
    });
    progressStream?.on('error', () => undefined);
    const progressTimer = setInterval(() => {
      const ms = elapsed();
      const samples = opts.progressFd ? samplesReported : Math.round((ms * (opts.estimateHz ?? 0)) / 1000);
      opts.onProgress?.({ elapsedMs: ms, samples });
    }, 250);
    child.on('error', (err) => {
      finish({ ...base(), exitCode: null, signal: null, spawnError: err.message });
    });
    child.on('exit', (code, sig) => {
      const wallMs = elapsed();
      const pid = child.pid;
      // Stragglers of a stopped run (grandchildren) go too.
      if ((timedOut || cancelled) && pid !== undefined) killGroup(pid, 'SIGKILL');
      // Wait for the pipes to drain, but not for grandchildren that keep them open.
      let closed = false;
      const done = () => {
        if (closed) return;
        closed = true;
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish({ ...base(), wallMs, exitCode: code, signal: sig, pid });
      };
      child.on('close', done);
      const t = setTimeout(done, 500);
      timers.push(t);
    });
  });
}

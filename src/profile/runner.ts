// Runs one command for the profiler: no shell, stdin closed, the output's last bytes kept (and
// passed on as it comes when asked), progress while it runs. A stop or a timeout asks the program to
// end (SIGINT, then SIGTERM, then SIGKILL, a grace period apart) and keeps what it wrote; a cancel
// ends it at once. Whatever the run leaves behind when its command exits is ended too
// (processTree.ts says how the run's processes are found).
import { spawn } from 'node:child_process';
import { epochNow } from './clock';
import { endRun, newRunMarker, RUN_MARKER_VARIABLE, signalRun } from './processTree';

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
  /** Cancels the run: the program is ended at once and the result says `cancelled`. */
  signal?: AbortSignal;
  /**
   * Stops the run: the program is asked to end and the result is kept. The abort reason may name the
   * first signal ('SIGINT', the default; 'SIGTERM' or 'SIGHUP' when that is what the caller received).
   */
  stop?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Open fd 3 for the sampler to write its running sample count, one number per line. */
  progressFd?: boolean;
  /** Open fd 3 for the runner to tell the program each stop signal it sends, one name per line. */
  controlFd?: boolean;
  /** Where the program's output goes as it comes, besides the tails (written with back-pressure). */
  stdoutSink?: NodeJS.WritableStream;
  stderrSink?: NodeJS.WritableStream;
  /** Used to estimate samples when the child cannot report them. */
  estimateHz?: number;
  tailBytes?: number;
  /** Time between two signals when the run is stopped, and for leftovers to end after SIGTERM. */
  killGraceMs?: number;
  /** Told the started command's pid (for watching the run from outside while it runs), and its exit. */
  onSpawn?: (pid: number) => void;
  onExit?: () => void;
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
  /** Stopped by the caller (`stop`), not by the timeout. */
  stopped: boolean;
  cancelled: boolean;
  /** Processes of the run still alive when its command exited, which the runner then ended. */
  leftovers: number;
  /** Set when the command could not be started (missing interpreter, permissions). */
  spawnError?: string;
  samplesReported: number;
  /** Process id of the started command (undefined when it did not start). */
  pid?: number;
  /** Epoch ms (sub-ms) when the command was spawned and when its exit was seen: the profiler's
   * phases are timed against the program's own clock (bench/server-overhead.mjs). */
  spawnedAt?: number;
  exitedAt?: number;
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

export const KILL_GRACE_MS = 1500;

/**
 * The signals of a stop, a grace period apart: SIGINT, SIGTERM, SIGKILL. A stop that starts with
 * another signal (the CLI forwards the SIGTERM or SIGHUP it got) sends that one first, then the
 * rest: a program that ignores SIGTERM still gets its Ctrl-C, and its profile, before SIGKILL.
 */
export function stopSequence(first: NodeJS.Signals): NodeJS.Signals[] {
  return [...new Set<NodeJS.Signals>([first, 'SIGINT', 'SIGTERM', 'SIGKILL'])];
}

function firstSignal(reason: unknown): NodeJS.Signals {
  return reason === 'SIGTERM' || reason === 'SIGHUP' || reason === 'SIGINT' ? reason : 'SIGINT';
}

export function runCommand(opts: RunOptions): Promise<RunResult> {
  const tailBytes = opts.tailBytes ?? TAIL_BYTES;
  const graceMs = opts.killGraceMs ?? KILL_GRACE_MS;
  const stdout = new TailBuffer(tailBytes);
  const stderr = new TailBuffer(tailBytes);
  const started = process.hrtime.bigint();
  const spawnedAt = epochNow();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  const marker = newRunMarker();
  return new Promise<RunResult>((resolve) => {
    let timedOut = false;
    let stopped = false;
    let cancelled = false;
    let samplesReported = 0;
    let leftovers = 0;
    let settled = false;
    let exited = false;
    const timers: NodeJS.Timeout[] = [];
    const base = (): Omit<RunResult, 'exitCode' | 'signal'> => ({
      wallMs: elapsed(),
      stdoutTail: stdout.text(),
      stderrTail: stderr.text(),
      stdoutBytes: stdout.total,
      stderrBytes: stderr.total,
      timedOut,
      stopped,
      cancelled,
      leftovers,
      samplesReported,
      spawnedAt,
    });
    if (opts.signal?.aborted) {
      resolve({ ...base(), exitCode: null, signal: null, cancelled: true });
      return;
    }
    const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe'];
    if (opts.progressFd || opts.controlFd) stdio.push('pipe');
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(opts.command, opts.args, {
        cwd: opts.cwd,
        env: { ...(opts.env ?? process.env), [RUN_MARKER_VARIABLE]: marker },
        stdio,
        detached: true, // its own process group, so the whole tree can be signalled
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
      opts.signal?.removeEventListener('abort', onCancel);
      opts.stop?.removeEventListener('abort', onStop);
      resolve(result);
    };
    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    const control = opts.controlFd ? (child.stdio[3] as NodeJS.WritableStream | null) : null;
    control?.on('error', () => undefined); // the program closed it or is gone
    let stopping = false;
    /** Sends the signals to the run, a grace period apart, until its command exits. */
    const stopRun = (sequence: NodeJS.Signals[]) => {
      if (stopping || child.pid === undefined) return;
      stopping = true;
      const pid = child.pid;
      const next = () => {
        const sig = sequence.shift();
        if (exited || !sig) return;
        if (sig !== 'SIGKILL') control?.write(`${sig}\n`);
        signalRun(pid, marker, sig, true);
        if (sequence.length) timers.push(setTimeout(next, graceMs));
      };
      next();
    };
    const onCancel = () => {
      cancelled = true;
      stopRun(['SIGTERM', 'SIGKILL']); // nothing is kept: no need to wait for the program's own ending
    };
    const onStop = () => {
      stopped = true;
      stopRun(stopSequence(firstSignal(opts.stop?.reason)));
    };
    opts.signal?.addEventListener('abort', onCancel, { once: true });
    if (opts.stop?.aborted) onStop();
    else opts.stop?.addEventListener('abort', onStop, { once: true });
    if (opts.timeoutMs && opts.timeoutMs > 0) {
      timers.push(setTimeout(() => {
        if (stopping) return;
        timedOut = true;
        stopRun(stopSequence('SIGINT'));
      }, opts.timeoutMs));
    }
    const collect = (stream: NodeJS.ReadableStream | null, tail: TailBuffer, sink?: NodeJS.WritableStream) => {
      stream?.on('data', (c: Buffer) => {
        tail.push(c);
        // A slow terminal slows the program down, as it would without the profiler.
        if (sink && !sink.write(c)) {
          stream.pause();
          sink.once('drain', () => stream.resume());
        }
      });
    };
    collect(child.stdout, stdout, opts.stdoutSink);
    collect(child.stderr, stderr, opts.stderrSink);
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
    // 'close' (every pipe drained) can come before the leftover scan below is over: note it now so
    // that the drain does not wait for an event that has already passed.
    let pipesClosed = false;
    child.on('close', () => {
      pipesClosed = true;
    });
    child.on('exit', (code, sig) => {
      exited = true;
      const exitedAt = epochNow();
      opts.onExit?.();
      const wallMs = elapsed();
      const pid = child.pid;
      const drain = () => {
        // Wait for the pipes to drain, but not for a process that escaped and keeps them open.
        let closed = false;
        const done = () => {
          if (closed) return;
          closed = true;
          child.stdout?.destroy();
          child.stderr?.destroy();
          (child.stdio[3] as { destroy?: () => void } | null)?.destroy?.();
          finish({ ...base(), wallMs, exitCode: code, signal: sig, pid, exitedAt });
        };
        if (pipesClosed) {
          done();
          return;
        }
        child.on('close', done);
        timers.push(setTimeout(done, 500));
      };
      if (pid === undefined) {
        drain();
        return;
      }
      // Daemons, orphaned workers, children it did not wait for: the run is over, so are they.
      void endRun(pid, marker, cancelled ? 0 : Math.min(graceMs, 1000)).then((n) => {
        leftovers = n;
        drain();
      }, drain);
    });
  });
}

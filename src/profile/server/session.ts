// Server mode around one profiled run: watch the run from outside (CPU per window, the ports it
// listens on); with a load asked for, wait until the program listens on the load's port, drive the
// load for its duration, then stop the program (it is asked to end, as a stop from the user is) so
// the report covers start-up, the load and the idle tail. The program's own figures (requests per
// route, event-loop delay) come from the language's probe and are joined here.
import { ProfileInputError } from '../errors';
import { checkLoadTarget, type LoadTarget } from './loadTarget';
import { driveLoad, type LoadReport } from './loadGenerator';
import type { ProbeRecord, ServerRecording } from './model';
import { ServerWatch } from './watch';

export interface LoadRequest {
  url: string;
  durationMs: number;
  connections: number;
  /** Allow a target that is not this machine (the CLI's --load-any-host). */
  anyHost?: boolean;
  /** How long to wait for the program to listen on the load's port (default 60 s). */
  listenTimeoutMs?: number;
}

export const WINDOW_MS = 1000;
export const DEFAULT_LISTEN_TIMEOUT_MS = 60_000;
export const DEFAULT_LOAD = { durationMs: 10_000, connections: 16 } as const;
/** What a load may ask for (the CLI's flags and the editor's settings and prompts). */
export const LOAD_LIMITS = { minDurationMs: 100, maxDurationMs: 3_600_000, maxConnections: 1000 } as const;

export function validLoadDuration(ms: number): boolean {
  return ms >= LOAD_LIMITS.minDurationMs && ms <= LOAD_LIMITS.maxDurationMs;
}

export function validConnections(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= LOAD_LIMITS.maxConnections;
}

/** Checks the numbers and the target of a load before anything runs. */
export async function checkLoadRequest(load: LoadRequest): Promise<LoadTarget> {
  const { minDurationMs, maxDurationMs, maxConnections } = LOAD_LIMITS;
  if (!validLoadDuration(load.durationMs)) throw new ProfileInputError(`--duration must be between ${minDurationMs / 1000} and ${maxDurationMs / 1000} seconds, got ${load.durationMs / 1000}`);
  if (!validConnections(load.connections)) {
    throw new ProfileInputError(`--connections must be a whole number between 1 and ${maxConnections}, got ${load.connections}`);
  }
  return checkLoadTarget(load.url, load.anyHost === true);
}

export interface LoadProgress {
  phase: 'waiting' | 'load' | 'done';
  /** ms of load so far, and requests answered. */
  elapsedMs: number;
  requests: number;
}

export class ServerSession {
  readonly originMs = Date.now();
  readonly watch = new ServerWatch(this.originMs, WINDOW_MS);
  private readonly afterLoad = new AbortController();
  private readonly runOver = new AbortController();
  private loadReport: LoadReport | undefined;
  private loadProblem: string | undefined;
  private loading: Promise<void> | undefined;
  private loadStartedAt = 0;
  private phase: LoadProgress['phase'] = 'waiting';
  private runStartMs = 0;

  constructor(private readonly load?: { request: LoadRequest; target: LoadTarget }) {}

  /** The stop signal for the run: the user's stop, or the end of the load. Either ends the load at once. */
  stopSignal(userStop?: AbortSignal): AbortSignal {
    userStop?.addEventListener('abort', () => this.runOver.abort(), { once: true });
    return userStop ? AbortSignal.any([userStop, this.afterLoad.signal]) : this.afterLoad.signal;
  }

  /** The program exited: a load still running would only count refused connections. */
  exited(): void {
    this.runOver.abort();
  }

  /** The run started: watch it, and drive the load once it listens. */
  started(pid: number): void {
    this.runStartMs = Date.now();
    this.watch.start(pid);
    if (this.load) this.loading = this.driveWhenListening(this.load.request, this.load.target);
  }

  /** Where the load is, for the progress line. */
  progress(): LoadProgress | undefined {
    if (!this.load) return undefined;
    return { phase: this.phase, elapsedMs: this.phase === 'load' ? Date.now() - this.loadStartedAt : 0, requests: this.loadReport?.requests ?? 0 };
  }

  /** True when the run ended because the load was over (not stopped by the user or a timeout). */
  get stoppedAfterLoad(): boolean {
    return this.afterLoad.signal.aborted;
  }

  private async driveWhenListening(request: LoadRequest, target: LoadTarget): Promise<void> {
    const over = new Promise<void>((resolve) => this.runOver.signal.addEventListener('abort', () => resolve(), { once: true }));
    const timeoutMs = request.listenTimeoutMs ?? DEFAULT_LISTEN_TIMEOUT_MS;
    const listening = await this.watch.listeningOn(target.port, timeoutMs, over);
    if (!listening) {
      const others = this.watch.ports();
      const where = others.length ? ` (it listens on ${others.join(', ')})` : '';
      if (this.runOver.signal.aborted) {
        this.loadProblem = `The program ended before it listened on port ${target.port}${where}: no load was sent.`;
      } else {
        this.loadProblem = `The program did not listen on port ${target.port} within ${Math.round(timeoutMs / 1000)} s${where}: it was stopped without a load.`;
        this.afterLoad.abort('SIGINT');
      }
      this.phase = 'done';
      return;
    }
    this.phase = 'load';
    this.loadStartedAt = Date.now();
    this.loadReport = await driveLoad({
      target,
      durationMs: request.durationMs,
      connections: request.connections,
      originMs: this.originMs,
      windowMs: WINDOW_MS,
      signal: this.runOver.signal,
    });
    this.phase = 'done';
    if (this.runOver.signal.aborted) {
      this.loadProblem = `The load was cut short after ${((Date.now() - this.loadStartedAt) / 1000).toFixed(1)} s of ${(request.durationMs / 1000).toFixed(1)} s: the program ended or was stopped.`;
      return;
    }
    this.afterLoad.abort('SIGINT');
  }

  /** The run is over: collect what the watch, the load and the program's probe recorded. */
  async finish(probe: ProbeRecord | undefined, wallMs: number): Promise<ServerRecording> {
    this.runOver.abort();
    const runEndMs = (this.runStartMs || this.originMs) + wallMs;
    await this.loading;
    return {
      runStartMs: this.runStartMs || this.originMs,
      runEndMs,
      originMs: this.originMs,
      windowMs: WINDOW_MS,
      watch: this.watch.finish(),
      ...(probe ? { probe } : {}),
      ...(this.loadReport ? { load: this.loadReport } : {}),
      ...(this.loadProblem ? { loadProblem: this.loadProblem } : {}),
    };
  }
}

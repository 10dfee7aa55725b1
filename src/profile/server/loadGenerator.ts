// The built-in load generator: N keep-alive connections, each sending one GET after another for a
// fixed time (a closed loop, like autocannon's default), with every response's latency binned into
// the same windows the server's own figures use. undici is the HTTP client: one dependency-free
// package that is fast enough not to be the bottleneck on a shared machine, and whose WebSocket
// client also talks to Node's inspector when attaching (Node 20 has no WebSocket of its own).
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { epochNow } from '../clock';
import type { LoadTarget } from './loadTarget';
import { summarizeLatencies, type LatencySummary } from './percentiles';

export interface LoadOptions {
  target: LoadTarget;
  durationMs: number;
  connections: number;
  /** Epoch ms the windows count from, and their length. */
  originMs: number;
  windowMs: number;
  /** Ends the load early (the run was stopped or the server exited). */
  signal?: AbortSignal;
}

export interface LoadWindowFigures {
  index: number;
  requests: number;
  errors: number;
  latency: LatencySummary;
}

/** What the load generator saw: its own view, beside the server's. */
export interface LoadReport {
  url: string;
  connections: number;
  /** Epoch ms when the load started and ended. */
  startedAt: number;
  endedAt: number;
  requests: number;
  /** Responses with a status of 400 or more, per status. */
  statuses: Record<string, number>;
  /** Requests that got no response (refused, reset, timed out), per error code. */
  errors: Record<string, number>;
  firstError?: string;
  throughput: number;
  latency: LatencySummary;
  windows: LoadWindowFigures[];
}

export async function driveLoad(opts: LoadOptions): Promise<LoadReport> {
  const { url } = opts.target;
  const pool = new Pool(url.origin, {
    connections: opts.connections,
    pipelining: 1,
    // A blocked server is what is being measured: wait for it, but not past the load's end.
    headersTimeout: Math.max(1000, opts.durationMs),
    bodyTimeout: Math.max(1000, opts.durationMs),
  });
  const stop = new AbortController();
  setMaxListeners(opts.connections + 8, stop.signal); // one listener per request in flight
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const perWindow = new Map<number, { requests: number; errors: number; latencies: number[] }>();
  const all: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let firstError: string | undefined;
  let requests = 0;
  const windowOf = (at: number) => {
    const index = Math.floor((at - opts.originMs) / opts.windowMs);
    let w = perWindow.get(index);
    if (!w) perWindow.set(index, (w = { requests: 0, errors: 0, latencies: [] }));
    return w;
  };
  const startedAt = epochNow();
  const endAt = startedAt + opts.durationMs;
  const timer = setTimeout(() => stop.abort(), opts.durationMs);
  const path = `${url.pathname}${url.search}`;

  async function connectionLoop(): Promise<void> {
    while (!stop.signal.aborted) {
      // Latency on the monotonic clock (sub-millisecond), the window on the run's epoch clock.
      const t0 = performance.now();
      try {
        const res = await pool.request({ path, method: 'GET', signal: stop.signal });
        await res.body.dump();
        const latency = performance.now() - t0;
        const t1 = epochNow();
        if (t1 > endAt && stop.signal.aborted) return; // finished after the end: not part of the load
        const w = windowOf(t1);
        requests++;
        w.requests++;
        w.latencies.push(latency);
        all.push(latency);
        if (res.statusCode >= 400) statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      } catch (err) {
        if (stop.signal.aborted) return;
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).name ?? 'error';
        errors[code] = (errors[code] ?? 0) + 1;
        firstError ??= `${code}: ${(err as Error).message}`;
        windowOf(epochNow()).errors++;
        // A refused or reset connection fails at once: do not spin on it.
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: opts.connections }, connectionLoop));
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    await pool.destroy().catch(() => undefined);
  }
  const endedAt = Math.min(epochNow(), Math.max(endAt, startedAt));
  return {
    url: url.href,
    connections: opts.connections,
    startedAt,
    endedAt,
    requests,
    statuses,
    errors,
    ...(firstError ? { firstError } : {}),
    throughput: requests / Math.max(0.001, (endedAt - startedAt) / 1000),
    latency: summarizeLatencies(all),
    windows: [...perWindow.entries()].sort((a, b) => a[0] - b[0]).map(([index, w]) => ({
      index, requests: w.requests, errors: w.errors, latency: summarizeLatencies(w.latencies),
    })),
  };
}

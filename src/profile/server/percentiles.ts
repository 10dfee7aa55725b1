// Latency figures as every server view shows them: median, 99th percentile and maximum, in ms.

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of sorted values (q in 0..1). */
export function percentileOf(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

const round = (x: number) => Math.round(x * 100) / 100;

export function summarizeLatencies(values: number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50Ms: round(percentileOf(sorted, 0.5)),
    p99Ms: round(percentileOf(sorted, 0.99)),
    maxMs: round(sorted.length ? sorted[sorted.length - 1] : 0),
  };
}

// The measured change between a run and the one before it, told apart from the noise between runs:
// a difference inside the noise is no measurable change, whichever way it went.
import type { ProfileReport } from '../profile/report';

/** The noise assumed when neither run was repeated (one run of each says nothing of the spread). */
export const MIN_NOISE = 0.1;

/** The spread of a report's repeated runs, (slowest - fastest) / median; 0 when it ran once. */
function spreadOf(r: ProfileReport): number {
  const walls = (Array.isArray(r.repeats?.wallMs) ? r.repeats.wallMs : []).filter((ms) => Number.isFinite(ms) && ms > 0).sort((a, b) => a - b);
  if (walls.length < 2) return 0;
  return (walls[walls.length - 1] - walls[0]) / walls[walls.length >> 1];
}

export interface MeasuredChange {
  /** previous wall / this wall: above 1 is faster. NaN when either is missing. */
  speedup: number;
  /** The noise range, as a fraction (0.1: ±10%). */
  noise: number;
  /** Where the noise comes from, for the reader. */
  noiseFrom: 'repeats' | 'minimum';
  change: 'faster' | 'slower' | 'none' | 'unknown';
}

export function measuredChange(previous: ProfileReport, current: ProfileReport): MeasuredChange {
  const before = previous.timings?.wallMs ?? 0;
  const after = current.timings?.wallMs ?? 0;
  const speedup = after > 0 && before > 0 ? before / after : NaN;
  const spread = Math.max(spreadOf(previous), spreadOf(current));
  const noise = Math.max(MIN_NOISE, spread);
  const noiseFrom = spread > MIN_NOISE ? 'repeats' : 'minimum';
  if (!Number.isFinite(speedup)) return { speedup, noise, noiseFrom, change: 'unknown' };
  // The wall time moved by less than the noise, either way.
  const moved = Math.abs(after - before) / Math.min(before, after);
  const change = moved <= noise ? 'none' : speedup > 1 ? 'faster' : 'slower';
  return { speedup, noise, noiseFrom, change };
}

/** Whether a predicted gain is a gain at all: its low end (as shown, two decimals) above 1.00x. */
export function predictsGain(r: ProfileReport): boolean {
  const p = r.prediction;
  if (!p || p.unknown) return false;
  const low = Array.isArray(p.range) ? p.range[0] : p.speedup;
  return Number.isFinite(low) && Math.round(low * 100) > 100;
}

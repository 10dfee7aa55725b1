// The one way every surface (the report's card and tables, the CLI summary, the status bar, the
// verdict's own sentences) states the CPU utilisation the class was decided on: a percentage of
// one core, above 100% when several cores worked at once (as `top` shows it). One figure, one
// format: the report's `timings.utilization`.

/** 0.96 -> "96%", 1.55 -> "155%", 0.004 -> "<1%". */
export function formatUtilisation(u: number | undefined): string {
  if (u === undefined || !Number.isFinite(u)) return '\u2013';
  // Rounded as the report's JSON keeps it (3 decimals) first, so the raw figure and the stored one
  // read the same.
  const kept = Math.round(u * 1000);
  if (u > 0 && kept < 5) return '<1%';
  return `${Math.round(kept / 10)}%`;
}

/** "CPU utilisation 96%". */
export function utilisationPhrase(u: number | undefined): string {
  return `CPU utilisation ${formatUtilisation(u)}`;
}

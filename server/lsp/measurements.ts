// What the last profile run of each script measured at each blocking call site (sent by the
// client, see PROFILE_MEASUREMENTS_NOTIFICATION), for hovers on the findings there.
import * as path from 'node:path';
import type { ProfileMeasurementsParams } from '../protocol';

export class Measurements {
  /** The last run of each script. */
  private readonly runs = new Map<string, ProfileMeasurementsParams>();

  record(run: ProfileMeasurementsParams): void {
    if (typeof run?.script !== 'string' || !Array.isArray(run.sites)) return;
    this.runs.set(run.script, run);
  }

  /** One line per run that measured time at `file`'s 1-based `line`, for a hover. */
  describe(file: string, line: number): string[] {
    const out: string[] = [];
    for (const run of this.runs.values()) {
      for (const site of run.sites) {
        if (site.line !== line || site.file !== file) continue;
        const share = run.wallMs > 0 ? `, ${Math.round((100 * site.ms) / run.wallMs)}% of ${seconds(run.wallMs)}` : '';
        out.push(`**Measured** in the last profile run of \`${path.basename(run.script)}\`: ${seconds(site.ms)} waiting in \`${site.call}\` (${path.basename(file)}:${line})${share}.`);
      }
    }
    return out;
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

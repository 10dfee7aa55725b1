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

  /** One line per run that measured time at `file`'s 1-based `line`, for a hover; `here`: the
   * hover is on that line (else it names the place, the end of a BW110 chain). */
  describe(file: string, line: number, here = true): string[] {
    const out: string[] = [];
    for (const run of this.runs.values()) {
      for (const site of run.sites) {
        if (site.line !== line || site.file !== file) continue;
        const share = run.wallMs > 0 ? `, ${Math.round((100 * site.ms) / run.wallMs)}% of the run` : '';
        const where = here ? 'here' : `at ${path.basename(file)}:${line}`;
        out.push(`**Measured:** ${seconds(site.ms)} waiting in \`${site.call}\` ${where}${share} (last profile run of \`${path.basename(run.script)}\`, ${seconds(run.wallMs)}).`);
      }
    }
    return out;
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

// What the last profile run of each script measured at each blocking call site (sent by the
// client, see ProfileMeasurementsNotification), for hovers on the findings there.
import * as path from 'node:path';
import type { ProfileMeasurementsParams } from '../protocol';

export class Measurements {
  /** The last run of each script. */
  private readonly runs = new Map<string, ProfileMeasurementsParams>();

  /** Keeps a run's measurements; a malformed one is dropped whole (every later hover reads the
   * runs kept), and what is wrong with it returned. */
  record(run: unknown): string | undefined {
    const problem = malformation(run);
    if (problem) return problem;
    const valid = run as ProfileMeasurementsParams;
    this.runs.set(valid.script, valid);
    return undefined;
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

const isDuration = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** What is wrong with a notification's parameters, or undefined when they are what the protocol says. */
function malformation(run: unknown): string | undefined {
  const r = run as Partial<ProfileMeasurementsParams> | null | undefined;
  if (typeof r?.script !== 'string') return 'its script is not a path';
  if (!isDuration(r.wallMs)) return 'its wallMs is not a duration';
  if (!Array.isArray(r.sites)) return 'its sites are not a list';
  const bad = r.sites.findIndex(
    (site: unknown) => {
      const s = site as Partial<ProfileMeasurementsParams['sites'][number]> | null;
      return !s || typeof s.file !== 'string' || !Number.isInteger(s.line) || (s.line as number) < 1 || typeof s.call !== 'string' || !isDuration(s.ms);
    },
  );
  return bad >= 0 ? `site ${bad} is not {file, line, call, ms}` : undefined;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

// A run as the profilers recorded it, before any interpretation: the raw sampler output (Python:
// the sampler's JSON; Node: the .cpuprofile files and the preload's figures), how the run ended and
// the machine's core count. The measurement is computed from a recording alone, so a recorded run
// replays through the classifier (test/profile/verdicts.test.ts) and a change to the advice is
// reviewed as a diff of verdicts, not by re-running programs on a machine whose load differs.
// The measurement of a recording is engine.ts's measurementOf.
import type { NodeRecording } from './node';
import type { PythonRecording } from './python';
import type { RunResult } from './runner';

/** What the classifier needs to know about how the run ended (recordings made before a run could
 * be stopped, or leave processes behind, lack those two). */
export type RunRecord = Pick<RunResult, 'exitCode' | 'signal' | 'wallMs' | 'timedOut' | 'stdoutTail' | 'stderrTail'> & Partial<Pick<RunResult, 'stopped' | 'leftovers'>>;

export interface RecordingBase {
  version: 1;
  script: string;
  args: string[];
  hz: number;
  cores: number;
  run: RunRecord;
}

export type Recording = PythonRecording | NodeRecording;

export function runRecordOf(run: RunResult): RunRecord {
  const { exitCode, signal, wallMs, timedOut, stdoutTail, stderrTail, stopped, leftovers } = run;
  return { exitCode, signal, wallMs, timedOut, stdoutTail, stderrTail, stopped, leftovers };
}

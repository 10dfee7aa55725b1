// The terminal summary of `boundwise profile` fits a 100-column terminal: its labelled lines wrap
// under their text, and a figure never parts from its unit or its name. Real recorded runs
// (test/fixtures/profiles) replayed through the measurement and the classifier.
import * as assert from 'node:assert/strict';
import { field, formatSummary } from '../../src/cli/profile';
import { buildReport, measurementOf } from '../../src/profile/engine';
import { readRecording, recordedRuns } from '../profile/recordings';

describe('profile summary: lines that fit the terminal', () => {
  it('wraps a labelled line under its text, keeping each phrase whole', () => {
    const text = field('time', ['1.01 s wall, 895 ms user + 32 ms sys + 0 ms children CPU', "(the profiler's own 43 ms left out);", 'CPU utilisation 96% on 2 cores']);
    assert.deepEqual(text.split('\n'), [
      '  time          1.01 s wall, 895 ms user + 32 ms sys + 0 ms children CPU',
      "                (the profiler's own 43 ms left out); CPU utilisation 96% on 2 cores",
    ]);
  });

  for (const c of recordedRuns()) {
    it(`${c.name}: the run's lines (verdict to samples) are at most 100 characters`, () => {
      const rec = readRecording(c.file);
      const summary = formatSummary(buildReport(measurementOf(rec), rec.run));
      const head = summary.split('\n').slice(1).filter((l) => /^ {2}(runs|time|samples) |^ {16}\S/.test(l));
      for (const line of head) assert.ok(line.length <= 100, `${line.length} characters: ${line}`);
      assert.match(summary, /CPU utilisation (<1|\d+)% on \d+ cores/);
    });
  }
});

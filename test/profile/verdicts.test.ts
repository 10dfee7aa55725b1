// Recorded runs (test/fixtures/profiles/**.json.gz: the raw sampler output of the examples and of
// the real-program suite, written by `npm run experiments -- --record`) replayed through the
// measurement and the classifier, against a reviewed snapshot of the verdict. A change to the
// advice shows here as a diff. After a deliberate change: UPDATE_SNAPSHOTS=1 npx mocha
// out/test/profile/verdicts.test.js, then review the diff line by line (a wrong verdict in a
// snapshot is a bug, not a new baseline).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildReport, measurementOf } from '../../src/profile/engine';
import { readRecording, recordedRuns, RECORDINGS as FIXTURES } from './recordings';
import { renderVerdictSnapshot } from './verdictSnapshot';

const SNAPSHOTS = path.join(FIXTURES, '__snapshots__');

const cases = recordedRuns();

describe('profile: recorded runs replay to their reviewed verdicts', () => {
  it('there are recordings of both languages', () => {
    const languages = new Set(cases.map((c) => readRecording(c.file).language));
    assert.deepEqual([...languages].sort(), ['node', 'python']);
  });

  for (const c of cases) {
    it(c.name, () => {
      const rec = readRecording(c.file);
      const report = buildReport(measurementOf(rec), rec.run);
      const actual = renderVerdictSnapshot(report, rec);
      // Replaying is deterministic: the same recording gives the same verdict twice.
      assert.equal(renderVerdictSnapshot(buildReport(measurementOf(readRecording(c.file)), rec.run), rec), actual);
      const snapshot = path.join(SNAPSHOTS, `${c.name}.snap`);
      if (process.env.UPDATE_SNAPSHOTS || (!fs.existsSync(snapshot) && !process.env.CI)) {
        fs.mkdirSync(path.dirname(snapshot), { recursive: true });
        fs.writeFileSync(snapshot, actual);
      }
      assert.ok(fs.existsSync(snapshot), `no snapshot ${path.relative(FIXTURES, snapshot)}: run with UPDATE_SNAPSHOTS=1 and review it`);
      assert.equal(actual, fs.readFileSync(snapshot, 'utf8'));
    });
  }
});

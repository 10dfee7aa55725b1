// Each rule's JS/TS fixture files (test/fixtures/js/rules) against a reviewed snapshot of its
// findings, and, in files labelled `// positive`/`// negative`, against their labels. After a
// deliberate change: UPDATE_SNAPSHOTS=1 npm run test:rule -- BWnnn (or npx mocha ...), then review
// the diff.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFiles } from '../../../server/analysis/lintFiles';
import { sourceFilesUnder } from '../../files';
import { assertMatchesSnapshot, casesOfSelectedRules, labelledFiles, labelMismatches, renderFindingsSnapshot } from '../snapshot';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'js', 'rules');
const SNAPSHOTS = path.join(FIXTURES, '__snapshots__');

const cases = casesOfSelectedRules(
  fs
    .readdirSync(FIXTURES, { withFileTypes: true })
    .filter((e) => e.name !== '__snapshots__')
    .map((e) => ({ name: e.name, files: e.isDirectory() ? sourceFilesUnder(path.join(FIXTURES, e.name)) : [path.join(FIXTURES, e.name)] })),
);

describe('JS/TS rule fixtures match their reviewed snapshots', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const { findings, problems } = await lintFiles(c.files.sort(), {}, [FIXTURES]);
      assert.deepEqual(problems, []);
      // A fixture with labels agrees with them: every `// positive` line carries a finding, and
      // no finding sits on a line not marked `// positive`.
      assert.deepEqual(labelMismatches(findings, labelledFiles(c.files), FIXTURES), { missed: [], unmarked: [] });
      assertMatchesSnapshot(renderFindingsSnapshot(findings, FIXTURES), path.join(SNAPSHOTS, `${c.name}.snap`));
    });
  }
});

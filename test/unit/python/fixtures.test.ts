// Each Python rule's fixture file (test/fixtures/python/rules/BWnnn.py, or a folder for rules that
// span files) against a reviewed snapshot of its findings: code, line, column, message, related
// locations and quick-fix kind. After a deliberate change: UPDATE_SNAPSHOTS=1 npm run test:rule --
// BWnnn (or npx mocha ...), then review the diff line by line (a wrong finding in a snapshot is a
// bug, not a new baseline).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFiles } from '../../../server/analysis/lintFiles';
import { assertMatchesSnapshot, casesOfSelectedRules, labelMismatches, renderFindingsSnapshot } from '../snapshot';
import { sourceFilesUnder } from '../../files';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'python', 'rules');
const SNAPSHOTS = path.join(FIXTURES, '__snapshots__');


const allCases = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.name !== '__snapshots__' && (e.isDirectory() || e.name.endsWith('.py')))
  .map((e) => ({ name: e.name, files: e.isDirectory() ? sourceFilesUnder(path.join(FIXTURES, e.name), 'python') : [path.join(FIXTURES, e.name)] }));
const cases = casesOfSelectedRules(allCases);

describe('Python rule fixtures match their reviewed snapshots', () => {
  it('there is a fixture for every Python rule', () => {
    const codes = ['BW101', 'BW102', 'BW103', 'BW104', 'BW105', 'BW106', 'BW107', 'BW108', 'BW109', 'BW110', 'BW201', 'BW301', 'BW302', 'BW303'];
    assert.deepEqual(
      codes.filter((c) => !allCases.some((k) => k.name.replace(/\.py$/, '') === c)),
      [],
    );
  });

  for (const c of cases) {
    it(c.name, async () => {
      const { findings, problems } = await lintFiles(c.files, {}, [path.join(FIXTURES, c.name.endsWith('.py') ? '' : c.name)]);
      assert.deepEqual(problems, []);
      // The fixture's own labels agree with its findings: every `# positive` line carries one,
      // and no finding sits on a line not marked `# positive`.
      assert.deepEqual(labelMismatches(findings, c.files, FIXTURES), { missed: [], unmarked: [] });
      assertMatchesSnapshot(renderFindingsSnapshot(findings, FIXTURES), path.join(SNAPSHOTS, `${c.name}.snap`));
    });
  }
});

// Our own cases for every blocking-call pattern of the peers' suites (ruff's flake8_async
// fixtures, flake8-async's eval files), one file per peer rule group in test/fixtures/python/peers,
// linted as one workspace (as `boundwise lint` and `npm run bench -- peers` see them) against a
// reviewed snapshot per file. A `# positive` line carries a finding or is listed in one's related
// information (a use of an object after its flagged constructor); `(peer: ...)` labels mark where
// Boundwise deliberately differs, and the rule pages say why.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFiles } from '../../../server/analysis/lintFiles';
import type { Finding } from '../../../server/analysis/types';
import { assertMatchesSnapshot, labelMismatches, renderFindingsSnapshot } from '../snapshot';

const PEERS = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'python', 'peers');
const SNAPSHOTS = path.join(PEERS, '__snapshots__');

describe("the peers' blocking-call cases match their reviewed snapshots", () => {
  const files = fs.readdirSync(PEERS).filter((f) => f.endsWith('.py')).sort().map((f) => path.join(PEERS, f));
  let findings: Finding[] = [];

  before(async () => {
    const result = await lintFiles(files, {}, [PEERS]);
    assert.deepEqual(result.problems, []);
    findings = result.findings;
  });

  it('has a file for each peer rule group', () => {
    assert.deepEqual(files.map((f) => path.basename(f).split('_')[0]), ['async210', 'async212', 'async22x', 'async23x', 'async240', 'async250', 'async251']);
  });

  for (const file of files) {
    it(path.basename(file), () => {
      const own = findings.filter((f) => f.file === file);
      assert.deepEqual(labelMismatches(own, [file], PEERS, true), { missed: [], unmarked: [] });
      assertMatchesSnapshot(renderFindingsSnapshot(own, PEERS), path.join(SNAPSHOTS, `${path.basename(file)}.snap`));
    });
  }
});

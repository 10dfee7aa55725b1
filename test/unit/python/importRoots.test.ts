// Absolute imports that start in the src layout's `src` folder or in a uv workspace member name
// workspace code: a BW110 chain follows them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFiles } from '../../../server/analysis/lintFiles';
import { sourceFilesUnder, tempProject } from '../../files';

const HELPER = 'import subprocess\n\n\ndef git_head():\n    return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True).stdout\n';
const CALLER = (module: string) => `from ${module} import git_head\n\n\nasync def handler():\n    return git_head()\n`;
const UV = '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = [\n    "packages/*",  # the libraries\n]\nexclude = ["packages/legacy"]\n\n[tool.other]\nmembers = ["nothing"]\n';

describe('Python: imports from the src layout and uv workspace members', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const bw110In = async (files: Record<string, string>, file: string) => {
    const dir = tempProject(files);
    dirs.push(dir);
    const { findings, problems } = await lintFiles(sourceFilesUnder(dir), {}, [dir]);
    assert.deepEqual(problems, []);
    return findings.filter((f) => f.code === 'BW110' && f.file === path.join(dir, file)).map((f) => f.range.start.line + 1);
  };

  it('a test imports the package under src/ by its name', async () => {
    const files = { 'src/acme/__init__.py': HELPER, 'tests/test_api.py': CALLER('acme') };
    assert.deepEqual(await bw110In(files, 'tests/test_api.py'), [5]);
  });

  it('a uv workspace member imports another member (its src layout), not an excluded one', async () => {
    const files = {
      'pyproject.toml': UV,
      'packages/util/src/acme_util/__init__.py': HELPER,
      'packages/legacy/old_util/__init__.py': HELPER,
      'packages/app/src/acme_app/server.py': CALLER('acme_util'),
      'packages/app/src/acme_app/old.py': CALLER('old_util'),
    };
    assert.deepEqual(await bw110In(files, 'packages/app/src/acme_app/server.py'), [5]);
    assert.deepEqual(await bw110In(files, 'packages/app/src/acme_app/old.py'), []);
  });

  it('without the workspace table, a member is not an import root', async () => {
    const files = {
      'pyproject.toml': '[project]\nname = "root"\n',
      'packages/util/src/acme_util/__init__.py': HELPER,
      'packages/app/src/acme_app/server.py': CALLER('acme_util'),
    };
    assert.deepEqual(await bw110In(files, 'packages/app/src/acme_app/server.py'), []);
  });
});

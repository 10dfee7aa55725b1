import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(REPO, 'test', 'lsp', 'neovim', 'diagnostics.lua');

describe('boundwise lsp --stdio in a real Neovim (headless)', () => {
  it('shows BW101 for a Python file, configured as the README says', function () {
    const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(nvim.status, 0, 'Neovim is needed for this test: apt-get install neovim (.ci/run installs it)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boundwise-nvim-'));
    const file = path.join(dir, 'app.py');
    fs.writeFileSync(file, 'import time\n\nasync def f():\n    time.sleep(1)\n');
    const out = path.join(dir, 'diagnostics.txt');
    const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 25_000,
      env: { ...process.env, BOUNDWISE_CLI: path.join(REPO, 'bin', 'boundwise.js'), BOUNDWISE_OUT: out, BOUNDWISE_FILE: file, HOME: dir },
    });
    assert.equal(r.status, 0, `nvim exited ${r.status}: ${r.stderr}`);
    const lines = fs.readFileSync(out, 'utf8').split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^BW101 3:4 time\.sleep blocks the event loop in async function f/);
  });
});

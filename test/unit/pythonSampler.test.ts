// The Python sampler's own unit tests (test/python/, stdlib unittest with a fake clock and fake
// frames) run under mocha, so `npm test` and `npm run test:fast` fail when one of them does.
// Run alone: `python3 -m unittest discover -s test/python` (see CONTRIBUTING.md).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the Python sampler (unittest, test/python/)', function () {
  this.timeout(120000);

  it('passes its unit tests', () => {
    // -B: no __pycache__ beside the sampler's sources (the build copies that folder).
    const run = spawnSync('python3', ['-B', '-m', 'unittest', 'discover', '-s', path.join('test', 'python')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.error, undefined, `python3 did not start: ${run.error?.message}`);
    const summary = /Ran (\d+) tests?/.exec(run.stderr);
    assert.equal(run.status, 0, `python3 -m unittest failed:\n${run.stderr}`);
    assert.ok(summary && Number(summary[1]) > 0, `no Python test ran:\n${run.stderr}`);
  });
});

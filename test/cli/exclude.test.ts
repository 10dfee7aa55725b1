// `boundwise lint` as a real process: which files it reads. `exclude` / `extend-exclude` /
// `force-exclude` with ruff's meaning in the three configuration places, the folders skipped by
// default named in the summary, and build output linted when package.json points into it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempProject } from '../files';
import { boundwise } from './run';

const SLEEPY_PY = 'import time\n\nasync def handler():\n    time.sleep(1)\n';
const SLEEPY_JS = 'export async function w(v) {\n  Atomics.wait(v, 0, 0);\n}\n';

let dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = tempProject(files);
  dirs.push(dir);
  return dir;
}

/** The files with findings, as `lint --format json` reports them (forward slashes, sorted). */
function linted(dir: string, args: string[] = []): string[] {
  const r = boundwise(['lint', '--format', 'json', ...args], dir);
  assert.ok(r.status === 0 || r.status === 1, `status ${r.status}: ${r.stderr}`);
  return [...new Set((JSON.parse(r.stdout) as Array<{ file: string }>).map((f) => f.file.split(path.sep).join('/')))].sort();
}

describe('boundwise lint: which files it reads', () => {
  afterEach(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  const FILES = { 'app.py': SLEEPY_PY, 'gen/x.py': SLEEPY_PY, 'dist/y.py': SLEEPY_PY, 'tests/deep/z.py': SLEEPY_PY, 'pkg/src/gen/w.py': SLEEPY_PY };

  it('exclude replaces the default list and extend-exclude adds to it, in pyproject.toml, package.json and .boundwise.json', () => {
    assert.deepEqual(linted(project(FILES)), ['app.py', 'gen/x.py', 'pkg/src/gen/w.py', 'tests/deep/z.py']);
    // extend-exclude: dist/ stays skipped; a bare name names that folder anywhere, as in ruff.
    assert.deepEqual(linted(project({ ...FILES, 'pyproject.toml': '[tool.boundwise]\nextend-exclude = [\n  "gen",\n]\n' })), ['app.py', 'tests/deep/z.py']);
    // exclude: the default list is gone, so dist/ is read; `tests/*` reaches into sub-folders.
    assert.deepEqual(linted(project({ ...FILES, 'package.json': JSON.stringify({ boundwise: { exclude: ['tests/*'] } }) })), ['app.py', 'dist/y.py', 'gen/x.py', 'pkg/src/gen/w.py']);
    // A pattern with a folder is relative to the configuration file's folder; a trailing / is allowed.
    assert.deepEqual(linted(project({ ...FILES, '.boundwise.json': JSON.stringify({ 'extend-exclude': ['src/gen/', 'z.py'] }) })), ['app.py', 'gen/x.py', 'pkg/src/gen/w.py']);
    assert.deepEqual(linted(project({ ...FILES, 'pkg/.boundwise.json': JSON.stringify({ extendExclude: ['src/gen'] }) })), ['app.py', 'gen/x.py', 'tests/deep/z.py']);
    // `**/` matches no folder too: `**/gen/*` names gen/x.py as well as pkg/src/gen/w.py.
    assert.deepEqual(linted(project({ ...FILES, '.boundwise.json': JSON.stringify({ 'extend-exclude': ['**/gen/*'] }) })), ['app.py', 'tests/deep/z.py']);
  });

  it('a path named on the command line is read even when excluded, unless force-exclude is set (as in ruff)', () => {
    const dir = project({ ...FILES, 'pyproject.toml': '[tool.boundwise]\nextend-exclude = ["gen"]\n' });
    assert.deepEqual(linted(dir, ['gen/x.py', 'dist']), ['dist/y.py', 'gen/x.py']);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.boundwise]\nextend-exclude = ["gen"]\nforce-exclude = true\n');
    assert.deepEqual(linted(dir, ['gen/x.py', 'dist/y.py', 'app.py']), ['app.py']);
    // Not silently: the text output names each path it left out, and why.
    const r = boundwise(['lint', 'gen/x.py', 'dist/y.py'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^gen\/x\.py: excluded by the pattern 'gen' in .*pyproject\.toml, and force-exclude is set; not checked\.$/m);
    assert.match(r.stdout, /^dist\/y\.py: in dist\/, a folder skipped by default .*force-exclude is set; not checked\.$/m);
  });

  it('names the folders skipped by default, with the files in build output, in the summary', () => {
    const dir = project({
      'app.py': SLEEPY_PY,
      'dist/a.py': SLEEPY_PY,
      'dist/sub/b.js': SLEEPY_JS,
      'dist/notes.txt': 'not source',
      'packages/web/build/c.js': SLEEPY_JS,
      'out/empty.txt': 'no source here',
      'node_modules/dep/index.js': SLEEPY_JS,
    });
    const r = boundwise(['lint'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^Found 1 problem in 1 file\.$/m);
    assert.match(
      r.stdout,
      /^Skipped by default: dist\/ \(2 files\), packages\/web\/build\/ \(1 file\); dependencies and virtualenvs node_modules\/\. Lint one by naming it \(boundwise lint dist\/\), or change exclude in the project configuration\.$/m,
    );
    // The other formats keep standard output for the data, and say it on standard error.
    const json = boundwise(['lint', '--format', 'json'], dir);
    assert.equal(JSON.parse(json.stdout).length, 1);
    assert.match(json.stderr, /^boundwise lint: Skipped by default: dist\/ \(2 files\)/m);
    // Nothing skipped, nothing said.
    assert.doesNotMatch(boundwise(['lint'], project({ 'app.py': SLEEPY_PY })).stdout, /Skipped/);
  });

  it('lints a build output folder that package.json main, module or exports point into', () => {
    const files = { 'index.js': SLEEPY_JS, 'dist/index.js': SLEEPY_JS, 'dist/cjs/index.cjs': SLEEPY_JS, 'build/tool.js': SLEEPY_JS };
    // Nested conditions, and an array of fallbacks.
    const exportsField = { '.': { import: { types: './types/index.d.ts', default: './dist/index.js' }, require: ['./dist/cjs/index.cjs'] } };
    assert.deepEqual(linted(project({ ...files, 'package.json': JSON.stringify({ name: 'a', exports: exportsField }) })), ['dist/cjs/index.cjs', 'dist/index.js', 'index.js']);
    assert.deepEqual(linted(project({ ...files, 'package.json': JSON.stringify({ name: 'b', main: 'dist/cjs/index.cjs' }) })), ['dist/cjs/index.cjs', 'dist/index.js', 'index.js']);
    assert.deepEqual(linted(project({ ...files, 'package.json': JSON.stringify({ name: 'c', module: './build/tool.js' }) })), ['build/tool.js', 'index.js']);
    // A subpath pattern points into its folder; a package of its own in a sub-folder decides for its folders.
    assert.deepEqual(linted(project({ ...files, 'package.json': JSON.stringify({ name: 'd', exports: { './*': './build/*.js' } }) })), ['build/tool.js', 'index.js']);
    assert.deepEqual(
      linted(project({ 'lib/package.json': JSON.stringify({ name: 'e', main: './dist/index.js' }), 'lib/dist/index.js': SLEEPY_JS, 'dist/index.js': SLEEPY_JS })),
      ['lib/dist/index.js'],
    );
    // Pointing elsewhere, or an exclude the project wrote, keeps the folder skipped.
    assert.deepEqual(linted(project({ ...files, 'package.json': JSON.stringify({ name: 'f', main: 'index.js' }) })), ['index.js']);
    assert.deepEqual(linted(project({ ...files, 'package.json': JSON.stringify({ name: 'g', main: 'dist/index.js', boundwise: { exclude: ['dist', 'build'] } }) })), ['index.js']);
  });
});

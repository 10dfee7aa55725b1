import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import type { Log } from 'sarif';
import { tempProject } from '../files';
import { boundwise } from './run';

const SLEEPY_PY = 'import time\n\nasync def handler():\n    time.sleep(1)\n';
const SLEEPY_TS = 'export async function w(v: Int32Array) {\n  Atomics.wait(v, 0, 0);\n}\n';
const CLEAN_PY = 'import asyncio\n\nasync def handler():\n    await asyncio.sleep(1)\n';

describe('boundwise lint', () => {
  it('prints findings as text and exits 1', () => {
    const dir = tempProject({ 'app.py': SLEEPY_PY, 'w.ts': SLEEPY_TS });
    const r = boundwise(['lint'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^app\.py:4:5: BW101 \[warning\] time\.sleep blocks the event loop in async function handler; use await asyncio\.sleep\(\.\.\.\) instead\.$/m);
    assert.doesNotMatch(r.stdout, /`/, 'plain text: no Markdown backticks');
    assert.match(r.stdout, /^w\.ts:2:3: BW101 /m);
    assert.match(r.stdout, /Found 2 problems in 2 files\./);
  });

  it('exits 0 on clean code', () => {
    const dir = tempProject({ 'app.py': CLEAN_PY });
    const r = boundwise(['lint', '.'], dir);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /All checks passed/);
  });

  it('prints the documented JSON with 1-based positions', () => {
    const dir = tempProject({ 'pkg/app.py': SLEEPY_PY });
    const r = boundwise(['lint', 'pkg', '--format', 'json'], dir);
    assert.equal(r.status, 1);
    const rows = JSON.parse(r.stdout);
    assert.deepEqual(rows, [
      {
        file: path.join('pkg', 'app.py'),
        line: 4,
        column: 5,
        endLine: 4,
        endColumn: 18,
        code: 'BW101',
        severity: 'warning',
        message: rows[0].message,
        related: [],
      },
    ]);
    assert.match(rows[0].message, /asyncio\.sleep/);
  });

  it('JSON and SARIF carry related locations: a BW110 chain, and the uses of an object a flagged call made', () => {
    const dir = tempProject({
      'app.py': 'from store import load\n\nasync def handler(p):\n    f = open(p)\n    data = f.read()\n    f.close()\n    return load(data)\n',
      'store.py': 'import requests\n\ndef load(url):\n    return requests.get(url).text\n',
    });
    const json = JSON.parse(boundwise(['lint', '--format', 'json'], dir).stdout) as Array<{ file: string; line: number; code: string; related: Array<{ file: string; line: number; column: number; message: string }> }>;
    const open = json.find((f) => f.code === 'BW103');
    assert.deepEqual(open?.related.map((r) => [r.file, r.line, r.column]), [['app.py', 5, 12]]);
    assert.match(open!.related[0].message, /\bf\.read .* blocks too \(BW103\)/);
    assert.doesNotMatch(open!.related[0].message, /`/, "plain text: no Markdown backticks");
    const chain = json.find((f) => f.code === 'BW110');
    assert.deepEqual(chain?.related.map((r) => [r.file, r.line, r.column]), [['store.py', 4, 12]]);
    const log = JSON.parse(boundwise(['lint', '--format', 'sarif'], dir).stdout) as Log;
    const related = (log.runs[0].results ?? []).map((r) => [r.ruleId, (r.relatedLocations ?? []).map((l) => [l.physicalLocation?.artifactLocation?.uri, l.physicalLocation?.region?.startLine])]);
    assert.deepEqual(related, [
      ['BW103', [['app.py', 5]]],
      ['BW110', [['store.py', 4]]],
    ]);
  });

  it('writes SARIF 2.1.0 that validates against the official schema', () => {
    const dir = tempProject({ 'a b/app.py': SLEEPY_PY, 'w.ts': SLEEPY_TS });
    const r = boundwise(['lint', '--format=sarif'], dir);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as Log;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const validate = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results ?? [];
    assert.equal(results.length, 2);
    assert.equal(results[0].ruleId, 'BW101');
    const location = results[0].locations?.[0].physicalLocation;
    assert.equal(location?.artifactLocation?.uri, 'a%20b/app.py');
    assert.deepEqual(location?.region, { startLine: 4, startColumn: 5, endLine: 4, endColumn: 18 });
    assert.equal(log.runs[0].tool.driver.rules?.[results[0].ruleIndex ?? -1].id, 'BW101');
    // Plain text in message.text, the Markdown beside it; the rule's help travels inside the log,
    // with no link to a file of the machine that ran the lint.
    assert.equal(results[0].message.text, 'time.sleep blocks the event loop in async function handler; use await asyncio.sleep(...) instead.');
    assert.equal(results[0].message.markdown, '`time.sleep` blocks the event loop in async function `handler`; use `await asyncio.sleep(...)` instead.');
    assert.doesNotMatch(r.stdout, /file:\/\//);
    for (const rule of log.runs[0].tool.driver.rules ?? []) {
      assert.equal(rule.helpUri, undefined);
      // (a JS template literal in the text keeps its own backticks)
      assert.ok(rule.help?.text && !/`[\w.]+`/.test(rule.help.text), `${rule.id}: ${rule.help?.text}`);
      assert.match(rule.help?.markdown ?? '', new RegExp(`^# ${rule.id}: `));
    }
    assert.equal(log.runs[0].tool.driver.informationUri, undefined);
  });

  it('--select and --ignore filter by code or prefix', () => {
    const dir = tempProject({ 'app.py': SLEEPY_PY });
    assert.equal(boundwise(['lint', '--ignore', 'BW101'], dir).status, 0);
    assert.equal(boundwise(['lint', '--ignore', 'BW1'], dir).status, 0);
    assert.equal(boundwise(['lint', '--select', 'BW2'], dir).status, 0);
    assert.equal(boundwise(['lint', '--select', 'bw101'], dir).status, 1);
  });

  it('per-file-ignores (ruff\'s names and globs) in pyproject.toml, package.json and .boundwise.json', () => {
    const files = { 'app.py': SLEEPY_PY, 'tests/test_app.py': SLEEPY_PY, 'tests/deep/helpers.py': SLEEPY_PY, 'scripts/w.ts': SLEEPY_TS, 'w.ts': SLEEPY_TS };
    const linted = (config: Record<string, string>) => {
      const r = boundwise(['lint', '--format', 'json'], tempProject({ ...files, ...config }));
      assert.equal(r.status, 1, r.stderr);
      return (JSON.parse(r.stdout) as Array<{ file: string }>).map((f) => f.file.split(path.sep).join('/')).sort();
    };
    // `tests/*` reaches into sub-folders as in ruff; `!*.py` names every file that is not Python.
    const toml = ['[tool.boundwise]', 'ignore = ["BW108"]', '', '[tool.boundwise.per-file-ignores]', '"tests/*" = ["BW101"]', '"!*.py" = ["BW1"]'].join('\n');
    assert.deepEqual(linted({ 'pyproject.toml': toml }), ['app.py']);
    assert.deepEqual(linted({ 'package.json': JSON.stringify({ boundwise: { 'per-file-ignores': { 'scripts/*.ts': ['BW101'], 'helpers.py': 'BW1' } } }) }), [
      'app.py',
      'tests/test_app.py',
      'w.ts',
    ]);
    assert.deepEqual(linted({ '.boundwise.json': JSON.stringify({ perFileIgnores: { '{app,w}.*': ['BW101'] } }) }), ['tests/deep/helpers.py', 'tests/test_app.py']);
  });

  it('extraBlockingCalls names functions and methods of the workspace and globs', () => {
    const dir = tempProject({
      '.boundwise.json': JSON.stringify({ extraBlockingCalls: { 'Store.save': 'BW106', 'vendor.*_sync': 'BW110' } }),
      'store.py': 'class Store:\n    def save(self, row):\n        return row\n',
      'vendor.py': 'def fetch_sync(url):\n    return url\n\ndef fetch(url):\n    return url\n',
      'app.py': 'import vendor\nfrom store import Store\n\nasync def handle(url):\n    Store().save(url)\n    vendor.fetch(url)\n    return vendor.fetch_sync(url)\n',
    });
    const r = boundwise(['lint', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as Array<{ file: string; line: number; code: string }>).map((f) => `${f.file}:${f.line} ${f.code}`),
      ['app.py:5 BW106', 'app.py:7 BW110'],
    );
  });

  it('skips node_modules and virtualenvs when walking folders', () => {
    const dir = tempProject({
      'node_modules/dep/index.js': 'async function f(v){ Atomics.wait(v,0,0); }',
      '.venv/pyvenv.cfg': 'home = /usr/bin\n',
      '.venv/lib/x.py': SLEEPY_PY,
      'env2/pyvenv.cfg': '',
      'env2/y.py': SLEEPY_PY,
      'src/ok.py': CLEAN_PY,
    });
    assert.equal(boundwise(['lint'], dir).status, 0);
  });

  it('respects .gitignore inside a git repository', () => {
    const dir = tempProject({ '.gitignore': 'generated/\n', 'generated/x.py': SLEEPY_PY, 'src/ok.py': CLEAN_PY });
    spawnSync('git', ['init', '-q'], { cwd: dir });
    assert.equal(boundwise(['lint'], dir).status, 0);
    // A file named explicitly is linted even when ignored.
    assert.equal(boundwise(['lint', 'generated/x.py'], dir).status, 1);
  });

  it('says it skipped a named file that is not Python, JavaScript or TypeScript', () => {
    const dir = tempProject({ 'notes.txt': 'time.sleep(1)' });
    const r = boundwise(['lint', 'notes.txt'], dir);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /notes\.txt: not a Python, JavaScript or TypeScript file; skipped\./);
  });

  it('reports syntax errors in JS/TS in one line and keeps linting the other files', () => {
    const dir = tempProject({ 'bad.ts': 'export async function (', 'app.py': SLEEPY_PY });
    const r = boundwise(['lint', '--format', 'json'], dir);
    assert.equal(r.status, 1);
    assert.equal(JSON.parse(r.stdout).length, 1);
    assert.match(r.stderr, /bad\.ts: syntax error at line 1/);
  });

  it('keeps the facts of unchanged files in .boundwise_cache, ignored by git; --no-cache writes none', () => {
    const dir = tempProject({ 'app.py': SLEEPY_PY });
    const first = boundwise(['lint', '--format', 'json'], dir);
    assert.equal(first.status, 1, first.stderr);
    assert.match(fs.readFileSync(path.join(dir, '.boundwise_cache', '.gitignore'), 'utf8'), /^\*$/m);
    assert.equal(boundwise(['lint', '--format', 'json'], dir).stdout, first.stdout);
    fs.writeFileSync(path.join(dir, 'app.py'), CLEAN_PY);
    assert.equal(boundwise(['lint'], dir).status, 0, 'an edited file is analysed again');

    const other = tempProject({ 'app.py': SLEEPY_PY });
    assert.equal(boundwise(['lint', '--no-cache'], other).status, 1);
    assert.ok(!fs.existsSync(path.join(other, '.boundwise_cache')));
  });

  it('says in one line when it cannot write the cache, and lints all the same', () => {
    const dir = tempProject({ 'app.py': SLEEPY_PY, 'taken.txt': 'a file, not a folder' });
    const r = boundwise(['lint', 'app.py', '--cache-dir', path.join('taken.txt', 'cache')], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /BW101/);
    assert.match(r.stderr, /^boundwise lint: could not write the cache in .*taken\.txt.cache \(.*\); the next run parses every file again\.$/m);
  });

  it('survives binary and huge files', () => {
    const dir = tempProject({ 'bin.py': 'x = 1\0\0\0', 'big.py': 'x = 1\n'.repeat(1_000_000), 'app.py': SLEEPY_PY });
    const r = boundwise(['lint', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /bin\.py: skipped: it contains binary data\./);
    assert.match(r.stderr, /big\.py: skipped: it is larger than 5 MB\./);
  });

  it('--statistics still names the files it did not check, on stderr', () => {
    const dir = tempProject({ 'bin.py': 'x = 1\0\0\0', 'app.py': SLEEPY_PY });
    const r = boundwise(['lint', '--statistics'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '1\tBW101\t[*] blocking-sleep\n');
    assert.match(r.stderr, /^boundwise lint: .*bin\.py: skipped: it contains binary data\.$/m);
  });

  describe('usage errors exit 2 with one clear line', () => {
    const dir = tempProject({ 'app.py': SLEEPY_PY });
    const cases: Array<[string[], RegExp]> = [
      [['lint', 'missing.py'], /^boundwise lint: path not found: missing\.py$/m],
      [['lint', '--frobnicate'], /^boundwise lint: unknown option '--frobnicate'$/m],
      [['lint', '--format', 'xml'], /--output-format must be one of full, concise, json, sarif, github \(or text\), got 'xml'/],
      [['lint', '--unsafe-fixes'], /--unsafe-fixes goes with --fix/],
      [['lint', '--format'], /option '--format' needs a value/],
      [['lint', '--select', 'E501'], /--select expects rule codes/],
      [['frob'], /unknown command 'frob'/],
    ];
    for (const [args, message] of cases) {
      it(args.join(' '), () => {
        const r = boundwise(args, dir);
        assert.equal(r.status, 2);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '');
      });
    }
  });

  it('--output-format concise, github and the old --format text; --statistics counts per rule', () => {
    const files = { 'app.py': `${SLEEPY_PY}\nasync def again():\n    time.sleep(2)\n`, 'w.ts': SLEEPY_TS };
    const dir = tempProject(files);
    const full = boundwise(['lint', '--format', 'text'], dir);
    assert.equal(full.stdout, boundwise(['lint', '--output-format=full'], dir).stdout);
    const concise = boundwise(['lint', '--output-format', 'concise'], dir);
    assert.equal(concise.status, 1);
    assert.deepEqual(concise.stdout.trim().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')), ['app.py:4:5: BW101 [warning]', 'app.py:7:5: BW101 [warning]', 'w.ts:2:3: BW101 [warning]', 'Found 3 problems']);
    const github = boundwise(['lint', '--output-format', 'github'], dir);
    assert.equal(github.status, 1);
    assert.match(github.stdout, /^::warning file=app\.py,line=4,col=5,endLine=4,endColumn=18,title=boundwise \(BW101\)::BW101 time\.sleep blocks the event loop/m);
    assert.equal(github.stdout.trim().split('\n').length, 3);
    const stats = boundwise(['lint', '--statistics'], dir);
    assert.equal(stats.status, 1);
    assert.equal(stats.stdout, '3\tBW101\t[*] blocking-sleep\n');
    const statsJson = JSON.parse(boundwise(['lint', '--statistics', '--output-format', 'json'], dir).stdout);
    assert.deepEqual(statsJson, [{ code: 'BW101', name: 'blocking-sleep', count: 3, fixable: true }]);
  });

  it('--fix applies the safe fixes the editor offers, leaves the unsafe ones, and --unsafe-fixes applies those too', () => {
    const py = `${SLEEPY_PY}\nasync def fetch(urls):\n    import requests\n    return requests.get(urls[0])\n`;
    const dir = tempProject({ 'app.py': py });
    const r = boundwise(['lint', '--fix'], dir);
    const fixed = fs.readFileSync(path.join(dir, 'app.py'), 'utf8');
    assert.match(fixed, /^import asyncio$/m);
    assert.match(fixed, /await asyncio\.sleep\(1\)/);
    assert.equal(fixed.split('import asyncio').length, 2, fixed);
    // requests.get in a thread is an unsafe fix (the callee must be thread-safe): left as it is.
    assert.match(fixed, /return requests\.get\(urls\[0\]\)/);
    assert.equal(r.status, 1, 'the BW102 finding is left');
    assert.match(r.stdout, /^app\.py:\d+:\d+: BW102 /m);
    assert.doesNotMatch(r.stdout, /BW101/);
    assert.match(r.stdout, /Fixed 1 problem; 1 left\./);
    const unsafe = boundwise(['lint', '--fix', '--unsafe-fixes'], dir);
    assert.equal(unsafe.status, 0, unsafe.stdout);
    assert.match(fs.readFileSync(path.join(dir, 'app.py'), 'utf8'), /await asyncio\.to_thread\(requests\.get, urls\[0\]\)/);
  });

  it('boundwise --version prints the version; lsp --help prints help and exits 0 without starting a server', () => {
    const dir = tempProject({});
    const version = boundwise(['--version'], dir);
    assert.equal(version.status, 0);
    assert.equal(version.stdout, `${JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version}\n`);
    const help = boundwise(['lsp', '--help'], dir);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: boundwise lsp --stdio/);
  });

  it('--help prints usage and exits 0', () => {
    const r = boundwise(['lint', '--help'], tempProject({}));
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Usage: boundwise lint/);
    assert.ok(fs.existsSync(path.join(__dirname, 'run.js')));
  });
});

// Code nested thousands deep (generated code, long sums, deep brackets) through the real CLI, with
// a normal file beside it: the normal file's findings appear, a finding at the bottom of the deep
// code is found where the parser accepts it, and where the parser refuses the file that is said
// in one sentence for that file only (listed above the summary, on stderr with --format json,
// exit status 2 as `lint --help` says).
import * as assert from 'node:assert/strict';
import { tempProject } from '../files';
import { boundwise } from './run';

const NORMAL_PY = 'import time\n\nasync def handler():\n    time.sleep(1)\n';
const NORMAL_JS = "const fs = require('fs');\nasync function handler() {\n  return fs.readFileSync('a');\n}\nmodule.exports = { handler };\n";

/** A JS module whose async function holds `deep` (an expression or statements) on line 3. */
function jsModule(deep: string): string {
  return `const fs = require('fs');\nasync function handler(x) {\n${deep}\n}\nmodule.exports = { handler };\n`;
}

describe('boundwise lint on deeply nested code', function () {
  this.timeout(120_000);

  it('lints Python with a 10,000-term sum and finds the blocking call at the bottom of a 5,000-term one', () => {
    const deep = [
      'import time',
      '',
      `TOTAL = ${Array(10_000).fill('1').join(' + ')}`,
      '',
      'async def handler():',
      `    y = time.sleep(1)${' + 1'.repeat(5_000)}`,
      '',
    ].join('\n');
    const dir = tempProject({ 'deep.py': deep, 'ok.py': NORMAL_PY });
    const r = boundwise(['lint', '--no-cache'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^deep\.py:6:9: BW101 \[warning\] time\.sleep /m);
    assert.match(r.stdout, /^ok\.py:4:5: BW101 /m);
    assert.match(r.stdout, /Found 2 problems in 2 files\.$/m);
    assert.equal(r.stderr, '');
  });

  it('lints JavaScript nested 1,000 deep (if blocks, parentheses, arrays, calls) and finds the call at the bottom', () => {
    const call = "fs.readFileSync('deep')";
    const dir = tempProject({
      'ifs.js': jsModule(`${'if (x) {'.repeat(1_000)}${call};${'}'.repeat(1_000)}`),
      'parens.js': jsModule(`  return ${'('.repeat(1_000)}${call}${')'.repeat(1_000)};`),
      'arrays.js': jsModule(`  return ${'['.repeat(1_000)}${call}${']'.repeat(1_000)};`),
      'calls.js': jsModule(`  return ${'f('.repeat(1_000)}${call}${')'.repeat(1_000)};`),
      'sum.js': jsModule(`  return ${call}${' + 1'.repeat(2_000)};`),
      'ok.js': NORMAL_JS,
    });
    const r = boundwise(['lint', '--no-cache'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stdout, /syntax error|not analysed/);
    assert.match(r.stdout, /^ifs\.js:3:8001: BW103 \[warning\] fs\.readFileSync /m);
    assert.match(r.stdout, /^parens\.js:3:1010: BW103 /m);
    assert.match(r.stdout, /^arrays\.js:3:1010: BW103 /m);
    assert.match(r.stdout, /^calls\.js:3:2010: BW103 /m);
    assert.match(r.stdout, /^sum\.js:3:10: BW103 /m);
    assert.match(r.stdout, /^ok\.js:3:10: BW103 /m);
    assert.match(r.stdout, /Found 6 problems in 6 files\.$/m);
  });

  it('lints 5,000 nested loops and 10,000 nested functions and lambdas in seconds and without gigabytes', () => {
    // Coarse guards against a hang and a blow-up (each took minutes or gigabytes when loop facts and
    // qualified names cost the square of the nesting); the real timings are in `npm run bench`.
    const dir = tempProject({
      'loops.js': jsModule(`${'for (;;) {'.repeat(5_000)}fs.readFileSync('deep');${'}'.repeat(5_000)}`),
      'functions.js': jsModule(`${'function f() {'.repeat(10_000)}${'}'.repeat(10_000)}\n  return fs.readFileSync('deep');`),
      'lambdas.py': `import time\n\nasync def handler():\n    y = ${'f(lambda: '.repeat(10_000)}0${')'.repeat(10_000)}\n    time.sleep(1)\n`,
    });
    // With the facts cache (the default), which writes every name out.
    const r = boundwise(['lint', 'loops.js', 'functions.js', 'lambdas.py'], dir, { measureMemory: true, timeoutMs: 90_000 });
    assert.equal(r.status, 1, `status ${r.status}: ${r.stderr}`);
    assert.match(r.stdout, /^loops\.js:3:50001: BW103 /m);
    assert.match(r.stdout, /^functions\.js:4:10: BW103 /m);
    assert.match(r.stdout, /^lambdas\.py:5:5: BW101 /m);
    assert.ok(r.peakMb! < 1_000, `peak RSS ${r.peakMb} MB`);
  });

  it('says in one sentence that it could not analyse a file the parser refuses, and lints the others', () => {
    const refused = jsModule(`${'if (x) {'.repeat(50_000)}fs.readFileSync('deep');${'}'.repeat(50_000)}`);
    const dir = tempProject({ 'refused.js': refused, 'ok.js': NORMAL_JS, 'ok.py': NORMAL_PY });
    const text = boundwise(['lint', '--no-cache'], dir);
    assert.equal(text.status, 2, text.stderr);
    assert.match(text.stdout, /^ok\.js:3:10: BW103 /m);
    assert.match(text.stdout, /^ok\.py:4:5: BW101 /m);
    assert.match(text.stdout, /^refused\.js: not analysed: its code is nested too deeply for the JavaScript\/TypeScript parser\.$/m);
    assert.match(text.stdout, /^Found 2 problems in 2 files; 1 file could not be analysed \(listed above\)\.$/m);
    assert.doesNotMatch(text.stdout, /syntax error|All checks passed/);
    assert.equal(text.stderr, '');

    const json = boundwise(['lint', '--no-cache', '--format', 'json'], dir);
    assert.equal(json.status, 2, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout).map((f: { file: string; code: string }) => `${f.file} ${f.code}`).sort(), ['ok.js BW103', 'ok.py BW101']);
    assert.match(json.stderr, /^boundwise lint: \S*refused\.js: not analysed: its code is nested too deeply for the JavaScript\/TypeScript parser\.$/m);
    assert.equal(json.stderr.trim().split('\n').length, 1, json.stderr);
  });
});

import * as assert from 'node:assert/strict';
import { analyzeSource } from '../../../server/analysis/engine';
import { jsQuickFixes } from '../../../server/analysis/js/fixes';
import { applyEdits } from '../../../server/analysis/textEdits';
import { parseJs } from '../../../server/analysis/js/facts';
import { lines } from '../helpers';

/** Analyses `source`, applies the first (preferred) fix of the one `code` finding, and returns the
 * fixed text after checking that it parses and no longer carries a `code` finding. */
function fixOnce(file: string, source: string, code: string): string {
  const language = file.endsWith('.ts') || file.endsWith('.tsx') ? 'typescript' : 'javascript';
  const before = analyzeSource(file, source, language).findings.filter((f) => f.code === code);
  assert.equal(before.length, 1, `one ${code} finding before the fix, got ${JSON.stringify(before.map((f) => f.message))}`);
  const fixes = jsQuickFixes(file, source, before[0]);
  assert.ok(fixes.length >= 2, 'a fix and the suppression');
  assert.ok(fixes[0].isPreferred, `a real fix is offered first, got ${fixes.map((f) => f.title)}`);
  const fixed = applyEdits(source, fixes[0].edits);
  assert.doesNotThrow(() => parseJs(fixed, file), `fixed code parses:\n${fixed}`);
  const after = analyzeSource(file, fixed, language);
  assert.equal(after.syntaxError, undefined);
  assert.deepEqual(after.findings.filter((f) => f.code === code).map((f) => f.message), [], `fixed code:\n${fixed}`);
  // The suppression also parses and silences it.
  const suppressed = applyEdits(source, fixes[fixes.length - 1].edits);
  assert.deepEqual(analyzeSource(file, suppressed, language).findings.filter((f) => f.code === code), []);
  return fixed;
}

describe('JS/TS quick fixes: every fix parses and removes its finding', () => {
  describe('blocking call -> awaited promise twin', () => {
    it('fs.readFileSync -> await fs.promises.readFile through the same fs binding', () => {
      const fixed = fixOnce('a.js', lines("const fs = require('node:fs');", 'async function f(p) {', "  return fs.readFileSync(p, 'utf8');", '}'), 'BW103');
      assert.match(fixed, /return await fs\.promises\.readFile\(p, 'utf8'\);/);
    });

    it('uses the fs/promises import already in the file', () => {
      const fixed = fixOnce(
        'a.ts',
        lines("import { readFileSync } from 'fs';", "import { readFile } from 'node:fs/promises';", 'export async function f(p: string) {', '  const t = readFileSync(p).toString();', '  return t;', '}'),
        'BW103',
      );
      assert.match(fixed, /const t = \(await readFile\(p\)\)\.toString\(\);/);
    });

    it('adds a fs/promises import when fs is only imported by name, and makes a sync handler async', () => {
      const fixed = fixOnce(
        'a.mjs',
        lines("import express from 'express';", "import { writeFileSync as save } from 'node:fs';", 'const app = express();', "app.post('/x', (req, res) => {", "  save('x.txt', req.body);", '  res.end();', '});'),
        'BW103',
      );
      assert.match(fixed, /import \{ writeFile \} from 'node:fs\/promises';/);
      assert.match(fixed, /app\.post\('\/x', async \(req, res\) => \{/);
      assert.match(fixed, /await writeFile\('x\.txt', req\.body\);/);
    });

    it('execSync -> (await promisify(exec)(...)).stdout, with the imports it needs (CommonJS)', () => {
      const fixed = fixOnce('a.js', lines("const { execSync } = require('child_process');", 'async function rev() {', "  return execSync('git rev-parse HEAD').toString().trim();", '}'), 'BW104');
      assert.match(fixed, /const \{ promisify \} = require\('node:util'\);/);
      assert.match(fixed, /const \{ exec \} = require\('node:child_process'\);/);
      assert.match(fixed, /return \(await promisify\(exec\)\('git rev-parse HEAD'\)\)\.stdout\.toString\(\)\.trim\(\);/);
    });

    it('execFileSync in a class method (TypeScript, ESM)', () => {
      const fixed = fixOnce('a.ts', lines("import * as cp from 'node:child_process';", 'export class Git {', '  async head(): Promise<string> {', "    return cp.execFileSync('git', ['rev-parse', 'HEAD']).toString();", '  }', '}'), 'BW104');
      assert.match(fixed, /^import \* as cp from 'node:child_process';\nimport \{ promisify \} from 'node:util';\n/);
      assert.match(fixed, /return \(await promisify\(cp\.execFile\)\('git', \['rev-parse', 'HEAD'\]\)\)\.stdout\.toString\(\);/);
    });

    it('offers only the suppression where the call sits in a value callback', () => {
      const source = lines("const fs = require('fs');", 'async function f(names) {', '  return names.map((n) => fs.readFileSync(n));', '}');
      const [finding] = analyzeSource('a.js', source, 'javascript').findings;
      const fixes = jsQuickFixes('a.js', source, finding);
      assert.deepEqual(fixes.map((f) => f.title), ['Ignore BW103 on this line']);
    });
  });

  describe('CPU loop -> periodic yield', () => {
    it('uses the loop counter of a counted for loop', () => {
      const fixed = fixOnce('a.js', lines('async function h(buf) {', '  let h = 0;', '  for (let i = 0; i < buf.length; i++) {', '    for (let j = i + 1; j < buf.length; j++) h = (h * 31 + buf[i] * buf[j]) | 0;', '  }', '  return h;', '}'), 'BW201');
      assert.match(fixed, /if \(i % 1000 === 0\) await new Promise\(setImmediate\);/);
    });

    it('adds a counter to a busy-wait with an empty body', () => {
      fixOnce('a.ts', lines('export async function spin(ms: number) {', '  const end = Date.now() + ms;', '  while (Date.now() < end) {}', '}'), 'BW201');
    });

    it('wraps a single-statement body and makes an express handler async', () => {
      const fixed = fixOnce('a.js', lines("const app = require('express')();", "app.get('/sum', (req, res) => {", '  let s = 0;', '  for (let i = 0; i < 1e7; i++) s += i;', '  res.json(s);', '});'), 'BW201');
      assert.match(fixed, /async \(req, res\)/);
    });

    it('handles do/while and for-of over nested loops', () => {
      fixOnce('a.js', lines('async function f(n) {', '  let i = 0;', '  do {', '    i++;', '  } while (true);', '}'), 'BW201');
      fixOnce('a.js', lines('async function pairs(xs) {', '  const out = [];', '  for (const a of xs) {', '    for (const b of xs) out.push([a, b]);', '  }', '  return out;', '}'), 'BW201');
    });
  });

  describe('sequential awaits -> Promise.all', () => {
    it('for-of with push: the results are pushed in order once all are in', () => {
      const fixed = fixOnce('a.ts', lines('export async function all(urls: string[]) {', '  const pages: Response[] = [];', '  for (const url of urls) {', '    pages.push(await fetch(url));', '  }', '  return pages;', '}'), 'BW302');
      assert.match(fixed, /for \(const result of await Promise\.all\(Array\.from\(urls, \(url\) => fetch\(url\)\)\)\) pages\.push\(result\);/);
    });

    it('an indexed for loop', () => {
      const fixed = fixOnce('a.js', lines('async function readAll(paths) {', '  for (let i = 0; i < paths.length; i++) {', "    await fetch(paths[i]);", '  }', '}'), 'BW302');
      assert.match(fixed, /await Promise\.all\(Array\.from\(\{ length: paths\.length \}, \(_, i\) => fetch\(paths\[i\]\)\)\);/);
    });

    it('destructured loop variables', () => {
      fixOnce('a.js', lines('async function put(map) {', '  for (const [k, v] of map) {', "    await fetch(`/kv/${k}`, { method: 'PUT', body: v });", '  }', '}'), 'BW302');
    });

    it('is not offered where the rewrite could change what the loop does', () => {
      const offered = (source: string) => {
        const [finding] = analyzeSource('a.js', source, 'javascript').findings.filter((f) => f.code === 'BW302');
        assert.ok(finding, `a BW302 finding in:\n${source}`);
        return jsQuickFixes('a.js', source, finding).map((f) => f.title);
      };
      const suppressionOnly = ['Ignore BW302 on this line'];
      // More than the one awaited statement: the steps of an iteration would interleave.
      assert.deepEqual(offered(lines('async function f(users) {', '  for (const u of users) {', '    const body = `hi ${u.name}`;', "    await fetch(`/notify/${u.id}`, { method: 'POST', body });", '  }', '}')), suppressionOnly);
      // An argument that calls something: it would run for every item before the first request.
      assert.deepEqual(offered(lines('async function f(users, urlOf) {', '  for (const u of users) await fetch(urlOf(u));', '}')), suppressionOnly);
      // Pushing into the list being walked.
      assert.deepEqual(offered(lines('async function f(urls) {', '  for (const u of urls) urls.push(await fetch(u));', '}')), suppressionOnly);
      // A `var` loop variable outlives the loop.
      assert.deepEqual(offered(lines('async function f(urls) {', '  for (var u of urls) await fetch(u);', '  return u;', '}')), suppressionOnly);
    });
  });
});

// `boundwise lint`'s engine over many files: files without async code are parsed only when a
// call chain reaches them, and unchanged files come from the facts cache; neither may change a
// finding.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FactsCache } from '../../server/analysis/factsCache';
import { lintFiles, type LintResult } from '../../server/analysis/lintFiles';
import { EXTRA_CORPUS, NO_EXTRA_CORPUS, sourceFilesUnder, tempProject } from '../files';

const REPO = path.resolve(__dirname, '..', '..', '..');



const summary = (r: LintResult) => r.findings.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`);

/** An async handler in one file reaches a blocking call two files away, through files without async code. */
const CHAIN = {
  'service.py': 'import helpers\n\nasync def handle():\n    return helpers.fetch("x")\n',
  'helpers.py': 'import low\n\ndef fetch(key):\n    return low.get(key)\n',
  'low.py': 'import requests\n\ndef get(key):\n    return requests.get("http://db/" + key)\n',
  'unrelated.py': 'def add(a, b):\n    return a + b\n',
  'server.js': "const { load } = require('./store');\nexports.handler = async () => load();\n",
  'store.js': "const fs = require('fs');\nexports.load = () => fs.readFileSync('/etc/hosts', 'utf8');\n",
  'math.js': 'exports.add = (a, b) => a + b;\n',
};

describe('lintFiles', () => {
  it('parses files without async code only when a chain reaches them, and still reports the chain', async () => {
    const dir = tempProject(CHAIN);
    const files = Object.keys(CHAIN).map((f) => path.join(dir, f));
    const result = await lintFiles(files, {}, [dir]);
    assert.deepEqual(
      result.findings.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1} ${f.code} ${f.related?.length ?? 0}`),
      ['service.py:4 BW110 2', 'server.js:2 BW110 1'],
    );
    // service.py, helpers.py, low.py, server.js, store.js: not unrelated.py nor math.js.
    assert.equal(result.parsedFiles, 5);
    assert.deepEqual(summary(await lintFiles(files, {}, [dir], { parseEveryFile: true })), summary(result));
  });

  for (const [name, dir] of [
    ['the rule fixtures', path.join(REPO, 'test', 'fixtures')],
    ['the external corpus', EXTRA_CORPUS],
    ['the examples', path.join(REPO, 'examples')],
  ]) {
    it(`finds the same in ${name} as when it parses every file${dir ? '' : ` (skipped: ${NO_EXTRA_CORPUS})`}`, async function () {
      if (!dir) return this.skip();
      this.timeout(60_000);
      const files = sourceFilesUnder(dir);
      const fast = await lintFiles(files, {}, [dir]);
      const every = await lintFiles(files, {}, [dir], { parseEveryFile: true });
      assert.ok(every.findings.length > 0, `${name} has findings`);
      assert.deepEqual(summary(fast), summary(every));
      // Only a syntax error in a file nothing reaches may go unreported.
      const problems = (r: LintResult) => r.problems.map((p) => `${p.file}: ${p.message}`);
      assert.deepEqual(problems(fast), problems(every).filter((p) => problems(fast).includes(p) || !/syntax error/.test(p)));
    });
  }

  describe('with a facts cache', () => {
    it('parses nothing again when nothing changed, and exactly the edited file after an edit', async () => {
      const dir = tempProject(CHAIN);
      const cacheDir = path.join(dir, '.boundwise_cache');
      const files = Object.keys(CHAIN).map((f) => path.join(dir, f));
      const run = async () => {
        const cache = FactsCache.open(cacheDir, 'test-build');
        const result = await lintFiles(files, {}, [dir], { cache });
        cache.save();
        return result;
      };
      const first = await run();
      assert.equal(first.parsedFiles, 5);
      assert.equal(fs.readFileSync(path.join(cacheDir, '.gitignore'), 'utf8').trim().split('\n').pop(), '*');

      const second = await run();
      assert.equal(second.parsedFiles, 0);
      assert.deepEqual(summary(second), summary(first));

      // low.py stops blocking: the chain and its finding go away although service.py did not change.
      fs.writeFileSync(path.join(dir, 'low.py'), 'def get(key):\n    return key\n');
      const third = await run();
      assert.equal(third.parsedFiles, 1);
      assert.deepEqual(summary(third), summary(first).filter((f) => f.startsWith('server.js')));
    });

    it('starts afresh from a cache written by another build or damaged', async () => {
      const dir = tempProject(CHAIN);
      const cacheDir = path.join(dir, 'cache');
      const files = Object.keys(CHAIN).map((f) => path.join(dir, f));
      const first = FactsCache.open(cacheDir, 'build-1');
      const expected = summary(await lintFiles(files, {}, [dir], { cache: first }));
      first.save();

      const otherBuild = await lintFiles(files, {}, [dir], { cache: FactsCache.open(cacheDir, 'build-2') });
      assert.equal(otherBuild.parsedFiles, 5);
      assert.deepEqual(summary(otherBuild), expected);

      for (const file of fs.readdirSync(cacheDir)) fs.writeFileSync(path.join(cacheDir, file), 'not a cache');
      const damaged = await lintFiles(files, {}, [dir], { cache: FactsCache.open(cacheDir, 'build-1') });
      assert.equal(damaged.parsedFiles, 5);
      assert.deepEqual(summary(damaged), expected);
    });
  });
});

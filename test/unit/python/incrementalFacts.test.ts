// The editor path reuses the facts of the top-level statements an edit did not touch (see
// PythonFactsMemo in server/analysis/python/facts.ts). Whatever the edit (inside a function, to an
// import, a module constant or a class attribute other statements read, lines added or removed, a
// syntax error and its fix), the facts and findings must be those of a from-scratch analysis.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractFacts, initAnalysis, runRules } from '../../../server/analysis/engine';
import { extractPythonFacts, pythonFactsStats } from '../../../server/analysis/python/facts';
import { forgetPythonParse } from '../../../server/analysis/python/incremental';
import { parsePython } from '../../../server/analysis/python/parser';
import type { Finding, SourceFacts } from '../../../server/analysis/types';
import { EXTRA_CORPUS, sourceFilesUnder } from '../../files';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const MODULE_STATE = path.join(ROOT, 'test', 'fixtures', 'python', 'incremental', 'module_state.py');

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}


interface Analysis {
  facts: SourceFacts;
  findings: Finding[];
}

function fromScratch(file: string, text: string): Analysis {
  const parsed = parsePython(text);
  try {
    const facts = extractPythonFacts(file, text, parsed);
    return { facts, findings: runRules(facts) };
  } finally {
    parsed.dispose();
  }
}

/** The language server's path: the file's last parse and facts are reused. */
function edited(file: string, text: string): Analysis {
  const facts = extractFacts(file, text, 'python', true);
  return { facts, findings: runRules(facts) };
}

/** Re-analyses `text` as an edit of the file's last text and compares with a from-scratch
 * analysis; returns how many top-level statements the re-analysis visited and reused, and whether
 * the text has syntax errors. */
function check(file: string, text: string, what: string): { visited: number; reused: number; broken: boolean } {
  const before = { ...pythonFactsStats };
  const actual = edited(file, text);
  const counts = { visited: pythonFactsStats.visitedStatements - before.visitedStatements, reused: pythonFactsStats.reusedStatements - before.reusedStatements };
  const expected = fromScratch(file, text);
  assert.deepStrictEqual(actual.facts, expected.facts, `facts after ${what}`);
  assert.deepStrictEqual(actual.findings, expected.findings, `findings after ${what}`);
  return { ...counts, broken: expected.facts.syntaxErrors.length > 0 };
}

function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `the fixture contains ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Edits that change what other statements read (or only the statement edited), each applied to
 * the text the one before left, then undone. */
const TARGETED: Array<[string, string, string]> = [
  ['a digit in a function', '    total = 0\n', '    total = 1\n'],
  ['a module constant a loop bound reads', 'LIMIT = 50_000', 'LIMIT = 5_000'],
  ['a module constant read through another', 'STEP = LIMIT // 10', 'STEP = LIMIT // 1'],
  ['a module constant made large', 'SMALL = 3\n', 'SMALL = 30000\n'],
  ['an import', 'import requests\n', 'import httpx as requests\n'],
  ['an import removed', 'import time\n', ''],
  ['a from-import', 'from .helpers import fetch_all as fetch_many', 'from .helpers import fetch_one as fetch_many'],
  ['a module object', 'session = requests.Session()', 'session = None'],
  ['a module alias', 'nap = time.sleep', 'nap = asyncio.sleep'],
  ['a class attribute', '        self.http = requests.Session()', '        self.http = None'],
  ['a class attribute removed', '        self.http = requests.Session()\n', ''],
  ['a pool attribute', 'self.procs = ProcessPoolExecutor()', 'self.procs = ThreadPoolExecutor()'],
  ['a class renamed', 'class Client:', 'class Klient:'],
  ['a base class', 'class Cached(Client):', 'class Cached(object):'],
  ['a function made async', 'def score(data):', 'async def score(data):'],
  ['a function made async (recursive)', 'def fib(n):', 'async def fib(n):'],
  ['a function renamed', 'def fib(n):', 'def fob(n):'],
  ['a line added inside a function', '    return n if n < 2', '\n    return n if n < 2'],
  ['a line added at the top', '# What top-level', '\n# What top-level'],
  ['lines added above module objects', 'import asyncio\n', 'import asyncio\nimport os\n\n'],
  ['a line added between classes', 'class Cached(Client):', '\nclass Cached(Client):'],
  ['a line removed', '    loop = asyncio.get_running_loop()\n', ''],
  ['a statement joined onto a line', 'SMALL = 3\n', 'SMALL = 3; '],
  ['an async def added in the middle', 'def fib(n):', 'async def added():\n    time.sleep(1)\n    return [x async for x in agen()]\n\n\ndef fib(n):'],
  ['a class added', 'def score(data):', 'class Client:\n    def __init__(self):\n        self.http = None\n\n\ndef score(data):'],
  ['a function redefined', 'async def spin():', 'def handler(urls):\n    pass\n\n\nasync def spin():'],
  ['a module binding shadowing a function', 'if __name__', 'fib = partial(print)\n\nif __name__'],
  ['an unclosed bracket', '    return total\n', '    return (total\n'],
  ['a colon removed', 'async def spin():', 'async def spin()'],
  ['an indentation error', '        nap(0.1)', '      nap(0.1)'],
  ['everything deleted but the imports', 'LIMIT = 50_000', ''],
  ['a helper\'s return annotation', 'def make_session() -> requests.Session:', 'def make_session() -> requests.Sessions:'],
  ['a method\'s return annotation', '    def session(self) -> requests.Session:', '    def session(self):'],
  ['two functions swapped (reused out of order)', 'def score(data):\n    total = 0\n    for i in range(LIMIT):\n        total += i * len(data)\n    return total\n\n\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n', 'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\n\ndef score(data):\n    total = 0\n    for i in range(LIMIT):\n        total += i * len(data)\n    return total\n\n\n'],
  ['a helper made a generator', '    return requests.Session()\n\n\nclass Factory', '    yield requests.Session()\n\n\nclass Factory'],
];

describe('Python facts after an edit equal a from-scratch analysis', () => {
  before(() => initAnalysis());
  after(() => forgetPythonParse(MODULE_STATE));

  /** Parses the fixture afresh, then re-analyses it after replacing `from` with `to`. */
  const countsAfterOneEdit = (from: string, to: string, what: string) => {
    const text = fs.readFileSync(MODULE_STATE, 'utf8');
    forgetPythonParse(MODULE_STATE);
    check(MODULE_STATE, text, 'the first parse');
    return check(MODULE_STATE, replaceOnce(text, from, to), what);
  };

  it('a one-character edit visits only the statement it touched', () => {
    const counts = countsAfterOneEdit('    total = 0\n', '    total = 7\n', 'a digit in a function');
    assert.equal(counts.visited, 1);
    assert.ok(counts.reused > 10, `${counts.reused} reused`);
  });

  it('lines added inside a function move the statements below without visiting them', () => {
    const counts = countsAfterOneEdit('    return n if n < 2', '\n\n    return n if n < 2', 'two lines added');
    // handler's receivers (session, Client.http) were made above fib: the signature holds.
    assert.equal(counts.visited, 1);
    assert.ok(counts.reused > 10, `${counts.reused} reused`);
  });

  it('edits to what statements read of each other, undone and combined', () => {
    const base = fs.readFileSync(MODULE_STATE, 'utf8');
    forgetPythonParse(MODULE_STATE);
    check(MODULE_STATE, base, 'the first parse');
    let combined = base;
    for (const [what, from, to] of TARGETED) {
      const changed = replaceOnce(base, from, to);
      check(MODULE_STATE, changed, what);
      check(MODULE_STATE, base, `${what}, undone`);
      // Each edit on top of the ones before (skipping those the others made impossible).
      if (combined.includes(from)) {
        combined = replaceOnce(combined, from, to);
        check(MODULE_STATE, combined, `${what}, on top of the edits before`);
      }
    }
    check(MODULE_STATE, base, 'all undone');
  });

  // Real files, and one module made of all of them (names defined twice, many statements).
  const sources = [
    ...sourceFilesUnder(path.join(ROOT, 'test', 'fixtures'), 'python'),
    ...sourceFilesUnder(path.join(ROOT, 'examples'), 'python'),
    ...(EXTRA_CORPUS ? sourceFilesUnder(path.join(EXTRA_CORPUS, 'python'), 'python') : []),
  ];
  const concatenated = path.join(ROOT, 'test', 'fixtures', 'python', 'incremental', 'all_fixtures.py');
  const textOf = (file: string): string => (file === concatenated ? sources.map((f) => fs.readFileSync(f, 'utf8')).join('\n\n') : fs.readFileSync(file, 'utf8'));
  /** Insertions that change bindings, scopes, async-ness, lines and syntax. */
  const INSERTS = ['1', 'x', ' ', '\n', '\n\n', ':', '(', ')', '#', '"', 'async ', 'await ', 'global n\n', 'import os\n', 'LIMIT = 10 ** 6\n', 'time.sleep(1)\n', 'self.s = requests.Session()\n', 'class K:\n    pass\n', 'async def g():\n    await h()\n'];

  it('has files to edit', () => assert.ok(sources.length >= 10, `${sources.length} files`));

  for (const file of [...sources, concatenated]) {
    it(`random edits: ${path.relative(ROOT, file)}`, function () {
      // The module made of every fixture (about 3,000 lines) is analysed twice per edit, 60 edits:
      // 20-30 s alone on a shared 2-core machine, more under load, and more with every fixture
      // added. The timeout only guards against a hang; speed is measured in bench/, not here.
      if (file === concatenated) this.timeout(180_000);
      const rand = random([...path.relative(ROOT, file)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 11));
      const original = textOf(file);
      forgetPythonParse(file);
      check(file, original, 'the first parse');
      let reused = 0;
      /** An edit at the start of a random line, inside it, or a line removed or copied elsewhere. */
      const edit = (t: string): string => {
        const lines = t.split('\n');
        const at = Math.floor(rand() * lines.length);
        const kind = rand();
        if (kind < 0.15) lines.splice(at, 1);
        else if (kind < 0.3) lines.splice(at, 0, lines[Math.floor(rand() * lines.length)]);
        else if (kind < 0.6) {
          const line = lines[at];
          const column = Math.floor(rand() * (line.length + 1));
          const removed = rand() < 0.3 ? 1 + Math.floor(rand() * 3) : 0;
          lines[at] = line.slice(0, column) + (rand() < 0.5 ? String(Math.floor(rand() * 10)) : INSERTS[Math.floor(rand() * INSERTS.length)]) + line.slice(column + removed);
        } else {
          const indent = /^\s*/.exec(lines[at])?.[0] ?? '';
          lines[at] = indent + INSERTS[Math.floor(rand() * INSERTS.length)].replace(/\n(?=.)/g, `\n${indent}`) + lines[at].slice(indent.length);
        }
        return lines.join('\n');
      };
      let text = original;
      let good = original;
      for (let i = 0; i < 60; i++) {
        let next = edit(text);
        if (rand() < 0.2) next = edit(next);
        const result = check(file, next, `edit ${i}`);
        reused += result.reused;
        // Go on from a text that parses, or for one edit from a broken one, like someone who fixes
        // what they break; now and then back to the original, like someone who undoes.
        if (!result.broken) text = good = next;
        else text = text === good && rand() < 0.3 ? next : good;
        if (rand() < 0.1) text = good = original;
      }
      forgetPythonParse(file);
      assert.ok(reused > 0, 'facts of statements were reused');
    });
  }
});

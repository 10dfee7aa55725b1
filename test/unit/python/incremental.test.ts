import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initAnalysis } from '../../../server/analysis/engine';
import { extractPythonFacts } from '../../../server/analysis/python/facts';
import { forgetPythonParse, parsePythonIncremental, pythonIncrementalStats } from '../../../server/analysis/python/incremental';
import { parsePython } from '../../../server/analysis/python/parser';
import { sourceFilesUnder } from '../../files';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}


function fullFacts(file: string, text: string): string {
  const parsed = parsePython(text);
  try {
    return serialise(extractPythonFacts(file, text, parsed));
  } finally {
    parsed.dispose();
  }
}

function incrementalFacts(file: string, text: string): string {
  return serialise(extractPythonFacts(file, text, parsePythonIncremental(text, file)));
}

function serialise(facts: ReturnType<typeof extractPythonFacts>): string {
  return JSON.stringify({ ...facts, suppressions: [...facts.suppressions].map(([line, codes]) => [line, [...codes]]) }, null, 1);
}

describe('incremental Python re-parse gives the facts of a full parse', () => {
  before(() => initAnalysis());

  const sources = [...sourceFilesUnder(path.join(ROOT, 'test', 'fixtures'), 'python'), ...sourceFilesUnder(path.join(ROOT, 'examples'), 'python')];
  const EDITS = ['x', '1', ' ', '\n', ':', '(', ')', '[', '    ', '\n    ', 'await ', 'async ', '#', '"', '"""', 'def g():\n    pass\n', 'time.sleep(1)', 'for i in range(n):\n        ', ''];

  it('has fixtures to edit', () => assert.ok(sources.length >= 5, `${sources.length} files`));

  for (const file of sources) {
    it(path.relative(ROOT, file), () => {
      // Seeded by the path inside the repository, so the edits are the same wherever it is cloned.
      const rand = random([...path.relative(ROOT, file)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
      let text = fs.readFileSync(file, 'utf8');
      forgetPythonParse(file);
      assert.equal(incrementalFacts(file, text), fullFacts(file, text), 'first parse');
      const reusedBefore = pythonIncrementalStats.reusedStatements;
      const edit = (t: string): string => {
        const at = Math.floor(rand() * (t.length + 1));
        const remove = rand() < 0.4 ? Math.floor(rand() * 4) : 0;
        return t.slice(0, at) + EDITS[Math.floor(rand() * EDITS.length)] + t.slice(at + remove);
      };
      let broken = 0;
      let good = text;
      for (let i = 0; i < 80; i++) {
        // Typing in one place, sometimes in two at once (a debounced analysis sees both).
        let next = edit(text);
        if (rand() < 0.25) next = edit(next);
        assert.equal(incrementalFacts(file, next), fullFacts(file, next), `edit ${i}`);
        const parsed = parsePython(next);
        const hasErrors = parsed.errorLines.length > 0;
        parsed.dispose();
        if (hasErrors) broken++;
        // Edit on from a text that parses, or for one edit from a broken one, like a user who
        // fixes what they break.
        if (!hasErrors) text = good = next;
        else text = text === good && rand() < 0.3 ? next : good;
      }
      forgetPythonParse(file);
      assert.ok(pythonIncrementalStats.reusedStatements > reusedBefore, 'statements were reused');
      assert.ok(broken < 80, 'some edits parse');
    });
  }
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractJsFacts, parseJs } from '../../../server/analysis/js/facts';
import { forgetParse, incrementalStats, parseJsIncremental, setIncrementalThreshold } from '../../../server/analysis/js/incremental';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures');

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function factsOf(text: string, file: string, program: ReturnType<typeof parseJs>) {
  const facts = extractJsFacts(file, text, file.endsWith('.ts') || file.endsWith('.tsx') ? 'typescript' : 'javascript', program);
  return JSON.parse(JSON.stringify({ ...facts, suppressions: [...facts.suppressions] }));
}

function fullParse(text: string, file: string) {
  try {
    return parseJs(text, file);
  } catch {
    return undefined;
  }
}

/** Parses `text` incrementally and asserts it parses iff the full parse `full` did, with the same
 * facts; true when both parsed (the facts were compared). */
function sameAsFullParse(text: string, file: string, full: ReturnType<typeof fullParse>, what: string): boolean {
  let incremental;
  try {
    incremental = parseJsIncremental(text, file);
  } catch {
    incremental = undefined;
  }
  assert.equal(!!incremental, !!full, `parses iff a full parse does (${what})`);
  if (!full || !incremental) return false;
  assert.deepEqual(factsOf(text, file, incremental), factsOf(text, file, full), what);
  return true;
}

describe('incremental JS/TS re-parse gives the facts of a full parse', () => {
  before(() => setIncrementalThreshold(0));
  after(() => setIncrementalThreshold(20_000));

  const sources = [
    ...fs.readdirSync(path.join(FIXTURES, 'js', 'rules')).filter((f) => /\.(ts|tsx|js|jsx|mjs|cjs)$/.test(f)).map((f) => path.join(FIXTURES, 'js', 'rules', f)),
    ...fs.readdirSync(path.join(FIXTURES, 'corpus', 'js')).filter((f) => /\.(ts|js)$/.test(f)).map((f) => path.join(FIXTURES, 'corpus', 'js', f)),
  ];
  const EDITS = ['x', '1', ';', '}', '{', ' ', '\n', '(', '`', '//', 'await ', 'async ', ''];

  for (const file of sources) {
    it(path.basename(file), () => {
      // Seeded by the path inside the repository: the same edits wherever the clone is.
      const rand = random([...path.relative(FIXTURES, file)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 5));
      let text = fs.readFileSync(file, 'utf8');
      forgetParse(file);
      parseJsIncremental(text, file);
      let compared = 0;
      const reusedBefore = incrementalStats.reused;
      for (let i = 0; i < 120; i++) {
        // Insert, delete or replace a little text somewhere, as typing does.
        const at = Math.floor(rand() * text.length);
        const remove = rand() < 0.4 ? Math.floor(rand() * 3) : 0;
        const insert = EDITS[Math.floor(rand() * EDITS.length)];
        const next = text.slice(0, at) + insert + text.slice(at + remove);
        const full = fullParse(next, file);
        if (sameAsFullParse(next, file, full, `edit ${i} at ${at}: ${JSON.stringify(insert)} -${remove}`)) compared++;
        // Keep editing from a text that parses, like a user who fixes what they break.
        if (full) text = next;
        else parseJsIncremental(text, file);
      }
      assert.ok(compared > 20, `compared ${compared} edits`);
      assert.ok(incrementalStats.reused - reusedBefore > 20, `reused the last parse ${incrementalStats.reused - reusedBefore} times`);
    });
  }

  // Edits the randomized runs found: `await` at a module's top level is an await (a script's is a
  // name), and a statement after a top-level `await` can be parsed again in an await context.
  const edits: Array<[string, string, string]> = [
    ['an edited statement of a module', "import { execFile } from 'node:child_process';\nconst a = 1;\nrun(['x']);\n", "run(await ['x']);"],
    ['after a top-level await', "import { f } from 'm';\ng();\nawait\nh();\nf('/ok', async () => 1);\n", "f('/ok', async (await ) => 1);"],
  ];
  for (const [name, before, edited] of edits) {
    it(name, () => {
      const file = `/virtual/${name.replace(/\W+/g, '-')}.ts`;
      forgetParse(file);
      parseJsIncremental(before, file);
      const lines = before.split('\n');
      const after = [...lines.slice(0, -2), edited, ''].join('\n');
      sameAsFullParse(after, file, fullParse(after, file), name);
    });
  }
});

// The direct wasm walk (server/analysis/python/wasmCursor.ts) must visit exactly what
// web-tree-sitter's TreeCursor visits, and leave the cursor and the parser usable afterwards.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initAnalysis } from '../../../server/analysis/engine';
import { requireParser } from '../../../server/analysis/python/parser';
import { walksDirectly, walkTree, type Walk } from '../../../server/analysis/python/wasmCursor';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Every node in document order as "type field start-end depth", with moves back up. */
function visit(walk: Walk): string[] {
  const out: string[] = [];
  let depth = 0;
  for (;;) {
    out.push(`${walk.typeId} ${walk.fieldId} ${walk.startIndex}-${walk.endIndex} ${depth}`);
    if (walk.gotoFirstChild()) {
      depth++;
      continue;
    }
    while (!walk.gotoNextSibling()) {
      if (!walk.gotoParent()) return out;
      depth--;
    }
  }
}

function pythonSources(): string[] {
  const dirs = [path.join(ROOT, 'test', 'fixtures', 'python'), path.join(ROOT, 'examples', 'python')];
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.py'))
      .map((e) => path.join(e.parentPath, e.name)),
  );
}

describe('Python tree walk through the wasm exports', () => {
  before(() => initAnalysis());

  it('is in use with the bundled web-tree-sitter', () => assert.ok(walksDirectly()));

  it('visits the same nodes as TreeCursor, in a deep file and in every Python fixture', () => {
    // Nesting deep enough to make the cursor's stack grow (and move) in wasm memory.
    const deep = `x = ${'['.repeat(300)}1${']'.repeat(300)}\n`;
    const texts = [deep, 'def broken(:\n    pass\n', ...pythonSources().map((f) => fs.readFileSync(f, 'utf8'))];
    for (const text of texts) {
      const tree = requireParser().parse(text)!;
      try {
        const viaCursor = walkTree(tree, { direct: false });
        const expected = visit(viaCursor);
        viaCursor.delete();
        const direct = walkTree(tree);
        const actual = visit(direct);
        direct.delete();
        assert.equal(actual.length, expected.length);
        assert.deepEqual(actual, expected);
      } finally {
        tree.delete();
      }
    }
  });

  it('leaves the parser working after many walks (the cursor is freed as it was last moved)', () => {
    const text = `def f():\n${'    x = [[[[1]]]]\n'.repeat(2000)}`;
    for (let i = 0; i < 50; i++) {
      const tree = requireParser().parse(text)!;
      const walk = walkTree(tree);
      const nodes = visit(walk).length;
      walk.delete();
      assert.equal(tree.rootNode.descendantCount, nodes);
      tree.delete();
    }
  });
});

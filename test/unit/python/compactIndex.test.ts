import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initAnalysis, runRules } from '../../../server/analysis/engine';
import { extractFileFacts } from '../../../server/analysis/lintFiles';
import type { SourceFacts } from '../../../server/analysis/types';
import { WorkspaceIndex } from '../../../server/analysis/workspace/index';
import { compactFacts } from '../../../server/lsp/workspaceIndexer';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

function pythonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.py'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Findings of every file, analysed as the open document while the index holds the other files
 * as given by `stored`. */
function findingsWith(files: string[], facts: Map<string, SourceFacts>, root: string, stored: (f: SourceFacts) => SourceFacts): string {
  const out: string[] = [];
  for (const file of files) {
    const index = new WorkspaceIndex([root]);
    for (const other of files) if (other !== file) index.set(stored(facts.get(other)!));
    const own = facts.get(file)!;
    index.set(own);
    for (const f of runRules(own, {}, index)) out.push(JSON.stringify({ ...f, file: path.relative(root, f.file) }));
  }
  return out.join('\n');
}

describe('the workspace index keeps less of files nobody has open, and finds the same', () => {
  before(() => initAnalysis());

  for (const dir of [path.join(ROOT, 'test', 'fixtures', 'python', 'rules'), path.join(ROOT, 'test', 'fixtures', 'corpus', 'python')]) {
    it(path.relative(ROOT, dir), () => {
      const files = pythonFiles(dir);
      const facts = new Map<string, SourceFacts>();
      for (const file of files) {
        const result = extractFileFacts(file);
        if ('facts' in result) facts.set(file, result.facts);
      }
      const kept = files.filter((f) => facts.has(f));
      const full = findingsWith(kept, facts, dir, (f) => f);
      const compact = findingsWith(kept, facts, dir, compactFacts);
      assert.ok(full.includes('BW110'), 'the fixtures reach blocking calls across files');
      assert.equal(compact, full);
    });
  }
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initAnalysis, runRules } from '../../../server/analysis/engine';
import { extractFileFacts } from '../../../server/analysis/lintFiles';
import type { SourceFacts } from '../../../server/analysis/types';
import { WorkspaceIndex } from '../../../server/analysis/workspace/index';
import { compactFacts } from '../../../server/lsp/workspaceIndexer';
import { sourceFilesUnder } from '../../files';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');


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

  for (const dir of [path.join(ROOT, 'test', 'fixtures', 'python', 'rules'), path.join(ROOT, 'test', 'fixtures', 'corpus', 'python'), path.join(ROOT, 'test', 'fixtures', 'js', 'rules')]) {
    it(path.relative(ROOT, dir), () => {
      const files = sourceFilesUnder(dir, dir.includes(`${path.sep}python`) ? 'python' : undefined);
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

  it('a call the rest of its file shows does not wait stays so in the index (put on a queue without maxsize)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-compact-'));
    try {
      fs.writeFileSync(path.join(dir, 'helper.py'), 'import queue\n\nunbounded = queue.Queue()\nbounded = queue.Queue(maxsize=1)\n\ndef push(x):\n    unbounded.put(x)\n\ndef push_bounded(x):\n    bounded.put(x)\n');
      fs.writeFileSync(path.join(dir, 'service.py'), 'from helper import push, push_bounded\n\nasync def main():\n    push(1)\n    push_bounded(2)\n');
      const files = [path.join(dir, 'helper.py'), path.join(dir, 'service.py')];
      const facts = new Map<string, SourceFacts>();
      for (const file of files) {
        const result = extractFileFacts(file);
        if ('facts' in result) facts.set(file, result.facts);
      }
      const full = findingsWith(files, facts, dir, (f) => f);
      assert.match(full, /push_bounded/);
      assert.doesNotMatch(full, /`push`/);
      assert.equal(findingsWith(files, facts, dir, compactFacts), full);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

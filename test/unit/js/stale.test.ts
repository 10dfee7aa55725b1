import * as assert from 'node:assert/strict';
import { carryFindings, editedRegion } from '../../../server/analysis/js/stale';
import type { Finding } from '../../../server/analysis/types';
import { startedClient, type LspClient } from '../../lsp/lspClient';

const finding = (line: number, file = '/w/a.ts'): Finding => ({
  code: 'BW101',
  family: 'BLOCKING',
  severity: 'warning',
  message: 'm',
  file,
  range: { start: { line, character: 2 }, end: { line, character: 20 } },
});

describe('JS/TS findings while the file does not parse', () => {
  describe('carryFindings', () => {
    const old = ['a', 'b', 'c', 'd', 'e'].join('\n');

    it('finds the edited lines between the common prefix and suffix', () => {
      assert.deepEqual(editedRegion(old, ['a', 'b', 'X', 'Y', 'd', 'e'].join('\n')), { start: 2, oldEnd: 3, newEnd: 4 });
      assert.equal(editedRegion(old, old), undefined);
    });

    it('keeps findings above the edit, moves those below, drops those on edited lines', () => {
      const next = ['a', 'new', 'b', 'c(', 'd', 'e'].join('\n');
      const carried = carryFindings(old, next, [finding(0), finding(2), finding(4)]);
      assert.deepEqual(carried.map((f) => f.range.start.line), [0, 5]);
    });

    it('moves findings up when lines are deleted, and moves related locations in the same file', () => {
      const next = ['a', 'd', 'e'].join('\n');
      const f = { ...finding(4), related: [{ file: '/w/a.ts', range: finding(3).range, message: 'r' }, { file: '/w/b.ts', range: finding(3).range, message: 'other file' }] };
      const [moved] = carryFindings(old, next, [f]);
      assert.equal(moved.range.start.line, 2);
      assert.equal(moved.related![0].range.start.line, 1);
      assert.equal(moved.related![1].range.start.line, 3);
    });
  });

  describe('over the language server protocol', function () {
    const URI = 'file:///tmp/boundwise-js-stale/handler.ts';
    const GOOD = [
      'export async function a(v: Int32Array) {',
      '  Atomics.wait(v, 0, 0);',
      '}',
      '',
      'export async function b(v: Int32Array) {',
      '  Atomics.wait(v, 0, 1);',
      '}',
      '',
    ].join('\n');
    let client: LspClient;
    /** The lines of the published diagnostics, once they equal `expected` (the server may publish
     * an earlier state first: open triggers two analyses). */
    const linesEventually = async (expected: number[]): Promise<number[]> => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const lines = (await client.diagnosticsFor(URI)).map((d) => d.range.start.line);
        if (JSON.stringify(lines) === JSON.stringify(expected) || Date.now() > deadline) return lines;
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    beforeEach(async () => (client = await startedClient()));
    afterEach(async () => client.shutdown());

    it('shows the last good findings on unchanged lines, moved below an inserted broken line, and says so in the status', async () => {
      await client.open(URI, 'typescript', GOOD);
      assert.deepEqual(await linesEventually([1, 5]), [1, 5]);
      // Insert two lines, one of them broken, between the two functions.
      await client.change(URI, 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'const x = (\n\n' }]);
      const status = await client.waitFor(() => client.statuses.find((s) => s.uri === URI && s.state === 'syntax-error'), 5000, 'syntax-error status');
      assert.match(status.message, /Syntax error on line \d+.*re-checked once it parses/);
      assert.deepEqual(await linesEventually([1, 7]), [1, 7]);
      // Edit the line of the first finding while still broken: that finding goes, the other stays.
      await client.change(URI, 3, [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } }, text: 'void ' }]);
      assert.deepEqual(await linesEventually([7]), [7]);
      // Hover follows what is shown.
      const hover = await client.hover(URI, 7, 4);
      assert.ok(hover, 'hover on the carried finding');
      // Fixing the syntax brings a fresh analysis.
      await client.change(URI, 4, [{ range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, text: '' }]);
      assert.deepEqual(await linesEventually([1, 6]), [1, 6]);
      assert.equal(client.exited, false);
    });
  });
});

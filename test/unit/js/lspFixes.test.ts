// JS/TS quick fixes and hover through the language server protocol (dist/server.js --stdio).
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../../server/analysis/textEdits';
import { startedClient, type LspClient } from '../../lsp/lspClient';

const URI = 'file:///tmp/boundwise-js-fixes/routes.js';
const SOURCE = [
  "const fs = require('node:fs');",
  "const app = require('express')();",
  '',
  "app.get('/report', (req, res) => {",
  "  res.send(fs.readFileSync('report.csv', 'utf8'));",
  '});',
  '',
].join('\n');

describe('JS/TS quick fixes and hover over the protocol', function () {
  let client: LspClient;
  beforeEach(async () => (client = await startedClient()));
  afterEach(async () => client.shutdown());

  it('offers await fs.promises for fs.readFileSync in a sync express handler, and the fixed text is clean', async () => {
    await client.open(URI, 'javascript', SOURCE);
    const [diagnostic] = await client.diagnosticsFor(URI);
    assert.equal(diagnostic.code, 'BW103');
    const hover = (await client.hover(URI, 4, 14)) as Hover;
    const markdown = (hover.contents as MarkupContent).value;
    assert.match(markdown, /BW103/);
    assert.match(markdown, /use `await fs\.promises\.readFile\(\.\.\.\)` instead/);
    // In the file's language only: a JS hover never ends with asyncio advice.
    assert.doesNotMatch(markdown, /asyncio|Python/);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] as Diagnostic[], only: ['quickfix'] },
    });
    assert.deepEqual(actions.map((a) => a.title), ['Use await fs.promises.readFile(...)', 'Ignore BW103 on this line']);
    assert.equal(actions[0].isPreferred, true);
    const edits = actions[0].edit!.changes![URI] as TextEdit[];
    const fixed = applyEdits(SOURCE, edits);
    assert.match(fixed, /app\.get\('\/report', async \(req, res\) => \{\n  res\.send\(await fs\.promises\.readFile\('report\.csv', 'utf8'\)\);/);
    await client.change(URI, 2, [{ text: fixed }]);
    const deadline = Date.now() + 5000;
    let after = await client.diagnosticsFor(URI);
    while (after.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      after = await client.diagnosticsFor(URI);
    }
    assert.deepEqual(after, []);
  });
});

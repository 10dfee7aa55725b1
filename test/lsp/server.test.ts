import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient, startedClient } from './lspClient';

const PY_URI = 'file:///tmp/boundwise-lsp/app.py';
const TS_URI = 'file:///tmp/boundwise-lsp/worker.ts';
const SLEEPY = 'import time\n\nasync def handler():\n    time.sleep(1)\n';

describe('language server over JSON-RPC (dist/server.js --stdio)', function () {
  let client: LspClient;

  beforeEach(async () => (client = await startedClient()));
  afterEach(async () => client.shutdown());

  it('announces incremental sync and hover', async () => {
    const fresh = new LspClient();
    const result = await fresh.initialize();
    await fresh.shutdown();
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(result.capabilities.hoverProvider, true);
  });

  it('publishes BW101 for a Python file, with a link to its rule page', async () => {
    await client.open(PY_URI, 'python', SLEEPY);
    const [d, ...rest] = await client.diagnosticsFor(PY_URI);
    assert.equal(rest.length, 0);
    assert.equal(d.code, 'BW101');
    assert.equal(d.source, 'boundwise');
    assert.deepEqual(d.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 17 } });
    assert.ok(d.codeDescription?.href.endsWith('/docs/rules/BW101.md'));
    assert.ok(fs.existsSync(fileURLToPath(d.codeDescription!.href)), 'rule page ships with the package');
  });

  it('publishes BW101 for a TypeScript file', async () => {
    await client.open(TS_URI, 'typescript', 'export async function w(v: Int32Array) {\n  Atomics.wait(v, 0, 0);\n}\n');
    const diagnostics = await client.diagnosticsFor(TS_URI);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['BW101', 1, 2]]);
  });

  it('moves the finding when lines are inserted above it, and drops it when the call goes', async () => {
    await client.open(PY_URI, 'python', SLEEPY);
    assert.equal((await client.diagnosticsFor(PY_URI))[0].range.start.line, 3);
    await client.change(PY_URI, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# a comment\n# another\n' }]);
    assert.equal((await client.diagnosticsFor(PY_URI))[0].range.start.line, 5);
    await client.change(PY_URI, 3, [{ range: { start: { line: 5, character: 4 }, end: { line: 5, character: 17 } }, text: 'await asyncio.sleep(1)' }]);
    assert.deepEqual(await client.diagnosticsFor(PY_URI), []);
  });

  it('answers hover on a finding with its message once and the rule linked to its page, short like ESLint and ruff', async () => {
    await client.open(PY_URI, 'python', SLEEPY);
    const [diagnostic] = await client.diagnosticsFor(PY_URI);
    const hover = await client.hover(PY_URI, 3, 8);
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /`time\.sleep` blocks the event loop in async function `handler`; use `await asyncio\.sleep\(\.\.\.\)` instead\./);
    assert.equal(value.split('blocks the event loop').length, 2, `the message once:\n${value}`);
    assert.ok(value.includes(`[BW101](${(diagnostic.codeDescription as { href: string }).href}) Blocking sleep inside async code`), value);
    // The long explanation and the examples stay behind the link.
    assert.doesNotMatch(value, /Why|```/);
    assert.ok(value.split('\n').length <= 3, value);
    // The Problems panel shows the message as plain text.
    assert.equal(diagnostic.message, 'time.sleep blocks the event loop in async function handler; use await asyncio.sleep(...) instead.');
    assert.equal(await client.hover(PY_URI, 0, 2), null);
  });

  it('quotes in the hover the time a profile run measured at the call', async () => {
    await client.open(PY_URI, 'python', SLEEPY);
    await client.diagnosticsFor(PY_URI);
    const file = fileURLToPath(PY_URI);
    const hoverText = async () => ((await client.hover(PY_URI, 3, 8))?.contents as MarkupContent).value;
    assert.doesNotMatch(await hoverText(), /Measured/, 'nothing measured yet');
    const run = (script: string, ms: number, line = 4) => client.connection.sendNotification('boundwise/profileMeasurements', { script, wallMs: 3000, sites: [{ file, line, call: 'time.sleep', ms }] });
    await run(file, 1234);
    await run('/tmp/boundwise-lsp/other.py', 250, 9); // another line: not this call's
    const first = await hoverText();
    assert.ok(first.startsWith('**Measured:** 1.23 s waiting in `time.sleep` here, 41% of the run (last profile run of `app.py`, 3.00 s).\n\n'), `the measured line first:\n${first}`);
    assert.doesNotMatch(await hoverText(), /other\.py/);
    await run(file, 80); // a new run of the same script replaces the last one
    const value = await hoverText();
    assert.match(value, /80 ms waiting in `time\.sleep` here, 3% of the run/);
    assert.doesNotMatch(value, /1\.23 s/);
    // A malformed notification changes nothing and the server keeps serving.
    await client.connection.sendNotification('boundwise/profileMeasurements', { script: 42 });
    assert.match(await hoverText(), /80 ms/);
  });

  it('applies per-resource severity settings, including off', async () => {
    client.settings = { enable: true, severity: { BW101: 'error' } };
    await client.open(PY_URI, 'python', SLEEPY);
    assert.equal((await client.diagnosticsFor(PY_URI))[0].severity, 1);
    client.settings = { enable: true, severity: { BW101: 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor(() => undefined, 300, 'settle').catch(() => undefined);
    await client.change(PY_URI, 2, [{ text: SLEEPY + '\n' }]);
    assert.deepEqual(await client.diagnosticsFor(PY_URI), []);
  });

  it('keeps serving after garbage, a 1 MB file and binary data', async () => {
    const garbage = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join('') + '\n)))(((:::\n';
    await client.open('file:///tmp/boundwise-lsp/garbage.py', 'python', garbage);
    await client.open('file:///tmp/boundwise-lsp/garbage.ts', 'typescript', garbage);
    await client.diagnosticsFor('file:///tmp/boundwise-lsp/garbage.py');

    const big = 'x = 1\n'.repeat(170_000) + SLEEPY; // ~1 MB
    await client.open('file:///tmp/boundwise-lsp/big.py', 'python', big);
    const bigDiagnostics = await client.diagnosticsFor('file:///tmp/boundwise-lsp/big.py', 20_000);
    assert.deepEqual(bigDiagnostics.map((d) => d.range.start.line), [170_003]);

    await client.open('file:///tmp/boundwise-lsp/blob.py', 'python', 'x = 1\0\0\0');
    const status = await client.waitFor(() => client.statuses.find((s) => s.uri.endsWith('blob.py')), 5000, 'status');
    assert.equal(status.state, 'skipped');
    assert.match(status.message, /binary data/);

    await client.open(PY_URI, 'python', SLEEPY);
    assert.equal((await client.diagnosticsFor(PY_URI)).length, 1, 'still serving');
    assert.equal(client.exited, false);
  });

  it('says it did not analyse JavaScript nested too deeply for the parser, analyses deep Python, and keeps serving', async () => {
    const JS_URI = 'file:///tmp/boundwise-lsp/deep.js';
    await client.open(JS_URI, 'javascript', `async function f(fs) {\n  return ${'('.repeat(5_000)}fs.readFileSync('x')${')'.repeat(5_000)};\n}\n`);
    const status = await client.waitFor(() => client.statuses.find((s) => s.uri === JS_URI), 10_000, 'status of deep.js');
    assert.equal(status.state, 'skipped');
    assert.equal(status.message, 'Boundwise did not analyse this file: its code is nested too deeply for the JavaScript/TypeScript parser.');
    assert.deepEqual(await client.diagnosticsFor(JS_URI), []);

    // A 10,000-term sum with a blocking call at its bottom, opened and then edited above it.
    const DEEP_PY_URI = 'file:///tmp/boundwise-lsp/deep.py';
    await client.open(DEEP_PY_URI, 'python', `import time\n\nasync def handler():\n    y = time.sleep(1)${' + 1'.repeat(10_000)}\n`);
    const where = async () => (await client.diagnosticsFor(DEEP_PY_URI)).map((d) => [d.code, d.range.start.line, d.range.start.character]);
    assert.deepEqual(await where(), [['BW101', 3, 8]]);
    await client.change(DEEP_PY_URI, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# edited\n' }]);
    assert.deepEqual(await where(), [['BW101', 4, 8]]);

    await client.open(PY_URI, 'python', SLEEPY);
    assert.equal((await client.diagnosticsFor(PY_URI)).length, 1, 'still serving');
    assert.equal(client.exited, false);
  });

  it('keeps the last findings and says so while a TypeScript file does not parse', async () => {
    const good = 'export async function w(v: Int32Array) {\n  Atomics.wait(v, 0, 0);\n}\n';
    await client.open(TS_URI, 'typescript', good);
    assert.equal((await client.diagnosticsFor(TS_URI)).length, 1);
    await client.change(TS_URI, 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'function (' }]);
    const status = await client.waitFor(() => client.statuses.find((s) => s.state === 'syntax-error'), 5000, 'syntax-error status');
    assert.match(status.message, /Syntax error on line 4/);
    await client.change(TS_URI, 3, [{ text: good }]);
    assert.equal((await client.diagnosticsFor(TS_URI)).length, 1);
  });

  it('clears diagnostics when a document closes', async () => {
    await client.open(PY_URI, 'python', SLEEPY);
    await client.diagnosticsFor(PY_URI);
    await client.close(PY_URI);
    assert.deepEqual(await client.diagnosticsFor(PY_URI), []);
  });
});

describe('language server: clients that send no languageId', () => {
  it('falls back to the file extension', async () => {
    const client = await startedClient();
    try {
      await client.open(PY_URI, '', SLEEPY);
      assert.deepEqual((await client.diagnosticsFor(PY_URI)).map((d) => d.code), ['BW101']);
    } finally {
      await client.shutdown();
    }
  });
});

// Bad input and protocol misuse over real JSON-RPC: each becomes a logged error for its document
// (or a refused request), the server keeps answering, and a normal file still gets its findings.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { tempProject } from '../files';
import { startedClient, type LspClient } from './lspClient';

const SLEEPY = 'import time\n\nasync def handler():\n    time.sleep(1)\n';
const NORMAL = 'file:///tmp/boundwise-lsp/normal.py';

/** The server still answers a request and analyses a normal file. */
async function stillServes(client: LspClient): Promise<void> {
  await client.open(NORMAL, 'python', SLEEPY);
  assert.deepEqual((await client.diagnosticsFor(NORMAL)).map((d) => d.code), ['BW101'], client.stderr);
  const hover = await client.hover(NORMAL, 3, 8);
  assert.match((hover?.contents as MarkupContent).value, /BW101/);
  assert.equal(client.exited, false, 'the server exited');
  await client.close(NORMAL);
}

const errors = (client: LspClient) => client.messages.filter((m) => m.kind === 'log' && m.type === 1).map((m) => m.message);

describe('language server: bad input over JSON-RPC', function () {
  this.timeout(60_000);
  let client: LspClient;
  beforeEach(async () => (client = await startedClient()));
  afterEach(async () => client.shutdown());

  // URIs Node cannot turn into paths: the document is analysed on its own, and the log says so once.
  for (const [name, uri] of [
    ['a percent-encoded byte that is not UTF-8', 'file:///w/%FF.py'],
    ['an encoded slash in a segment', 'file:///w/a%2Fb.py'],
    ['a host', 'file://host/x.py'],
    ['a Latin-1 file name (as Neovim sends it)', 'file:///w/caf%E9.py'],
  ]) {
    it(`didOpen with ${name}`, async () => {
      await client.open(uri, 'python', SLEEPY);
      assert.deepEqual((await client.diagnosticsFor(uri)).map((d) => d.code), ['BW101']);
      await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      assert.equal((await client.diagnosticsFor(uri))[0].range.start.line, 4);
      const hover = await client.hover(uri, 4, 8);
      assert.match((hover?.contents as MarkupContent).value, /BW101/);
      await client.close(uri);
      const logged = errors(client).filter((m) => m.startsWith(`${uri}: its URI does not name a local file`));
      assert.equal(logged.length, 1, errors(client).join('\n'));
      assert.match(logged[0], /analyses it on its own, without the project's configuration/);
      await stillServes(client);
    });
  }

  const notifications: Array<[string, string, unknown, RegExp]> = [
    ['didOpen with text: null', 'textDocument/didOpen', { textDocument: { uri: 'file:///w/a.py', languageId: 'python', version: 1, text: null } }, /ignored a textDocument\/didOpen notification: the text of file:\/\/\/w\/a\.py is not a string/],
    ['didOpen with a numeric uri', 'textDocument/didOpen', { textDocument: { uri: 42, languageId: 'python', version: 1, text: SLEEPY } }, /ignored a textDocument\/didOpen notification: its uri is not a string \(42\)/],
    ['didOpen without a textDocument', 'textDocument/didOpen', {}, /ignored a textDocument\/didOpen notification: it has no textDocument/],
    ['didChange with text: null', 'textDocument/didChange', { textDocument: { uri: NORMAL, version: 2 }, contentChanges: [{ text: null }] }, /ignored a textDocument\/didChange notification: a content change is malformed/],
    ['didChange with a range that is not one', 'textDocument/didChange', { textDocument: { uri: NORMAL, version: 2 }, contentChanges: [{ range: { start: 'x' }, text: 'a' }] }, /a content change is malformed/],
    ['didClose with a numeric uri', 'textDocument/didClose', { textDocument: { uri: 7 } }, /ignored a textDocument\/didClose notification: its uri is not a string/],
    ['didChangeWatchedFiles without a list of changes', 'workspace/didChangeWatchedFiles', { changes: 'all' }, /ignored a workspace\/didChangeWatchedFiles notification: its changes is not a list/],
    ['didChangeWatchedFiles with changes without a uri', 'workspace/didChangeWatchedFiles', { changes: [null, { uri: 5, type: 2 }, { uri: 'file:///tmp/boundwise-lsp/x.py', type: 2 }] }, /ignored 2 of the changes of a workspace\/didChangeWatchedFiles notification: a change without a uri \(null\)/],
    ['profileMeasurements that are not an object', 'boundwise/profileMeasurements', 'garbage', /ignored a boundwise\/profileMeasurements notification: its script is not a path/],
  ];
  for (const [name, method, params, logged] of notifications) {
    it(name, async () => {
      await client.connection.sendNotification(method, params);
      await client.waitFor(() => errors(client).find((m) => logged.test(m)), 10_000, `a logged error matching ${logged}`);
      await stillServes(client);
    });
  }

  it('requests with garbage parameters are answered, and logged', async () => {
    const uri = 'file:///tmp/boundwise-lsp/target.py';
    await client.open(uri, 'python', SLEEPY);
    await client.diagnosticsFor(uri);
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 5 }, position: null }), null);
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1e9, character: -3 } }), null);
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: null }), null);
    assert.deepEqual(await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: null, context: null }), []);
    assert.ok(errors(client).some((m) => m.startsWith(`Boundwise could not handle textDocument/hover for "${uri}": TypeError`)), errors(client).join('\n'));
    assert.ok(errors(client).some((m) => m.startsWith(`Boundwise could not handle textDocument/codeAction for "${uri}": TypeError`)), errors(client).join('\n'));
    await stillServes(client);
  });

  it('a second initialize is refused and keeps the workspace root', async () => {
    const dir = tempProject({
      'helpers.py': 'import requests\n\ndef download(url):\n    return requests.get(url).content\n',
      'service.py': 'from helpers import download\n\nasync def handle(url):\n    return download(url)\n',
    });
    const ws = await startedClient(dir);
    try {
      const service = pathToFileURL(path.join(dir, 'service.py')).href;
      const bw110 = async () => {
        await ws.open(service, 'python', fs.readFileSync(path.join(dir, 'service.py'), 'utf8'));
        const found = await ws.waitFor(() => (ws.publishedDiagnostics(service) ?? []).find((d) => d.code === 'BW110'), 15_000, 'BW110 in service.py');
        await ws.close(service);
        return found;
      };
      assert.ok(await bw110());
      await assert.rejects(
        ws.connection.sendRequest('initialize', { processId: null, rootUri: 'file:///', workspaceFolders: [{ uri: 'file:///', name: 'root' }], capabilities: {} }),
        (error: { code?: number; message?: string }) => error.code === -32600 && /already initialized/.test(error.message ?? ''),
      );
      assert.ok(await bw110(), 'the workspace index still knows helpers.py');
    } finally {
      await ws.shutdown();
    }
  });

  it('a malformed boundwise/profileMeasurements is dropped and later hovers keep working', async () => {
    const file = '/tmp/boundwise-lsp/normal.py';
    await client.open(NORMAL, 'python', SLEEPY);
    await client.diagnosticsFor(NORMAL);
    const hoverText = async () => ((await client.hover(NORMAL, 3, 8))?.contents as MarkupContent).value;
    await client.connection.sendNotification('boundwise/profileMeasurements', { script: file, wallMs: 3000, sites: [{ file, line: 4, call: 'time.sleep', ms: 1234 }] });
    assert.match(await hoverText(), /1\.23 s waiting in `time\.sleep`/);
    await client.connection.sendNotification('boundwise/profileMeasurements', { script: file, wallMs: 3000, sites: [null] });
    await client.connection.sendNotification('boundwise/profileMeasurements', { script: '/other.py', wallMs: 10, sites: [{ file, line: '4', call: 'x', ms: 1 }] });
    assert.match(await hoverText(), /1\.23 s waiting in `time\.sleep`/, 'the last valid run is kept');
    assert.equal(errors(client).filter((m) => /ignored a boundwise\/profileMeasurements notification: site 0 is not \{file, line, call, ms\}/.test(m)).length, 2);
  });

  it('an unknown severity in the settings falls back to the default, with one warning', async () => {
    client.settings = { enable: true, severity: { BW101: 'critical' } };
    const other = 'file:///tmp/boundwise-lsp/other.py';
    await client.open(NORMAL, 'python', SLEEPY);
    await client.open(other, 'python', SLEEPY);
    for (const uri of [NORMAL, other]) assert.deepEqual((await client.diagnosticsFor(uri)).map((d) => [d.code, d.severity]), [['BW101', 2]]);
    const shown = client.messages.filter((m) => m.kind === 'show');
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.equal(shown[0].type, 2);
    assert.equal(shown[0].message, 'Boundwise: the setting boundwise.severity.BW101 is "critical", not one of error, warning, information, hint, off; BW101 keeps its default severity.');
  });
});

describe('language server: a hostile workspace', function () {
  this.timeout(60_000);

  it("indexes the workspace at start-up without running the repository's git configuration", async () => {
    const dir = tempProject({ 'app.py': SLEEPY, 'helpers.py': 'import time\n\ndef wait():\n    time.sleep(1)\n', 'ignored/x.py': SLEEPY, '.gitignore': 'ignored/\n' });
    const marker = path.join(dir, '..', `${path.basename(dir)}-ran`);
    assert.equal(spawnSync('git', ['init', '-q'], { cwd: dir }).status, 0);
    assert.equal(spawnSync('git', ['config', 'core.fsmonitor', `echo RAN >> '${marker}'; false`], { cwd: dir }).status, 0);
    const client = await startedClient(dir);
    try {
      await client.indexed(30_000);
      const uri = pathToFileURL(path.join(dir, 'caller.py')).href;
      await client.open(uri, 'python', 'from helpers import wait\n\nasync def f():\n    wait()\n');
      const found = await client.waitFor(() => (client.publishedDiagnostics(uri) ?? []).find((d) => d.code === 'BW110'), 15_000, 'BW110 through the index');
      assert.ok(found);
      assert.equal(fs.existsSync(marker), false, 'the fsmonitor command ran');
    } finally {
      await client.shutdown();
    }
  });

  it('does not hang on FIFO configuration files or sources, and logs them', async () => {
    const dir = tempProject({ 'src/app.ts': 'export async function w(v: Int32Array) {\n  Atomics.wait(v, 0, 0);\n}\n' });
    for (const fifo of ['.boundwise.json', 'src/tsconfig.json', 'pipe.py']) assert.equal(spawnSync('mkfifo', [path.join(dir, fifo)]).status, 0);
    const client = await startedClient(dir);
    try {
      await client.indexed(30_000);
      const uri = pathToFileURL(path.join(dir, 'src', 'app.ts')).href;
      await client.open(uri, 'typescript', fs.readFileSync(path.join(dir, 'src', 'app.ts'), 'utf8'));
      assert.deepEqual((await client.diagnosticsFor(uri, 30_000)).map((d) => d.code), ['BW101']);
      const logged = client.messages.map((m) => m.message).join('\n');
      assert.match(logged, /pipe\.py: could not be read: it is a FIFO, not a regular file/);
      assert.match(logged, /\.boundwise\.json: could not be read: it is a FIFO, not a regular file; its settings are ignored\./);
      assert.match(logged, /tsconfig\.json: could not be read: it is a FIFO, not a regular file; its settings are ignored\./);
    } finally {
      await client.shutdown();
    }
  });
});

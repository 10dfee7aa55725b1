import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { startedClient, type LspClient } from './lspClient';

const HELPERS = 'import requests\n\ndef download(url):\n    return requests.get(url).content\n';
const HELPERS_FIXED = 'def download(url):\n    return url\n';
const SERVICE = 'from helpers import download\n\nasync def handle(url):\n    return download(url)\n';
// The index reads a closed file's async code and hand-offs first; `wait_for_disk` and
// `Store.load` are neither, so they are read when a chain (from service2.py) reaches them.
const STORAGE = [
  'import asyncio', 'import time', '', '', 'async def ping():', '    await asyncio.sleep(0)', '', '',
  'def wait_for_disk(seconds):', '    time.sleep(seconds)', '', '',
  'class Store:', '    def load(self, key):', '        wait_for_disk(0.1)', '        return key', '',
].join('\n');
const SERVICE2 = 'from storage import Store, wait_for_disk\n\nasync def handle(key):\n    wait_for_disk(1)\n    return Store().load(key)\n';

describe('language server: Python workspace index (BW110 across files)', function () {
  let client: LspClient;
  let dir: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-ws-'));
    fs.writeFileSync(path.join(dir, 'helpers.py'), HELPERS);
    fs.writeFileSync(path.join(dir, 'service.py'), SERVICE);
    fs.writeFileSync(path.join(dir, 'storage.py'), STORAGE);
    client = await startedClient(dir);
  });
  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const uri = (name: string) => pathToFileURL(path.join(dir, name)).href;
  const bw110 = (ds: Diagnostic[] | undefined) => ds?.filter((d) => d.code === 'BW110');

  it('indexes the workspace with $/progress and flags a call into a helper that is not open', async () => {
    await client.open(uri('service.py'), 'python', SERVICE);
    const found = await client.waitFor(() => {
      const d = bw110(client.publishedDiagnostics(uri('service.py')));
      return d?.length ? d : undefined;
    }, 10_000, 'BW110 in service.py');
    assert.equal(found[0].range.start.line, 3);
    assert.equal(found[0].relatedInformation?.[0].location.uri, uri('helpers.py'));
    await client.indexed(10_000);
    assert.equal(client.progress[0], 'begin');

    const hover = await client.hover(uri('service.py'), 3, 12);
    assert.match((hover?.contents as MarkupContent).value, /How it blocks:[\s\S]*requests\.get[\s\S]*helpers\.py:4/);
    // A profile run measured the wait at the end of the chain, in helpers.py: the caller's hover quotes it.
    const site = { file: path.join(dir, 'helpers.py'), line: 4, call: 'requests.get', ms: 2500 };
    await client.connection.sendNotification('boundwise/profileMeasurements', { script: path.join(dir, 'service.py'), wallMs: 2600, sites: [site] });
    const measured = await client.hover(uri('service.py'), 3, 12);
    assert.match((measured?.contents as MarkupContent).value, /^\*\*Measured:\*\* 2\.50 s waiting in `requests\.get` at helpers\.py:4, 96% of the run \(last profile run of `service\.py`, 2\.60 s\)/);

    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('service.py') },
      range: found[0].range,
      context: { diagnostics: found },
    });
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, JSON.stringify(actions));
    const edits = preferred.edit!.changes![uri('service.py')];
    assert.ok(edits.some((e) => e.newText === 'await asyncio.to_thread(download, url)'), JSON.stringify(edits));
    assert.ok(actions.some((a) => /Ignore BW110/.test(a.title)));
  });

  it('an edit in helpers.py updates the diagnostics of the open service.py', async () => {
    await client.open(uri('service.py'), 'python', SERVICE);
    await client.waitFor(() => bw110(client.publishedDiagnostics(uri('service.py')))?.length || undefined, 10_000, 'BW110');
    await client.open(uri('helpers.py'), 'python', HELPERS);
    await client.diagnosticsFor(uri('helpers.py'));
    await client.change(uri('helpers.py'), 2, [{ text: HELPERS_FIXED }]);
    await client.waitFor(() => (bw110(client.publishedDiagnostics(uri('service.py')))?.length === 0 ? true : undefined), 10_000, 'BW110 gone from service.py');
    await client.change(uri('helpers.py'), 3, [{ text: HELPERS }]);
    await client.waitFor(() => (bw110(client.publishedDiagnostics(uri('service.py')))?.length === 1 ? true : undefined), 10_000, 'BW110 back in service.py');
  });

  it('follows a chain into a closed file with async code, through a sync helper and a method the index read only when reached', async () => {
    await client.open(uri('service2.py'), 'python', SERVICE2);
    const found = await client.waitFor(() => {
      const d = bw110(client.publishedDiagnostics(uri('service2.py')));
      return d?.length === 2 ? d : undefined;
    }, 10_000, 'two BW110 in service2.py');
    assert.deepEqual(found.map((d) => d.range.start.line).sort(), [3, 4]);
    for (const d of found) {
      const last = d.relatedInformation?.[d.relatedInformation.length - 1];
      assert.equal(last?.location.uri, uri('storage.py'), JSON.stringify(d.relatedInformation));
      assert.equal(last?.location.range.start.line, 9, 'the chain ends at time.sleep in storage.py');
    }
  });

  it('edits sent as incremental changes give the diagnostics of the whole edited text (kept parse)', async () => {
    const lines = ['import time', '', ...Array.from({ length: 40 }, (_, i) => [`def helper_${i}(n):`, '    total = 0', '    return total', ''].join('\n')), 'async def main():', '    helper_3(1)', ''];
    let text = lines.join('\n');
    await client.open(uri('edited.py'), 'python', text);
    await client.diagnosticsFor(uri('edited.py'));
    // Make helper_3 block, then type elsewhere: the finding in main() must follow.
    const at = (needle: string) => {
      const offset = text.indexOf(needle);
      const before = text.slice(0, offset).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length };
    };
    const edits: Array<[string, string]> = [['    total = 0\n    return total\n\ndef helper_4', '    time.sleep(1)\n    total = 0\n    return total\n\ndef helper_4'], ['def helper_20(n):', 'def helper_20(n, m):'], ['def helper_1(n):\n', 'def helper_1(n):\n    x = 1\n']];
    let version = 1;
    for (const [from, to] of edits) {
      const start = at(from);
      const endText = text.slice(0, text.indexOf(from) + from.length).split('\n');
      const end = { line: endText.length - 1, character: endText[endText.length - 1].length };
      await client.change(uri('edited.py'), ++version, [{ range: { start, end }, text: to }]);
      text = text.replace(from, to);
    }
    const edited = await client.waitFor(() => {
      const d = bw110(client.publishedDiagnostics(uri('edited.py')));
      // The last edit moved main() down a line: wait for the run that saw every edit.
      return d?.length && d[0].range.start.line === text.split('\n').indexOf('    helper_3(1)') ? d : undefined;
    }, 10_000, 'BW110 after the edits');
    await client.open(uri('fresh.py'), 'python', text);
    const fresh = bw110(await client.diagnosticsFor(uri('fresh.py')));
    assert.deepEqual(edited.map((d) => [d.range, d.message]), fresh!.map((d) => [d.range, d.message]));
    assert.equal(edited[0].range.start.line, text.split('\n').indexOf('    helper_3(1)'));
  });
});

// The project configuration changes what the language server reports, over the real protocol:
// `extend-exclude` keeps a folder out of the workspace index (no chain into it) and out of the
// diagnostics of its open documents, as in ruff's server; `per-file-ignores` drops codes in the
// files it names. Each case runs on the same files with and without the configuration.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { tempProject } from '../files';
import { startedClient, type LspClient } from './lspClient';

const HELPERS = 'import requests\n\ndef download(url):\n    return requests.get(url).content\n';
const SERVICE = 'from vendored.helpers import download\n\nasync def handle(url):\n    return download(url)\n';
const SLEEPY = 'import time\n\nasync def handler():\n    time.sleep(1)\n';
const FILES = { 'vendored/helpers.py': HELPERS, 'vendored/direct.py': SLEEPY, 'service.py': SERVICE, 'tests/test_app.py': SLEEPY };

describe('language server: the project configuration changes what it reports', function () {
  this.timeout(60_000);
  let client: LspClient | undefined;
  let dirs: string[] = [];
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  /** A server on a workspace of FILES plus `config`, indexed. */
  async function workspace(config: Record<string, string>): Promise<{ dir: string; uri: (name: string) => string }> {
    const dir = tempProject({ ...FILES, ...config });
    dirs.push(dir);
    client = await startedClient(dir);
    await client.indexed(30_000);
    return { dir, uri: (name: string) => pathToFileURL(path.join(dir, name)).href };
  }

  /** The codes the server publishes for a file once opened. */
  async function codesOf(dir: string, name: string): Promise<string[]> {
    const uri = pathToFileURL(path.join(dir, name)).href;
    await client!.open(uri, 'python', fs.readFileSync(path.join(dir, name), 'utf8'));
    return (await client!.diagnosticsFor(uri, 30_000)).map((d: Diagnostic) => String(d.code)).sort();
  }

  it('without a configuration: the chain into vendored/ and the findings in it and in tests/ are reported', async () => {
    const { dir } = await workspace({});
    assert.deepEqual(await codesOf(dir, 'service.py'), ['BW110']);
    assert.deepEqual(await codesOf(dir, 'vendored/direct.py'), ['BW101']);
    assert.deepEqual(await codesOf(dir, 'tests/test_app.py'), ['BW101']);
  });

  it('extend-exclude: an excluded folder is not indexed, and its open documents get no diagnostics and a status saying why', async () => {
    const { dir, uri } = await workspace({ 'pyproject.toml': '[tool.boundwise]\nextend-exclude = ["vendored"]\n' });
    // helpers.py was not indexed: the call into it is not followed.
    assert.deepEqual(await codesOf(dir, 'service.py'), []);
    assert.deepEqual(await codesOf(dir, 'vendored/direct.py'), []);
    const status = client!.statuses.filter((s) => s.uri === uri('vendored/direct.py')).pop();
    assert.equal(status?.state, 'skipped');
    assert.match(status.message, /excluded by the pattern 'vendored' in .*pyproject\.toml/);
    // The rest of the workspace is reported as before.
    assert.deepEqual(await codesOf(dir, 'tests/test_app.py'), ['BW101']);
  });

  it('a folder skipped by default: open documents in it get no diagnostics, unless package.json points into it', async () => {
    const bundle = { 'dist/bundle.py': SLEEPY };
    const { dir, uri } = await workspace(bundle);
    assert.deepEqual(await codesOf(dir, 'dist/bundle.py'), []);
    assert.match(client!.statuses.filter((s) => s.uri === uri('dist/bundle.py')).pop()?.message ?? '', /in dist\/, a folder skipped by default/);
    await client!.shutdown();
    const shipped = await workspace({ ...bundle, 'package.json': JSON.stringify({ name: 'p', main: 'dist/bundle.py' }) });
    assert.deepEqual(await codesOf(shipped.dir, 'dist/bundle.py'), ['BW101']);
  });

  it('per-file-ignores: the codes it names are not reported in the files it names', async () => {
    const { dir } = await workspace({ '.boundwise.json': JSON.stringify({ 'per-file-ignores': { 'tests/*': ['BW101'] } }) });
    assert.deepEqual(await codesOf(dir, 'tests/test_app.py'), []);
    assert.deepEqual(await codesOf(dir, 'vendored/direct.py'), ['BW101']);
    assert.deepEqual(await codesOf(dir, 'service.py'), ['BW110']);
  });
});

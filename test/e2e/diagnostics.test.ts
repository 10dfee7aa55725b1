// What a user sees in a real VS Code: opening a file activates Boundwise, a blocking sleep inside an
// async function gets a BW101 squiggle on exactly the call, the same call in sync code gets none,
// and editing the call away clears the squiggle; a helper changed on disk outside the editor (a git
// pull) changes the BW110 of the open file that calls it, and so does a project configuration that
// excludes the helper. Fixtures: test/e2e/fixtures/workspace.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { record } from './results';

const EXTENSION_ID = 'boundwise.boundwise';
const DIAGNOSTIC_TIMEOUT_MS = 20_000;

function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code opened no workspace folder; the runner must open test/e2e/fixtures/workspace (or a copy).');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** A diagnostic's rule code whether the server sent a plain code or `{ value, target }` (codeDescription). */
function ruleCode(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function boundwiseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => /^BW\d{3}$/.test(ruleCode(d) ?? ''));
}

function show(list: readonly vscode.Diagnostic[]): string {
  if (list.length === 0) return '(none)';
  return list
    .map((d) => `${ruleCode(d)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`)
    .join('\n  ');
}

/** Polls `probe` until it returns a value (not undefined/false); resolves with it and the time waited. */
async function waitUntil<T>(what: string, probe: () => T | undefined | false, timeoutMs = DIAGNOSTIC_TIMEOUT_MS, intervalMs = 25): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The range of `text` on a 0-based line; fails loudly if the fixture and the test disagree. */
function rangeOf(doc: vscode.TextDocument, line: number, text: string): vscode.Range {
  const column = doc.lineAt(line).text.indexOf(text);
  assert.ok(column >= 0, `fixture ${doc.uri.path} line ${line + 1} should contain ${text}: ${JSON.stringify(doc.lineAt(line).text)}`);
  return new vscode.Range(line, column, line, column + text.length);
}

function sameRange(a: vscode.Range, b: vscode.Range): boolean {
  return a.start.isEqual(b.start) && a.end.isEqual(b.end);
}

async function openInEditor(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

function findBW101(uri: vscode.Uri, range: vscode.Range): vscode.Diagnostic | undefined {
  return boundwiseDiagnostics(uri).find((d) => ruleCode(d) === 'BW101' && sameRange(d.range, range));
}

async function expectBW101At(uri: vscode.Uri, range: vscode.Range, call: string): Promise<{ diagnostic: vscode.Diagnostic; ms: number }> {
  try {
    const { value, ms } = await waitUntil(`BW101 at ${call}`, () => findBW101(uri, range));
    return { diagnostic: value, ms };
  } catch (err) {
    const all = vscode.languages.getDiagnostics(uri);
    assert.fail(
      `${(err as Error).message}\n  expected BW101 at ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} (${call})` +
        `\n  Boundwise diagnostics: ${show(boundwiseDiagnostics(uri))}\n  all diagnostics: ${show(all)}`,
    );
  }
}

function checkCodeDescription(diagnostic: vscode.Diagnostic): void {
  // The server links every finding to its rule page (codeDescription), which VS Code exposes as { value, target }.
  if (typeof diagnostic.code === 'object') {
    assert.ok(diagnostic.code.target.toString().includes('BW101'), `rule link should name BW101: ${diagnostic.code.target.toString()}`);
  }
}

describe('Boundwise in a real VS Code', function () {
  this.timeout(60_000);

  describe('Python (app.py)', () => {
    // 0-based lines of the fixture: the sleep inside `async def fetch_report` and inside `def warm_cache`.
    const ASYNC_SLEEP_LINE = 6;
    const SYNC_SLEEP_LINE = 12;
    let uri: vscode.Uri;
    let doc: vscode.TextDocument;
    let openedAt = 0;
    let activeBeforeOpen = false;
    let activation: Promise<number> | undefined;
    let flagged = false; // the later tests build on the first finding; without it they are skipped, not re-timed-out

    before(async () => {
      uri = fixtureUri('app.py');
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      activeBeforeOpen = ext?.isActive ?? false;
      openedAt = Date.now();
      // Watch activation while the file opens: opening app.py -> language detected ->
      // onLanguage:python -> extension code loaded -> activate() resolved.
      if (ext && !activeBeforeOpen) activation = waitUntil(`${EXTENSION_ID} to activate`, () => ext.isActive, DIAGNOSTIC_TIMEOUT_MS, 5).then((r) => r.ms);
      activation?.catch(() => undefined); // reported by the activation test
      doc = await openInEditor(uri);
    });

    after(async () => {
      // Leave no dirty editor behind, whatever the edit test did.
      if (doc.isDirty) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    });

    it('activates boundwise.boundwise when a Python file opens', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
      const activationMs = activation ? await activation : null;
      assert.strictEqual(ext.isActive, true, `${EXTENSION_ID} is installed but not active`);
      record('extensionVersion', ext.packageJSON.version);
      record('extensionPath', ext.extensionUri.path);
      record('activationMs', activationMs); // null: it was already active before app.py opened
      const expected = process.env.BOUNDWISE_E2E_EXTENSION_PATH;
      if (expected) {
        // The driver installs the packaged .vsix and points VS Code at that installed folder, so what
        // runs is exactly what ships.
        assert.strictEqual(ext.extensionUri.path.replace(/\/+$/, ''), vscode.Uri.file(expected).path.replace(/\/+$/, ''), 'the extension under test is not the installed .vsix');
      }
    });

    it('flags time.sleep(1) inside async def with BW101 on exactly the call', async () => {
      const range = rangeOf(doc, ASYNC_SLEEP_LINE, 'time.sleep(1)');
      const { diagnostic } = await expectBW101At(uri, range, 'time.sleep(1)');
      flagged = true;
      record('pythonFirstDiagnosticMs', Date.now() - openedAt);
      record('pythonDiagnostic', { code: diagnostic.code === undefined ? null : typeof diagnostic.code === 'object' ? { value: diagnostic.code.value, target: diagnostic.code.target.toString() } : diagnostic.code, severity: vscode.DiagnosticSeverity[diagnostic.severity], message: diagnostic.message, source: diagnostic.source });
      assert.match(diagnostic.message, /time\.sleep/, 'the message should name the call');
      checkCodeDescription(diagnostic);
    });

    it('leaves time.sleep in a sync function alone', async function () {
      if (!flagged) this.skip();
      await expectBW101At(uri, rangeOf(doc, ASYNC_SLEEP_LINE, 'time.sleep(1)'), 'time.sleep(1)');
      const syncFunction = new vscode.Range(SYNC_SLEEP_LINE - 1, 0, SYNC_SLEEP_LINE + 1, 0);
      const inSync = boundwiseDiagnostics(uri).filter((d) => d.range.intersection(syncFunction) !== undefined);
      assert.deepStrictEqual(inSync.map(ruleCode), [], `no finding expected in def warm_cache, got:\n  ${show(inSync)}`);
      assert.strictEqual(boundwiseDiagnostics(uri).length, 1, `exactly one finding expected in app.py, got:\n  ${show(boundwiseDiagnostics(uri))}`);
    });

    it('clears BW101 when the sleep line is deleted, and brings it back on revert', async function () {
      if (!flagged) this.skip();
      const range = rangeOf(doc, ASYNC_SLEEP_LINE, 'time.sleep(1)');
      await expectBW101At(uri, range, 'time.sleep(1)');
      const edit = new vscode.WorkspaceEdit();
      edit.delete(uri, new vscode.Range(ASYNC_SLEEP_LINE, 0, ASYNC_SLEEP_LINE + 1, 0));
      assert.strictEqual(await vscode.workspace.applyEdit(edit), true, 'the WorkspaceEdit was not applied');
      assert.ok(!doc.getText().includes('    time.sleep(1)\n    await'), 'the sleep line is still in the document');
      const { ms } = await waitUntil('BW101 to disappear after the edit', () => boundwiseDiagnostics(uri).every((d) => ruleCode(d) !== 'BW101'));
      record('pythonClearAfterEditMs', ms);

      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.strictEqual(doc.isDirty, false, 'revert left the document dirty');
      // code-server can tell the extension host "not dirty" before it sends the reverted text.
      await waitUntil('the reverted text in the document', () => doc.lineAt(ASYNC_SLEEP_LINE).text.includes('time.sleep(1)'));
      await expectBW101At(uri, rangeOf(doc, ASYNC_SLEEP_LINE, 'time.sleep(1)'), 'time.sleep(1) after revert');
    });
  });

  describe('files changed on disk outside the editor (git pull, branch switch)', () => {
    // Written with Node's fs, as git would: only VS Code's file watcher tells the server.
    const HELPERS = 'import requests\n\ndef download(url):\n    return requests.get(url).content\n';
    const HELPERS_FIXED = 'def download(url):\n    return url\n';
    const SERVICE = 'from watched_helpers import download\n\nasync def handle(url):\n    return download(url)\n';
    let helpers: string;
    let uri: vscode.Uri;

    const bw110 = () => boundwiseDiagnostics(uri).filter((d) => ruleCode(d) === 'BW110');
    const expectBW110 = async (count: number, what: string) => {
      const { ms } = await waitUntil(`${what} (${count} BW110 in watched/service.py)`, () => bw110().length === count);
      return ms;
    };

    before(async () => {
      uri = fixtureUri('watched/service.py');
      helpers = path.join(path.dirname(uri.fsPath), 'watched_helpers.py');
      fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
      fs.writeFileSync(uri.fsPath, SERVICE);
      await openInEditor(uri);
    });

    it('a helper created, edited both ways and deleted on disk changes the BW110 of the open file that calls it', async () => {
      fs.writeFileSync(helpers, HELPERS);
      record('watchCreatedMs', await expectBW110(1, 'BW110 once watched_helpers.py is created on disk'));
      fs.writeFileSync(helpers, HELPERS_FIXED);
      record('watchFixedMs', await expectBW110(0, 'BW110 gone once watched_helpers.py stops blocking'));
      fs.writeFileSync(helpers, HELPERS);
      await expectBW110(1, 'BW110 back once watched_helpers.py blocks again');
      fs.rmSync(helpers);
      record('watchDeletedMs', await expectBW110(0, 'BW110 gone with watched_helpers.py'));
    });

    it('a project configuration written on disk that excludes the helper takes it out of the chain; deleted, the helper is back', async () => {
      const config = path.join(path.dirname(path.dirname(uri.fsPath)), '.boundwise.json');
      fs.writeFileSync(helpers, HELPERS);
      await expectBW110(1, 'BW110 once watched_helpers.py is created on disk');
      try {
        fs.writeFileSync(config, '{ "extend-exclude": ["watched/watched_helpers.py"] }\n');
        record('watchExcludedMs', await expectBW110(0, 'BW110 gone once .boundwise.json excludes watched_helpers.py'));
      } finally {
        fs.rmSync(config, { force: true });
      }
      await expectBW110(1, 'BW110 back once .boundwise.json is deleted');
      fs.rmSync(helpers);
      await expectBW110(0, 'BW110 gone with watched_helpers.py');
    });
  });

  describe('TypeScript (worker.ts)', () => {
    const ASYNC_WAIT_LINE = 4;
    const SYNC_WAIT_LINE = 9;
    const CALL = 'Atomics.wait(shared, 0, 0, ms)';
    let uri: vscode.Uri;
    let doc: vscode.TextDocument;
    let openedAt = 0;
    let flagged = false;

    before(async () => {
      uri = fixtureUri('worker.ts');
      openedAt = Date.now();
      doc = await openInEditor(uri);
    });

    it('flags Atomics.wait inside an async function with BW101 on exactly the call', async () => {
      const { diagnostic } = await expectBW101At(uri, rangeOf(doc, ASYNC_WAIT_LINE, CALL), CALL);
      flagged = true;
      record('typescriptFirstDiagnosticMs', Date.now() - openedAt);
      assert.match(diagnostic.message, /Atomics\.wait/, 'the message should name the call');
      checkCodeDescription(diagnostic);
    });

    it('leaves Atomics.wait in a sync function (and in comments) alone', async function () {
      if (!flagged) this.skip();
      await expectBW101At(uri, rangeOf(doc, ASYNC_WAIT_LINE, CALL), CALL);
      const found = boundwiseDiagnostics(uri);
      assert.deepStrictEqual(
        found.filter((d) => d.range.start.line !== ASYNC_WAIT_LINE).map((d) => `${ruleCode(d)}@${d.range.start.line}`),
        [],
        `only line ${ASYNC_WAIT_LINE + 1} should be flagged (sync Atomics.wait is on line ${SYNC_WAIT_LINE + 1}), got:\n  ${show(found)}`,
      );
      assert.strictEqual(found.length, 1, `exactly one finding expected in worker.ts, got:\n  ${show(found)}`);
    });
  });
});

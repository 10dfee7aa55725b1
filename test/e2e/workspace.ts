// The fixture workspace as the profile and after-reload suites use it: its profile/ scripts, an
// editor on one of them, the hover at a position, and polling until something a user sees appears.
import * as assert from 'assert';
import * as vscode from 'vscode';

/** blocking_sleep.py's `time.sleep(0.6)` on line 8, the call BW101 flags and a run measures. */
export const BLOCKING_SLEEP_CALL = new vscode.Position(7, 8);

export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, 'profile', name);
}

export async function openFixture(name: string): Promise<vscode.Uri> {
  const uri = fixture(name);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false, viewColumn: vscode.ViewColumn.One });
  return uri;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The hovers' text at `position`, Markdown as the language server sent it. */
export async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)) as vscode.Hover[];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

export async function waitForFinding(uri: vscode.Uri, code: string): Promise<void> {
  await waitFor(`the ${code} finding`, () => vscode.languages.getDiagnostics(uri).some((d) => d.code === code || (d.code as { value?: string })?.value === code));
}

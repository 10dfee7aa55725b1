// 0x's flame graph of a Node run in its own webview: the page src/report/zeroX.ts renders from the
// run's V8 CPU profile (the same run as the report), with 0x's visualizer inlined under a nonce CSP.
// One panel per script, replaced by the graph of the latest run when opened again.
import * as vscode from 'vscode';
import type { CpuProfile } from '../../profile/model';
import { createNonce } from '../../report';
import { renderZeroXHtml } from '../../report/zeroXPage';

const panels = new Map<string, vscode.WebviewPanel>();

export function showZeroX(script: vscode.Uri, profile: CpuProfile, finishedAt: number): string {
  const key = script.toString();
  const name = script.path.split('/').pop() ?? script.path;
  const title = `0x: ${name} (run of ${new Date(finishedAt).toLocaleTimeString()}, on-CPU samples)`;
  const html = renderZeroXHtml(profile, { title, nonce: createNonce() });
  let panel = panels.get(key);
  if (!panel) {
    // No local resources: the page inlines everything it draws with.
    panel = vscode.window.createWebviewPanel('boundwise.zeroX', `0x: ${name}`, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [],
    });
    panels.set(key, panel);
    panel.onDidDispose(() => panels.delete(key));
  }
  panel.webview.html = html;
  panel.reveal();
  return html;
}

// The report webview: one panel per profiled script, re-rendered after each run with the previous
// result beside the new one. It handles the page's messages: open a location, re-run, export.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProfileReport } from '../../profile/report';
import { createNonce, escapeHtml, isReportMessage, renderReportHtml, renderReportWebview, REPORT_SCRIPTS, type ReportHostMessage, type ReportMessage } from '../../report';
import { lineFrom, openableFile } from './safety';
import { exportTarget, type ExportFormat } from './text';
import { showZeroX } from './zeroXPanel';
import type { StoredOutcome } from './runStore';

/** A run as the panel shows it: what the run store keeps. */
export type ProfileOutcome = StoredOutcome;

export interface PanelHost {
  rerun(script: vscode.Uri): void;
  /** Stops the script's run in progress; its report then replaces the placeholder. */
  stop(script: vscode.Uri): void;
  /** A line for the output channel. */
  log(line: string): void;
  /** Where the save dialog of an export starts: outside the source tree (see command.ts). */
  exportFolder(): string;
  rememberExportFolder(folder: string): void;
}

export class ReportPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, ReportPanel>();
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private outcome: ProfileOutcome | undefined;
  private readyWaiters: Array<(at: number) => void> = [];

  static forScript(script: vscode.Uri): ReportPanel | undefined {
    return ReportPanel.panels.get(script.toString());
  }

  /**
   * Opens the script's panel while it runs, so the webview is already loaded when the report is ready
   * (a new webview takes a few hundred ms to start). An existing panel keeps its report, marked busy.
   */
  static running(extensionUri: vscode.Uri, script: vscode.Uri, host: PanelHost): void {
    const existing = ReportPanel.panels.get(script.toString());
    if (existing) {
      existing.setBusy(true);
      return;
    }
    const panel = new ReportPanel(extensionUri, script, host);
    ReportPanel.panels.set(script.toString(), panel);
    panel.panel.webview.html = placeholderHtml(script);
  }

  /** The run failed or was cancelled: drop a panel that never showed a report, else clear busy. */
  static stopped(script: vscode.Uri): void {
    const panel = ReportPanel.panels.get(script.toString());
    if (!panel) return;
    if (panel.outcome) panel.setBusy(false);
    else panel.dispose();
  }

  /** Shows `outcome` in the script's panel (created if needed); resolves with Date.now() when the page has loaded. */
  static show(extensionUri: vscode.Uri, script: vscode.Uri, outcome: ProfileOutcome, host: PanelHost): { panel: ReportPanel; ready: Promise<number> } {
    let panel = ReportPanel.panels.get(script.toString());
    if (!panel) {
      panel = new ReportPanel(extensionUri, script, host);
      ReportPanel.panels.set(script.toString(), panel);
    }
    const ready = panel.render(outcome);
    panel.panel.reveal(panel.panel.viewColumn, true);
    return { panel, ready };
  }

  static disposeAll(): void {
    for (const panel of [...ReportPanel.panels.values()]) panel.dispose();
  }

  private constructor(private readonly extensionUri: vscode.Uri, private readonly script: vscode.Uri, private readonly host: PanelHost) {
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    // Reports share one editor group beside the code instead of opening a new column each.
    const column = [...ReportPanel.panels.values()].map((p) => p.panel.viewColumn).find((c) => c !== undefined) ?? vscode.ViewColumn.Beside;
    this.panel = vscode.window.createWebviewPanel('boundwise.report', `Boundwise: ${baseName(script.path)}`, { viewColumn: column, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: false,
    });
    this.panel.iconPath = vscode.Uri.joinPath(media, 'report-icon.svg');
    this.panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.disposables);
  }

  private disposed = false;

  get report(): ProfileReport | undefined {
    return this.outcome?.report;
  }

  reveal(): void {
    this.panel.reveal(this.panel.viewColumn, false);
  }

  setBusy(busy: boolean): void {
    void this.panel.webview.postMessage({ type: 'busy', busy } satisfies ReportHostMessage);
  }


  private render(outcome: ProfileOutcome): Promise<number> {
    this.outcome = outcome;
    const webview = this.panel.webview;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const ready = new Promise<number>((resolve) => this.readyWaiters.push(resolve));
    webview.html = renderReportWebview(outcome.report, {
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUris: REPORT_SCRIPTS.map((f) => webview.asWebviewUri(vscode.Uri.joinPath(media, f)).toString()),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString(),
      previous: outcome.previous,
      cpuProfile: outcome.cpuprofile,
      sampleOnCpu: outcome.sampleOnCpu,
      generator: 'Boundwise for VS Code',
      generatedAt: new Date(outcome.finishedAt).toISOString(),
    });
    return ready;
  }

  private onMessage(value: unknown): void {
    if (!isReportMessage(value)) return;
    const message: ReportMessage = value;
    switch (message.type) {
      case 'ready': {
        const at = Date.now();
        for (const resolve of this.readyWaiters.splice(0)) resolve(at);
        return;
      }
      case 'open':
        void this.open(message.file, message.line);
        return;
      case 'rerun':
        this.host.rerun(this.script);
        return;
      case 'stop':
        this.host.stop(this.script);
        return;
      case 'export':
        void this.export(message.format);
        return;
      case 'zerox':
        if (this.outcome?.cpuprofile && this.outcome.report.language === 'node') showZeroX(this.script, this.outcome.cpuprofile, this.outcome.finishedAt);
        else void vscode.window.showInformationMessage('Boundwise: 0x draws Node runs with a V8 CPU profile; this run has none.');
        return;
    }
  }

  private async open(file: string, line: number): Promise<void> {
    const target = openableFile(file, {
      script: this.script.fsPath,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    });
    if (!target || !fs.existsSync(target)) {
      void vscode.window.showWarningMessage(`Boundwise: the report can only open files in the workspace; ${file} is not one.`);
      return;
    }
    const position = new vscode.Position(lineFrom(line) - 1, 0);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(target));
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position), preview: false });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async export(format: ExportFormat): Promise<void> {
    if (!this.outcome) return;
    const { report, cpuprofile, sampleOnCpu, previous, finishedAt } = this.outcome;
    if (format === 'cpuprofile' && !cpuprofile) {
      void vscode.window.showWarningMessage('Boundwise: this run recorded no profile to export.');
      return;
    }
    const target = exportTarget(report.script, format, this.host.exportFolder());
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(target.file)));
    const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(target.file), filters: target.filters, saveLabel: 'Export' });
    if (!uri) return;
    if (uri.scheme === 'file') this.host.rememberExportFolder(path.dirname(uri.fsPath));
    const text = format === 'html'
      ? renderReportHtml(report, { cpuProfile: cpuprofile, sampleOnCpu, previous, generator: 'Boundwise for VS Code', generatedAt: new Date(finishedAt).toISOString() })
      : format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : JSON.stringify(cpuprofile);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    this.host.log(`Exported the ${format} of ${report.script} to ${uri.fsPath}`);
    const choice = await vscode.window.showInformationMessage(`Boundwise: exported ${uri.fsPath}`, 'Open', 'Reveal');
    if (choice === 'Open') await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: vscode.ViewColumn.Active, preview: false });
    else if (choice === 'Reveal') await vscode.commands.executeCommand('revealFileInOS', uri);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    ReportPanel.panels.delete(this.script.toString());
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/**
 * Shown while the first run of a script is in progress (the progress notification has the numbers),
 * with a button that stops the run and shows the report of what was measured.
 */
function placeholderHtml(script: vscode.Uri): string {
  const nonce = createNonce();
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'">
<title>Boundwise: ${escapeHtml(baseName(script.path))} (running)</title>
<style nonce="${nonce}">body{font-family:var(--vscode-font-family);color:var(--vscode-descriptionForeground);padding:24px}
button{font:inherit;color:var(--vscode-button-foreground);background:var(--vscode-button-background);border:0;padding:4px 12px;cursor:pointer}
button:hover{background:var(--vscode-button-hoverBackground)}button:disabled{opacity:.6;cursor:default}</style>
</head><body><p>Profiling <code>${escapeHtml(baseName(script.path))}</code>&hellip; the report opens here when the run ends.</p>
<p><button type="button" id="stop" title="Ask the script to end (Ctrl-C, then SIGTERM) and report what was measured">Stop and report</button></p>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const stop = document.getElementById('stop');
stop.addEventListener('click', () => { stop.disabled = true; stop.textContent = 'Stopping\u2026'; vscode.postMessage({ type: 'stop' }); });
</script></body></html>`;
}

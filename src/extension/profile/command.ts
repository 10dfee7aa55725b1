// "Boundwise: Profile and Classify": run the file under the profiler in a piscina worker with a
// progress notification (Cancel discards the run; its "Stop and report" link, the report
// placeholder's button and "Boundwise: Stop Profiling and Report" stop the script and keep the
// report), then show the report panel and the verdict in the status bar. The command resolves with
// what happened, so tests (and other extensions) can see it.
import * as vscode from 'vscode';
import { languageOf } from '../../profile/engine';
import type { ProfileReport } from '../../profile/report';
import { choosePythonInterpreter, type InterpreterChoice } from './interpreter';
import { ReportPanel, type ProfileOutcome } from './panel';
import { ProfilePool, type RunHandle } from './pool';
import { profileCwd, readProfileSettings } from './settings';
import { ProfileStatus, SHOW_REPORT_COMMAND } from './statusItem';
import { interpreterMessage, noFileMessage, progressMessage, refusalFor } from './text';

export const PROFILE_COMMAND = 'boundwise.profileAndClassify';
export const STOP_COMMAND = 'boundwise.stopProfiling';

export type ProfileCommandResult =
  /** Times are Date.now(): run started, worker finished, result back on this thread, HTML set, page loaded. */
  | { status: 'done'; report: ProfileReport; startedAt: number; finishedAt: number; receivedAt: number; htmlSetAt: number; readyAt?: number }
  | { status: 'refused' | 'failed' | 'cancelled' | 'busy'; message: string };

/** `measured`: told each report, so the language server's hovers can quote what it measured. */
export function registerProfileCommand(context: vscode.ExtensionContext, measured: (report: ProfileReport) => void = () => undefined): void {
  const pool = new ProfilePool(context.asAbsolutePath('dist/worker.js'));
  const status = new ProfileStatus();
  const running = new Map<string, RunHandle>();
  const outcomes = new Map<string, ProfileOutcome>();
  const host = {
    rerun: (script: vscode.Uri) => void vscode.commands.executeCommand(PROFILE_COMMAND, script),
    stop: (script: vscode.Uri) => void vscode.commands.executeCommand(STOP_COMMAND, script),
  };

  async function profile(target?: vscode.Uri): Promise<ProfileCommandResult> {
    const given = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    const refusal = refusalFor(vscode.workspace.isTrusted, given);
    if (refusal || !given) return refuse(refusal?.message ?? noFileMessage(), refusal?.level ?? 'info');
    const uri = given;
    const key = uri.toString();
    if (running.has(key)) return refuse(`Boundwise: ${baseName(uri)} is already being profiled.`, 'info', 'busy');

    // Profile what the user sees: save an open, modified copy first.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (open?.isDirty) await open.save();

    const config = vscode.workspace.getConfiguration('boundwise', uri);
    const { settings, problems } = readProfileSettings((k) => config.get(k));
    for (const problem of problems) void vscode.window.showWarningMessage(`Boundwise: ${problem}`);
    let interpreter: InterpreterChoice | undefined;
    if (languageOf(uri.fsPath) === 'python') interpreter = await choosePythonInterpreter(uri, settings.interpreter);

    ReportPanel.running(context.extensionUri, uri, host);
    const startedAt = Date.now();
    const cwd = profileCwd(settings.cwd, uri.fsPath, vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Boundwise: profiling ${baseName(uri)}`, cancellable: true },
      async (progress, token) => {
        // The link stops the run and keeps its report; the notification's Cancel discards it.
        const stopLink = `[Stop and report](command:${STOP_COMMAND})`;
        progress.report({ message: stopLink });
        const handle = pool.run(
          { script: uri.fsPath, args: settings.args, hz: settings.hz, timeoutMs: settings.timeoutMs, python: interpreter?.command, cwd },
          (p) => progress.report({ message: `${progressMessage(p.elapsedMs, p.samples)} \u00b7 ${stopLink}` }),
        );
        running.set(key, handle);
        const cancelled = token.onCancellationRequested(() => handle.cancel());
        try {
          return await handle.result;
        } finally {
          cancelled.dispose();
          running.delete(key);
        }
      },
    );
    const receivedAt = Date.now();

    if (!result.ok) {
      ReportPanel.stopped(uri);
      switch (result.kind) {
        case 'cancelled':
          vscode.window.setStatusBarMessage(`Boundwise: profiling ${baseName(uri)} cancelled`, 5000);
          return { status: 'cancelled', message: result.message };
        case 'interpreter':
          return refuse(interpreterMessage(result.message, interpreter?.source ?? 'default'), 'error', 'failed');
        case 'input':
          return refuse(`Boundwise: ${result.message}`, 'error', 'failed');
        default:
          return refuse(`Boundwise: profiling ${baseName(uri)} failed: ${result.message.split('\n')[0]}`, 'error', 'failed');
      }
    }

    const outcome: ProfileOutcome = { report: result.report, cpuprofile: result.cpuprofile, previous: outcomes.get(key)?.report, finishedAt: result.finishedAt };
    outcomes.set(key, outcome);
    status.set(uri, result.report);
    measured(result.report);
    const { ready } = ReportPanel.show(context.extensionUri, uri, outcome, host);
    const htmlSetAt = Date.now();
    const readyAt = await Promise.race([ready, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 15_000))]);
    return { status: 'done', report: result.report, startedAt, finishedAt: result.finishedAt, receivedAt, htmlSetAt, readyAt };
  }

  /** Stops the run of `target` (else of the active file, else the only run) and keeps its report. */
  function stop(target?: vscode.Uri | string): boolean {
    const wanted = target instanceof vscode.Uri ? target.toString() : typeof target === 'string' ? target : vscode.window.activeTextEditor?.document.uri.toString();
    const handle = (wanted ? running.get(wanted) : undefined) ?? (running.size === 1 ? [...running.values()][0] : undefined);
    if (!handle) {
      void vscode.window.showInformationMessage(running.size ? 'Boundwise: open the file whose profile run to stop.' : 'Boundwise: no profile run to stop.');
      return false;
    }
    handle.stop();
    return true;
  }

  function showReport(target?: vscode.Uri): void {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    const outcome = uri ? outcomes.get(uri.toString()) : undefined;
    if (!uri || !outcome) {
      void vscode.window.showInformationMessage('Boundwise: no profile yet for this file; run "Boundwise: Profile and Classify".');
      return;
    }
    const existing = ReportPanel.forScript(uri);
    if (existing) existing.reveal();
    else ReportPanel.show(context.extensionUri, uri, outcome, host);
  }

  context.subscriptions.push(
    status,
    vscode.commands.registerCommand(PROFILE_COMMAND, profile),
    vscode.commands.registerCommand(SHOW_REPORT_COMMAND, showReport),
    vscode.commands.registerCommand(STOP_COMMAND, stop),
    {
      dispose: () => {
        // Destroying the pool ends the worker thread but not the scripts: cancel, let the kills land, then destroy.
        const pending = [...running.values()].map((handle) => (handle.cancel(), handle.result));
        ReportPanel.disposeAll();
        void Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, 3000))]).then(() => pool.dispose());
      },
    },
  );
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

function refuse(message: string, level: 'error' | 'info', status: 'refused' | 'failed' | 'busy' = 'refused'): ProfileCommandResult {
  if (level === 'error') void vscode.window.showErrorMessage(message);
  else void vscode.window.showInformationMessage(message);
  return { status, message };
}

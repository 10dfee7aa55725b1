// "Boundwise: Profile and Classify": run the file under the profiler in a piscina worker with a
// progress notification (Cancel discards the run; its "Stop and report" link, the report
// placeholder's button and "Boundwise: Stop Profiling and Report" stop the script and keep the
// report), then show the report panel and the verdict in the status bar. The command resolves with
// what happened, so tests (and other extensions) can see it. Each report is kept in the workspace
// storage (RunStore), so the verdict, the hover's measured line and the report come back after a
// window reload ("Boundwise: Show Last Report", "Boundwise: Show Recent Profile Runs"). Each run
// is logged in the Boundwise output channel. "Profile Server Under Load..." is the same run with the
// built-in load (boundwise.profile.load.url does it for every run); "Attach to Node Process..."
// profiles a running Node process through the same worker, progress, Stop and report.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { languageOf } from '../../profile/engine';
import type { ProfileReport } from '../../profile/report';
import { COMMANDS, SETTINGS, SETTINGS_SECTION, settingName } from '../contributes';
import { choosePythonInterpreter, type InterpreterChoice } from './interpreter';
import { chooseNode, type NodeChoice } from './nodeRuntime';
import { ReportPanel, type ProfileOutcome } from './panel';
import { ProfilePool, type ProfileRequest, type RunHandle } from './pool';
import { RunStore, type RunEntry } from './runStore';
import { askAttach, askLoad, attachInputsFrom, loadInputsFrom, suggestedLoadUrl, type AttachInputs, type PromptUi } from './prompts';
import { profileCwd, readProfileSettings, type ProfileSettings } from './settings';
import { ProfileStatus, SHOW_REPORT_COMMAND } from './statusItem';
import { classificationLabel } from '../../report/render';
import { ATTACH_UNTRUSTED_MESSAGE, interpreterMessage, loadRequestOf, noFileMessage, refusalFor, runProgressMessage } from './text';
import { inspectProcess, type RunningProcess } from '../../profile/attach/processInfo';
import { listOwnProcesses } from '../../profile/attach/processList';
import { notAttachable } from '../../profile/attach/attach';

export type ProfileCommandResult =
  /** Times are Date.now(): run started, worker finished, result back on this thread, HTML set, page loaded. */
  | { status: 'done'; report: ProfileReport; startedAt: number; finishedAt: number; receivedAt: number; htmlSetAt: number; readyAt?: number }
  | { status: 'refused' | 'failed' | 'cancelled' | 'busy'; message: string };

/**
 * `measured`: told each report (and each kept one on restore), so the language server's hovers can
 * quote what it measured; `log`: a line for the output channel. Returns `restore`, which brings
 * back the kept reports (call it once the language server runs).
 */
export function registerProfileCommand(
  context: vscode.ExtensionContext,
  measured: (report: ProfileReport) => void = () => undefined,
  log: (line: string) => void = () => undefined,
): { restore(): void } {
  const pool = new ProfilePool(context.asAbsolutePath('dist/worker.js'));
  const storage = (context.storageUri ?? context.globalStorageUri).fsPath;
  const store = new RunStore(path.join(storage, 'runs'));
  const status = new ProfileStatus();
  const running = new Map<string, RunHandle>();
  const outcomes = new Map<string, ProfileOutcome>();
  /** How to run a script's report again when it was not a plain run: the same load, the same attachment. */
  const reruns = new Map<string, () => void>();
  const host = {
    rerun: (script: vscode.Uri) => (reruns.get(script.toString()) ?? (() => void vscode.commands.executeCommand(COMMANDS.profileAndClassify, script)))(),
    stop: (script: vscode.Uri) => void vscode.commands.executeCommand(COMMANDS.stopProfiling, script),
    log,
    // Exports go outside the source tree: the folder last exported to, else the extension's storage.
    exportFolder: () => context.globalState.get<string>(EXPORT_FOLDER_KEY) ?? path.join(storage, 'exports'),
    rememberExportFolder: (folder: string) => void context.globalState.update(EXPORT_FOLDER_KEY, folder),
  };

  /** What a run of a script needs from its settings and the editor: checked, saved, resolved. */
  async function prepareScript(target: unknown): Promise<{ uri: vscode.Uri; settings: ProfileSettings; request: ProfileRequest; interpreter?: InterpreterChoice; logLine: string } | ProfileCommandResult> {
    const given = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    const refusal = refusalFor(vscode.workspace.isTrusted, given);
    if (refusal || !given) return refuse(refusal?.message ?? noFileMessage(), refusal?.level ?? 'info');
    const uri = given;
    const key = uri.toString();
    if (running.has(key)) return refuse(`Boundwise: ${baseName(uri)} is already being profiled.`, 'info', 'busy');

    // Profile what the user sees: save an open, modified copy first.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (open?.isDirty) await open.save();

    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, uri);
    const { settings, problems } = readProfileSettings((k) => config.get(k));
    for (const problem of problems) void vscode.window.showWarningMessage(`Boundwise: ${problem}`);
    let interpreter: InterpreterChoice | undefined;
    let node: NodeChoice | undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    if (languageOf(uri.fsPath) === 'python') interpreter = await choosePythonInterpreter(uri, settings.interpreter);
    else node = chooseNode(settings.nodePath, folder, undefined, undefined, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
    const cwd = profileCwd(settings.cwd, uri.fsPath, folder);
    const runtime = interpreter ? `${interpreter.command} (${interpreter.source})` : `${node?.command} (${node?.source})`;
    const logLine = `Profile ${uri.fsPath}${settings.args.length ? ` with arguments ${JSON.stringify(settings.args)}` : ''}: interpreter ${runtime}, cwd ${cwd}`;
    const request: ProfileRequest = { script: uri.fsPath, args: settings.args, hz: settings.hz, timeoutMs: settings.timeoutMs, python: interpreter?.command, node: node?.command, cwd };
    return { uri, settings, request, interpreter, logLine };
  }

  async function profile(target?: vscode.Uri): Promise<ProfileCommandResult> {
    const prepared = await prepareScript(target);
    if ('status' in prepared) return prepared;
    const { uri, settings, request, interpreter, logLine } = prepared;
    // boundwise.profile.load.url set: every run of a script is a run under that load.
    const load = settings.load.url ? loadRequestOf({ url: settings.load.url, durationSeconds: settings.load.durationSeconds, connections: settings.load.connections }, settings.load.allowOtherHosts) : undefined;
    reruns.delete(uri.toString());
    return runAndShow(uri, { ...request, ...(load ? { load } : {}) }, `${logLine}${load ? `, under the load of ${settingName(SETTINGS.profileLoadUrl)}: ${loadText(load)}` : ''}`, interpreter);
  }

  /** "Profile Server Under Load...": `inputs` ({url, durationSeconds?, connections?}) or the prompts. */
  async function profileUnderLoad(target?: vscode.Uri, inputs?: unknown): Promise<ProfileCommandResult> {
    const prepared = await prepareScript(target);
    if ('status' in prepared) return prepared;
    const { uri, settings, request, interpreter, logLine } = prepared;
    const defaults = { durationSeconds: settings.load.durationSeconds, connections: settings.load.connections };
    // The explorer passes the selected files as the second argument: only a plain object is inputs.
    const given = inputs && typeof inputs === 'object' && !Array.isArray(inputs) ? loadInputsFrom(inputs, defaults, settings.load.allowOtherHosts) : undefined;
    if (typeof given === 'string') return refuse(`Boundwise: ${given}`, 'error', 'failed');
    const chosen = given ?? await askLoad(promptUi, { url: suggestedLoadUrl(settings.load.url, outcomeFor(uri)?.report.server?.ports), ...defaults }, settings.load.allowOtherHosts);
    if (!chosen) return { status: 'cancelled', message: 'No load was chosen.' };
    const load = loadRequestOf(chosen, settings.load.allowOtherHosts);
    reruns.set(uri.toString(), () => void vscode.commands.executeCommand(COMMANDS.profileUnderLoad, uri, chosen));
    return runAndShow(uri, { ...request, load }, `${logLine}, under load: ${loadText(load)}`, interpreter);
  }

  /** "Attach to Node Process...": `inputs` ({pid, durationSeconds?}) or the process pick. */
  async function attach(inputs?: unknown): Promise<ProfileCommandResult> {
    if (!vscode.workspace.isTrusted) return refuse(ATTACH_UNTRUSTED_MESSAGE, 'error');
    let chosen: AttachInputs;
    if (inputs && typeof inputs === 'object' && !Array.isArray(inputs)) {
      const given = attachInputsFrom(inputs);
      if (typeof given === 'string') return refuse(`Boundwise: ${given}`, 'error', 'failed');
      chosen = given;
    } else {
      const processes = listOwnProcesses();
      if (!processes.length) return refuse('Boundwise: no Node or Python process of yours is running.', 'info');
      const picked = await askAttach(promptUi, processes);
      if (!picked) return { status: 'cancelled', message: 'No process was chosen.' };
      chosen = { pid: picked.process.pid, durationSeconds: picked.durationSeconds };
    }
    let proc: RunningProcess;
    try {
      proc = inspectProcess(chosen.pid);
    } catch (err) {
      return refuse(`Boundwise: ${(err as Error).message}`, 'error', 'failed');
    }
    // A Python process gets the one sentence saying which versions can be attached to.
    const refusal = await notAttachable(proc);
    if (refusal) return refuse(`Boundwise: ${refusal}`, proc.language === 'python' ? 'info' : 'error');
    const uri = vscode.Uri.file(proc.script ?? path.join(proc.cwd ?? '/', `process ${proc.pid}`));
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, uri);
    const { settings } = readProfileSettings((k) => config.get(k));
    reruns.set(uri.toString(), () => void vscode.commands.executeCommand(COMMANDS.attachToNode, chosen));
    const logLine = `Attach to process ${proc.pid} (${proc.argv.join(' ')})${chosen.durationSeconds ? ` for ${chosen.durationSeconds} s` : ' until Stop'}`;
    return runAndShow(uri, { attach: { pid: proc.pid, ...(chosen.durationSeconds ? { durationMs: chosen.durationSeconds * 1000 } : {}) }, hz: settings.hz }, logLine);
  }

  /** Runs `request` in the worker with the progress notification (Cancel; Stop keeps the report), then shows the report. */
  async function runAndShow(uri: vscode.Uri, request: ProfileRequest, logLine: string, interpreter?: InterpreterChoice): Promise<ProfileCommandResult> {
    const key = uri.toString();
    // Checked again here: a prompt may have been open while another run of the same file started.
    if (running.has(key)) return refuse(`Boundwise: ${baseName(uri)} is already being profiled.`, 'info', 'busy');
    log(logLine);
    ReportPanel.running(context.extensionUri, uri, host);
    const startedAt = Date.now();
    const what = request.attach ? `${baseName(uri)} (process ${request.attach.pid})` : baseName(uri);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Boundwise: profiling ${what}`, cancellable: true },
      async (progress, token) => {
        // The link stops the run and keeps its report; the notification's Cancel discards it.
        const stopLink = `[Stop and report](command:${COMMANDS.stopProfiling})`;
        progress.report({ message: stopLink });
        const handle = pool.run(request, (p) => progress.report({ message: `${runProgressMessage(p, request)} \u00b7 ${stopLink}` }));
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
      log(`  ${result.kind === 'cancelled' ? 'cancelled' : `failed (${result.kind})`}: ${result.message}`);
      ReportPanel.stopped(uri);
      switch (result.kind) {
        case 'cancelled':
          vscode.window.setStatusBarMessage(`Boundwise: profiling ${baseName(uri)} cancelled`, 5000);
          return { status: 'cancelled', message: result.message };
        case 'interpreter':
          return refuse(interpreterMessage(result.message, interpreter?.source ?? 'default'), 'error', 'failed');
        case 'input':
          return refuse(`Boundwise: ${result.message}${result.allowedBy === 'any-load-host' ? ` To load another host you own, set ${settingName(SETTINGS.profileLoadAllowOtherHosts)} in your user settings.` : ''}`, 'error', 'failed');
        default:
          return refuse(`Boundwise: profiling ${baseName(uri)} failed: ${result.message.split('\n')[0]}`, 'error', 'failed');
      }
    }

    const outcome: ProfileOutcome = { report: result.report, cpuprofile: result.cpuprofile, sampleOnCpu: result.sampleOnCpu, previous: outcomes.get(key)?.report, finishedAt: result.finishedAt };
    outcomes.set(key, outcome);
    const r = result.report;
    log(`  ${r.attached ? `detached after ${r.attached.durationMs} ms, process ${r.attached.pid} still running` : `exit code ${r.exitCode ?? 'none (killed)'}`}${r.stopped ? `, stopped by ${r.stopped.by}` : ''}, ${r.timings.wallMs} ms, ${r.classification}${r.runtime?.version ? `, ran on ${r.runtime.version}` : ''}`);
    try {
      const entry = store.save(outcome);
      log(`  report kept in ${path.join(store.root, entry.id)}`);
    } catch (err) {
      log(`  the report could not be kept for the next session: ${(err as Error).message}`);
    }
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

  /** The script's last report: this session's, else the one kept in storage. */
  function outcomeFor(uri: vscode.Uri): ProfileOutcome | undefined {
    const known = outcomes.get(uri.toString());
    if (known) return known;
    const entry = store.latestFor(uri.fsPath);
    return entry ? loadEntry(entry) : undefined;
  }

  function loadEntry(entry: RunEntry): ProfileOutcome | undefined {
    const loaded = store.load(entry);
    for (const problem of store.problems.splice(0)) log(`Boundwise: ${problem}`);
    return loaded;
  }

  function reveal(uri: vscode.Uri, outcome: ProfileOutcome, reuse = true): void {
    const existing = reuse ? ReportPanel.forScript(uri) : undefined;
    if (existing && existing.report === outcome.report) existing.reveal();
    else ReportPanel.show(context.extensionUri, uri, outcome, host);
  }

  function showReport(target?: vscode.Uri): void {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    const outcome = uri ? outcomeFor(uri) : undefined;
    if (!uri || !outcome) {
      void vscode.window.showInformationMessage('Boundwise: no profile yet for this file; run "Boundwise: Profile and Classify".');
      return;
    }
    reveal(uri, outcome);
  }

  /** The active file's last report, else the last report of any script. */
  function showLastReport(): boolean {
    const active = vscode.window.activeTextEditor?.document.uri;
    const own = active?.scheme === 'file' ? outcomeFor(active) : undefined;
    if (active && own) {
      reveal(active, own);
      return true;
    }
    const entry = store.list()[0];
    const outcome = entry && loadEntry(entry);
    if (!entry || !outcome) {
      void vscode.window.showInformationMessage('Boundwise: no profile report yet; run "Boundwise: Profile and Classify".');
      return false;
    }
    reveal(vscode.Uri.file(entry.script), outcome);
    return true;
  }

  async function showRecentRuns(): Promise<void> {
    const entries = store.list();
    if (!entries.length) {
      void vscode.window.showInformationMessage('Boundwise: no profile runs yet; run "Boundwise: Profile and Classify".');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      entries.map((e) => ({
        label: path.basename(e.script),
        description: `${classificationLabel(e.classification)} \u00b7 ${new Date(e.finishedAt).toLocaleString()}`,
        detail: `${vscode.workspace.asRelativePath(e.script)} \u2014 ${e.title}`,
        entry: e,
      })),
      { title: 'Boundwise: recent profile runs', placeHolder: 'Open the report of a run', matchOnDescription: true, matchOnDetail: true },
    );
    const outcome = picked && loadEntry(picked.entry);
    if (picked && outcome) reveal(vscode.Uri.file(picked.entry.script), outcome, false);
  }

  /** Brings back each script's last report: its status-bar verdict and the hover's measured line. */
  function restore(): void {
    for (const entry of store.latestPerScript()) {
      const outcome = loadEntry(entry);
      if (!outcome) continue;
      const uri = vscode.Uri.file(entry.script);
      outcomes.set(uri.toString(), outcome);
      status.set(uri, outcome.report);
      measured(outcome.report);
    }
  }

  context.subscriptions.push(
    status,
    vscode.commands.registerCommand(COMMANDS.profileAndClassify, profile),
    vscode.commands.registerCommand(COMMANDS.profileUnderLoad, profileUnderLoad),
    vscode.commands.registerCommand(COMMANDS.attachToNode, attach),
    vscode.commands.registerCommand(SHOW_REPORT_COMMAND, showReport),
    vscode.commands.registerCommand(COMMANDS.showLastReport, showLastReport),
    vscode.commands.registerCommand(COMMANDS.showRecentRuns, showRecentRuns),
    vscode.commands.registerCommand(COMMANDS.stopProfiling, stop),
    {
      dispose: () => {
        // Destroying the pool ends the worker thread but not the scripts: cancel, let the kills land, then destroy.
        const pending = [...running.values()].map((handle) => (handle.cancel(), handle.result));
        ReportPanel.disposeAll();
        void Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, 3000))]).then(() => pool.dispose());
      },
    },
  );
  return { restore };
}

const EXPORT_FOLDER_KEY = 'boundwise.exportFolder';

/** The quick input behind the prompts (prompts.ts). */
const promptUi: PromptUi = {
  input: (o) => Promise.resolve(vscode.window.showInputBox({ title: o.title, prompt: o.prompt, value: o.value, ignoreFocusOut: true, validateInput: o.validate })),
  pick: async (items, o) => (await vscode.window.showQuickPick(items, { title: o.title, placeHolder: o.placeHolder, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true }))?.value,
};

function loadText(load: ProfileRequest['load'] & object): string {
  return `GET ${load.url} for ${load.durationMs / 1000} s over ${load.connections} connections`;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

function refuse(message: string, level: 'error' | 'info', status: 'refused' | 'failed' | 'busy' = 'refused'): ProfileCommandResult {
  if (level === 'error') void vscode.window.showErrorMessage(message);
  else void vscode.window.showInformationMessage(message);
  return { status, message };
}

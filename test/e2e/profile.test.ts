// "Boundwise: Profile and Classify" in a real VS Code: the command profiles a Python and a Node
// fixture in the extension's piscina worker, the report webview shows the verdict and the timings,
// a hotspot click lands on its line, Re-run puts the previous result beside the new one, Cancel
// in the progress notification kills the script's process tree, its "Stop and report" link ends the
// script and shows the report of what was measured, a missing interpreter gives one
// message, the report appears quickly after a 10 s script ends, and after a run the hover on a
// finding quotes the time measured at the call. Webview DOM checks, clicks and
// screenshots go through the driver (ui.ts); under test-electron those tests are skipped.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { handOver, handOverRun, record } from './results';
import { isVerdictItem, ui, uiAvailable, type WebviewContent } from './ui';
import { BLOCKING_SLEEP_CALL, fixture, hoverAt, openFixture, waitFor, waitForFinding } from './workspace';
import { alive } from '../profile/helpers';

const COMMAND = 'boundwise.profileAndClassify';

type CommandResult =
  | { status: 'done'; report: { script: string; classification: string; timings: { wallMs: number; utilization: number }; hotspots: Array<{ function: string; file: string; line: number }>; stdoutTail?: string }; startedAt: number; finishedAt: number; receivedAt: number; htmlSetAt: number; readyAt?: number }
  | { status: 'refused' | 'failed' | 'cancelled' | 'busy'; message: string };

async function profile(uri?: vscode.Uri): Promise<CommandResult> {
  return (await vscode.commands.executeCommand(COMMAND, uri)) as CommandResult;
}

/** Asserts the run ended with a report, and tells the after-reload suite that it did. */
function done(result: CommandResult): Extract<CommandResult, { status: 'done' }> {
  assert.strictEqual(result.status, 'done', `the command did not finish: ${JSON.stringify(result)}`);
  const finished = result as Extract<CommandResult, { status: 'done' }>;
  handOverRun(finished.report);
  return finished;
}

async function setTheme(theme: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await new Promise((r) => setTimeout(r, 1200));
}

describe('Profile and Classify in a real VS Code', function () {
  this.timeout(90_000);

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('boundwise').update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
  });

  describe('hover after a run (blocking_sleep.py)', () => {
    it('quotes the time the run measured at the flagged call', async () => {
      const uri = await openFixture('blocking_sleep.py');
      const hoverText = () => hoverAt(uri, BLOCKING_SLEEP_CALL);
      await waitForFinding(uri, 'BW101');
      assert.doesNotMatch(await hoverText(), /Measured/);
      const run = done(await profile(uri));
      assert.ok(run.report.timings.wallMs > 500);
      const blocking = (run.report as { blocking?: unknown }).blocking;
      const text = await waitFor(`the measured time in the hover (the run's blocking sites: ${JSON.stringify(blocking)}; document ${uri.fsPath})`, async () => {
        const t = await hoverText();
        return /Measured/.test(t) ? t : undefined;
      }, 5000);
      assert.match(text, /^\*\*Measured:\*\* \d+ ms waiting in `time\.sleep` here, \d+% of the run \(last profile run of `blocking_sleep\.py`/);
      handOver((h) => void (h.hoverMeasuredLine = text.split('\n')[0]));
      const ms = Number(/(\d+) ms waiting/.exec(text)?.[1]);
      assert.ok(ms >= 450 && ms <= 1500, `measured ${ms} ms for a 0.6 s sleep`);
    });
  });

  describe('Python (cpu_fib.py)', () => {
    let result: Extract<CommandResult, { status: 'done' }> | undefined;

    it('is contributed to the palette, editor title and explorer context menu', () => {
      const ext = vscode.extensions.getExtension('boundwise.boundwise');
      const contributes = ext?.packageJSON.contributes;
      assert.ok(contributes.commands.some((c: { command: string }) => c.command === COMMAND));
      for (const menu of ['editor/title', 'explorer/context', 'commandPalette']) {
        assert.ok(contributes.menus[menu].some((m: { command: string }) => m.command === COMMAND), `${COMMAND} missing from ${menu}`);
      }
    });

    it('profiles the active file and reports it cpu-bound', async () => {
      await openFixture('cpu_fib.py');
      const t = Date.now();
      result = done(await profile());
      record('pythonProfileCommandMs', Date.now() - t);
      record('pythonReport', { classification: result.report.classification, wallMs: result.report.timings.wallMs, utilization: result.report.timings.utilization });
      assert.strictEqual(result.report.classification, 'cpu-bound');
      assert.ok(result.readyAt, 'the report page never said it was ready');
    });

    it('shows the verdict and the timings in the webview', async function () {
      if (!uiAvailable() || !result) this.skip();
      const page = await ui<WebviewContent>({ action: 'readWebview', title: 'Boundwise: cpu_fib.py' });
      assert.match(page.verdict ?? '', /CPU-bound/i);
      for (const measure of ['Wall', 'User', 'Sys', 'Children', 'Utili', 'Cores']) assert.match(page.timings ?? '', new RegExp(measure, 'i'), `timings table lacks ${measure}: ${page.timings}`);
      assert.match(page.stats ?? '', /Wall time/);
      assert.ok(page.hotspotRows > 0, 'no hotspot rows');
      assert.ok(page.flameFrames > 0, 'no flame graph');
      record('pythonWebview', { verdict: page.verdict, stats: page.stats, verdictColor: page.verdictColor, chartsOrange: page.chartsOrange });
    });

    it('opens the file at the hotspot line when the hotspot is clicked', async function () {
      if (!uiAvailable() || !result) this.skip();
      const hot = result.report.hotspots.find((h) => h.function === 'fib' && h.file.endsWith('cpu_fib.py'));
      assert.ok(hot, `no fib hotspot: ${JSON.stringify(result.report.hotspots)}`);
      // Another file in the first group, so the click has to open cpu_fib.py and move to the line.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fixture('cpu_fib.mjs')), { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
      await ui({ action: 'clickWebview', title: 'Boundwise: cpu_fib.py', selector: `table.hotspots [data-open-line="${hot.line}"]` });
      const editor = await waitFor('cpu_fib.py to open at the hotspot', () => {
        const e = vscode.window.activeTextEditor;
        return e?.document.uri.fsPath.endsWith('cpu_fib.py') && e.selection.active.line === hot.line - 1 ? e : undefined;
      });
      assert.match(editor.document.lineAt(hot.line - 1).text, /fib/);
    });

    it('shows the verdict in the status bar, which reopens the report', async function () {
      if (!uiAvailable() || !result) this.skip();
      await openFixture('cpu_fib.py');
      const texts = await waitFor('the verdict in the status bar', async () => {
        const t = await ui<string[]>({ action: 'workbenchText', selector: '.statusbar-item' });
        return t.some((s) => /CPU-bound/.test(s)) ? t : undefined;
      });
      assert.ok(texts.length > 0);
      // Close the report, then click the status item: it must come back.
      for (const group of vscode.window.tabGroups.all) {
        for (const tab of group.tabs) if (tab.label.startsWith('Boundwise: cpu_fib.py')) await vscode.window.tabGroups.close(tab);
      }
      await ui({ action: 'clickWorkbench', selector: '.statusbar-item', text: 'CPU-bound' });
      const page = await ui<WebviewContent>({ action: 'readWebview', title: 'Boundwise: cpu_fib.py' });
      assert.match(page.verdict ?? '', /CPU-bound/i);
    });

    it('saves screenshots of the report in the dark and light themes', async function () {
      if (!uiAvailable() || !result) this.skip();
      // VS Code's current default themes where this build has them.
      const themes = vscode.extensions.all.flatMap((e) => (e.packageJSON.contributes?.themes ?? []) as Array<{ id?: string; label: string; uiTheme: string }>);
      const names = new Set(themes.map((t) => t.id ?? t.label));
      const dark = ['Dark 2026', 'Default Dark Modern'].find((n) => names.has(n)) ?? 'Default Dark Modern';
      const light = ['Light 2026', 'Default Light Modern'].find((n) => names.has(n)) ?? 'Default Light Modern';
      record('themes', { dark, light });
      const backgrounds: string[] = [];
      for (const [theme, file] of [[dark, 'profile-report-dark.png'], [light, 'profile-report-light.png']]) {
        await setTheme(theme);
        const page = await ui<WebviewContent>({ action: 'readWebview', title: 'Boundwise: cpu_fib.py' });
        backgrounds.push(page.background);
        record(`colors:${theme}`, { background: page.background, verdict: page.verdictColor, chartsOrange: page.chartsOrange });
        record(`screenshot:${theme}`, await ui({ action: 'screenshot', file }));
      }
      assert.notStrictEqual(backgrounds[0], backgrounds[1], 'the report did not follow the theme');
      await setTheme(dark);
    });

    it('Export JSON writes the report outside the source tree and offers Open and Reveal', async function () {
      if (!uiAvailable() || !result) this.skip();
      const workspace = path.dirname(path.dirname(fixture('cpu_fib.py').fsPath));
      fs.rmSync(path.join(path.dirname(fixture('cpu_fib.py').fsPath), 'cpu_fib.boundwise.json'), { force: true });
      await ui({ action: 'clickWebview', title: 'Boundwise: cpu_fib.py', selector: '[data-action="export"][data-format="json"]' });
      // code-server's save dialog is a quick input prefilled with the suggested path: accept it.
      await new Promise((r) => setTimeout(r, 1500));
      await ui({ action: 'press', key: 'Enter' });
      // The confirmation, read from the notification list (toasts may be hidden while a webview has focus).
      const toast = await waitFor('the export confirmation', async () => {
        await vscode.commands.executeCommand('notifications.showList');
        const items = await ui<string[]>({ action: 'workbenchText', selector: '.notifications-center .notification-list-item' }).catch(() => []);
        return items.find((t) => /exported \//.test(t));
      }, 15_000);
      const target = /exported (\/\S+\.json)/.exec(toast)?.[1] ?? '';
      assert.ok(path.isAbsolute(path.relative(workspace, target)) || path.relative(workspace, target).startsWith('..'), `exported outside the workspace: ${target}`);
      assert.match(toast, /Open/);
      assert.match(toast, /Reveal/);
      const exported = JSON.parse(fs.readFileSync(target, 'utf8'));
      assert.strictEqual(exported.classification, result.report.classification);
      assert.ok(exported.timings && exported.samples && Array.isArray(exported.hotspots));
      assert.ok(!fs.existsSync(path.join(path.dirname(fixture('cpu_fib.py').fsPath), 'cpu_fib.boundwise.json')), 'nothing written beside the script');
    });

    it('Boundwise: Show Last Report reopens the report after its panel was closed', async function () {
      if (!result) this.skip();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await openFixture('cpu_fib.py');
      assert.strictEqual(await vscode.commands.executeCommand('boundwise.showLastReport'), true);
      if (!uiAvailable()) return;
      const page = await ui<WebviewContent>({ action: 'readWebview', title: 'Boundwise: cpu_fib.py' });
      assert.match(page.verdict ?? '', /CPU-bound/i);
    });

    it('Re-run puts the previous result beside the new one: a change inside the noise is no change, else the measured speed-up', async function () {
      if (!uiAvailable() || !result) this.skip();
      const t = Date.now();
      await ui({ action: 'clickWebview', title: 'Boundwise: cpu_fib.py', selector: '[data-action="rerun"]' });
      const page = await waitFor('the comparison with the previous run', async () => {
        const p = await ui<WebviewContent>({ action: 'readWebview', title: 'Boundwise: cpu_fib.py' }).catch(() => undefined);
        return p?.compare ? p : undefined;
      }, 30_000);
      handOverRun({ script: 'cpu_fib.py' });
      record('pythonRerunMs', Date.now() - t);
      record('rerunCompare', page.compare);
      // The same script run twice: both wall times are shown; within 10% of each other (the least
      // counted as a change between single runs) it is "No measurable change", never a speed-up.
      const walls = /wall ([\d.]+) (ms|s) \u2192 ([\d.]+) (ms|s)/.exec(page.compare ?? '');
      assert.ok(walls, page.compare ?? 'no comparison');
      const ms = (n: string, unit: string) => Number(n) * (unit === 's' ? 1000 : 1);
      const ratio = ms(walls[1], walls[2]) / ms(walls[3], walls[4]);
      if (Math.abs(ratio - 1) < 0.1) assert.match(page.compare ?? '', /^No measurable change/, page.compare ?? '');
      else assert.match(page.compare ?? '', /Measured speed-up|No measurable change/, page.compare ?? '');
    });
  });

  describe('Node (cpu_fib.mjs)', () => {
    it('profiles a Node script from the explorer (a Uri argument) and shows it cpu-bound', async function () {
      const t = Date.now();
      const result = done(await profile(fixture('cpu_fib.mjs')));
      record('nodeProfileCommandMs', Date.now() - t);
      record('nodeReport', { classification: result.report.classification, wallMs: result.report.timings.wallMs, utilization: result.report.timings.utilization });
      assert.strictEqual(result.report.classification, 'cpu-bound');
      if (!uiAvailable()) return;
      const page = await ui<WebviewContent>({ action: 'readWebview', title: 'Boundwise: cpu_fib.mjs' });
      assert.match(page.verdict ?? '', /CPU-bound/i);
      assert.match(page.timings ?? '', /Wall/i);
      assert.ok(page.hotspotRows > 0);
    });
  });

  describe('cancel, failures, latency', () => {
    it('Cancel in the progress notification kills the script and its child', async function () {
      const pidsFile = path.join(fixture('forever.py').fsPath, '..', 'forever.pids');
      fs.rmSync(pidsFile, { force: true });
      const pending = profile(fixture('forever.py'));
      const [parent, child] = await waitFor('forever.py to start', () => {
        const text = fs.existsSync(pidsFile) ? fs.readFileSync(pidsFile, 'utf8') : '';
        return text.includes(' ') ? text.split(' ').map(Number) : undefined;
      });
      assert.ok(alive(parent) && alive(child));
      await new Promise((r) => setTimeout(r, 1000));
      const cancelAt = Date.now();
      if (uiAvailable()) {
        // Under extension tests VS Code shows no toasts; the notification, Cancel button included, is in the list.
        await vscode.commands.executeCommand('notifications.showList');
        await ui({ action: 'clickWorkbench', selector: '.notifications-center .notification-list-item .monaco-button', text: 'Cancel' });
      } else {
        // test-electron has no DOM to click; the notification's Cancel is the only way in.
        await vscode.commands.executeCommand('notifications.hideList');
        this.skip();
      }
      const result = await pending;
      record('cancelMs', Date.now() - cancelAt);
      await vscode.commands.executeCommand('notifications.hideList');
      assert.strictEqual(result.status, 'cancelled', JSON.stringify(result));
      await waitFor('the script and its child to die', () => !alive(parent) && !alive(child), 5000);
    });

    it('Stop ends the script and shows the report of what was measured', async () => {
      const pidFile = path.join(fixture('stop_me.py').fsPath, '..', 'stop_me.pid');
      fs.rmSync(pidFile, { force: true });
      const pending = profile(fixture('stop_me.py'));
      const pid = await waitFor('stop_me.py to start', () => (fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) || undefined : undefined));
      await new Promise((r) => setTimeout(r, 2000));
      const stopAt = Date.now();
      if (uiAvailable()) {
        // The progress notification's "Stop and report" link, as a user clicks it.
        await vscode.commands.executeCommand('notifications.showList');
        await ui({ action: 'clickWorkbench', selector: '.notifications-center .notification-list-item a', text: 'Stop and report' });
      } else {
        await vscode.commands.executeCommand('boundwise.stopProfiling', fixture('stop_me.py'));
      }
      const result = done(await pending);
      record('stopMs', Date.now() - stopAt);
      await vscode.commands.executeCommand('notifications.hideList');
      const report = result.report as typeof result.report & { stopped?: { by: string }; samples: { count: number } };
      assert.strictEqual(report.stopped?.by, 'user', JSON.stringify(report.stopped));
      assert.ok(report.samples.count > 50, `samples ${report.samples.count}`);
      assert.ok(report.hotspots.some((h) => h.function === 'crunch'), JSON.stringify(report.hotspots));
      assert.ok(!alive(pid), 'the script was left running');
      record('stoppedReport', { samples: report.samples.count, wallMs: report.timings.wallMs, classification: report.classification });
      if (uiAvailable()) {
        const page = await ui<WebviewContent>({ action: 'readWebview', title: 'Boundwise: stop_me.py' });
        assert.ok(page.hotspotRows > 0, 'the report shows no hotspots');
        assert.match(page.stats ?? '', /Wall time/);
      }
    });

    it('a missing interpreter gives one message naming it and the setting', async () => {
      const config = vscode.workspace.getConfiguration('boundwise');
      await config.update('python.interpreter', '/nonexistent/bin/python3', vscode.ConfigurationTarget.Global);
      try {
        const result = await profile(fixture('cpu_fib.py'));
        assert.strictEqual(result.status, 'failed');
        const message = (result as { message: string }).message;
        assert.match(message, /Python interpreter not found: \/nonexistent\/bin\/python3/);
        assert.match(message, /boundwise\.python\.interpreter/);
        assert.ok(!message.includes('\n'));
        record('missingInterpreterMessage', message);
        if (uiAvailable()) {
          const toasts = await waitFor('the error notification', async () => {
            await vscode.commands.executeCommand('notifications.showList');
            const t = await ui<string[]>({ action: 'workbenchText', selector: '.notifications-center .notification-list-item' });
            return t.some((s) => s.includes('not found')) ? t : undefined;
          });
          assert.strictEqual(toasts.filter((s) => s.includes('not found')).length, 1, `expected one message: ${JSON.stringify(toasts)}`);
        }
      } finally {
        await config.update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
        await vscode.commands.executeCommand('notifications.clearAll');
        await vscode.commands.executeCommand('notifications.hideList');
      }
    });

    // Target: 0.5 s. Measured 170-240 ms on an idle 2-core machine; the page load inside Chromium
    // is most of it and grows under load, so the hard limit here is 1 s and the target is recorded.
    it('the report appears within 0.5 s (target; 1 s hard limit) after a 10 s script ends', async () => {
      const result = done(await profile(fixture('ten_seconds.py')));
      const end = Number(/BOUNDWISE_END (\d+)/.exec(result.report.stdoutTail ?? '')?.[1]);
      assert.ok(end > 0, `the script's end time is missing from its output: ${result.report.stdoutTail}`);
      assert.ok(result.readyAt, 'the report page never said it was ready');
      const latency = {
        scriptEndToReportReadyMs: result.readyAt - end,
        scriptEndToWorkerDoneMs: result.finishedAt - end,
        workerDoneToHostMs: result.receivedAt - result.finishedAt,
        hostToHtmlSetMs: result.htmlSetAt - result.receivedAt,
        htmlSetToPageReadyMs: result.readyAt - result.htmlSetAt,
        wallMs: result.report.timings.wallMs,
        classification: result.report.classification,
      };
      record('reportLatency', { ...latency, withinTarget: latency.scriptEndToReportReadyMs <= 500 });
      assert.ok(latency.scriptEndToReportReadyMs <= 1000, `the report took ${latency.scriptEndToReportReadyMs} ms after the script ended`);
      if (uiAvailable()) {
        // What the user sees of this last run, for the suite after the window reload to see again.
        const page = await ui<WebviewContent>({ action: 'readWebview', title: 'Boundwise: ten_seconds.py' });
        await openFixture('ten_seconds.py');
        const status = await waitFor('the verdict of ten_seconds.py in the status bar', async () => (await ui<string[]>({ action: 'workbenchText', selector: '.statusbar-item' })).find(isVerdictItem));
        handOver((h) => void (h.lastReport = { script: 'ten_seconds.py', verdict: page.verdict, timings: page.timings, stats: page.stats, status: status.trim() }));
      }
    });
  });
});

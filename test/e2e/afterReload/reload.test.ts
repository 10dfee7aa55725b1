// After a window reload, as a user sees it: the runner closed the first window when its suite
// passed and opened the same workspace again (same user data, a new extension host), so all that
// this window knows of the first window's runs is what the extension kept in its workspace storage.
// Nothing is profiled here. What the first window saw comes from its tests (results.ts handoff):
// the runs that ended with a report, the last run's report panel and status-bar verdict, and the
// hover's measured line. If the extension kept nothing, every test here fails.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { classificationLabel } from '../../../src/report/render';
import { readHandoff, record, type Handoff } from '../results';
import { isVerdictItem, ui, uiAvailable, type WebviewContent } from '../ui';
import { BLOCKING_SLEEP_CALL, hoverAt, openFixture, waitFor, waitForFinding } from '../workspace';

function lastReport(handoff: Handoff): NonNullable<Handoff['lastReport']> {
  assert.ok(handoff.lastReport, 'the first window handed over no last report (its latency test reads it)');
  return handoff.lastReport;
}

describe('After a window reload (nothing profiled in this window)', function () {
  this.timeout(60_000);
  const handoff = readHandoff();

  before(async () => {
    assert.ok(handoff.runs?.length, `the first window handed over no runs (BOUNDWISE_E2E_HANDOFF=${process.env.BOUNDWISE_E2E_HANDOFF})`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('the hover at the flagged call of blocking_sleep.py carries the measured line again', async () => {
    const line = handoff.hoverMeasuredLine;
    assert.ok(line, 'the first window handed over no measured hover line');
    const uri = await openFixture('blocking_sleep.py');
    await waitForFinding(uri, 'BW101');
    let last = '';
    await waitFor(`the measured line ${JSON.stringify(line)} in the hover`, async () => (last = await hoverAt(uri, BLOCKING_SLEEP_CALL)).includes(line), 10_000).catch((err: Error) => {
      throw new Error(`${err.message}; the hover says: ${JSON.stringify(last)}`);
    });
  });

  it('the status bar shows the verdict of the first window\'s last run', async function () {
    if (!uiAvailable()) this.skip();
    const before = lastReport(handoff);
    const t = Date.now();
    await openFixture(before.script);
    let items: string[] = [];
    await waitFor(`"${before.status}" in the status bar`, async () => (items = await ui<string[]>({ action: 'workbenchText', selector: '.statusbar-item' })).some((s) => s.trim() === before.status), 10_000).catch((err: Error) => {
      throw new Error(`${err.message}; the verdict items: ${JSON.stringify(items.filter(isVerdictItem))}`);
    });
    record('afterReloadStatusMs', Date.now() - t);
  });

  it('Boundwise: Show Last Report opens the last run\'s report with its verdict and timings', async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // No editor open: the command falls back to the last run of any script.
    assert.strictEqual(await vscode.commands.executeCommand('boundwise.showLastReport'), true, 'Show Last Report found no report');
    if (!uiAvailable()) return;
    const last = handoff.runs?.[handoff.runs.length - 1];
    assert.ok(last, 'the first window handed over no run');
    const shown = await ui<WebviewContent>({ action: 'readWebview', title: `Boundwise: ${last.script}` });
    if (last.classification) assert.strictEqual(shown.verdict, classificationLabel(last.classification), `the report of ${last.script}`);
    // With a script's editor active, that script's last report, as the first window showed it.
    const before = lastReport(handoff);
    await openFixture(before.script);
    assert.strictEqual(await vscode.commands.executeCommand('boundwise.showLastReport'), true, `no report for ${before.script}`);
    const page = await ui<WebviewContent>({ action: 'readWebview', title: `Boundwise: ${before.script}` });
    assert.strictEqual(page.verdict, before.verdict);
    assert.strictEqual(page.timings, before.timings);
    assert.strictEqual(page.stats, before.stats);
    record('afterReloadReport', { script: before.script, verdict: page.verdict, timings: page.timings });
  });

  it('the recent-runs list has the first window\'s runs, newest first, and no other', async function () {
    if (!uiAvailable()) this.skip(); // the quick pick is read from the workbench's DOM
    const expected = [...(handoff.runs ?? [])].reverse();
    const picking = vscode.commands.executeCommand('boundwise.showRecentRuns');
    try {
      const rows = await waitFor('the recent-runs quick pick', async () => {
        const texts = await ui<string[]>({ action: 'workbenchText', selector: '.quick-input-widget .monaco-list-row' });
        return texts.length ? texts : undefined;
      }, 10_000);
      // A row's text: the file name, the verdict and the time, then the path and the recommendation.
      const list = `expected ${JSON.stringify(expected)}, the list: ${JSON.stringify(rows)}`;
      // The quick pick draws only the rows that fit (about ten): those are the newest runs, in
      // order, and a run of another window would take one of their places.
      assert.ok(rows.length <= expected.length && rows.length >= Math.min(expected.length, 8), list);
      expected.slice(0, rows.length).forEach((run, i) => {
        const verdict = run.classification ? classificationLabel(run.classification) : '';
        const [first] = rows[i].trim().split('\n');
        assert.ok(first.startsWith(run.script) && first.includes(verdict), `row ${i} is not ${run.script} ${verdict}: ${list}`);
      });
      record('afterReloadRecentRuns', rows.map((r) => r.split('\n')[0]));
    } finally {
      await ui({ action: 'press', key: 'Escape' });
      await picking;
    }
  });
});

// Servers from a real VS Code: "Boundwise: Profile Server Under Load..." starts the fixture server
// (server/server.js), drives the built-in load once it listens, stops it and shows server mode with
// the load generator's view beside the server's; "Boundwise: Attach to Node Process..." profiles a
// server process this test started itself, which keeps running afterwards. The inputs go in as the
// commands' arguments (the prompts behind them are tested in plain Node: test/extension/prompts.test.ts).
import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as vscode from 'vscode';
import { handOverRun, record } from './results';
import { ui, uiAvailable, type WebviewContent } from './ui';
import { waitFor } from './workspace';
import { alive } from '../profile/helpers';
import { freePort, httpStatus as get } from '../profile/serverHelpers';

interface ServerReportShape {
  script: string;
  classification: string;
  recommendation: { id: string; title: string; detail: string };
  stopped?: { by: string };
  attached?: { pid: number; endedBy: string; inspector: string };
  samples: { count: number };
  server?: {
    attached?: boolean;
    ports: number[];
    busy?: { requests: number; throughput: number };
    routes: Array<{ route: string; requests: number }>;
    load?: { requests: number; errors: number; durationMs: number; connections: number };
  };
}

type Result = { status: 'done'; report: ServerReportShape } | { status: 'refused' | 'failed' | 'cancelled' | 'busy'; message: string };

function serverScript(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, 'server', 'server.js');
}

/** Asserts the run ended with a report, and tells the after-reload suite that it did. */
function done(result: Result): ServerReportShape {
  assert.strictEqual(result.status, 'done', `the command did not finish: ${JSON.stringify(result)}`);
  const { report } = result as Extract<Result, { status: 'done' }>;
  handOverRun(report);
  return report;
}

/** The fixture server as a user starts it in a terminal (Node on the PATH), with its own inspector port. */
async function startServer(port: number): Promise<ChildProcess> {
  // --inspect-port=0: the inspector SIGUSR1 opens takes a free port, not 9229 another run may hold.
  const child = spawn('node', ['--inspect-port=0', serverScript().fsPath, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('listening') && resolve());
    child.once('error', reject);
    child.once('exit', () => reject(new Error('the server exited before it listened')));
  });
  return child;
}

async function readReport(): Promise<WebviewContent> {
  return ui<WebviewContent>({ action: 'readWebview', title: 'Boundwise: server.js' });
}

describe('Servers in a real VS Code', function () {
  this.timeout(120_000);

  it('Profile Server Under Load: server mode, requests served, the load generator beside the server, and the verdict', async () => {
    const port = await freePort();
    const config = vscode.workspace.getConfiguration('boundwise');
    await config.update('profile.args', [String(port)], vscode.ConfigurationTarget.Global);
    try {
      // fib(27): a few ms of CPU per request, so that the handler, not the load generator on the same
      // machine, sets the pace (at fib(25), about 1 ms, a busy 2-core machine left the server room: "not saturated").
      const url = `http://127.0.0.1:${port}/cpu?n=27`;
      const report = done(await vscode.commands.executeCommand('boundwise.profileUnderLoad', serverScript(), { url, durationSeconds: 4, connections: 4 }) as Result);
      const sv = report.server;
      record('serverUnderLoad', { recommendation: report.recommendation.id, classification: report.classification, busy: sv?.busy, load: sv?.load, routes: sv?.routes });
      assert.ok(sv, `no server section: ${JSON.stringify(report)}`);
      assert.deepStrictEqual(sv.ports, [port]);
      assert.strictEqual(report.stopped?.by, 'load');
      assert.ok(sv.load && sv.load.requests > 20 && sv.load.errors === 0, JSON.stringify(sv.load));
      assert.ok(sv.busy && sv.busy.requests > 20, JSON.stringify(sv.busy));
      assert.ok(sv.routes.some((r) => r.route.includes('/cpu') && r.requests > 20), JSON.stringify(sv.routes));
      // A handler computing on the one event loop: more processes, never Promise.all.
      assert.strictEqual(report.recommendation.id, 'cluster', `${report.recommendation.id}: ${report.recommendation.detail}`);
      if (!uiAvailable()) return;
      const page = await readReport();
      assert.match(page.server ?? '', /Server mode/);
      assert.match(page.server ?? '', new RegExp(`Listening on ${port}`));
      assert.match(page.server ?? '', /Server \(busy windows\)\s*Load generator/);
      assert.match(page.server ?? '', /Requests\s*[\d,]+ served\s*[\d,]+ responses/);
      assert.match(page.verdict ?? '', /CPU-bound/i);
      record('serverWebview', { server: page.server, badges: page.badges });
      // The README's picture of the Server card (docs/images/server-report.png is copied from it).
      await ui({ action: 'clickWebview', title: 'Boundwise: server.js', selector: '#server-title' });
      record('screenshot:server', await ui({ action: 'screenshot', file: 'server-report.png' }));
    } finally {
      await config.update('profile.args', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Profile Server Under Load asks in VS Code\'s own quick input: the URL and the seconds typed, the connections left as offered', async function () {
    if (!uiAvailable()) this.skip();
    const port = await freePort();
    const config = vscode.workspace.getConfiguration('boundwise');
    await config.update('profile.args', [String(port)], vscode.ConfigurationTarget.Global);
    try {
      const running = vscode.commands.executeCommand('boundwise.profileUnderLoad', serverScript()) as Thenable<Result>;
      const INPUT = '.quick-input-widget .quick-input-box input';
      /** Waits until the quick input asks `question` with `offered` in its box (VS Code sets the
       * value after the prompt: filling it earlier would be overwritten), then answers `given`
       * (undefined: accepts what is offered) with Enter. Returns the widget's text. */
      const answer = async (question: RegExp, offered: RegExp, given?: string) => {
        const shown = await waitFor(`the quick input asking ${question} with ${offered} offered`, async () => {
          const texts = await ui<string[]>({ action: 'workbenchText', selector: '.quick-input-widget' }).catch(() => []);
          const text = texts.find((t) => question.test(t));
          const value = text ? await ui<string | null>({ action: 'inputValue', selector: INPUT }) : null;
          return text && value !== null && offered.test(value) ? text : undefined;
        }, 30_000);
        await ui({ action: 'fillWorkbench', selector: INPUT, ...(given !== undefined ? { text: given } : {}), submit: true });
        return shown;
      };
      const first = await answer(/URL to send GET requests/, /^http:\/\/127\.0\.0\.1:\d+\/$/, `http://127.0.0.1:${port}/timer`);
      assert.match(first, /this machine only/);
      await answer(/Seconds of load/, /^10$/, '2');
      await answer(/Connections kept busy/, /^16$/);
      const report = done(await running);
      record('serverFromQuickInput', { load: report.server?.load, stopped: report.stopped });
      assert.strictEqual(report.stopped?.by, 'load', JSON.stringify(report.stopped));
      // The seconds typed (2, not the 10 offered) and the connections offered (16).
      assert.ok(report.server?.load && report.server.load.durationMs < 5000, JSON.stringify(report.server?.load));
      assert.strictEqual(report.server.load.connections, 16);
      assert.ok(report.server.routes.some((r) => r.route.includes('/timer')), JSON.stringify(report.server.routes));
    } finally {
      await config.update('profile.args', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('with boundwise.profile.load.url set, Profile and Classify runs the script under that load', async () => {
    const port = await freePort();
    const config = vscode.workspace.getConfiguration('boundwise');
    const settings: Array<[string, unknown]> = [['profile.args', [String(port)]], ['profile.load.url', `http://127.0.0.1:${port}/timer`], ['profile.load.durationSeconds', 2], ['profile.load.connections', 4]];
    for (const [key, value] of settings) await config.update(key, value, vscode.ConfigurationTarget.Global);
    try {
      const report = done(await vscode.commands.executeCommand('boundwise.profileAndClassify', serverScript()) as Result);
      record('serverFromSetting', { recommendation: report.recommendation.id, busy: report.server?.busy, load: report.server?.load });
      assert.strictEqual(report.stopped?.by, 'load', JSON.stringify(report.stopped));
      assert.ok(report.server?.load && report.server.load.requests > 10 && report.server.load.errors === 0, JSON.stringify(report.server?.load));
      assert.ok(report.server.routes.some((r) => r.route.includes('/timer')), JSON.stringify(report.server.routes));
    } finally {
      for (const [key] of settings) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  describe('Attach to Node Process', () => {
    let server: ChildProcess | undefined;
    let port = 0;

    before(async () => {
      port = await freePort();
      server = await startServer(port);
    });

    after(() => {
      server?.kill();
    });

    it('attaches for a duration, reports what the server served, and leaves it running', async () => {
      const pid = server!.pid!;
      // Requests while attached, as real users would send them.
      let sending = true;
      const traffic = (async () => {
        while (sending) await get(`http://127.0.0.1:${port}/timer?ms=20`).catch(() => 0);
      })();
      let report: ServerReportShape;
      try {
        report = done(await vscode.commands.executeCommand('boundwise.attachToNodeProcess', { pid, durationSeconds: 3 }) as Result);
      } finally {
        sending = false;
        await traffic;
      }
      record('attachReport', { attached: report.attached, samples: report.samples.count, server: report.server?.busy, routes: report.server?.routes });
      assert.strictEqual(report.attached?.pid, pid);
      assert.strictEqual(report.attached?.endedBy, 'duration');
      assert.strictEqual(report.attached?.inspector, 'closed');
      assert.strictEqual(report.script, serverScript().fsPath);
      assert.ok(report.samples.count > 100, `samples ${report.samples.count}`);
      assert.ok(report.server?.attached, JSON.stringify(report.server));
      assert.ok(report.server.routes.some((r) => r.route.includes('/timer') && r.requests > 10), JSON.stringify(report.server.routes));
      // Still running and serving.
      assert.ok(alive(pid), 'the attached server was ended');
      assert.strictEqual(await get(`http://127.0.0.1:${port}/timer?ms=1`), 200);
      if (!uiAvailable()) return;
      const page = await readReport();
      assert.match(page.badges ?? '', new RegExp(`attached to process ${pid} for the duration, [\\d.]+ s; still running`));
      assert.match(page.server ?? '', /Server mode .*\(attached\)/);
    });

    it('until Stop: Stop detaches and shows the report; the server keeps running', async () => {
      const pid = server!.pid!;
      const pending = vscode.commands.executeCommand('boundwise.attachToNodeProcess', { pid }) as Thenable<Result>;
      await new Promise((r) => setTimeout(r, 2500));
      assert.strictEqual(await vscode.commands.executeCommand('boundwise.stopProfiling', serverScript()), true);
      const report = done(await pending);
      assert.strictEqual(report.attached?.endedBy, 'user');
      assert.ok(report.samples.count > 100, `samples ${report.samples.count}`);
      assert.ok(alive(pid), 'the attached server was ended');
      assert.strictEqual(await get(`http://127.0.0.1:${port}/timer?ms=1`), 200);
    });

    it('a Python process gets one sentence saying which versions can be attached to', async () => {
      const python = spawn('python3', ['-c', 'import time; time.sleep(60)'], { stdio: 'ignore' });
      try {
        await new Promise((r) => setTimeout(r, 300));
        const result = await vscode.commands.executeCommand('boundwise.attachToNodeProcess', { pid: python.pid }) as Result;
        assert.strictEqual(result.status, 'refused', JSON.stringify(result));
        const message = (result as { message: string }).message;
        assert.match(message, /only Python 3\.14 and newer can be attached to \(sys\.remote_exec\)/);
        assert.ok(!message.includes('\n'));
        assert.ok(alive(python.pid!), 'the Python process was signalled');
      } finally {
        python.kill();
        await vscode.commands.executeCommand('notifications.clearAll');
      }
    });
  });
});

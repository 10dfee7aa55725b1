#!/usr/bin/env node
// End-to-end test in a real VS Code on a machine that cannot download VS Code: the packaged
// boundwise.vsix runs in code-server (VS Code's server, from the npm registry), a headless Debian
// Chromium opens the workbench, and the mocha suite out/test/e2e/index.js runs in the extension
// host through VS Code's smoke-test driver. When it passes, the window is reloaded: the same page
// opens the workbench again on the same workspace, code-server and user data (a new extension host
// reading the same workspace storage) with out/test/e2e/afterReload/index.js, which checks that the
// first window's reports came back without profiling anything (the first window's tests hand over
// what they saw through BOUNDWISE_E2E_HANDOFF, a file in the run folder). Exit code = 0 when both
// suites pass (1 on a failure, a timeout or a setup error).
// Why: @vscode/test-electron downloads VS Code at test time, which a machine without internet
// access cannot do; code-server installs from the npm registry and runs the same extension host.
//
//   npm run package && npm run compile && npm run test:e2e
//
// Builds: none when the artifacts exist. A missing boundwise.vsix is made with `npm run package`
// and a missing out/test/e2e/index.js with `npm run compile`; an existing .vsix older than
// dist/ or package.json is used as is, with a warning (the .vsix is what is under test).
//
// What runs is exactly what ships: the .vsix is installed with `code-server --install-extension`
// into a fresh extensions folder, and extensionDevelopmentPath points at that installed folder
// (VS Code's own unpacking of the .vsix's extension/ directory), so nothing from the working tree
// (src/, dist/, node_modules/) is loaded as the extension. Only the test code (out/test/e2e) and
// mocha come from the repo. The suite checks ext.extensionUri against BOUNDWISE_E2E_EXTENSION_PATH.
//
// Needs: scripts/e2e-setup.sh (code-server on Node 24, cached outside the repo), /usr/bin/chromium,
// playwright-core. Writes test-results/e2e-results.json (the suite's measurements plus this
// driver's timings), test-results/e2e-logs/ (VS Code's logs and code-server's output) and, on
// failure, test-results/e2e-failure.png.
//
// Environment: BOUNDWISE_E2E_VSIX (default boundwise.vsix), BOUNDWISE_E2E_TIMEOUT_MS (default
// 300000, for everything after e2e-setup.sh, whose first install alone takes 2-4 minutes),
// BOUNDWISE_E2E_KEEP=1 keeps the temp run folder, BOUNDWISE_E2E_VERBOSE=1 echoes the workbench's
// own log lines, BOUNDWISE_E2E_CACHE (see e2e-setup.sh).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/freePort.mjs';
import { createUiHandler } from './e2e-ui.mjs'; // UI requests from the suite (webview DOM, clicks, screenshots)

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const EXTENSION_ID = 'boundwise.boundwise';
const SUITE_PREFIX = '[boundwise-e2e] '; // test/e2e/results.ts LINE_PREFIX
const TIMEOUT_MS = Number(process.env.BOUNDWISE_E2E_TIMEOUT_MS ?? 300_000);
const VERBOSE = process.env.BOUNDWISE_E2E_VERBOSE === '1';
const vsix = path.resolve(root, process.env.BOUNDWISE_E2E_VSIX ?? 'boundwise.vsix');
const testsEntry = path.join(root, 'out', 'test', 'e2e', 'index.js');
const afterReloadEntry = path.join(root, 'out', 'test', 'e2e', 'afterReload', 'index.js');
const fixtureWorkspace = path.join(root, 'test', 'e2e', 'fixtures', 'workspace');
const resultsDir = path.join(root, 'test-results');
const resultsFile = path.join(resultsDir, 'e2e-results.json');
const outputFile = path.join(resultsDir, 'e2e-output.txt');
const logsDir = path.join(resultsDir, 'e2e-logs');
const screenshotFile = path.join(resultsDir, 'e2e-failure.png');

const startedAt = Date.now();
let runStartedAt = startedAt; // reset once code-server is set up: the timeout leaves out the one-time install
const timings = {};
const log = (msg) => console.log(`e2e: ${msg}`);

/** Everything started here, torn down by cleanup() on every path out. */
const state = { run: null, codeServer: null, context: null, page: null, cleaning: null };
/** Each window's suite results (test-results/e2e-results.json as that suite wrote it), in order. */
const suiteResults = [];

class E2EError extends Error {}

// ---------------------------------------------------------------- build artifacts

function npmRun(script) {
  log(`running npm run ${script}`);
  const r = spawnSync('npm', ['run', script], { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
}

function ensureArtifacts() {
  if (!fs.existsSync(vsix)) {
    if (process.env.BOUNDWISE_E2E_VSIX) throw new E2EError(`${vsix} does not exist.`);
    npmRun('package');
    if (!fs.existsSync(vsix)) throw new E2EError('npm run package did not produce boundwise.vsix.');
  } else {
    const vsixTime = fs.statSync(vsix).mtimeMs;
    const newer = ['dist/extension.js', 'dist/server.js', 'package.json']
      .filter((f) => fs.existsSync(path.join(root, f)) && fs.statSync(path.join(root, f)).mtimeMs > vsixTime);
    if (newer.length && !process.env.BOUNDWISE_E2E_VSIX) {
      log(`warning: ${path.basename(vsix)} is older than ${newer.join(', ')}; testing the old package (run npm run package to refresh).`);
    }
  }
  if (![testsEntry, afterReloadEntry].every((f) => fs.existsSync(f))) {
    npmRun('compile'); // tsc emits even when unrelated files have type errors; only the entries matter here
    for (const f of [testsEntry, afterReloadEntry]) if (!fs.existsSync(f)) throw new E2EError(`npm run compile did not produce ${path.relative(root, f)}.`);
  }
}

// ---------------------------------------------------------------- code-server

function setupCodeServer() {
  const r = spawnSync('bash', [path.join(root, 'scripts', 'e2e-setup.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new E2EError('scripts/e2e-setup.sh failed (see above).');
  const cache = r.stdout.trim().split('\n').pop();
  const node = path.join(cache, 'node24', 'bin', 'node');
  const entry = path.join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  for (const f of [node, entry]) if (!fs.existsSync(f)) throw new E2EError(`e2e-setup.sh reported ${cache} but ${f} is missing.`);
  return { node, entry };
}

/** The environment code-server (and so the extension host and the language server) runs with. */
function codeServerEnv(run, extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Variables of an enclosing VS Code or npm would leak into the extension host.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('npm_')) continue;
    env[k] = v;
  }
  const home = path.join(run, 'home');
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: path.join(run, 'tmp'), // VS Code's IPC sockets and the extension's temp files die with the run
    ...extra,
  };
}

function codeServerArgs(run) {
  return [
    '--config', path.join(run, 'config.yaml'),
    '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', path.join(run, 'udd'),
    '--extensions-dir', path.join(run, 'exts'),
  ];
}

function installVsix(cs, run, env) {
  const t = Date.now();
  const r = spawnSync(cs.node, [cs.entry, ...codeServerArgs(run), '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
  timings.installExtensionMs = Date.now() - t;
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status !== 0) throw new E2EError(`code-server --install-extension ${path.basename(vsix)} failed (exit ${r.status ?? r.signal}):\n${output}`);
  const installed = fs.readdirSync(path.join(run, 'exts')).filter((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (installed.length !== 1) throw new E2EError(`expected one ${EXTENSION_ID}-* folder after installing, found: ${installed.join(', ') || 'none'}\n${output}`);
  const dir = path.join(run, 'exts', installed[0]);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  log(`installed ${path.basename(vsix)} as ${installed[0]} in ${timings.installExtensionMs} ms (main: ${manifest.main})`);
  return dir;
}

async function waitForHealthz(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (state.codeServer?.exitCode !== null) throw new E2EError(`code-server exited early (code ${state.codeServer.exitCode}); see ${path.join(logsDir, 'code-server.log')}.`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new E2EError(`code-server did not answer /healthz within ${timeoutMs} ms (last: ${last}).`);
}

// ---------------------------------------------------------------- teardown

/** pids of every live descendant of `pid` (Linux /proc), children after parents. */
function descendants(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch { /* exited meanwhile */ }
  }
  const out = [];
  const walk = (p) => { for (const c of children.get(p) ?? []) { out.push(c); walk(c); } };
  walk(pid);
  return out;
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Stops code-server, its extension host and the language server: TERM, then KILL after 5 s. */
async function stopCodeServer() {
  const child = state.codeServer;
  if (!child?.pid) return;
  const tree = [child.pid, ...descendants(child.pid)];
  const signal = (sig) => {
    try { process.kill(-child.pid, sig); } catch { /* group gone */ }
    for (const pid of tree) { try { process.kill(pid, sig); } catch { /* gone */ } }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 5000;
  while (tree.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (tree.some(alive)) signal('SIGKILL');
}

function cleanup() {
  state.cleaning ??= (async () => {
    await Promise.all([
      // Closing the context ends Chromium; playwright also kills it when this process exits.
      state.context && Promise.race([state.context.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]),
      stopCodeServer(),
    ]);
    if (state.run) {
      // code-server's side of VS Code's logs: remote extension host, and the extension's output
      // channels (the language client's and server's messages land in output_logging_*).
      const serverLogs = path.join(state.run, 'udd', 'logs');
      if (fs.existsSync(serverLogs)) fs.cpSync(serverLogs, path.join(logsDir, 'server'), { recursive: true });
      if (process.env.BOUNDWISE_E2E_KEEP === '1') log(`kept run folder ${state.run}`);
      else fs.rmSync(state.run, { recursive: true, force: true, maxRetries: 3 });
    }
  })();
  return state.cleaning;
}

async function screenshot() {
  if (!state.page) return;
  try {
    await state.page.screenshot({ path: screenshotFile, timeout: 10_000 });
    log(`screenshot: ${path.relative(root, screenshotFile)}`);
  } catch (err) {
    log(`no screenshot: ${err.message}`);
  }
}

// ---------------------------------------------------------------- the run

async function main() {
  ensureArtifacts();
  fs.rmSync(logsDir, { recursive: true, force: true });
  fs.rmSync(screenshotFile, { force: true });
  fs.rmSync(resultsFile, { force: true });
  fs.rmSync(outputFile, { force: true });
  fs.mkdirSync(logsDir, { recursive: true });

  let t = Date.now();
  const cs = setupCodeServer();
  timings.setupMs = Date.now() - t;
  runStartedAt = Date.now();
  armHardStop();

  const run = (state.run = fs.mkdtempSync(path.join(os.tmpdir(), 'boundwise-e2e-')));
  for (const d of ['home', 'tmp', 'udd/User', 'exts', 'chromium']) fs.mkdirSync(path.join(run, d), { recursive: true });
  fs.writeFileSync(path.join(run, 'config.yaml'), 'auth: none\ncert: false\n');
  fs.writeFileSync(path.join(run, 'udd', 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'files.hotExit': 'off',
    // The web workbench saves edits after a second by default: a test that edits a file and then
    // reverts it would revert to its own edit whenever its wait outlasted that second.
    'files.autoSave': 'off',
    'chat.disableAIFeatures': true,
    'extensions.ignoreRecommendations': true,
  }, null, 2));
  // The suite opens a copy of the fixtures, so whatever it does never touches the repo.
  const workspace = path.join(run, 'workspace');
  fs.cpSync(fixtureWorkspace, workspace, { recursive: true });

  const baseEnv = codeServerEnv(run, {});
  const extensionDir = installVsix(cs, run, baseEnv);

  const port = await freePort();
  const env = codeServerEnv(run, {
    BOUNDWISE_E2E_RESULTS: resultsFile,
    BOUNDWISE_E2E_OUTPUT: outputFile,
    BOUNDWISE_E2E_EXTENSION_PATH: extensionDir,
    BOUNDWISE_E2E_UI_DIR: path.join(run, 'ui'),
    BOUNDWISE_E2E_HANDOFF: path.join(run, 'handoff.json'), // what the first window saw, for the one after the reload
  });
  const csLogPath = path.join(logsDir, 'code-server.log');
  const csLog = fs.openSync(csLogPath, 'w');
  t = Date.now();
  state.codeServer = spawn(cs.node, [
    cs.entry, ...codeServerArgs(run),
    '--bind-addr', `127.0.0.1:${port}`,
    '--vscode-option', 'enable-smoke-test-driver',
    workspace,
  ], { env, cwd: run, detached: true, stdio: ['ignore', csLog, csLog] });
  fs.closeSync(csLog);
  await waitForHealthz(port, 30_000);
  timings.codeServerReadyMs = Date.now() - t;
  log(`code-server ${port} answered /healthz in ${timings.codeServerReadyMs} ms`);

  const { chromium } = await import('playwright-core');
  if (!fs.existsSync(CHROMIUM)) throw new E2EError(`${CHROMIUM} is missing; install the Debian package chromium.`);
  state.context = await chromium.launchPersistentContext(path.join(run, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
    // Our own signal handlers stop code-server too; playwright's would exit before they finish.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = (state.page = state.context.pages()[0] ?? (await state.context.newPage()));

  let firstSuiteLineAt = 0;
  let resolveExit = () => {};
  let suiteLines = 0;
  const handleUiRequest = createUiHandler(() => page, path.join(run, 'ui'), resultsDir);
  await page.exposeFunction('codeAutomationLog', (level, message) => {
    const text = String(message);
    if (handleUiRequest(text)) return;
    const line = suiteLine(text);
    if (line !== undefined) {
      if (!firstSuiteLineAt) firstSuiteLineAt = Date.now();
      suiteLines++;
      console.log(line);
    } else if (VERBOSE || (level === 'error' && /boundwise/i.test(text))) {
      console.log(`  [workbench ${level}] ${text}`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    resolveExit({ code: Number(code), logs: Array.isArray(logs) ? logs : [] });
  });
  page.on('pageerror', (err) => { if (VERBOSE) console.log(`  [page error] ${err.message}`); });

  /**
   * Opens the workbench on the workspace with `entry` as the extension tests and waits for the
   * suite's exit. The same page, code-server and user data each time: a second call is a window
   * reload, with a new extension host reading the same workspace storage.
   */
  async function runWindow(entry, windowTimings, vscodeLogs) {
    firstSuiteLineAt = 0;
    suiteLines = 0;
    const outputBefore = fs.existsSync(outputFile) ? fs.readFileSync(outputFile, 'utf8').length : 0;
    const exited = new Promise((resolve) => { resolveExit = resolve; });
    const encoded = encodeURIComponent(JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${extensionDir}`],
      ['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${entry}`],
    ]));
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encoded}`;
    const gotoAt = Date.now();
    log(`opening the workbench (suite: ${path.relative(root, entry)})`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });

    const remaining = TIMEOUT_MS - (Date.now() - runStartedAt);
    const outcome = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve({ timeout: true }), Math.max(remaining, 1000))),
      new Promise((resolve) => state.codeServer.once('exit', (c, s) => resolve({ serverExit: c ?? s }))),
      new Promise((resolve) => state.context.once('close', () => resolve({ browserClosed: true }))),
    ]);
    windowTimings.coldStartMs = firstSuiteLineAt ? firstSuiteLineAt - gotoAt : null;
    windowTimings.workbenchToExitMs = Date.now() - gotoAt;
    if (exiting) return 130; // interrupted: the signal handler is tearing everything down

    let code;
    if (outcome.timeout) {
      log(`timed out after ${TIMEOUT_MS} ms (BOUNDWISE_E2E_TIMEOUT_MS); the suite never called codeAutomationExit.`);
      code = 1;
    } else if (outcome.serverExit !== undefined) {
      log(`code-server exited (${outcome.serverExit}) before the suite finished.`);
      code = 1;
    } else if (outcome.browserClosed) {
      log('Chromium closed before the suite finished.');
      code = 1;
    } else {
      code = outcome.code;
      for (const { relativePath, contents } of outcome.logs) {
        const dest = path.join(vscodeLogs, path.normalize(String(relativePath)).replace(/^(\.\.(\/|$))+/, ''));
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.writeFileSync(dest, String(contents));
      }
    }
    if (suiteLines === 0 && fs.existsSync(outputFile)) {
      // The workbench forwarded none of the suite's console lines; show what the suite wrote to its file.
      process.stdout.write(fs.readFileSync(outputFile, 'utf8').slice(outputBefore));
    }
    return code;
  }

  const firstWindow = {};
  timings.firstWindow = firstWindow;
  let code = await runWindow(testsEntry, firstWindow, path.join(logsDir, 'vscode'));
  suiteResults.push(takeSuiteResults());
  if (code === 0 && !exiting) {
    // The window reload: the first suite's extension host has stopped (VS Code stops it before
    // reporting the exit); the second window reads what the first one's runs kept.
    log('the first window passed; reloading the window for the after-reload suite');
    const afterReload = {};
    timings.afterReload = afterReload;
    code = await runWindow(afterReloadEntry, afterReload, path.join(logsDir, 'vscode-after-reload'));
    suiteResults.push(takeSuiteResults());
  } else if (!exiting) {
    log('the first window failed; the after-reload suite does not run');
  }
  if (exiting) return 130;
  if (code !== 0) {
    await screenshot();
    printTail(csLogPath, 40);
  }
  return code;
}

/** The results file one window's suite wrote, taken away so the next window writes its own. */
function takeSuiteResults() {
  let results = {};
  try { results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')); } catch { /* the suite wrote none */ }
  fs.rmSync(resultsFile, { force: true });
  return results;
}

/**
 * The suite's report lines (mocha's spec reporter, its measurements): test/e2e/results.ts prints
 * them to the extension host's console prefixed with "[boundwise-e2e] ", and the workbench hands
 * the host's console to codeAutomationLog. undefined for every other log line.
 */
function suiteLine(text) {
  const at = text.indexOf(SUITE_PREFIX);
  return at === -1 ? undefined : text.slice(at + SUITE_PREFIX.length);
}

function printTail(file, lines) {
  try {
    const tail = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
    log(`last lines of ${path.relative(root, file)}:\n  ${tail.join('\n  ')}`);
  } catch { /* no log */ }
}

function report(code) {
  timings.totalMs = Date.now() - startedAt;
  // The first window's measurements at the top (as before the reload test), the second's under afterReload.
  const [first = takeSuiteResults(), second] = suiteResults;
  const results = { ...first, ...(second ? { afterReload: second } : {}), driver: timings };
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
  log(`results (${path.relative(root, resultsFile)}):\n${JSON.stringify(results, null, 2)}`);
  log(code === 0 ? `passed in ${timings.totalMs} ms` : `FAILED (exit ${code}) after ${timings.totalMs} ms`);
}

let exiting = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (exiting) return;
    exiting = true;
    log(`${sig}: stopping code-server and Chromium`);
    cleanup().finally(() => process.exit(130));
  });
}

// A last guard in case teardown itself hangs: the run may not outlive the timeout by much.
function armHardStop() {
  setTimeout(() => {
    log('teardown hung; killing what is left');
    if (state.codeServer?.pid) {
      for (const pid of [state.codeServer.pid, ...descendants(state.codeServer.pid)]) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    process.exit(1);
  }, TIMEOUT_MS + 60_000).unref();
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  if (err instanceof E2EError) log(`error: ${err.message}`);
  else console.error(err);
  if (!exiting) {
    await screenshot();
    printTail(path.join(logsDir, 'code-server.log'), 40);
  }
  exitCode = 1;
} finally {
  await cleanup();
  report(exitCode);
}
process.exit(exiting ? 130 : exitCode);

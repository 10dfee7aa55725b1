// What the command says: one line each for the untrusted refusal and a missing interpreter.
import * as assert from 'node:assert/strict';
import type { ProfileReport } from '../../src/profile/report';
import { profileCwd, readProfileSettings } from '../../src/extension/profile/settings';
import { exportTarget, interpreterMessage, progressMessage, refusalFor, runProgressMessage, statusText, UNTRUSTED_MESSAGE } from '../../src/extension/profile/text';

describe('profile command: messages and settings', () => {
  it('refuses an untrusted workspace in one line that says why and where to change it', () => {
    assert.ok(!UNTRUSTED_MESSAGE.includes('\n'));
    assert.match(UNTRUSTED_MESSAGE, /trusted workspace/);
    assert.match(UNTRUSTED_MESSAGE, /Manage Workspace Trust/);
  });

  it('refuses first for trust, then for a missing or unsupported file; runs Python and JS/TS files', () => {
    const py = { scheme: 'file', fsPath: '/p/app.py' };
    assert.deepEqual(refusalFor(false, py), { message: UNTRUSTED_MESSAGE, level: 'error' });
    assert.deepEqual(refusalFor(false, undefined), { message: UNTRUSTED_MESSAGE, level: 'error' });
    assert.equal(refusalFor(true, undefined)?.level, 'info');
    assert.match(refusalFor(true, { scheme: 'file', fsPath: '/p/notes.md' })?.message ?? '', /cannot profile notes\.md/);
    assert.match(refusalFor(true, { scheme: 'untitled', fsPath: 'Untitled-1.py' })?.message ?? '', /cannot profile/);
    for (const f of ['/p/app.py', '/p/a.js', '/p/a.mjs', '/p/a.cjs', '/p/a.ts']) assert.equal(refusalFor(true, { scheme: 'file', fsPath: f }), undefined, f);
  });

  it('names the missing interpreter and the fix for where it came from', () => {
    const m = interpreterMessage('Python interpreter not found: /nope/python', 'setting');
    assert.equal(m, 'Boundwise: Python interpreter not found: /nope/python. Set boundwise.python.interpreter to a Python 3.8+ executable.');
    assert.match(interpreterMessage('Python interpreter not found: python3', 'default'), /Install Python 3\.8\+ as python3, or set boundwise\.python\.interpreter/);
    assert.match(interpreterMessage('x', 'python-extension'), /Python: Select Interpreter/);
    for (const s of ['setting', 'python-extension', 'default'] as const) assert.ok(!interpreterMessage('x', s).includes('\n'));
  });

  it('shows elapsed seconds and samples while running', () => {
    assert.equal(progressMessage(3250, 1234), '3.3 s, 1,234 samples');
  });

  it('puts the verdict in the status bar', () => {
    const report = { script: '/p/app.py', classification: 'io-bound', timings: { utilization: 0.12 }, recommendation: { title: 'Use asyncio' } } as unknown as ProfileReport;
    const s = statusText(report);
    assert.equal(s.text, '$(watch) Boundwise: I/O-bound');
    assert.match(s.tooltip, /app\.py is I\/O-bound \(CPU utilisation 12%\)\. Use asyncio\./);
  });

  it('suggests export files in the export folder, outside the source tree (no longer beside the script)', () => {
    assert.equal(exportTarget('/p/app.py', 'html', '/store/exports').file, '/store/exports/app.boundwise.html');
    assert.equal(exportTarget('/p/app.py', 'json', '/store/exports').file, '/store/exports/app.boundwise.json');
    assert.equal(exportTarget('/p/x.mjs', 'cpuprofile', '/store/exports').file, '/store/exports/x.boundwise.cpuprofile');
  });

  it('reads settings, treating 0 as the default and rejecting bad values with a reason', () => {
    const values: Record<string, unknown> = { 'profile.hz': 0, 'profile.timeoutSeconds': 5, 'profile.args': ['--n', '3'], 'python.interpreter': '  /usr/bin/python3 ', 'node.path': ' /opt/node20/bin/node ' };
    const { settings, problems } = readProfileSettings((k) => values[k]);
    assert.deepEqual(settings, { hz: undefined, timeoutMs: 5000, args: ['--n', '3'], interpreter: '/usr/bin/python3', cwd: undefined, nodePath: '/opt/node20/bin/node', load: { durationSeconds: 10, connections: 16, allowOtherHosts: false } });
    assert.deepEqual(problems, []);
    const bad = readProfileSettings((k) => ({ 'profile.hz': 50000, 'profile.timeoutSeconds': -1, 'profile.args': 'x', 'python.interpreter': '' } as Record<string, unknown>)[k]);
    assert.deepEqual(bad.settings, { hz: undefined, timeoutMs: undefined, args: [], interpreter: undefined, cwd: undefined, nodePath: undefined, load: { durationSeconds: 10, connections: 16, allowOtherHosts: false } });
    assert.equal(bad.problems.length, 3);
  });

  it('reads the load settings: an empty URL is no load; bad numbers fall back to the defaults with a reason', () => {
    const read = (values: Record<string, unknown>) => readProfileSettings((k) => values[k]);
    assert.deepEqual(read({ 'profile.load.url': ' http://127.0.0.1:8080/x ', 'profile.load.durationSeconds': 3, 'profile.load.connections': 4 }).settings.load, { url: 'http://127.0.0.1:8080/x', durationSeconds: 3, connections: 4, allowOtherHosts: false });
    assert.deepEqual(read({ 'profile.load.url': '' }).settings.load, { durationSeconds: 10, connections: 16, allowOtherHosts: false });
    // Only `true` allows other hosts (VS Code gives a machine-scoped setting from the user's settings only).
    assert.equal(read({ 'profile.load.allowOtherHosts': true }).settings.load.allowOtherHosts, true);
    assert.equal(read({ 'profile.load.allowOtherHosts': 'yes' }).settings.load.allowOtherHosts, false);
    const bad = read({ 'profile.load.url': 5, 'profile.load.durationSeconds': 0, 'profile.load.connections': 2.5 });
    assert.deepEqual(bad.settings.load, { durationSeconds: 10, connections: 16, allowOtherHosts: false });
    assert.equal(bad.problems.length, 3);
    assert.match(bad.problems.join('\n'), /boundwise\.profile\.load\.durationSeconds must be between 0\.1 and 3600 seconds \(got 0\); using 10/);
    assert.match(bad.problems.join('\n'), /boundwise\.profile\.load\.connections must be a whole number between 1 and 1000 \(got 2\.5\); using 16/);
  });

  it('the progress line says where the load is, and how long an attachment lasts', () => {
    const load = { url: 'http://127.0.0.1:8080/cpu', durationMs: 5000, connections: 4 };
    assert.equal(runProgressMessage({ elapsedMs: 1500, samples: 1500, load: { phase: 'waiting', elapsedMs: 0, requests: 0 } }, { load }), '1.5 s, 1,500 samples \u00b7 waiting for the program to listen on port 8080');
    assert.equal(runProgressMessage({ elapsedMs: 3000, samples: 3000, load: { phase: 'load', elapsedMs: 1200, requests: 9 } }, { load }), '3.0 s, 3,000 samples \u00b7 load 1.2 of 5.0 s');
    assert.equal(runProgressMessage({ elapsedMs: 2000, samples: 2000 }, { attach: { durationMs: 10000 } }), '2.0 s, 2,000 samples \u00b7 attached for 10.0 s');
    assert.equal(runProgressMessage({ elapsedMs: 2000, samples: 2000 }, { attach: {} }), '2.0 s, 2,000 samples \u00b7 attached until Stop');
    assert.equal(runProgressMessage({ elapsedMs: 2000, samples: 2000 }, {}), '2.0 s, 2,000 samples');
  });

  it('runs a profiled script in its workspace folder unless boundwise.profile.cwd says otherwise', () => {
    assert.equal(profileCwd(undefined, '/w/src/app.py', '/w'), '/w');
    assert.equal(profileCwd(undefined, '/elsewhere/app.py', undefined), '/elsewhere');
    assert.equal(profileCwd('data', '/w/src/app.py', '/w'), '/w/data');
    assert.equal(profileCwd('${fileDirname}', '/w/src/app.py', '/w'), '/w/src');
    assert.equal(profileCwd('${workspaceFolder}/run', '/w/src/app.py', '/w'), '/w/run');
    assert.equal(profileCwd('/abs', '/w/src/app.py', '/w'), '/abs');
    assert.equal(readProfileSettings((k) => (k === 'profile.cwd' ? ' sub ' : undefined)).settings.cwd, 'sub');
    assert.equal(readProfileSettings((k) => (k === 'profile.cwd' ? 3 : undefined)).problems.length, 1);
  });
});

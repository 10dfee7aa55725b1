// What users actually throw at the profiler: missing and broken scripts, crashes, endless loops,
// stdin, floods of output, awkward paths, a missing interpreter, scripts that fork.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileScript, ProfileCancelledError, ProfileInputError } from '../../src/profile/engine';
import { InterpreterError } from '../../src/profile/python';
import { TailBuffer, TAIL_BYTES } from '../../src/profile/runner';
import { alive, sleep, tempDir, write } from './helpers';

describe('profile: bad input', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing script is an input error', async () => {
    await assert.rejects(profileScript({ script: path.join(dir, 'nope.py') }), (e: Error) => e instanceof ProfileInputError && /Script not found/.test(e.message));
  });

  it('an unknown file type is an input error', async () => {
    const f = write(dir, 'notes.txt', 'hello');
    await assert.rejects(profileScript({ script: f }), ProfileInputError);
  });

  it('a Python syntax error gives a report with exit code 1 and the error in the stderr tail', async () => {
    const f = write(dir, 'broken.py', 'def f(:\n  pass\n');
    const { report } = await profileScript({ script: f });
    assert.equal(report.exitCode, 1);
    assert.match(report.stderrTail ?? '', /SyntaxError/);
    assert.doesNotMatch(report.stderrTail ?? '', /sampler\.py|runpy/, 'the traceback is the script\'s, not ours');
  });

  it('a Python crash keeps the profile, the exit code and the traceback', async () => {
    const f = write(dir, 'crash.py', 'import time\nt = time.time()\nwhile time.time() - t < 0.3:\n    pass\nraise RuntimeError("boom at the end")\n');
    const { report, cpuprofile } = await profileScript({ script: f });
    assert.equal(report.exitCode, 1);
    assert.match(report.stderrTail ?? '', /RuntimeError: boom at the end/);
    assert.ok(report.samples.count > 5, 'samples were kept');
    assert.ok(cpuprofile && cpuprofile.samples.length > 5);
  });

  it('sys.exit(3) is reported as exit code 3', async () => {
    const f = write(dir, 'exit3.py', 'import sys\nsys.exit(3)\n');
    const { report } = await profileScript({ script: f });
    assert.equal(report.exitCode, 3);
  });

  it('os._exit(4) still leaves a profile behind', async () => {
    const f = write(dir, 'hardexit.py', 'import os, time\nt = time.time()\nwhile time.time() - t < 0.3:\n    pass\nos._exit(4)\n');
    const { report } = await profileScript({ script: f });
    assert.equal(report.exitCode, 4);
    assert.ok(report.samples.count > 5, 'samples were kept');
  });

  it('a Node crash keeps the exit code and the stderr tail', async () => {
    const f = write(dir, 'crash.js', 'const t = Date.now(); while (Date.now() - t < 300) {}\nthrow new Error("node boom");\n');
    const { report } = await profileScript({ script: f });
    assert.equal(report.exitCode, 1);
    assert.match(report.stderrTail ?? '', /node boom/);
    assert.ok(report.samples.count > 0);
  });

  it('an endless Python loop is stopped by the timeout, with the profile of where it spun', async () => {
    const f = write(dir, 'spin.py', 'def spin():\n    while True:\n        pass\nspin()\n');
    const t = Date.now();
    const { report } = await profileScript({ script: f, timeoutMs: 800 });
    assert.ok(Date.now() - t < 5000);
    assert.equal(report.timedOut, true);
    assert.equal(report.hotspots[0]?.function, 'spin');
  });

  it('an endless Node loop is stopped by the timeout (SIGKILL after the grace period)', async () => {
    const f = write(dir, 'spin.js', 'for (;;) {}\n');
    const t = Date.now();
    const { report } = await profileScript({ script: f, timeoutMs: 800 });
    assert.ok(Date.now() - t < 6000);
    assert.equal(report.timedOut, true);
    assert.notEqual(report.exitCode, 0);
  });

  it('cancelling mid-run ends the whole process tree', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const f = write(dir, 'tree.py', [
      'import subprocess, sys, time',
      `child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])`,
      `open(${JSON.stringify(pidFile)}, "w").write(str(child.pid))`,
      'time.sleep(60)',
    ].join('\n'));
    const ac = new AbortController();
    const run = profileScript({ script: f, signal: ac.signal });
    for (let i = 0; i < 100 && !fs.existsSync(pidFile); i++) await sleep(50);
    const childPid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(alive(childPid));
    const t = Date.now();
    ac.abort();
    await assert.rejects(run, ProfileCancelledError);
    assert.ok(Date.now() - t < 4000, 'cancel is prompt');
    for (let i = 0; i < 40 && alive(childPid); i++) await sleep(50);
    assert.equal(alive(childPid), false, 'the grandchild is gone too');
  });

  it('a script reading stdin gets end-of-file instead of hanging', async () => {
    const py = write(dir, 'ask.py', 'try:\n    input("name? ")\nexcept EOFError:\n    print("no stdin")\n');
    const { report } = await profileScript({ script: py, timeoutMs: 10000 });
    assert.equal(report.exitCode, 0);
    assert.match(report.stdoutTail ?? '', /no stdin/);
    const js = write(dir, 'ask.js', 'let n = 0; process.stdin.on("data", (c) => { n += c.length; }); process.stdin.on("end", () => console.log("stdin ended", n));\n');
    const r2 = (await profileScript({ script: js, timeoutMs: 10000 })).report;
    assert.equal(r2.exitCode, 0);
    assert.match(r2.stdoutTail ?? '', /stdin ended 0/);
  });

  it('50 MB of output keeps only the last 64 KB', async () => {
    const f = write(dir, 'flood.py', 'import sys\nline = "x" * 1023 + "\\n"\nfor i in range(50 * 1024):\n    sys.stdout.write(line)\nprint("LAST LINE")\n');
    const { report } = await profileScript({ script: f });
    assert.equal(report.exitCode, 0);
    assert.ok((report.stdoutTail ?? '').length <= TAIL_BYTES);
    assert.match(report.stdoutTail ?? '', /LAST LINE\n$/);
  });

  it('paths with spaces, quotes, <, > and non-ASCII work for both languages', async () => {
    const odd = path.join(dir, `we ird "q" 'a' <b> ü 数据`);
    const py = write(odd, `scrïpt <1> "x".py`, 'import os, sys\nprint("cwd", os.getcwd())\nprint("args", sys.argv[1:])\n');
    // Run from that folder (a run starts in the caller's folder, which relative paths are resolved from).
    const { report } = await profileScript({ script: py, args: ['a b', '<c>', '"d"'], cwd: odd });
    assert.equal(report.exitCode, 0, report.stderrTail);
    assert.equal(report.script, py);
    assert.ok(report.stdoutTail?.includes(`cwd ${odd}`), report.stdoutTail);
    assert.ok(report.stdoutTail?.includes(`args ['a b', '<c>', '"d"']`), report.stdoutTail);
    const js = write(odd, `scrïpt <2> 'y'.mjs`, 'console.log("argv", JSON.stringify(process.argv.slice(2)));\n');
    const r2 = (await profileScript({ script: js, args: ['a b', '<c>'] })).report;
    assert.equal(r2.exitCode, 0, r2.stderrTail);
    assert.ok(r2.stdoutTail?.includes('argv ["a b","<c>"]'), r2.stdoutTail);
  });

  it('a version shim is resolved from the folder the run starts in (pyenv .python-version)', async function () {
    const probe = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
    if (!/pyenv/.test(probe.stdout ?? '') || !fs.existsSync(path.join(path.dirname(path.dirname(probe.stdout.trim())), '..', '3.12.1'))) this.skip();
    const sub = path.join(dir, 'pinned');
    write(sub, '.python-version', '3.12.1\n');
    const f = write(sub, 'which.py', 'import sys\nprint("version", sys.version_info[:2])\n');
    const { report } = await profileScript({ script: f, cwd: sub });
    assert.match(report.stdoutTail ?? '', /version \(3, 12\)/);
  });

  it('a missing interpreter is a clear error', async () => {
    const f = write(dir, 'ok.py', 'print(1)\n');
    await assert.rejects(profileScript({ script: f, python: path.join(dir, 'no-such-python3') }), (e: Error) => e instanceof InterpreterError && /not found/.test(e.message));
  });

  it('CPU of forked workers counts in the process tree', async () => {
    const f = write(dir, 'forks.py', [
      'import multiprocessing as mp',
      'def burn(n):',
      '    s = 0',
      '    for i in range(n):',
      '        s += i * i',
      '    return s',
      'if __name__ == "__main__":',
      '    with mp.Pool(2) as pool:',
      '        print(sum(pool.map(burn, [1_500_000] * 4)))',
    ].join('\n'));
    const { report } = await profileScript({ script: f });
    assert.equal(report.exitCode, 0, report.stderrTail);
    assert.ok(report.timings.childCpuMs > 150, `child CPU ${report.timings.childCpuMs}`);
    // fork() passes --cpu-prof and the preload on to the child: its profile must not be taken
    // for the parent's, and its CPU still counts.
    write(dir, 'child.js', 'function childBurn() { let s = 0; for (let i = 0; i < 3e8; i++) s += i % 7; return s; }\nchildBurn();\n');
    const js = write(dir, 'forks.js', [
      'const { fork } = require("node:child_process");',
      'function parentWaits() { return new Promise((r) => fork(require("node:path").join(__dirname, "child.js")).on("exit", r)); }',
      'parentWaits();',
    ].join('\n'));
    const r2 = (await profileScript({ script: js })).report;
    assert.ok(r2.timings.childCpuMs >= 100, `node child CPU ${r2.timings.childCpuMs}`);
    assert.ok(!r2.hotspots.some((h) => h.function === 'childBurn'), JSON.stringify(r2.hotspots));
  });

  it('a TypeScript script runs through the bundled transpiler, hotspots on its own lines', async () => {
    const f = write(dir, 'hello.ts', [
      'interface Box { n: number }',
      'type Unused = string;',
      'function spin(box: Box): number {',
      '  const t = Date.now();',
      '  let s = 0;',
      '  while (Date.now() - t < 400) s += box.n;',
      '  return s;',
      '}',
      'const n: number = 41;',
      'spin({ n });',
      'console.log(`answer ${n + 1}`);',
    ].join('\n'));
    const { report } = await profileScript({ script: f });
    assert.equal(report.exitCode, 0, report.stderrTail);
    assert.match(report.stdoutTail ?? '', /answer 42/);
    const spin = report.hotspots.find((h) => h.function === 'spin');
    assert.ok(spin, JSON.stringify(report.hotspots));
    assert.equal(spin.file, f);
    assert.ok(spin.line >= 3 && spin.line <= 7, `line ${spin.line}`);
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.startsWith('.boundwise-')), [], 'the transpiled file is removed');
  });
});

describe('profile: runner tail buffer', () => {
  it('keeps exactly the last bytes and never starts inside a UTF-8 sequence', () => {
    const t = new TailBuffer(10);
    t.push(Buffer.from('hello '));
    t.push(Buffer.from('wörld!!'));
    assert.equal(t.total, 14);
    assert.equal(t.text(), 'lo wörld!!'.slice(-9));
  });
});

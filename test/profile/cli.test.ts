// `boundwise profile` as a user runs it: the bundled CLI in a child process.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import Piscina from 'piscina';
import type { ProfileReport } from '../../src/profile/report';
import { runCli, startCli } from './cliProcess';
import { ROOT, tempDir, until, write } from './helpers';

const run = (args: string[], cwd?: string) => runCli(args, cwd);

describe('boundwise profile (CLI)', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempDir('bw-cli-');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the documented JSON, a .cpuprofile and a summary, passing arguments after --', () => {
    const script = write(dir, 'work.py', 'import sys\ndef burn():\n    s = 0\n    for i in range(int(float(sys.argv[1]) * 2e7)):\n        s += i\n    return s\nburn()\nprint("args", sys.argv[1:])\n');
    const json = path.join(dir, 'out', 'report.json');
    const prof = path.join(dir, 'out', 'work.cpuprofile');
    const r = run([script, '--json', json, '--cpuprofile', prof, '--hz', '200', '--', '0.4', '--not-a-flag']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
    for (const k of ['script', 'language', 'exitCode', 'classification', 'recommendation', 'timings', 'samples', 'hotspots', 'blocking', 'prediction']) {
      assert.ok(k in report, `missing ${k}`);
    }
    for (const k of ['wallMs', 'cpuUserMs', 'cpuSysMs', 'childCpuMs', 'utilization', 'cores']) assert.equal(typeof (report.timings as unknown as Record<string, unknown>)[k], 'number');
    assert.deepEqual(Object.keys(report.samples).sort(), ['count', 'hz', 'onCpu', 'waiting']);
    assert.equal(report.samples.hz, 200);
    assert.notEqual(report.classification, 'io-bound', report.recommendation.detail);
    assert.match(report.stdoutTail ?? '', /args \['0.4', '--not-a-flag'\]/);
    const cpuprofile = JSON.parse(fs.readFileSync(prof, 'utf8'));
    assert.ok(Array.isArray(cpuprofile.nodes) && cpuprofile.samples.length === cpuprofile.timeDeltas.length);
    assert.match(r.stdout, /verdict\s+cpu-bound/);
    assert.match(r.stdout, /burn/);
    // Hotspot times are thread time, their state a word beside them; no time is labelled "cpu".
    assert.match(r.stdout, /^ {2}hotspots +self +total +state +where \(thread time: wall time sampled on each thread\)$/m);
    assert.match(r.stdout, /^ +[\d.]+ m?s +[\d.]+ m?s +computing +burn \(/m);
    assert.doesNotMatch(r.stdout, /^\s+(cpu|wait)\s+[\d.]+ m?s/m);
    // Says where the files went, says the class once, and paints nothing outside a terminal.
    assert.match(r.stdout, /^ {2}json report +\S*out[/\\]report\.json$/m);
    assert.match(r.stdout, /^ {2}cpuprofile +\S*out[/\\]work\.cpuprofile$/m);
    assert.doesNotMatch(r.stdout, /cpu-bound: CPU-bound/i);
    assert.doesNotMatch(r.stdout, /\x1b\[/);
  });

  it('colours the summary when FORCE_COLOR asks for it, and never when NO_COLOR is set', () => {
    const script = write(dir, 'spin.js', 'const t = Date.now(); while (Date.now() - t < 300) {}\n');
    const forced = runCli([script], dir, { FORCE_COLOR: '1', NO_COLOR: '' });
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /verdict(\x1b\[0m)? {7}\x1b\[[\d;]+m(cpu-bound|io-bound|mixed)\x1b\[0m: /);
    const plain = runCli([script], dir, { FORCE_COLOR: '', NO_COLOR: '1' });
    assert.doesNotMatch(plain.stdout, /\x1b\[/);
  });

  it('--html writes one self-contained file', () => {
    const script = write(dir, 'short.js', 'const t = Date.now(); while (Date.now() - t < 300) {}\n');
    const html = path.join(dir, 'report.html');
    const r = run([script, '--html', html]);
    assert.equal(r.status, 0, r.stderr);
    const text = fs.readFileSync(html, 'utf8');
    assert.match(text, /Content-Security-Policy/);
  });

  it('usage errors are one line on stderr and exit 2', () => {
    for (const args of [[], ['a.py', 'b.py'], ['x.py', '--hz', 'fast'], ['x.py', '--timeout', '-1'], ['x.py', '--bogus'], [path.join(dir, 'missing.py')]]) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^boundwise profile: /);
    }
  });

  it('a failing script still gets its report; the exit code is 1', () => {
    const script = write(dir, 'fail.py', 'import time\ntime.sleep(0.3)\nraise SystemExit("bad input file")\n');
    const json = path.join(dir, 'fail.json');
    const r = run([script, '--json', json]);
    assert.equal(r.status, 1);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
    assert.equal(report.exitCode, 1);
    assert.match(report.stderrTail ?? '', /bad input file/);
    assert.match(r.stdout, /bad input file/);
  });

  it('runs in a piscina worker with progress and cancellation through a MessagePort', async () => {
    const pool = new Piscina({ filename: path.join(ROOT, 'out', 'src', 'profile', 'worker.js'), maxThreads: 1 });
    try {
      const script = write(dir, 'slow.py', 'import time\ntime.sleep(30)\n');
      const { port1, port2 } = new MessageChannel();
      const progress: number[] = [];
      port1.on('message', (m: { type: string; elapsedMs: number }) => {
        if (m.type === 'progress') {
          progress.push(m.elapsedMs);
          if (progress.length === 3) port1.postMessage({ type: 'cancel' });
        }
      });
      const t = Date.now();
      const result = await pool.run({ script, port: port2 }, { transferList: [port2] });
      port1.close();
      assert.equal(result.ok, false);
      assert.equal(result.cancelled, true);
      assert.ok(progress.length >= 3 && Date.now() - t < 10000);
    } finally {
      await pool.destroy();
    }
  });

  it('runs in the current folder: relative arguments resolve from it, as they would without the profiler', () => {
    const work = path.join(dir, 'workdir');
    write(work, 'data/input.txt', 'hello from the data file\n');
    write(dir, 'tools/read.py', 'import os, sys\nprint("cwd", os.getcwd())\nprint(open(sys.argv[1]).read().strip())\n');
    const r = run([path.join('..', 'tools', 'read.py'), '--', 'data/input.txt'], work);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`cwd ${work.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
    assert.match(r.stdout, /hello from the data file/);
  });

  it('-m package.module runs a module from the current folder, like python -m', () => {
    const work = path.join(dir, 'modproj');
    write(work, 'pkg/__init__.py', '');
    write(work, 'pkg/tool.py', 'import sys\ndef main():\n    s = 0\n    for i in range(3_000_000):\n        s += i\n    print("tool args", sys.argv[1:], __name__)\nmain()\n');
    const json = path.join(dir, 'module.json');
    const r = run(['-m', 'pkg.tool', '--json', json, '--', '--flag', 'x y'], work);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /tool args \['--flag', 'x y'\] __main__/);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
    assert.equal(report.script, path.join(work, 'pkg', 'tool.py'));
    assert.ok(report.hotspots.some((h) => h.function === 'main' && h.file === report.script), JSON.stringify(report.hotspots));
    const missing = run(['-m', 'pkg.nope'], work);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /No module named pkg\.nope/);
  });

  it('profiles a command: -- python3 tool.py ARGS, -- node ./bin/x --flag, and a #! script on PATH', () => {
    const work = path.join(dir, 'cmdproj');
    write(work, 'notes.txt', 'three little words\n');
    write(work, 'tool.py', 'import sys\nprint("py words", len(open(sys.argv[1]).read().split()))\n');
    write(work, 'bin/x', 'const fs = require("node:fs");\nconsole.log("node args", JSON.stringify(process.argv.slice(2)), fs.readFileSync("notes.txt", "utf8").trim());\n');
    const py = run(['--', 'python3', 'tool.py', 'notes.txt'], work);
    assert.equal(py.status, 0, py.stderr);
    assert.match(py.stdout, /py words 3/);
    assert.match(py.stdout, /tool\.py \(python, exit 0\)/);
    const node = run(['--', 'node', './bin/x', '--flag', 'a b'], work);
    assert.equal(node.status, 0, node.stderr);
    assert.match(node.stdout, /node args \["--flag","a b"\] three little words/);
    assert.match(node.stdout, /bin\/x \(node, exit 0\)/);
    const bin = write(work, 'tools/count-words', '#!/usr/bin/env python3\nimport sys\nprint("shebang words", len(open(sys.argv[1]).read().split()))\n');
    fs.chmodSync(bin, 0o755);
    const viaPath = runCli(['--', 'count-words', 'notes.txt'], work, { PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}` });
    assert.equal(viaPath.status, 0, viaPath.stderr);
    assert.match(viaPath.stdout, /shebang words 3/);
  });

  it('a command that is neither Python nor Node is one sentence on stderr and exit 2', () => {
    for (const command of [['make', 'all'], ['sh', '-c', 'echo hi'], ['python3', '-c', 'print(1)']]) {
      const r = run(['--', ...command], dir);
      assert.equal(r.status, 2, `${command.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^boundwise profile: Cannot profile/);
    }
  });

  it('streams the program\'s output to the terminal while it runs', async () => {
    const script = write(dir, 'chatty.py', 'import time\nprint("FIRST LINE", flush=True)\ntime.sleep(30)\nprint("never")\n');
    const json = path.join(dir, 'chatty.json');
    const cli = startCli([script, '--json', json]);
    const t = Date.now();
    assert.ok(await until(() => cli.stdout().includes('FIRST LINE'), 20000), `no output while running: ${cli.stderr()}`);
    assert.ok(Date.now() - t < 20000);
    assert.doesNotMatch(cli.stdout(), /verdict/, 'the summary came before the run ended');
    cli.kill('SIGINT');
    assert.equal(await cli.exited(30000), 130, cli.stderr());
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ProfileReport;
    assert.match(report.stdoutTail ?? '', /FIRST LINE/);
    assert.deepEqual(report.stopped?.by, 'user');
  });

  it('the summary shows the program\'s error output with terminal escapes written out, not acted on', () => {
    const script = write(dir, 'escapes.py', 'import sys\nsys.stderr.write("\\x1b]0;pwned\\x07\\x1b[31mred alert\\x1b[0m\\r\\n")\nsys.exit(3)\n');
    const r = run([script]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /script error output/);
    assert.match(r.stdout, /\\x1b\]0;pwned\\x07\\x1b\[31mred alert\\x1b\[0m/);
    assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f]/, 'a control character reached the terminal');
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CpuProfile, FlameFrame, flameGraphFromCpuProfile } from '../../src/report/flameGraph';
import { encodeFlameGraph, renderFlameView } from '../../src/report/flameView';
import { findInTree, profileFromStacks, pythonProgram, smallProfile } from './fixtures';
import { visibleText } from './visible';

const find = (frame: FlameFrame, name: string) => findInTree(frame, (f) => f.name === name);

interface OxNode {
  name: string;
  value: number;
  children: OxNode[];
}

describe('flameGraphFromCpuProfile', () => {
  it('weights frames by sample time; waiting ((idle)) is a frame of its own, counted apart', () => {
    const g = flameGraphFromCpuProfile(smallProfile);
    assert.equal(g.sampleCount, 14);
    assert.equal(g.idleMs, 4);
    assert.equal(g.waitMs, 4);
    assert.equal(g.totalMs, 14);
    assert.equal(g.root.totalMs, 14);
    assert.deepEqual(g.root.children.map((c) => [c.name, c.totalMs, c.totalWaitMs]), [['main', 9, 0], ['(idle)', 4, 4], ['(garbage collector)', 1, 0]]);
  });

  it('splits each frame into on-CPU and waiting time from the sampler\'s per-sample flags (Python)', () => {
    // main -> fetch (waiting in a socket read for 3 samples, on CPU for 1) and main -> parse (on CPU).
    const p: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2] },
        { id: 2, callFrame: { functionName: 'main', url: '/app/crawl.py', lineNumber: 20 }, children: [3, 4] },
        { id: 3, callFrame: { functionName: 'fetch', url: '/app/crawl.py', lineNumber: 8 } },
        { id: 4, callFrame: { functionName: 'parse', url: '/app/crawl.py', lineNumber: 12 } },
      ],
      samples: [3, 3, 3, 3, 4],
      timeDeltas: [0, 10000, 10000, 10000, 10000],
      startTime: 0,
      endTime: 50000,
    };
    const g = flameGraphFromCpuProfile(p, { sampleOnCpu: [0, 0, 1, 0, 1] });
    assert.equal(g.totalMs, 50);
    assert.equal(g.waitMs, 30);
    const main = g.root.children[0];
    assert.deepEqual([main.totalMs, main.totalWaitMs], [50, 30]);
    assert.deepEqual(main.children.map((c) => [c.name, c.selfMs, c.selfWaitMs]), [['fetch', 40, 30], ['parse', 10, 0]]);
    // Without flags, a Python profile is all on CPU (as before flags were passed).
    assert.equal(flameGraphFromCpuProfile(p).waitMs, 0);
  });

  it('merges siblings with the same function and location, widest first', () => {
    const main = flameGraphFromCpuProfile(smallProfile).root.children[0];
    assert.equal(main.file, '/srv/app/job.js');
    assert.equal(main.line, 10, 'V8 lines are 0-based; frames carry 1-based lines');
    assert.equal(main.kind, 'user');
    assert.deepEqual(main.children.map((c) => [c.name, c.selfMs, c.totalMs]), [['work', 1, 6], ['readFileSync', 2, 2], ['fib', 1, 1]]);
    assert.equal(find(main, 'readFileSync')?.kind, 'runtime');
  });

  it('falls back to hit counts when the profile has no sample stream', () => {
    const { samples, timeDeltas, ...noStream } = smallProfile;
    void samples;
    void timeDeltas;
    const g = flameGraphFromCpuProfile(noStream as CpuProfile);
    // 14 hits over 14 ms: 1 ms each, as with the sample stream.
    assert.equal(g.totalMs, 14);
    assert.equal(g.idleMs, 4);
  });

  it('survives malformed input: unknown child ids, cycles, empty profiles', () => {
    const cyclic: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 99] },
        { id: 2, callFrame: { functionName: 'a', url: 'file:///x.js', lineNumber: 0 }, children: [1], hitCount: 3 },
      ],
      startTime: 0,
      endTime: 3000,
    };
    assert.equal(flameGraphFromCpuProfile(cyclic).totalMs, 3);
    const empty = flameGraphFromCpuProfile({ nodes: [], startTime: 0, endTime: 0 });
    assert.equal(empty.totalMs, 0);
    assert.match(renderFlameView(empty).value, /holds no samples to draw/);
  });

  it('classifies libraries and Python standard library frames', () => {
    const p: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3, 4] },
        { id: 2, callFrame: { functionName: 'get', url: '/v/lib/python3.11/site-packages/requests/api.py', lineNumber: 72 }, hitCount: 1 },
        { id: 3, callFrame: { functionName: 'wait', url: '/usr/lib/python3.11/threading.py', lineNumber: 319 }, hitCount: 1 },
        { id: 4, callFrame: { functionName: 'render', url: 'file:///app/node_modules/ejs/lib/ejs.js', lineNumber: 9 }, hitCount: 1 },
      ],
      startTime: 0,
      endTime: 3000,
    };
    const kinds = Object.fromEntries(flameGraphFromCpuProfile(p).root.children.map((c) => [c.name, c.kind]));
    assert.deepEqual(kinds, { get: 'library', wait: 'runtime', render: 'library' });
  });

  it('embeds the tree as compact data: interned names and files, depth-first with parent indexes, escaped', () => {
    const p: CpuProfile = JSON.parse(JSON.stringify(smallProfile));
    p.nodes[5].callFrame.functionName = '"><img src=x onerror=alert(1)>';
    const g = flameGraphFromCpuProfile(p);
    const data = encodeFlameGraph(g, { script: '/srv/app/job.js', openFiles: true });
    // all, main, work, fib-under-work, readFileSync, fib, (idle), gc
    assert.equal(data.frames.length, 8);
    assert.deepEqual(data.frames.map((f) => data.names[f[0]]), ['all', 'main', 'work', '"><img src=x onerror=alert(1)>', 'readFileSync', 'fib', '(idle)', '(garbage collector)']);
    assert.deepEqual(data.frames.map((f) => f[4]), [-1, 0, 1, 2, 1, 1, 0, 0]);
    const main = data.frames[1];
    assert.deepEqual(data.files[main[1]], ['/srv/app/job.js', 'job.js', 1], 'shown relative to the script, openable');
    assert.deepEqual(data.files[data.frames[4][1]], ['node:fs', 'node:fs', 0], 'runtime frames are not opened');
    const idle = data.frames[6];
    assert.deepEqual([idle[5], idle[6]], [0, 4], 'self on CPU, self waiting');
    const out = renderFlameView(g, { script: '/srv/app/job.js' }).value;
    assert.ok(!out.includes('<img'));
    assert.match(out, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.ok(!/style=/.test(out), 'no style attributes: the CSP allows none');
    assert.equal(JSON.parse(/data-graph="([^"]*)"/.exec(out)![1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&amp;/g, '&')).frames.length, 8);
  });

  it('a Python run kept without per-sample states: the legend has the one wall-time colour, no on-CPU key', () => {
    const { profile, sampleOnCpu } = pythonProgram(1);
    const legendOf = (flags?: boolean[]) => visibleText(/<p class="fg-legend">[\s\S]*?<\/p>/.exec(renderFlameView(flameGraphFromCpuProfile(profile, { sampleOnCpu: flags, byFunction: true })).value)?.[0] ?? '').trim();
    const without = legendOf(undefined);
    assert.match(without, /^Wall time: every frame \(this run's samples do not say whether it was on the CPU or waiting\)$/);
    assert.ok(renderFlameView(flameGraphFromCpuProfile(profile, { byFunction: true })).value.includes('fg-key-wall'));
    assert.match(legendOf(sampleOnCpu), /^On CPU: your code libraries runtime and native GC and VM Waiting: off the CPU$/);
  });

  it('keeps the widest frames when a profile has more than maxFrames, folding the rest into their callers', () => {
    const g = flameGraphFromCpuProfile(smallProfile);
    const data = encodeFlameGraph(g, { maxFrames: 3 });
    assert.deepEqual(data.frames.map((f) => data.names[f[0]]), ['all', 'main', '(idle)']);
    assert.equal(data.folded, 4, "main's three callees and the GC frame");
    const total = data.frames.reduce((sum, f) => sum + f[5] + f[6], 0);
    assert.equal(total, 14, 'no time lost');
    assert.deepEqual(data.frames.map((f) => f[5]), [1, 9, 0], "folded time is the caller's own now");
  });

  it('reads a real V8 profile written by node --cpu-prof', function () {
    this.timeout(20000);
    const dir = mkdtempSync(join(tmpdir(), 'bw-fg-'));
    try {
      const script = join(dir, 'spin.js');
      writeFileSync(script, 'function spin(){let s=0;for(let i=0;i<1e8;i++)s+=i%7;return s}\nspin();\n');
      execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, script]);
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
      const g = flameGraphFromCpuProfile(profile);
      const spin = find(g.root, 'spin');
      assert.ok(spin, 'spin() is in the graph');
      assert.equal(spin.file, script);
      assert.equal(spin.line, 1);
      assert.equal(spin.kind, 'user');
      assert.ok(spin.totalMs > 0.5 * g.totalMs, `spin took most of the on-CPU time (${spin.totalMs} of ${g.totalMs} ms)`);

      // The same tree as 0x's own .cpuprofile conversion (hit counts, not sample durations).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const toTree = require('0x/lib/cpu-profile-to-tree') as (p: CpuProfile) => { merged: OxNode };
      const ox = findInTree(toTree(profile).merged, (n) => n.name.startsWith('spin '));
      assert.ok(ox, '0x finds spin too');
      assert.ok(ox.name.endsWith(`${script}:0`) || ox.name.endsWith(script), `0x names it by url and 0-based line: ${ox.name}`);
      const oxShare = ox.value / profile.samples!.length;
      const ourShare = spin.totalMs / g.totalMs;
      assert.ok(Math.abs(oxShare - ourShare) < 0.15, `spin's share: 0x ${oxShare.toFixed(2)} by hits, ours ${ourShare.toFixed(2)} by time`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('flameGraphFromCpuProfile by function (Python)', () => {
  it('merges a function seen at several lines into one frame showing its busiest line', () => {
    const app = '/a/app.py';
    const { profile } = profileFromStacks([
      { stack: [['main', app, 24], ['fib', app, 8]], ms: 30 },
      { stack: [['main', app, 25], ['fetch', app, 14]], ms: 50 },
      { stack: [['main', app, 24]], ms: 5 },
    ]);
    const byLine = flameGraphFromCpuProfile(profile);
    assert.deepEqual(byLine.root.children.map((c) => [c.name, c.line, c.totalMs]), [['main', 25, 50], ['main', 24, 35]]);
    const byFunction = flameGraphFromCpuProfile(profile, { byFunction: true });
    assert.deepEqual(byFunction.root.children.map((c) => [c.name, c.line, c.totalMs]), [['main', 25, 85]]);
    assert.deepEqual(byFunction.root.children[0].children.map((c) => c.name), ['fetch', 'fib']);
  });
});

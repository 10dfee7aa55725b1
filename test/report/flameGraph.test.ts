import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CpuProfile, FlameFrame, flameGraphFromCpuProfile, renderFlameGraph } from '../../src/report/flameGraph';
import { smallProfile } from './fixtures';

function find(frame: FlameFrame, name: string): FlameFrame | undefined {
  if (frame.name === name) return frame;
  for (const c of frame.children) {
    const hit = find(c, name);
    if (hit) return hit;
  }
  return undefined;
}

interface OxNode {
  name: string;
  value: number;
  children: OxNode[];
}

function findOx(node: OxNode, match: (n: OxNode) => boolean): OxNode | undefined {
  if (match(node)) return node;
  for (const c of node.children) {
    const hit = findOx(c, match);
    if (hit) return hit;
  }
  return undefined;
}

describe('flameGraphFromCpuProfile', () => {
  it('weights frames by sample time and leaves waiting out', () => {
    const g = flameGraphFromCpuProfile(smallProfile);
    assert.equal(g.sampleCount, 14);
    assert.equal(g.idleMs, 4);
    assert.equal(g.totalMs, 10);
    assert.equal(g.root.totalMs, 10);
    assert.deepEqual(g.root.children.map((c) => [c.name, c.totalMs]), [['main', 9], ['(garbage collector)', 1]]);
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
    assert.equal(g.totalMs, 10);
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
    assert.match(renderFlameGraph(empty).value, /no on-CPU samples/);
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

  it('draws one SVG frame per visible call-tree node with percentage geometry and escaped names', () => {
    const p: CpuProfile = JSON.parse(JSON.stringify(smallProfile));
    p.nodes[5].callFrame.functionName = '"><img src=x onerror=alert(1)>';
    const out = renderFlameGraph(flameGraphFromCpuProfile(p), { script: '/srv/app/job.js' }).value;
    assert.equal((out.match(/<g class="fg-frame/g) ?? []).length, 7); // all, main, gc, work, readFileSync, fib, fib-under-work
    assert.ok(!out.includes('<img'));
    assert.match(out, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(out, /<svg x="0%" y="22" width="90%" height="20">/);
    assert.ok(!/style=/.test(out), 'no style attributes: the CSP allows none');
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
      const ox = findOx(toTree(profile).merged, (n) => n.name.startsWith('spin '));
      assert.ok(ox, '0x finds spin too');
      assert.ok(ox.name.endsWith(`${script}:0`) || ox.name.endsWith(script), `0x names it by url and 0-based line: ${ox.name}`);
      const oxShare = ox.value / profile.samples!.length;
      const ourShare = spin.totalMs / (g.totalMs + g.idleMs);
      assert.ok(Math.abs(oxShare - ourShare) < 0.15, `spin's share: 0x ${oxShare.toFixed(2)} by hits, ours ${ourShare.toFixed(2)} by time`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('renderFlameGraph limits', () => {
  it('cuts deep recursion at maxDepth rows and says so', () => {
    const depth = 300;
    const nodes: CpuProfile['nodes'] = [{ id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2] }];
    for (let i = 2; i <= depth; i++) nodes.push({ id: i, callFrame: { functionName: 'fib', url: 'file:///a.py', lineNumber: 0 }, children: i < depth ? [i + 1] : [], hitCount: i === depth ? 1 : 0 });
    const g = flameGraphFromCpuProfile({ nodes, startTime: 0, endTime: 1000 });
    const out = renderFlameGraph(g, { maxDepth: 40 }).value;
    assert.equal((out.match(/<g class="fg-frame/g) ?? []).length, 40);
    assert.match(out, /deeper than 40 calls are not drawn/);
  });
});
